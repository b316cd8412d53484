"""Turn an issue file's bytes into text: UTF-8 (with or without BOM) or GB18030, detected.

Older issues come in GB18030. Decoding is always strict: a damaged file is reported with the
byte offset of the damage rather than imported with replacement characters.
"""

import codecs
import unicodedata

BINARY_SIGNATURES = (b"%PDF-", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")
BINARY_CONTROL_SHARE = 0.05  # text files have almost no control bytes besides \t \n \r
TEXT_CONTROL_BYTES = frozenset(b"\t\n\r\x0c")
COMMON_HANZI_SHARE = 0.8  # real Chinese is mostly GB2312 level-1 characters; mojibake is not
CHINESE_TEXT_SHARE = 0.9  # of characters that are CJK, ASCII, punctuation or spaces


class DecodeError(ValueError):
    """str() is one line naming the problem, e.g. 'binary data, not text' or 'empty file'."""


def decode_issue(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Return (text, encoding_used). UTF-8 with or without BOM; GB18030 detected by itself."""
    if not data.strip():
        raise DecodeError("empty file")
    if _looks_binary(data):
        raise DecodeError("binary data, not text")
    text, used = _decode_as(data, encoding) if encoding else _detect(data)
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise DecodeError("empty file")
    return text, used


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head or head.startswith(BINARY_SIGNATURES):
        return True
    controls = sum(1 for byte in head if byte < 0x20 and byte not in TEXT_CONTROL_BYTES)
    return controls > BINARY_CONTROL_SHARE * len(head)


def _decode_as(data: bytes, encoding: str) -> tuple[str, str]:
    try:
        name = codecs.lookup(encoding).name
    except LookupError as exc:
        raise DecodeError(f"unknown encoding {encoding!r}") from exc
    try:
        return data.decode(name), name
    except UnicodeDecodeError as exc:
        raise DecodeError(f"undecodable bytes at byte offset {exc.start} (not {name})") from exc


def _detect(data: bytes) -> tuple[str, str]:
    """UTF-8 first; GB18030 only for bytes that never were UTF-8 and read as Chinese."""
    try:
        return data.decode("utf-8"), "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    except UnicodeDecodeError as exc:
        utf8_failure = exc.start
    if any(byte >= 0x80 for byte in data[:utf8_failure]):
        raise DecodeError(f"undecodable bytes at byte offset {utf8_failure} (damaged UTF-8)")
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _reads_as_chinese(text):
        return text, "gb18030"
    raise DecodeError(f"undecodable bytes at byte offset {utf8_failure} (not UTF-8 or GB18030)")


def _reads_as_chinese(text: str) -> bool:
    """Mostly CJK, ASCII and punctuation, no control characters, and common hanzi.

    UTF-8 bytes read as GB18030 also give hanzi, but mostly rare ones; real text is mostly
    GB2312 level-1 characters (lead bytes 0xB0-0xD7).
    """
    if any(unicodedata.category(c) == "Cc" and c not in "\t\n\r\x0c" for c in text):
        return False
    hanzi = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    common = sum(1 for c in hanzi if _is_common_hanzi(c))
    textual = sum(1 for c in text if _is_textual(c))
    return (
        bool(hanzi)
        and common >= COMMON_HANZI_SHARE * len(hanzi)
        and textual >= CHINESE_TEXT_SHARE * len(text)
    )


def _is_common_hanzi(char: str) -> bool:
    try:
        return 0xB0 <= char.encode("gb2312")[0] <= 0xD7
    except UnicodeEncodeError:
        return False


def _is_textual(char: str) -> bool:
    return (
        char.isascii()
        or "\u4e00" <= char <= "\u9fff"
        or unicodedata.category(char)[0] in "PZN"
        or "\u3000" <= char <= "\u303f"
        or "\uff00" <= char <= "\uffef"
    )
