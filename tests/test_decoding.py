"""Decoding an issue file's bytes: UTF-8 with or without BOM, GB18030 detected, clear errors."""

import datetime

import pytest

from newsroom.importing.decoding import DecodeError, decode_issue
from newsroom.importing.parser import parse_issue

from .seed_expectations import SAMPLES, SEED_TEXT

SEED_UTF8 = SEED_TEXT.encode("utf-8")


def test_utf8_is_decoded_as_utf8():
    assert decode_issue(SEED_UTF8) == (SEED_TEXT, "utf-8")


def test_utf8_bom_is_recognised_and_removed():
    text, encoding = decode_issue(b"\xef\xbb\xbf" + SEED_UTF8)
    assert (text, encoding) == (SEED_TEXT, "utf-8-sig")


def test_gb18030_is_detected_by_itself():
    assert decode_issue(SEED_TEXT.encode("gb18030")) == (SEED_TEXT, "gb18030")


def test_gb18030_sample_file_decodes_and_parses():
    text, encoding = decode_issue((SAMPLES / "variant_gb18030.txt").read_bytes())
    assert encoding == "gb18030"
    issue = parse_issue(text, source="variant_gb18030.txt")
    assert issue.date == datetime.date(2021, 10, 11)
    assert issue.articles[0].title == "解放区举办重阳节敬老活动"
    assert [b.name for b in issue.articles[0].bylines] == ["翟倩倩", "吴楠"]


def test_explicit_encoding_is_used_strictly():
    assert decode_issue(SEED_TEXT.encode("gb18030"), "GB18030") == (SEED_TEXT, "gb18030")
    with pytest.raises(DecodeError, match=r"^undecodable bytes at byte offset 4 \(not utf-8\)$"):
        decode_issue(SEED_TEXT.encode("gb18030"), "utf-8")


def test_unknown_encoding_name_is_named():
    with pytest.raises(DecodeError, match=r"^unknown encoding 'klingon'$"):
        decode_issue(SEED_UTF8, "klingon")


def test_damaged_utf8_reports_the_byte_offset():
    offset = SEED_UTF8.index("解放区召开十一届".encode())
    damaged = SEED_UTF8[:offset] + b"\xff" + SEED_UTF8[offset + 1 :]
    with pytest.raises(DecodeError, match=rf"^undecodable bytes at byte offset {offset} \("):
        decode_issue(damaged)


def test_bytes_neither_utf8_nor_gb18030_report_the_utf8_offset():
    with pytest.raises(
        DecodeError, match=r"^undecodable bytes at byte offset 8 \(not UTF-8 or GB18030\)$"
    ):
        decode_issue(b"# title\n\xff\xfe\xfd text\n")


def test_utf8_behind_a_stray_byte_is_not_taken_for_gb18030():
    data = b"\xb0\xa1" + "放区以企招商“云推介”暨项目".encode()
    data.decode("gb18030")  # decodes, but as mojibake (鏀惧尯浠ヤ紒…)
    with pytest.raises(DecodeError, match=r"byte offset 0 \(not UTF-8 or GB18030\)"):
        decode_issue(data)


@pytest.mark.parametrize(
    "data",
    [b"# title\x00\x00\x01", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, b"# t\x01\x02\x03\x04\x05"],
    ids=["nul-bytes", "png", "control-bytes"],
)
def test_binary_data_is_refused(data):
    with pytest.raises(DecodeError, match=r"^binary data, not text$"):
        decode_issue(data)


@pytest.mark.parametrize(
    "data",
    [b"", b" \r\n\t\n", b"\xef\xbb\xbf\n", "\u3000\n".encode()],
    ids=["no-bytes", "whitespace", "bom-only", "fullwidth-space"],
)
def test_empty_file_is_refused(data):
    with pytest.raises(DecodeError, match=r"^empty file$"):
        decode_issue(data)
