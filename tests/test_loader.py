"""The loader against a database: `parse_issue` + `load_issue`, as docs/seed-format.md asks.

Runs on SQLite by default and on PostgreSQL with DATABASE_URL=postgres://….
"""

import datetime
import hashlib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import (
    Article,
    ArticleStatus,
    Author,
    Byline,
    Column,
    ImportWarning,
    Issue,
    IssueStatus,
    Series,
    publication_time,
)
from events.models import Act, ActPerformer, Performance, Performer, Piece, Programme
from newsroom.importing.decoding import decode_issue
from newsroom.importing.loader import load_issue
from newsroom.importing.parser import parse_issue
from newsroom.importing.plan import ImportRefused, digest, printed

from .factories import make_performance
from .helpers import SHANGHAI, edit, save_as
from .seed_expectations import (
    SAMPLES,
    SEED,
    SEED_ACTS,
    SEED_ARTICLES,
    SEED_DATE,
    SEED_FIFTH,
    SEED_TEXT,
)

pytestmark = pytest.mark.django_db


MODELS = [
    Issue,
    Article,
    Author,
    Byline,
    Column,
    Series,
    Programme,
    Performance,
    Act,
    ActPerformer,
    Performer,
]

# ---------------------------------------------------------------------------------------------
# Helpers


def registered_columns() -> list[str]:
    return list(Column.objects.values_list("name", flat=True))


def load_text(
    text: str, *, date=SEED_DATE, source=SEED.name, draft=False, data=None, replace=False
):
    """Parse and load ``text`` as the command does; the checksum is that of ``data`` or text."""
    parsed = parse_issue(text, source=source, issue_date=date, columns=registered_columns())
    raw = data if data is not None else text.encode("utf-8")
    sha256 = hashlib.sha256(raw).hexdigest()
    return load_issue(parsed, sha256=sha256, draft=draft, replace=replace)


def load_sample(name: str, date=None):
    data = (SAMPLES / name).read_bytes()
    text, _encoding = decode_issue(data)
    return load_text(text, date=date, source=name, data=data)


def printed_digest(text: str, position: int, date=SEED_DATE) -> str:
    """The fingerprint of what ``text`` prints as the article at ``position``."""
    parsed = parse_issue(text, source=SEED.name, issue_date=date, columns=registered_columns())
    return digest(printed(parsed.articles[position - 1]))


def snapshot() -> dict:
    """Every row the import touches, field by field."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS}


def row_counts() -> dict:
    return {model.__name__: model.objects.count() for model in MODELS}


def writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def article(position: int, issue_date=SEED_DATE) -> Article:
    return Article.objects.get(issue__date=issue_date, position=position)


def bylines_of(art: Article) -> list[tuple[str, str]]:
    return [(b.author.name, b.role) for b in art.bylines.select_related("author").order_by("order")]


def acts_of(performance: Performance) -> list[tuple[str, str, list[str]]]:
    return [
        (
            act.piece.form,
            act.piece.title,
            [c.performer.name for c in act.credits.select_related("performer").order_by("order")],
        )
        for act in performance.acts.order_by("order")
    ]


@pytest.fixture
def seed_report():
    return load_text(SEED_TEXT)


# ---------------------------------------------------------------------------------------------
# The seed: what the spec tabulates.


def test_seed_gives_one_published_issue_at_midnight_in_shanghai(seed_report):
    issue = Issue.objects.get()
    assert issue.date == SEED_DATE
    assert issue.status == IssueStatus.PUBLISHED
    assert issue.published_at == datetime.datetime(2022, 8, 25, tzinfo=SHANGHAI)
    assert issue.source_file == SEED.name
    assert issue.source_sha256 == hashlib.sha256(SEED_TEXT.encode()).hexdigest()


def test_seed_gives_nine_articles_at_positions_one_to_nine(seed_report):
    issue = Issue.objects.get()
    assert list(issue.articles.order_by("position").values_list("position", "title")) == [
        (row[0], row[1]) for row in SEED_ARTICLES
    ]


@pytest.mark.parametrize(
    ("position", "title", "section", "kind", "column", "bylines"),
    SEED_ARTICLES,
    ids=[f"article-{row[0]}" for row in SEED_ARTICLES],
)
def test_seed_article_is_stored_as_the_spec_table_says(
    seed_report, position, title, section, kind, column, bylines
):
    stored = article(position)
    assert stored.title == title
    assert stored.section.slug == section
    assert stored.kind == kind
    assert (stored.column.name if stored.column else None) == column
    assert bylines_of(stored) == bylines
    assert list(stored.bylines.order_by("order").values_list("order", flat=True)) == list(
        range(1, len(bylines) + 1)
    )


def test_seed_first_article_keeps_its_two_subtitles_in_order(seed_report):
    assert article(1).subtitle_list == ["签约项目68个,总投资118亿元", "坚定两个依靠 闯出焦作新路"]
    assert not Article.objects.exclude(position=1).exclude(subtitles="").exists()


def test_seed_commentary_is_number_four_of_its_series(seed_report):
    commentary = article(6)
    assert commentary.series.name == "解放区优化营商环境系列评论"
    assert commentary.series_number == 4
    assert Series.objects.count() == 1
    assert list(
        Article.objects.filter(series__isnull=False).values_list("position", flat=True)
    ) == [6]


def test_seed_reports_have_the_dateline_and_others_none(seed_report):
    datelines = dict(Article.objects.values_list("position", "dateline"))
    assert {p for p, d in datelines.items() if d == "本报讯"} == {1, 2, 4, 5, 7, 8}
    assert {p for p, d in datelines.items() if d == ""} == {3, 6, 9}


def test_seed_gives_seven_authors_only_the_commentator_a_pen_name(seed_report):
    assert sorted(Author.objects.values_list("name", flat=True)) == sorted(
        ["詹长松", "王孟阳", "李秀娟", "翟倩倩", "吴楠", "张瑞环", "强声"]
    )
    assert list(Author.objects.filter(is_pen_name=True).values_list("name", flat=True)) == ["强声"]
    assert Byline.objects.count() == 11


def test_seed_programme_gives_two_performances_linked_to_article_nine(seed_report):
    performances = Performance.objects.order_by("date")
    assert [p.date for p in performances] == [datetime.date(2022, 9, 3), datetime.date(2022, 9, 4)]
    assert {p.programme.name for p in performances} == {"解放小剧场"}
    assert Programme.objects.count() == 1  # the one the migration made, not a second one
    assert {p.article_id for p in performances} == {article(9).pk}


def test_seed_acts_are_stored_in_order_with_forms_titles_and_billed_performers(seed_report):
    assert Act.objects.count() == 11
    for performance in Performance.objects.all():
        assert acts_of(performance) == SEED_ACTS[performance.date]
    assert not Piece.objects.filter(title__contains="《").exists()


def test_seed_gives_seven_performers(seed_report):
    assert sorted(Performer.objects.values_list("name", flat=True)) == sorted(
        ["丁艺", "展奇", "杨森", "龙龙", "张鑫", "志博", "程蕾"]
    )


@pytest.mark.parametrize(
    ("position", "phrase"),
    [
        (1, "长期关心支持解放区发展"),
        (5, "真正在建好用好上下功夫"),
        (5, "社会组织撬动"),
        (5, "爱读书、读好书、多读书"),
        (5, "“平安法治星”,以“护苗”"),
        (7, "详细讲解了审计工作规范化"),
        (8, "无私奉献”的南水北调焦作精神"),
    ],
)
def test_seed_phrase_cut_by_a_column_break_stands_whole_in_one_paragraph(
    seed_report, position, phrase
):
    paragraphs = re.findall(r"<p>(.*?)</p>", article(position).body, flags=re.S)
    assert [p for p in paragraphs if phrase in p], paragraphs


def test_seed_bodies_hold_no_page_furniture(seed_report):
    for stored in Article.objects.all():
        assert "扫一扫" not in stored.body
        assert "二维码" not in stored.body
    assert not Article.objects.filter(title__contains="扫一扫").exists()
    assert not Article.objects.filter(title__contains="二维码").exists()


def test_seed_photo_news_keeps_its_caption_as_caption_and_body(seed_report):
    photo = article(3)
    caption = (
        "为助力全国文明城市常态化创建,"
        "解放区焦西街街道电建社区志愿者在擦拭社会主义核心价值观观宣传牌。"
    )
    assert photo.photo_caption == caption
    assert photo.body == f"<p>{caption}</p>"
    assert photo.photo_credit == ""
    assert Article.objects.exclude(position=3).filter(photo_caption__gt="").count() == 0


def test_seed_articles_record_the_line_of_their_headline(seed_report):
    lines = SEED_TEXT.split("\n")
    for stored in Article.objects.all():
        headline = lines[stored.source_line - 1]
        assert headline.startswith("#")
        assert stored.title.split()[-1] in headline


def test_seed_articles_are_published_with_their_issue(seed_report):
    midnight = datetime.datetime(2022, 8, 25, tzinfo=SHANGHAI)
    assert set(Article.objects.values_list("status", "published_at")) == {
        (ArticleStatus.PUBLISHED, midnight)
    }
    assert Article.objects.published().count() == 9


def test_seed_report_counts_what_the_first_import_created(seed_report):
    counts = {kind: dict(counter) for kind, counter in seed_report.counts.items()}
    assert counts["issue"] == {"created": 1}
    assert counts["articles"] == {"created": 9}
    assert counts["authors"] == {"created": 7}
    assert counts["performers"] == {"created": 7}
    assert counts["performances"] == {"created": 2}
    assert counts["acts"]["created"] == 11
    assert counts["bylines"]["created"] == 11
    assert seed_report.changed and not seed_report.already_imported
    assert {(w.article, w.kind) for w in seed_report.warnings} == {(6, "duplicate-text")}
    assert "bylines ." not in seed_report.summary()
    # As a re-import's report says it: the articles, then the names they brought.
    assert list(counts)[:3] == ["issue", "articles", "authors"]


def test_markup_in_the_text_is_stored_escaped_not_as_html():
    load_text("# 标题\n\n本报讯(记者张三)9月1日,<script>alert(1)</script>正文。\n")
    body = Article.objects.get().body
    assert "<script>" not in body
    assert "&lt;script&gt;" in body


# ---------------------------------------------------------------------------------------------
# Importing again.


def test_same_file_again_is_already_imported_and_writes_nothing(seed_report):
    before = snapshot()
    with CaptureQueriesContext(connection) as queries:
        report = load_text(SEED_TEXT)
    assert report.already_imported
    assert not report.changed
    assert "already imported" in report.summary()
    assert writes(queries.captured_queries) == []
    assert snapshot() == before


def test_same_text_with_other_checksum_changes_no_content_row(seed_report):
    before = snapshot()
    crlf = SEED_TEXT.replace("\n", "\r\n")
    with CaptureQueriesContext(connection) as queries:
        report = load_text(crlf, data=b"\xef\xbb\xbf" + crlf.encode())
    assert not report.already_imported
    assert not report.changed
    assert "unchanged" in report.summary()
    counts = {kind: dict(counter) for kind, counter in report.counts.items()}
    assert counts["articles"] == {"unchanged": 9}
    assert counts["bylines"] == {"unchanged": 11}
    assert counts["acts"] == {"unchanged": 11}
    assert counts["performances"] == {"unchanged": 2}
    # The two writes record the checksum of the file now imported, as its page's and its
    # issue's; each moves on the parts of the articles and the issue it is shown with (the
    # issue's, the lists of its articles too), which are derived data (articles.parts); no
    # content row changes.
    sql = writes(queries.captured_queries)
    parts = [("UPDATE", '"articles_articlepart"'), ("UPDATE", '"articles_issuepart"')]
    assert [(q.split()[0], q.split()[1]) for q in sql] == [
        ("UPDATE", '"articles_page"'),
        *parts,
        ("UPDATE", '"articles_issue"'),
        *parts,
        ("UPDATE", '"articles_listpart"'),  # and the lists of its articles
    ]
    after = snapshot()
    assert {k: v for k, v in after.items() if k != "Issue"} == {
        k: v for k, v in before.items() if k != "Issue"
    }
    ignore = {"source_sha256", "updated"}
    assert [{k: v for k, v in row.items() if k not in ignore} for row in after["Issue"]] == [
        {k: v for k, v in row.items() if k not in ignore} for row in before["Issue"]
    ]


def test_copy_imported_once_is_already_imported_the_next_time(seed_report):
    crlf = SEED_TEXT.replace("\n", "\r\n")
    load_text(crlf)
    assert load_text(crlf).already_imported


def test_performance_entered_by_hand_is_the_one_the_programme_announces():
    """An editor often enters an evening before the page with its programme is imported: the
    import must take that row (linking it and adding the printed acts), not add a second
    evening of the same programme and date."""
    by_hand = make_performance(
        article=None, date=datetime.date(2022, 9, 3), time=datetime.time(19, 30), acts=()
    )
    report = load_text(SEED_TEXT)
    on_the_day = list(Performance.objects.filter(date=datetime.date(2022, 9, 3)))
    assert [p.pk for p in on_the_day] == [by_hand.pk]
    kept = on_the_day[0]
    assert (kept.programme.name, kept.time) == ("解放小剧场", datetime.time(19, 30))
    assert kept.article == article(9)
    assert acts_of(kept) == SEED_ACTS[datetime.date(2022, 9, 3)]
    assert Performance.objects.count() == 2
    assert report.counts["performances"] == {"created": 1, "updated": 1}


@pytest.mark.parametrize("copy", ["same file", "other checksum"])
def test_programme_imported_again_keeps_one_performance_a_date(seed_report, copy):
    """Importing the page again, byte for byte or as a copy with another checksum, finds the
    evenings the first import made instead of adding them again."""
    first = dict(Performance.objects.values_list("date", "pk"))
    text = SEED_TEXT if copy == "same file" else SEED_TEXT.replace("\n", "\r\n")
    load_text(text)
    assert sorted(Performance.objects.values_list("date", "pk")) == sorted(first.items())
    for performance in Performance.objects.all():
        assert acts_of(performance) == SEED_ACTS[performance.date]


# ---------------------------------------------------------------------------------------------
# Corrected texts update the same issue in place.


def test_corrected_body_updates_the_same_article(seed_report):
    pks = dict(Article.objects.values_list("position", "pk"))
    corrected = edit(SEED_TEXT, "会议还研究审议了其他事项。", "会议还研究审议了其他重要事项。")
    report = load_text(corrected)
    assert dict(report.counts["articles"]) == {"updated": 1, "unchanged": 8}
    assert report.changed
    assert Issue.objects.count() == 1
    assert dict(Article.objects.values_list("position", "pk")) == pks
    assert "其他重要事项" in article(2).body
    assert Issue.objects.get().source_sha256 == hashlib.sha256(corrected.encode()).hexdigest()


def test_changed_byline_replaces_that_articles_bylines_only(seed_report):
    other_bylines = set(Byline.objects.exclude(article__position=4).values_list("pk", flat=True))
    corrected = edit(SEED_TEXT, "本报讯(记者翟倩倩)8月19日", "本报讯(记者孙悦 通讯员吴楠)8月19日")
    report = load_text(corrected)
    assert bylines_of(article(4)) == [("孙悦", "reporter"), ("吴楠", "correspondent")]
    assert dict(report.counts["authors"]) == {"created": 1}
    assert dict(report.counts["bylines"]) == {"deleted": 1, "created": 2, "unchanged": 10}
    assert Author.objects.count() == 8
    assert Author.objects.filter(name="吴楠").count() == 1
    assert set(Byline.objects.exclude(article__position=4).values_list("pk", flat=True)) == (
        other_bylines
    )


def test_typo_fixed_in_a_title_keeps_the_article(seed_report):
    pk = article(4).pk
    corrected = edit(
        SEED_TEXT, "# 解放区一志愿服务项目荣获省级大奖", "# 解放区一项志愿服务项目荣获省级大奖"
    )
    report = load_text(corrected)
    assert dict(report.counts["articles"]) == {"updated": 1, "unchanged": 8}
    assert article(4).pk == pk
    assert article(4).title == "解放区一项志愿服务项目荣获省级大奖"
    assert Article.objects.count() == 9


def test_dropped_act_replaces_that_performances_act_list(seed_report):
    performances = dict(Performance.objects.values_list("date", "pk"))
    kept_acts = set(Act.objects.filter(performance__date="2022-09-04").values_list("pk", flat=True))
    corrected = edit(SEED_TEXT, "  - ▶相声《小红帽》 展奇 张鑫\n", "")
    report = load_text(corrected)
    assert dict(report.counts["acts"]) == {"deleted": 6, "created": 5, "unchanged": 5}
    assert dict(Performance.objects.values_list("date", "pk")) == performances
    sept_3 = Performance.objects.get(date="2022-09-03")
    assert acts_of(sept_3) == [a for a in SEED_ACTS[sept_3.date] if a[1] != "小红帽"]
    assert list(sept_3.acts.order_by("order").values_list("order", flat=True)) == [1, 2, 3, 4, 5]
    assert set(Act.objects.filter(performance__date="2022-09-04").values_list("pk", flat=True)) == (
        kept_acts
    )
    assert Performer.objects.count() == 7
    assert Act.objects.count() == 10


NEW_ARTICLE = (
    "# 解放区开展秋季爱国卫生运动\n\n本报讯(记者孙悦)8月24日,解放区组织开展秋季爱国卫生运动。\n\n"
)


def test_article_added_in_the_middle_moves_later_articles_down(seed_report):
    pks = dict(Article.objects.values_list("title", "pk"))
    corrected = edit(SEED_TEXT, "# 解放区一志愿服务项目", NEW_ARTICLE + "# 解放区一志愿服务项目")
    report = load_text(corrected)
    assert dict(report.counts["articles"]) == {"created": 1, "updated": 6, "unchanged": 3}
    stored = list(Article.objects.order_by("position").values_list("position", "title", "pk"))
    assert [p for p, _t, _pk in stored] == list(range(1, 11))
    assert stored[3][1] == "解放区开展秋季爱国卫生运动"
    assert {t: pk for _p, t, pk in stored if t in pks} == pks
    assert [t for _p, t, _pk in stored if t in pks] == [row[1] for row in SEED_ARTICLES]
    assert Issue.objects.count() == 1
    assert Author.objects.count() == 8


def test_removed_article_is_deleted_and_later_articles_move_up(seed_report):
    pks = dict(Article.objects.values_list("title", "pk"))
    before = snapshot()
    with pytest.raises(ImportRefused, match=r"delete article 5 .* [(]published[)]"):
        load_text(SEED_TEXT.replace(SEED_FIFTH, ""))  # readers have seen it
    assert snapshot() == before
    report = load_text(SEED_TEXT.replace(SEED_FIFTH, ""), replace=True)
    assert dict(report.counts["articles"]) == {"deleted": 1, "updated": 4, "unchanged": 4}
    titles = list(Article.objects.order_by("position").values_list("position", "title"))
    assert titles == [(n, row[1]) for n, row in enumerate(SEED_ARTICLES[:4] + SEED_ARTICLES[5:], 1)]
    assert not Article.objects.filter(pk=pks["解放区“扫黄打非”示范点规范化建设成绩喜人"]).exists()
    assert Byline.objects.count() == 10
    assert Author.objects.count() == 7  # 詹长松 still signs articles 1 and 7


def test_removed_programme_article_takes_its_performances_along(seed_report):
    report = load_text(SEED_TEXT[: SEED_TEXT.index("# “解放小剧场”")], replace=True)
    assert report.counts["articles"]["deleted"] == 1
    assert report.counts["performances"]["deleted"] == 2
    assert not Performance.objects.exists()
    assert not Act.objects.exists()
    assert Performer.objects.count() == 7  # performers are kept for the other programmes


def test_swapped_articles_swap_positions_keeping_their_rows(seed_report):
    pks = dict(Article.objects.values_list("title", "pk"))
    seventh = SEED_TEXT.index("## 解放区审计局")
    eighth = SEED_TEXT.index("## 解放区妇联")
    ninth = SEED_TEXT.index("# “解放小剧场”")
    swapped = (
        SEED_TEXT[:seventh]
        + SEED_TEXT[eighth:ninth]
        + SEED_TEXT[seventh:eighth]
        + SEED_TEXT[ninth:]
    )
    report = load_text(swapped)
    assert report.counts["articles"]["updated"] == 2
    assert article(7).pk == pks["解放区妇联开展暑期儿童关爱服务系列活动"]
    assert article(8).pk == pks["解放区审计局 强化专题业务培训 促进审计质量提升"]
    assert article(7).column.name == article(8).column.name == "基层动态"


def test_many_corrections_at_once_give_no_duplicates(seed_report):
    pks = dict(Article.objects.values_list("title", "pk"))
    corrected = edit(SEED_TEXT, "会议还研究审议了其他事项。", "会议还研究审议了其他重要事项。")
    corrected = edit(corrected, "本报讯(记者詹长松)为进一步", "本报讯(记者翟倩倩)为进一步")
    corrected = edit(corrected, "  - ▶相声《哪吒闹海》 志博 程蕾\n", "")
    corrected = edit(
        corrected, "# 创建全国文明城市典范城市", NEW_ARTICLE + "# 创建全国文明城市典范城市"
    )
    corrected = corrected.replace(SEED_FIFTH, "")
    report = load_text(corrected, replace=True)
    assert dict(report.counts["articles"]) == {
        "created": 1,
        "deleted": 1,
        "updated": 7,  # article 2's body; the others moved (position or source line)
        "unchanged": 1,
    }
    assert Issue.objects.count() == 1
    assert Article.objects.count() == 9
    assert list(Article.objects.order_by("position").values_list("position", flat=True)) == list(
        range(1, 10)
    )
    for title, pk in pks.items():
        if title != "解放区“扫黄打非”示范点规范化建设成绩喜人":
            assert Article.objects.get(title=title).pk == pk
    assert bylines_of(Article.objects.get(title__startswith="解放区审计局")) == [
        ("翟倩倩", "reporter")
    ]
    assert Author.objects.count() == 8
    assert Performer.objects.count() == 7
    assert Act.objects.count() == 10
    for model in (Author, Performer):
        names = list(model.objects.values_list("name", flat=True))
        assert len(names) == len(set(names))


def test_repeated_headline_within_an_issue_can_be_imported_again():
    text = "# 图片新闻\n\n\n\n第一张图的说明。\n\n# 图片新闻\n\n\n\n第二张图的说明。\n"
    load_text(text, date=datetime.date(2022, 9, 1))
    pks = list(Article.objects.order_by("position").values_list("pk", flat=True))
    report = load_text(text.replace("\n", "\r\n"), date=datetime.date(2022, 9, 1))
    assert dict(report.counts["articles"]) == {"unchanged": 2}
    assert list(Article.objects.order_by("position").values_list("pk", flat=True)) == pks
    assert list(Article.objects.order_by("position").values_list("photo_caption", flat=True)) == [
        "第一张图的说明。",
        "第二张图的说明。",
    ]


def test_person_credited_twice_in_one_role_gets_one_byline():
    text = (
        "# 两张图\n\n\n\n第一张图的说明。\n\n本报记者 张三 摄\n\n"
        "第二张图的说明。\n\n本报记者 张三 摄\n"
    )
    load_text(text, date=datetime.date(2022, 9, 2))
    assert bylines_of(Article.objects.get()) == [("张三", "photographer")]
    assert Author.objects.count() == 1


# ---------------------------------------------------------------------------------------------
# What a re-import writes of each change: the new article's state, the fingerprint, the
# credits, what the report calls kept.


@pytest.mark.parametrize(
    ("draft", "status", "due"),
    [(False, ArticleStatus.PUBLISHED, True), (True, ArticleStatus.DRAFT, False)],
)
def test_an_article_a_corrected_file_adds_is_published_as_its_import_is(draft, status, due):
    load_text(SEED_TEXT, draft=draft)
    added = edit(SEED_TEXT, "# 解放区一志愿服务项目", NEW_ARTICLE + "# 解放区一志愿服务项目")
    load_text(added, draft=draft)
    new = Article.objects.get(title="解放区开展秋季爱国卫生运动")
    assert new.status == status
    assert new.published_at == (publication_time(SEED_DATE) if due else None)


def test_what_the_file_now_prints_is_fingerprinted_for_the_next_import(seed_report):
    corrected = edit(SEED_TEXT, "会议还研究审议了其他事项。", "会议还研究审议了其他重要事项。")
    added = edit(corrected, "# 解放区一志愿服务项目", NEW_ARTICLE + "# 解放区一志愿服务项目")
    load_text(added)
    for position in (2, 4):  # updated, added
        assert article(position).source_digest == printed_digest(added, position)


def test_an_editors_edit_the_next_file_prints_too_becomes_the_imports(seed_report, members):
    retitled = "解放区一项志愿服务项目荣获省级大奖"
    save_as(members["编辑"], article(4), title=retitled)
    with_retitle = edit(SEED_TEXT, "# 解放区一志愿服务项目荣获省级大奖", f"# {retitled}")
    report = load_text(with_retitle)
    assert report.counts["articles"]["unchanged"] == 9
    assert article(4).source_digest == printed_digest(with_retitle, 4)
    # So a later correction of that article is a file's change, made without asking.
    load_text(edit(with_retitle, "本报讯(记者翟倩倩)8月19日", "本报讯(记者孙悦)8月19日"))
    assert bylines_of(article(4)) == [("孙悦", "reporter")]


def test_an_edited_article_the_file_prints_as_before_is_reported_kept(seed_report, members):
    save_as(members["编辑"], article(2), body="<p>编辑改过的正文。</p>")  # stays in place
    save_as(members["编辑"], article(5), body="<p>编辑改过的正文。</p>")  # moves down
    added = edit(SEED_TEXT, "# 解放区一志愿服务项目", NEW_ARTICLE + "# 解放区一志愿服务项目")
    report = load_text(added)
    assert dict(report.counts["articles"]) == {
        "created": 1,
        "updated": 5,
        "kept": 2,
        "unchanged": 2,
    }
    assert (article(2).body, article(6).body) == ("<p>编辑改过的正文。</p>",) * 2


def test_bylines_a_corrected_file_changes_are_numbered_from_one(seed_report):
    load_text(edit(SEED_TEXT, "本报讯(记者翟倩倩)8月19日", "本报讯(记者孙悦 通讯员吴楠)8月19日"))
    assert list(article(4).bylines.order_by("order").values_list("order", flat=True)) == [1, 2]


def test_a_commentator_a_corrected_file_names_anew_is_a_pen_name(seed_report):
    load_text(edit(SEED_TEXT, "□ 强 声", "□ 明 理"))
    assert bylines_of(article(6)) == [("明理", "commentator")]
    assert Author.objects.get(name="明理").is_pen_name


PHOTO_CREDIT = "本报记者 翟倩倩 摄"
PHOTO_SAMPLE = (SAMPLES / "variant_photo_credit.txt").read_text(encoding="utf-8")
PHOTO_DATE = datetime.date(2023, 5, 9)  # the sample's issue


def test_a_photo_credit_a_corrected_file_adds_links_its_photographer():
    load_text(edit(PHOTO_SAMPLE, f"\n\n{PHOTO_CREDIT}", ""), date=PHOTO_DATE)
    assert article(3, PHOTO_DATE).photographer is None
    credited = edit(PHOTO_SAMPLE, PHOTO_CREDIT, "本报记者 王五 摄")  # not its reporter
    load_text(credited, date=PHOTO_DATE)
    assert article(3, PHOTO_DATE).photographer.name == "王五"
    # Saved as well as the fingerprint, which a save of the whole article would write over.
    assert article(3, PHOTO_DATE).source_digest == printed_digest(credited, 3, PHOTO_DATE)


def test_a_photographer_an_editor_chose_stays_when_the_file_changes():
    load_text(PHOTO_SAMPLE, date=PHOTO_DATE)
    chosen = Author.objects.get(name="张三")
    Article.objects.filter(pk=article(3, PHOTO_DATE).pk).update(photographer=chosen)
    load_text(edit(PHOTO_SAMPLE, "60余家企业", "70余家企业"), date=PHOTO_DATE)
    assert "70余家企业" in article(3, PHOTO_DATE).body
    assert article(3, PHOTO_DATE).photographer == chosen


def test_a_corrected_file_keeps_the_warnings_found_again_and_adds_the_new(seed_report):
    kept = list(ImportWarning.objects.order_by("pk").values_list("pk", flat=True))
    load_text(edit(SEED_TEXT, "# 解放区一志愿服务项目", "# 只有标题\n\n# 解放区一志愿服务项目"))
    assert list(ImportWarning.objects.order_by("pk").values_list("pk", flat=True))[:2] == kept
    added = ImportWarning.objects.exclude(pk__in=kept).get()
    assert (added.kind, added.text, added.article) == ("headline-without-body", "只有标题", None)


def test_load_issue_publishes_and_asks_before_replacing_unless_told(seed_report):
    parsed = parse_issue(SEED_TEXT.replace(SEED_FIFTH, ""), source=SEED.name, issue_date=SEED_DATE)
    with pytest.raises(ImportRefused, match="delete article 5"):
        load_issue(parsed, sha256="another file")
    new_date = datetime.date(2022, 9, 1)
    no_programme = SEED_TEXT[: SEED_TEXT.index("# “解放小剧场”")]
    load_issue(parse_issue(no_programme, source="x.txt", issue_date=new_date), sha256="x")
    assert Issue.objects.get(date=new_date).status == IssueStatus.PUBLISHED


# ---------------------------------------------------------------------------------------------
# Drafts and atomicity.


def test_draft_import_gives_unpublished_issue_and_articles():
    load_text(SEED_TEXT, draft=True)
    issue = Issue.objects.get()
    assert (issue.status, issue.published_at) == (IssueStatus.DRAFT, None)
    assert set(Article.objects.values_list("status", "published_at")) == {
        (ArticleStatus.DRAFT, None)
    }
    assert Article.objects.count() == 9
    assert not Issue.objects.published().exists()
    assert not Article.objects.published().exists()


def fail_after_articles(*args, **kwargs):
    assert Article.objects.count() == 9  # the failure comes halfway: articles are written
    raise RuntimeError("disk full")


@pytest.mark.parametrize("model", [Act, Performer], ids=["acts", "performers"])
def test_failure_halfway_leaves_nothing_of_the_file(monkeypatch, model):
    monkeypatch.setattr(model.objects, "create", fail_after_articles)
    with pytest.raises(RuntimeError, match="disk full"):
        load_text(SEED_TEXT)
    registries = {"Column", "Programme"}  # kept by migrations, not by the import
    counts = {name: n for name, n in row_counts().items() if name not in registries}
    assert counts == dict.fromkeys(counts, 0)
    assert list(Column.objects.values_list("name", flat=True)) == ["基层动态"]
    assert list(Programme.objects.values_list("name", flat=True)) == ["解放小剧场"]


def test_failed_reimport_leaves_the_earlier_import_exactly_as_it_was(seed_report, monkeypatch):
    before = snapshot()
    corrected = edit(SEED_TEXT, "会议还研究审议了其他事项。", "会议还研究审议了其他重要事项。")
    corrected = edit(corrected, "本报讯(记者翟倩倩)8月19日", "本报讯(记者孙悦)8月19日")
    corrected = edit(corrected, "# 解放区一志愿服务项目", NEW_ARTICLE + "# 解放区一志愿服务项目")
    corrected = edit(
        corrected, "  - ▶相声《小红帽》 展奇 张鑫\n", "  - ▶相声《新段子》 王五 张鑫\n"
    )

    def fail(*args, **kwargs):
        assert Article.objects.count() == 10
        raise RuntimeError("disk full")

    monkeypatch.setattr(Act.objects, "create", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        load_text(corrected)
    assert snapshot() == before


# ---------------------------------------------------------------------------------------------
# The variants of the format.


@pytest.fixture
def community_column():
    return Column.objects.create(name="社区风采")


@pytest.mark.parametrize(
    ("name", "date", "issue_date", "articles"),
    [
        ("variant_columns.txt", None, datetime.date(2023, 6, 19), 7),
        ("variant_crlf_bom.txt", None, datetime.date(2022, 1, 4), 1),
        ("variant_fullwidth.txt", None, datetime.date(2023, 3, 14), 4),
        ("variant_gb18030.txt", None, datetime.date(2021, 10, 11), 1),
        ("variant_new_year.txt", datetime.date(2023, 12, 29), datetime.date(2023, 12, 29), 2),
        ("variant_photo_credit.txt", None, datetime.date(2023, 5, 9), 3),
        ("variant_series.txt", None, datetime.date(2023, 7, 4), 7),
    ],
)
def test_sample_imports_as_one_published_issue(community_column, name, date, issue_date, articles):
    report = load_sample(name, date)
    issue = Issue.objects.get()
    assert issue.date == issue_date == report.issue_date
    assert issue.source_file == name
    assert issue.status == IssueStatus.PUBLISHED
    assert list(issue.articles.order_by("position").values_list("position", flat=True)) == list(
        range(1, articles + 1)
    )
    assert load_sample(name, date).already_imported


def test_columns_sample_groups_articles_and_registers_the_new_column(community_column):
    report = load_sample("variant_columns.txt")
    columns = dict(Article.objects.values_list("position", "column__name"))
    assert columns == {
        1: None,
        2: "基层动态",
        3: "基层动态",
        4: "社区风采",
        5: "文明实践",
        6: "文明实践",
        7: None,
    }
    assert sorted(Column.objects.values_list("name", flat=True)) == sorted(
        ["基层动态", "社区风采", "文明实践"]
    )
    assert dict(report.counts["column"]) == {"created": 1}
    assert Column.objects.get(name="文明实践").slug
    assert article(1, report.issue_date).subtitle_list == ["压紧压实责任", "确保安全度汛"]


def test_series_sample_stores_series_and_their_numbers():
    load_sample("variant_series.txt")
    stored = Article.objects.order_by("position").values_list(
        "series__name", "series_number", "kind"
    )
    assert list(stored) == [
        ("解放区优化营商环境系列评论", 1, "commentary"),
        ("解放区优化营商环境系列评论", 12, "commentary"),
        ("解放区创文系列谈", 12, "commentary"),
        ("解放区乡村振兴系列述评", 3, "commentary"),
        ("解放区营商环境系列评论", 5, "commentary"),
        ("解放区生态环保系列评论", 2, "commentary"),
        ("解放区高质量发展系列报道", 3, "news"),
    ]
    assert Series.objects.count() == 6
    assert Author.objects.filter(name="强声").count() == 1
    assert set(Author.objects.filter(is_pen_name=True).values_list("name", flat=True)) == {
        "强声",
        "文明言",
        "振兴轩",
        "生态轩",
    }


def test_photo_credit_sample_gives_photographer_bylines_and_credits():
    load_sample("variant_photo_credit.txt")
    date = datetime.date(2023, 5, 9)
    first, second, third = (article(n, date) for n in (1, 2, 3))
    assert (first.kind, first.photo_credit) == ("photo", "本报记者 张三 摄")
    assert bylines_of(first) == [("张三", "photographer")]
    assert first.photo_caption == "5月6日，市民在解放区龙源湖公园游玩赏花，享受美好春光。"
    assert "摄" not in first.body
    assert (second.kind, second.photo_credit) == ("photo", "（通讯员 李四 摄）")
    assert bylines_of(second) == [("李四", "photographer")]
    assert (third.kind, third.photo_credit) == ("news", "本报记者 翟倩倩 摄")
    assert third.photo_caption == ""
    assert bylines_of(third) == [("翟倩倩", "reporter"), ("翟倩倩", "photographer")]
    assert Author.objects.filter(name="翟倩倩").count() == 1
    # The credit as a real link to the author it names.
    assert [a.photographer.name for a in (first, second, third)] == ["张三", "李四", "翟倩倩"]


def test_new_year_programme_plays_into_the_next_year():
    load_sample("variant_new_year.txt", datetime.date(2023, 12, 29))
    programme = article(2, datetime.date(2023, 12, 29))
    assert (programme.section.slug, programme.kind) == ("theatre", "programme")
    performances = list(Performance.objects.order_by("date"))
    assert [p.date for p in performances] == [
        datetime.date(2023, 12, 30),
        datetime.date(2024, 1, 1),
    ]
    assert {p.article_id for p in performances} == {programme.pk}
    assert {p.programme.name for p in performances} == {"解放小剧场"}
    assert acts_of(performances[1]) == [
        ("相声", "拜年", ["展奇", "杨森"]),
        ("歌舞", "春天来了", ["解放区艺术团"]),
        ("评书", "", ["志博"]),
    ]
    assert [a[0] for a in acts_of(performances[0])][:4] == ["小品", "魔术", "脱口秀", "评书"]


def test_two_issues_share_authors_by_name():
    load_text(SEED_TEXT)
    load_sample("variant_fullwidth.txt")
    names = list(Author.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))
    assert set(names) == {
        "詹长松",
        "王孟阳",
        "李秀娟",
        "翟倩倩",
        "吴楠",
        "张瑞环",
        "强声",
        "赵敏",
        "刘晓东",
        "解放言",
    }
    zhan = Author.objects.get(name="詹长松")
    assert set(zhan.bylines.values_list("article__issue__date", flat=True)) == {
        SEED_DATE,
        datetime.date(2023, 3, 14),
    }


def test_two_venues_printing_one_evening_are_two_performances():
    programme = "# “{}” 周末演出\n\n一。\n\n7月11日节目单\n▶相声《学小曲》 展奇 杨森\n\n"
    text = programme.format("解放小剧场") + programme.format("焦作书场")
    report = load_text(text, date=datetime.date(2023, 7, 1))
    assert dict(report.counts["programmes"]) == {"created": 1}
    assert sorted(Performance.objects.values_list("programme__name", "date")) == [
        ("焦作书场", datetime.date(2023, 7, 11)),
        ("解放小剧场", datetime.date(2023, 7, 11)),
    ]


def test_two_programmes_share_performers_by_name():
    load_text(SEED_TEXT)
    load_sample("variant_new_year.txt", datetime.date(2023, 12, 29))
    names = list(Performer.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))
    assert Performer.objects.get(name="展奇").credits.count() == 6
    assert Programme.objects.count() == 1
    assert Performance.objects.count() == 4
