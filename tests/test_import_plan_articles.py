"""What importing a file plans: where it lands, each article's fate and place, what to confirm."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Correction, Issue, Page
from newsroom.importing.pages import PrintedPage
from newsroom.importing.plan import (
    CREATE,
    DELETE,
    LINK,
    UNCHANGED,
    UPDATE,
    ImportRefused,
    digest,
)

from .factories import make_article, make_issue, make_performance
from .helpers import edit, import_text, plan_of, save_as, with_fourth_retitled, without_fifth
from .seed_expectations import SAMPLES, SEED, SEED_DATE, SEED_TEXT, SEED_TITLES

pytestmark = pytest.mark.django_db

OTHER_DATE = datetime.date(2022, 8, 23)  # what the seed's text gives without a date
FIFTH = SEED_TITLES[4]
COMMUNITY = (SAMPLES / "variant_columns.txt").read_text(encoding="utf-8")
NEW = "# 解放区开展秋季爱国卫生运动\n\n本报讯(记者孙悦)8月24日,解放区开展秋季爱国卫生运动。\n\n"
OTHER_NEW = "# 解放区举办社区运动会\n\n本报讯(记者孙悦)8月24日,解放区举办社区运动会。\n\n"
FIRST = "# 甲稿\n\n本报讯(记者孙悦)甲稿的正文。\n\n"
SECOND = "# 乙稿\n\n本报讯(记者孙悦)乙稿的正文。\n\n"
THIRD = "# 丙稿\n\n本报讯(记者孙悦)丙稿的正文。\n\n"


def refusal_of(text: str, **options) -> str:
    with pytest.raises(ImportRefused) as refused:
        import_text(text, **options)
    return str(refused.value)


def with_fourth_corrected(text=SEED_TEXT) -> str:
    return edit(text, "荣获二等奖。", "荣获省级二等奖。")


def before_first(text: str, added: str) -> str:
    """``text`` with ``added`` printed above its first headline."""
    start = text.index("# ")
    return text[:start] + added + text[start:]


def seed_article(number: int) -> Article:
    return Article.objects.get(title=SEED_TITLES[number - 1])


def positions() -> dict[str, int]:
    return dict(Article.objects.values_list("title", "position"))


# ---------------------------------------------------------------------------------------------
# Where a file lands.


def test_a_plan_made_without_saying_draft_is_for_publishing(db):
    by_hand = make_performance(date=datetime.date(2022, 9, 3), acts=())
    plan = plan_of(SEED_TEXT)
    programme = plan.articles[-1]
    assert plan.draft is False
    assert [(p.action, p.performance) for p in programme.performances] == [
        (LINK, by_hand),
        (CREATE, None),
    ]


def test_a_file_imported_into_one_issue_is_refused_for_another_dates_existing_issue(db):
    import_text(SEED_TEXT)
    other = make_issue(date=OTHER_DATE)
    with pytest.raises(ImportRefused) as refused:
        import_text(SEED_TEXT, date=OTHER_DATE, replace=True)
    assert str(refused.value).startswith(
        "already imported as page 1 of the issue of 2022-08-25; importing it as the issue of "
        "2022-08-23 would print it twice."
    )
    assert (other.pages.count(), other.articles.count()) == (0, 0)


def test_a_file_printed_twice_is_refused_even_with_replace_leaving_nothing_unconfirmed(db):
    import_text(SEED_TEXT, draft=True)
    with pytest.raises(ImportRefused) as refused:
        import_text(SEED_TEXT, page=PrintedPage(2), replace=True)
    assert str(refused.value).startswith("already imported as page 1 of this issue")
    assert refused.value.changes == []


def test_a_file_already_another_page_of_the_issue_plans_nothing_for_that_page(db):
    import_text(SEED_TEXT, draft=True)
    import_text(COMMUNITY, source="02.txt", page=PrintedPage(2), draft=True)
    plan = plan_of(SEED_TEXT, page=PrintedPage(2))
    assert plan.imported_as == Issue.objects.get()
    assert (plan.articles, plan.confirmations) == ([], [])


def test_the_same_bytes_under_another_name_are_already_the_page_as_now_numbered(db):
    import_text(SEED_TEXT)
    Page.objects.update(number=3)
    report = import_text(SEED_TEXT, source="renamed.txt")
    assert (report.already_imported, report.page.number) == (True, 3)
    assert Page.objects.get().number == 3


def test_a_file_added_after_the_last_page_of_an_issue_without_pages_is_page_one(db):
    make_issue(date=SEED_DATE)
    plan = plan_of(SEED_TEXT, after_last_page=True)
    assert (plan.page, plan.target) == (None, PrintedPage(1))


def test_a_file_without_a_name_never_takes_a_page_made_by_hand(db):
    issue = make_issue(date=SEED_DATE)
    Page.objects.create(issue=issue, number=2)
    plan = plan_of(SEED_TEXT, source="")
    assert (plan.page, plan.target) == (None, PrintedPage(1))


def test_a_file_dated_from_its_text_names_the_other_issue_a_file_of_its_name_is(db):
    import_text(SEED_TEXT)
    plan = plan_of(with_fourth_retitled(), date=None)
    assert plan.date_line() == (
        f"{SEED.name}: issue date 2022-08-23 inferred from the text (year from the years it "
        "mentions, day from its latest dateline); give --date to set it. A file of this name "
        "is page 1 of the issue of 2022-08-25."
    )


def test_a_corrected_copy_dated_from_its_text_names_no_issue_when_it_goes_to_its_own(db):
    import_text(SEED_TEXT, date=None)
    plan = plan_of(with_fourth_retitled(), date=None)
    assert plan.issue == Issue.objects.get(date=OTHER_DATE)
    assert plan.date_line() == (
        f"{SEED.name}: issue date 2022-08-23 inferred from the text (year from the years it "
        "mentions, day from its latest dateline); give --date to set it."
    )


def test_naming_the_issue_of_a_file_of_the_same_name_costs_no_further_query(db):
    import_text(SEED_TEXT)
    plan = plan_of(with_fourth_retitled(), date=None)
    with CaptureQueriesContext(connection) as queries:
        plan.date_line()
    assert len(queries) == 0


# ---------------------------------------------------------------------------------------------
# What the file prints.


def test_an_articles_paragraphs_are_stored_one_to_a_paragraph_element(db):
    import_text("# 一则新闻\n\n本报讯(记者孙悦)第一段。\n\n第二段。\n")
    assert Article.objects.get().body == "<p>第一段。</p><p>第二段。</p>"


def test_equal_values_have_the_same_fingerprint_in_whatever_order_they_come():
    values = {"title": "转变作风 优化环境", "section": "commentary", "series_number": 4}
    assert digest(values) == digest(dict(reversed(values.items())))


def test_the_fingerprint_is_the_one_earlier_releases_stored():
    """Articles keep the fingerprint an earlier import stored; a new way to compute it would
    make every edited article look overwritten by its file."""
    values = {"title": "转变作风 优化环境", "section": "commentary", "series_number": 4}
    assert digest(values) == "aadf6b70a4ae0d11d961f8213440adb442b097c87d1210efcff3ba9d836be5a9"


def page_of(count: int) -> str:
    """A page of ``count`` briefs in the column 基层动态, each by a reporter, and ``count``
    numbered commentaries of a series, each by a commentator."""
    briefs = "".join(
        f"## 社区简讯第{n}则\n\n本报讯(记者孙悦)第{n}则简讯的正文。\n\n" for n in range(count)
    )
    commentaries = "".join(
        f"# 解放区优化营商环境系列评论{n + 1} 第{n}篇评论\n\n□ 强 声\n\n第{n}篇评论的正文。\n\n"
        for n in range(count)
    )
    return f"# 基层动态\n\n{briefs}{commentaries}"


def queries_planning(count: int) -> int:
    """The queries of planning a corrected copy of a page of ``page_of(count)`` whose
    articles editors have all moved to another page."""
    import_text(page_of(count), draft=True)
    issue = Issue.objects.get()
    issue.articles.update(page=Page.objects.create(issue=issue, number=2))
    with CaptureQueriesContext(connection) as queries:
        plan = plan_of(page_of(count) + "\n")
    assert [change.action for change in plan.articles] == [UNCHANGED] * (2 * count)
    return len(queries)


def test_planning_a_re_import_costs_the_same_queries_however_many_articles_it_prints(db):
    fewer = queries_planning(2)
    Issue.objects.all().delete()
    assert queries_planning(5) == fewer


# ---------------------------------------------------------------------------------------------
# What becomes of each article, and what needs confirming.


def test_a_published_issues_programme_takes_a_performance_entered_by_hand_for_a_new_evening(db):
    import_text(SEED_TEXT)
    by_hand = make_performance(date=datetime.date(2022, 9, 5), acts=())
    corrected = edit(SEED_TEXT, "扫一扫", "- 9月5日节目单\n- ▶相声《学小曲》 展奇 杨森\n\n扫一扫")
    programme = plan_of(corrected).articles[-1]
    assert [(p.date.day, p.action, p.confirm) for p in programme.performances] == [
        (3, UNCHANGED, False),
        (4, UNCHANGED, False),
        (5, LINK, False),
    ]
    assert programme.performances[-1].performance == by_hand


@pytest.mark.parametrize(
    ("moved_to", "said"), [(2, "moved to page 2"), (None, "taken off its page")]
)
def test_a_dry_run_keeps_an_article_an_editor_moved_saying_where(db, moved_to, said):
    import_text(SEED_TEXT)
    issue = Issue.objects.get()
    page = Page.objects.create(issue=issue, number=moved_to) if moved_to else None
    Article.objects.filter(title=FIFTH).update(page=page)
    summary = plan_of(without_fifth()).summary("utf-8")
    assert f"  keep article 5 “{FIFTH}” (published, {said})" in summary.splitlines()


def test_a_dry_run_lists_the_articles_an_added_one_moves_down(db):
    import_text(SEED_TEXT)
    added = edit(SEED_TEXT, "# 解放区一志愿服务项目", NEW + "# 解放区一志愿服务项目")
    lines = plan_of(added).summary("utf-8").splitlines()
    assert f"  update article 5 “{SEED_TITLES[3]}”: position, source line" in lines


def test_another_file_for_an_untouched_draft_page_changes_it_only_when_confirmed(db):
    import_text(SEED_TEXT, draft=True)
    message = refusal_of(COMMUNITY, source="other.txt", draft=True)
    assert f"(imported from another file, {SEED.name})" in message
    assert message.endswith("Run again with --replace to confirm.")
    assert sorted(Article.objects.values_list("title", flat=True)) == sorted(SEED_TITLES)


def test_an_article_changed_without_a_version_saying_by_whom_is_still_editors_work(db):
    import_text(SEED_TEXT, draft=True)
    Article.objects.filter(title=FIFTH).update(dateline="本报讯（改）")  # no version saved
    message = refusal_of(without_fifth(), draft=True)
    assert message == (
        f"not imported, as it would delete article 5 “{FIFTH}” (changed since the import). "
        "Run again with --replace to confirm."
    )


def test_a_corrected_article_the_file_lacks_is_deleted_only_when_confirmed(db):
    import_text(SEED_TEXT)
    Correction.objects.create(article=seed_article(5), text="更正：日期有误。")
    message = refusal_of(without_fifth())
    assert message == (
        f"not imported, as it would delete article 5 “{FIFTH}” (published, corrected). "
        "Run again with --replace to confirm."
    )


def test_an_article_two_editors_changed_names_both_when_the_file_would_overwrite_it(db, members):
    import_text(SEED_TEXT, draft=True)
    save_as(members["编辑"], seed_article(4), body="<p>编辑改过的正文。</p>")
    save_as(members["总编辑"], seed_article(4), dateline="本报讯（总编辑）")
    message = refusal_of(with_fourth_retitled(), draft=True)
    names = ", ".join(sorted([members["编辑"].username, members["总编辑"].username]))
    assert message == (
        f"not imported, as it would overwrite article 4 “{SEED_TITLES[3]}” (changed by {names}). "
        "Run again with --replace to confirm."
    )


def test_an_article_a_file_corrects_stays_itself_when_one_is_added_above_it(db):
    import_text(SEED_TEXT)
    corrected = edit(SEED_TEXT, "此次签约,线上线下", "此次签约,线上与线下")
    plan = plan_of(before_first(corrected, NEW))
    assert [(c.action, c.article) for c in plan.articles[:2]] == [
        (CREATE, None),
        (UPDATE, seed_article(1)),
    ]


# ---------------------------------------------------------------------------------------------
# Where each article goes in the issue.


def test_editors_spacing_of_a_page_survives_a_file_printing_the_same_articles(db, members):
    import_text(SEED_TEXT)
    save_as(members["编辑"], seed_article(9), position=20)
    import_text(with_fourth_corrected())
    assert positions() == {title: n for n, title in enumerate(SEED_TITLES[:8], 1)} | {
        SEED_TITLES[8]: 20
    }


def test_an_article_moved_to_another_page_keeps_its_place_there_when_the_file_prints_it(
    db, members
):
    import_text(SEED_TEXT)
    second = Page.objects.create(issue=Issue.objects.get(), number=2)
    save_as(members["编辑"], seed_article(2), page=second, position=20)
    import_text(with_fourth_corrected())
    assert (seed_article(2).page, seed_article(2).position) == (second, 20)


def test_with_editors_make_up_new_articles_take_the_first_free_places_from_where_printed(db):
    make_article(issue=make_issue(date=SEED_DATE), position=30, title="编辑在导入前加的稿件")
    import_text(SEED_TEXT, draft=True)
    first, second = seed_article(1), seed_article(2)
    Article.objects.filter(pk__in=[first.pk, second.pk]).set_positions_aside()
    Article.objects.filter(pk=first.pk).update(position=2)
    Article.objects.filter(pk=second.pk).update(position=1)
    corrected = edit(
        without_fifth(),
        "# 解放区召开十一届区委常委会",
        NEW + OTHER_NEW + "# 解放区召开十一届区委常委会",
    )
    plan = plan_of(corrected, draft=True)
    assert {c.parsed.title: c.position for c in plan.articles if c.action == CREATE} == {
        "解放区开展秋季爱国卫生运动": 5,
        "解放区举办社区运动会": 10,
    }
    assert [c.article.title for c in plan.articles if c.action == DELETE] == [FIFTH]


def test_a_page_imported_into_an_issue_numbers_its_articles_around_those_added_by_hand(db):
    issue = make_issue(date=SEED_DATE)
    make_article(issue=issue, position=2)
    make_article(issue=issue, position=5)
    plan = plan_of(SEED_TEXT)
    assert [c.position for c in plan.articles] == [1, 3, 4, 6, 7, 8, 9, 10, 11]


@pytest.fixture
def line_unknown(db) -> Article:
    """A page of 甲稿 and 乙稿 imported before source lines were kept; editors moved 甲稿 to
    page 2 at position 10, and a file of 乙稿 alone (on its first line) was imported since.
    Returns 甲稿, its line still unknown."""
    import_text(FIRST + SECOND, draft=True)
    Article.objects.update(source_line=None)
    first = Article.objects.get(title="甲稿")
    first.page = Page.objects.create(issue=first.issue, number=2)
    first.position = 10
    first.save()
    import_text(SECOND, draft=True)
    first.refresh_from_db()
    assert (first.source_line, Article.objects.get(title="乙稿").source_line) == (None, 1)
    return first


def test_an_article_of_unknown_line_moved_to_another_page_keeps_its_place_there(line_unknown):
    plan = plan_of(FIRST + SECOND, draft=True)
    assert {c.title: c.position for c in plan.articles} == {"甲稿": 10, "乙稿": 1}


def test_an_article_of_unknown_line_counts_as_printed_first_so_its_place_is_editors(line_unknown):
    """Back on its page after 乙稿, it is in another order than the file's, as far as the
    import knows: editors' make-up, kept when the file adds 丙稿."""
    line_unknown.page = line_unknown.source_page
    line_unknown.position = 5
    line_unknown.save()
    plan = plan_of(SECOND + FIRST + THIRD, draft=True)
    assert {c.title: c.position for c in plan.articles} == {"乙稿": 1, "甲稿": 5, "丙稿": 3}


def test_a_retitled_article_stays_itself_when_an_editor_moved_another_to_another_page(db, members):
    """Its place is its place in the file as last imported: moving an earlier article away
    shifts nothing, so the file's fourth is still the fourth and is retitled, not made anew."""
    import_text(SEED_TEXT)
    second = Page.objects.create(issue=Issue.objects.get(), number=2)
    save_as(members["编辑"], seed_article(2), page=second, position=20)
    fourth = seed_article(4)
    change = plan_of(with_fourth_retitled()).articles[3]
    assert (change.action, change.article, change.fields) == (UPDATE, fourth, ("title",))


def test_a_retitled_article_stays_itself_when_editors_put_it_before_another(db, members):
    import_text(SEED_TEXT)
    third, fourth = seed_article(3), seed_article(4)
    Article.objects.filter(pk__in=[third.pk, fourth.pk]).set_positions_aside()
    save_as(members["编辑"], Article.objects.get(pk=fourth.pk), position=3)
    save_as(members["编辑"], Article.objects.get(pk=third.pk), position=4)
    change = plan_of(with_fourth_retitled()).articles[3]
    assert (change.action, change.article, change.fields) == (UPDATE, fourth, ("title",))
