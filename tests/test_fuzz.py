"""Fuzzing the import with hypothesis: generated issues never crash it, failed loads leave no trace.

Texts are built from pieces of the real format (docs/seed-format.md, tests/samples/) mixed
with garbage: control and astral characters, full-width punctuation, huge lines. The parser
may only answer with a ParsedIssue or its documented ParseError, the decoder with text or
DecodeError; a load that fails midway must leave every table as it was.

The default run is quick (`make test`). A long campaign:
``HYPOTHESIS_PROFILE=long .venv/bin/pytest tests/test_fuzz.py``.
"""

import dataclasses
import datetime
import hashlib
import json
import os
import time
from contextlib import nullcontext
from unittest import mock

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from articles.models import Column
from events.models import Act
from newsroom.importing import loader
from newsroom.importing.decoding import DecodeError, decode_issue
from newsroom.importing.parser import ParsedIssue, ParseError, Series, parse_issue

from .seed_expectations import SEED, SEED_DATE, SEED_TEXT

settings.register_profile("quick", max_examples=200, deadline=None)
settings.register_profile("long", max_examples=5_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))

LOADS_PER_EXAMPLE_RUN = 4  # a load touches the database: a quarter of the parser's examples

# ---------------------------------------------------------------------------------------------
# Pieces of an issue.

NAMES = ["詹长松", "王孟阳", "李秀娟", "翟倩倩", "强 声", "展奇", "杨森", "张三", "欧阳娜娜"]
FORMS = ["相声", "快板书联唱", "小品", "魔术", "脱口秀", "大返场", ""]
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
PUNCTUATION = "，。！？、；：“”‘’（）《》【】…—·,.!?;:()\u3000 "
GARBAGE_CHARS = st.characters(codec="utf-8") | st.sampled_from(
    ["\x00", "\x0b", "\x1b", "\u200b", "\u202e", "\ufeff", "\ufffd", "𠀀", "𪚥", "😀", "\U0010fffd"]
)

hanzi = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=12)
name = st.sampled_from(NAMES) | hanzi
names = st.lists(name, min_size=1, max_size=4)
month_day = st.tuples(st.integers(0, 14), st.integers(0, 33))  # impossible dates too
sentence = st.builds(
    lambda words, end: "".join(words) + end,
    st.lists(hanzi | st.sampled_from(list(PUNCTUATION)), min_size=1, max_size=20),
    st.sampled_from(["。", "！", "？", "”", "", "…", "。”"]),
)
paragraph = st.lists(sentence, min_size=1, max_size=5).map("".join)


@st.composite
def lead(draw):
    reporters, correspondents = draw(names), draw(st.lists(name, max_size=3))
    credits = "记者" + draw(st.sampled_from(["", " "])).join(reporters)
    if correspondents:
        credits += " 通讯员" + draw(st.sampled_from(["、", ",", "，"])).join(correspondents)
    month, day = draw(month_day)
    opening, closing = draw(st.sampled_from([("(", ")"), ("（", "）"), ("(", "）"), ("(", "")]))
    return f"本报讯{opening}{credits}{closing}{month}月{day}日{draw(paragraph)}"


@st.composite
def programme(draw):
    lines = []
    for month, day in draw(st.lists(month_day, min_size=1, max_size=3)):
        lines.append(f"{month}月{day}日节目单")
        for _ in range(draw(st.integers(0, 6))):
            form = draw(st.sampled_from(FORMS))
            title = draw(st.none() | hanzi)
            performers = " ".join(draw(st.lists(name, max_size=3)))
            act = f"▶{form}{'《' + title + '》' if title else ''} {performers}"
            lines.append(draw(st.sampled_from(["", "- ", "  - ", "* "])) + act)
    return "\n".join(lines)


headline_text = hanzi | sentence
headline = st.builds(lambda level, text: f"{'#' * level} {text}", st.integers(1, 4), headline_text)
series_headline = st.builds(
    lambda series, number, title: f"# {series}系列评论{number} {title}",
    hanzi,
    st.sampled_from(list(CIRCLED)) | st.integers(0, 10**6).map(str) | st.just("(三)"),
    hanzi,
)
furniture = st.sampled_from(["扫一扫 关注我们", "扫描二维码 下载客户端", "长按识别二维码"])
credit_line = st.builds(lambda n: f"本报记者 {n} 摄", name) | st.builds(
    lambda n: f"（{n}摄）", name
)
commentator = st.builds(lambda n: f"□ {n}", name)
huge_line = st.builds(
    lambda piece, times: piece * times,
    st.sampled_from(["相", "哈哈", "a", "。", "#", "▶", "本报讯(", "扫一扫", "解放区长期关心支持"]),
    st.integers(1_000, 60_000),
)
garbage = st.text(GARBAGE_CHARS, max_size=200)

issue_line = st.one_of(
    headline,
    series_headline,
    lead(),
    programme(),
    paragraph,
    commentator,
    credit_line,
    furniture,
    st.just(""),
    garbage,
)


@st.composite
def issue_text(draw):
    """Lines of the real format in any order, sometimes with a huge line, any line ending."""
    lines = draw(st.lists(issue_line, max_size=40))
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), draw(huge_line))
    text = draw(st.sampled_from(["\n", "\r\n", "\r", "\n\n"])).join(lines)
    return draw(st.sampled_from(["", "\ufeff"])) + text


well_formed_issue = st.builds(
    lambda articles: "\n\n".join(articles),
    st.lists(
        st.tuples(headline_text.map("# {}".format), lead(), paragraph).map("\n\n".join)
        | st.tuples(series_headline, commentator, paragraph).map("\n\n".join)
        | st.tuples(st.just("# “解放小剧场” 场场都精彩"), paragraph, programme()).map("\n\n".join),
        min_size=1,
        max_size=6,
    ),
)
issue_date = st.none() | st.dates(datetime.date(1949, 1, 1), datetime.date(2099, 12, 31))


# ---------------------------------------------------------------------------------------------
# The parser and the decoder answer only as documented.


def parse_or_documented_error(text: str, date: datetime.date | None) -> ParsedIssue | None:
    try:
        parsed = parse_issue(text, source="fuzz.txt", issue_date=date, columns=["基层动态"])
    except ParseError as error:
        assert str(error) and "\n" not in str(error)  # one clear line, as the command prints it
        return None
    assert parsed.articles
    json.dumps(parsed.to_json(), ensure_ascii=False)  # what --dry-run --json prints
    return parsed


@given(text=issue_text(), date=issue_date)
def test_parser_returns_an_issue_or_its_parse_error(text, date):
    parsed = parse_or_documented_error(text, date)
    if parsed is not None and date is not None:
        assert parsed.date == date


@given(text=well_formed_issue, date=issue_date)
def test_parser_reads_every_article_of_a_well_formed_issue(text, date):
    parsed = parse_or_documented_error(text, date or SEED_DATE)
    assert parsed is not None
    assert [a.position for a in parsed.articles] == list(range(1, len(parsed.articles) + 1))


@given(text=st.text(GARBAGE_CHARS), date=issue_date)
def test_parser_survives_any_text_at_all(text, date):
    parse_or_documented_error(text, date)


@given(
    data=st.binary(max_size=4000)
    | issue_text().map(lambda t: t.encode("utf-8", "surrogatepass"))
    | issue_text().map(lambda t: t.encode("gb18030", "replace")),
    encoding=st.none() | st.sampled_from(["utf-8", "gb18030", "utf-16", "latin-1", "nonsense"]),
)
def test_decoder_returns_text_or_its_decode_error(data, encoding):
    try:
        text, used = decode_issue(data, encoding)
    except DecodeError as error:
        assert str(error) and "\n" not in str(error)
        return
    assert isinstance(text, str) and text.strip() and used


# ---------------------------------------------------------------------------------------------
# A load that fails midway leaves the database as it was.


class InjectedFailure(Exception):
    """Raised by a loader step that the test breaks on purpose."""


STEPS = ["_record_page", "_save_article", "_save_bylines", "_save_performances"]


def database_contents() -> dict:
    """Every row of every table, field by field."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models()
    }


def failing_after(step: str, calls: int):
    """The loader step ``step``, made to raise after it has run ``calls`` times (and written)."""
    original = getattr(loader, step)
    done = 0

    def step_then_fail(*args, **kwargs):
        nonlocal done
        result = original(*args, **kwargs)
        done += 1
        if done > calls:
            raise InjectedFailure(step)
        return result

    return step_then_fail


def with_bad_series_number(parsed: ParsedIssue, position: int) -> ParsedIssue:
    """The article at ``position`` numbered -1 in a series: the database's check refuses it."""
    articles = list(parsed.articles)
    index = (position - 1) % len(articles)
    articles[index] = dataclasses.replace(articles[index], series=Series("断言系列", -1))
    return dataclasses.replace(parsed, articles=tuple(articles))


@pytest.fixture
def seed_loaded(db):
    """The seed issue, so that failing loads of its date are updates, others creations."""
    columns = list(Column.objects.values_list("name", flat=True))
    parsed = parse_issue(SEED_TEXT, source=SEED.name, issue_date=SEED_DATE, columns=columns)
    loader.load_issue(parsed, sha256=hashlib.sha256(SEED_TEXT.encode()).hexdigest())


@settings(
    max_examples=max(10, settings().max_examples // LOADS_PER_EXAMPLE_RUN),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    text=well_formed_issue,
    date=st.sampled_from([SEED_DATE, datetime.date(2023, 3, 1)]),
    failure=st.sampled_from(STEPS) | st.just("constraint"),
    after=st.integers(0, 3),
)
def test_a_failed_load_leaves_every_table_as_it_was(seed_loaded, text, date, failure, after):
    parsed = parse_issue(text, source="fuzz.txt", issue_date=date, columns=["基层动态"])
    if failure == "constraint":
        parsed, patch, expected = (
            with_bad_series_number(parsed, after + 1),
            nullcontext(),
            IntegrityError,
        )
    else:
        patch = mock.patch.object(loader, failure, failing_after(failure, after))
        expected = InjectedFailure
    with transaction.atomic():  # each example starts from the seed alone
        before = database_contents()
        with patch:
            try:
                sha256 = hashlib.sha256(text.encode()).hexdigest()
                loader.load_issue(parsed, sha256=sha256, replace=True)  # another file: confirmed
            except expected:
                event("load failed midway")
                assert database_contents() == before
            else:
                event("the broken step was not reached that often")
        transaction.set_rollback(True)


# ---------------------------------------------------------------------------------------------
# What the fuzzer found.


@pytest.mark.parametrize("piece", ["哈", "解放区长期关心支持", "——"])
def test_a_huge_line_of_one_repeated_pattern_parses_in_linear_time(piece):
    """The duplicate-text search compared every copy of a window with every other: a
    10,000-character line of 哈 took 48 s, 60,000 characters about half an hour."""
    text = f"# 标题\n\n本报讯(记者张三)8月1日{piece * (60_000 // len(piece))}。"
    started = time.perf_counter()
    parsed = parse_issue(text, source="huge.txt", issue_date=SEED_DATE)
    assert time.perf_counter() - started < 5
    assert parsed.warnings == ()  # a pattern, not a passage printed twice by mistake


@pytest.mark.django_db
def test_a_performer_printed_twice_in_one_act_is_billed_once():
    """`▶相声 詹长松 詹长松` broke the one-credit-per-act constraint: the import crashed."""
    text = "# “解放小剧场” 场场都精彩\n\n节目如下。\n\n9月3日节目单\n▶相声《学小曲》 展奇 展奇 杨森"
    parsed = parse_issue(text, source="twice.txt", issue_date=SEED_DATE)
    loader.load_issue(parsed, sha256=hashlib.sha256(text.encode()).hexdigest())
    act = Act.objects.get()
    assert [credit.performer.name for credit in act.credits.all()] == ["展奇", "杨森"]


def test_a_headline_about_qr_codes_is_news_not_page_furniture():
    """`# …二维码…` was dropped as a QR-code prompt, and the article's text with it."""
    text = (
        "# 解放区推广“二维码门牌” 社区事一目了然\n\n本报讯(记者张三)8月1日,门牌上线。\n\n"
        "扫一扫 关注我们\n\n## 扫描二维码 了解更多\n"
    )
    parsed = parse_issue(text, source="qr.txt", issue_date=SEED_DATE)
    assert [a.title for a in parsed.articles] == ["解放区推广“二维码门牌” 社区事一目了然"]
    assert parsed.articles[0].paragraphs == ("8月1日,门牌上线。",)


@pytest.mark.django_db
def test_a_huge_series_number_is_no_series_number():
    """`系列评论32768` overflowed the series number on PostgreSQL: the import crashed."""
    text = "# 一系列评论32768 一\n\n□ 詹长松\n\n一。"
    parsed = parse_issue(text, source="big.txt", issue_date=SEED_DATE)
    assert parsed.articles[0].series is None
    assert parsed.articles[0].title == "一系列评论32768 一"
    loader.load_issue(parsed, sha256=hashlib.sha256(text.encode()).hexdigest())
