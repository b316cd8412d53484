"""What the import plan decides, and asks to confirm, for each evening a programme prints."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, ArticleStatus, Column, IssueStatus, Page
from events.models import Act, Performance, Performer, Piece, Programme
from newsroom.importing.loader import load_issue
from newsroom.importing.parser import parse_issue
from newsroom.importing.plan import (
    CREATE,
    DELETE,
    KEEP,
    LINK,
    UNCHANGED,
    UPDATE,
    Reason,
    plan_import,
)

from .factories import make_issue, make_performance, make_staff_user
from .helpers import edit, import_text, plan_of, save_as
from .seed_expectations import SEED, SEED_ACTS, SEED_DATE, SEED_TEXT

pytestmark = pytest.mark.django_db

PROGRAMME = "“解放小剧场” 场场都精彩"  # the seed's programme article
ANNOUNCED = Reason("announced", f"“{PROGRAMME}” ({SEED_DATE})")
SEPT_3, SEPT_4 = datetime.date(2022, 9, 3), datetime.date(2022, 9, 4)
ANOTHER_COPY = "a copy of the page with another checksum"
SEED_WITHOUT_SEPT_4 = SEED_TEXT[: SEED_TEXT.index("- 9月4日节目单")]
LITTLE_RED_HOOD = "  - ▶相声《小红帽》 展奇 张鑫\n"  # the fifth act of 2022-09-03
PROGRAMME_TEXT = "主要有脱口秀、相声、魔术等表演。"  # a sentence of the programme article
NEW_ARTICLE = (
    "# 解放区开展秋季爱国卫生运动\n\n本报讯(记者孙悦)8月24日,解放区组织开展秋季爱国卫生运动。\n\n"
)


def programme(plan):
    """The plan's change of the seed's programme article."""
    (change,) = [c for c in plan.articles if c.title == PROGRAMME]
    return change


def evenings(plan) -> list[tuple[str, datetime.date, bool]]:
    """What the plan does with each evening of the programme, and whether it asks first."""
    return [(c.action, c.date, c.confirm) for c in programme(plan).performances]


def evening(date) -> Performance:
    return Performance.objects.get(date=date)


def by_hand(date, acts=()) -> Performance:
    """An evening of 解放小剧场 an editor entered in the admin before the page was imported."""
    return make_performance(article=None, date=date, acts=acts)


@pytest.fixture
def draft_seed(db):
    """The seed page imported as a draft issue of 2022-08-25."""
    call_command("import_issue", str(SEED), "--date", str(SEED_DATE), "--draft", stdout=StringIO())


@pytest.fixture
def editors_evening(imported_seed):
    """The evening of 2022-09-03 as two editors left it: saved by both, its last act dropped."""
    performance = evening(SEPT_3)
    for username in ("editor_b", "editor_a"):
        save_as(make_staff_user(username=username), performance, time=datetime.time(19, 30))
    performance.acts.get(piece__title="小红帽").delete()
    return performance


# Evenings the import made -----------------------------------------------------------------------


def test_a_page_printed_again_as_before_leaves_every_evening_unchanged(imported_seed):
    assert evenings(plan_of(SEED_TEXT, sha256=ANOTHER_COPY)) == [
        (UNCHANGED, SEPT_3, False),
        (UNCHANGED, SEPT_4, False),
    ]


def test_a_corrected_bill_updates_the_evening_the_import_made_without_asking(imported_seed):
    plan = plan_of(edit(SEED_TEXT, LITTLE_RED_HOOD, ""))
    assert evenings(plan) == [(UPDATE, SEPT_3, False), (UNCHANGED, SEPT_4, False)]


def test_an_evening_editors_changed_keeps_their_bill_when_the_page_prints_it_as_before(
    editors_evening,
):
    assert evenings(plan_of(SEED_TEXT, sha256=ANOTHER_COPY)) == [
        (KEEP, SEPT_3, False),
        (UNCHANGED, SEPT_4, False),
    ]


def test_an_evening_editors_changed_is_reported_with_every_editor_who_changed_it(
    editors_evening,
):
    change = programme(plan_of(SEED_TEXT, sha256=ANOTHER_COPY)).performances[0]
    assert change.reasons == (Reason("public"), ANNOUNCED, Reason("changed", "editor_a, editor_b"))


def test_a_corrected_page_overwrites_an_evening_editors_changed_only_with_confirmation(
    imported_seed,
):
    save_as(make_staff_user(username="editor_a"), evening(SEPT_3), time=datetime.time(19, 30))
    corrected = edit(SEED_TEXT, PROGRAMME_TEXT, "主要有相声、魔术等表演。")
    plan = plan_of(edit(corrected, LITTLE_RED_HOOD, ""))
    assert evenings(plan) == [(UPDATE, SEPT_3, True), (UNCHANGED, SEPT_4, False)]


def test_a_corrected_bill_overwrites_an_evening_editors_changed_only_with_confirmation(
    imported_seed,
):
    """The programme article's own fingerprint leaves the bill out: each evening keeps the
    fingerprint of the bill the import last wrote, so a file correcting the bill alone is a
    change of the file's, and not taken for the editors' (who changed only the time)."""
    save_as(make_staff_user(username="editor_a"), evening(SEPT_3), time=datetime.time(19, 30))
    plan = plan_of(edit(SEED_TEXT, LITTLE_RED_HOOD, ""))
    assert evenings(plan) == [(UPDATE, SEPT_3, True), (UNCHANGED, SEPT_4, False)]


def test_the_corrected_bill_is_written_once_confirmed_and_its_fingerprint_with_it(
    imported_seed,
):
    save_as(make_staff_user(username="editor_a"), evening(SEPT_3), time=datetime.time(19, 30))
    corrected = edit(SEED_TEXT, LITTLE_RED_HOOD, "")
    before = evening(SEPT_3).source_digest
    import_text(corrected, replace=True)
    performance = evening(SEPT_3)
    assert [act.piece.title for act in performance.acts.all()] == [
        title for _form, title, _performers in SEED_ACTS[SEPT_3] if title != "小红帽"
    ]
    assert performance.time == datetime.time(19, 30)  # the editor's time stays
    assert performance.source_digest not in {"", before}
    assert evenings(plan_of(corrected, sha256=ANOTHER_COPY)) == [
        (UNCHANGED, SEPT_3, False),
        (UNCHANGED, SEPT_4, False),
    ]


def test_an_evening_imported_before_it_had_a_fingerprint_goes_by_its_articles(imported_seed):
    """Without the bill's fingerprint, the article's stands for it, as before there was one:
    a bill corrected alone is then taken for the editors' change and kept."""
    save_as(make_staff_user(username="editor_a"), evening(SEPT_3), time=datetime.time(19, 30))
    Performance.objects.update(source_digest="")
    plan = plan_of(edit(SEED_TEXT, LITTLE_RED_HOOD, ""))
    assert evenings(plan) == [(KEEP, SEPT_3, False), (UNCHANGED, SEPT_4, False)]


@pytest.mark.parametrize(
    ("imported", "reasons"),
    [("published", (Reason("public"), ANNOUNCED)), ("draft", (ANNOUNCED,))],
)
def test_an_evening_is_reported_as_seen_by_readers_only_when_they_see_it(
    request, imported, reasons
):
    request.getfixturevalue("imported_seed" if imported == "published" else "draft_seed")
    plan = plan_of(SEED_TEXT, sha256=ANOTHER_COPY, draft=imported == "draft")
    assert [c.reasons for c in programme(plan).performances] == [reasons, reasons]


# Evenings the programme no longer prints ----------------------------------------------------------


def test_an_untouched_evening_a_draft_no_longer_prints_is_deleted_without_asking(draft_seed):
    plan = plan_of(SEED_WITHOUT_SEPT_4, draft=True)
    assert evenings(plan) == [(UNCHANGED, SEPT_3, False), (DELETE, SEPT_4, False)]


def test_an_evening_readers_see_is_deleted_with_confirmation_though_an_article_comes_first(
    imported_seed,
):
    text = edit(SEED_WITHOUT_SEPT_4, f"# {PROGRAMME}", f"{NEW_ARTICLE}# {PROGRAMME}")
    assert evenings(plan_of(text)) == [(UNCHANGED, SEPT_3, False), (DELETE, SEPT_4, True)]


def test_a_programme_an_editor_moved_to_another_page_keeps_its_evenings(imported_seed):
    second = Page.objects.create(issue=Article.objects.get(title=PROGRAMME).issue, number=2)
    Article.objects.filter(title=PROGRAMME).update(page=second)
    change = programme(plan_of(SEED_TEXT[: SEED_TEXT.index(f"# {PROGRAMME}")]))
    assert (change.action, change.performances) == (KEEP, ())


# Evenings entered by hand, and evenings readers see --------------------------------------------


def test_an_evening_entered_by_hand_with_the_printed_bill_is_taken_without_confirmation(db):
    """Editors may type a bill's acts in any order and number them: the numbers are the bill."""
    performance = Performance.objects.create(
        programme=Programme.objects.get(name="解放小剧场"), date=SEPT_3
    )
    bill = list(enumerate(SEED_ACTS[SEPT_3], start=1))
    for order, (form, title, names) in reversed(bill):
        act = Act.objects.create(
            performance=performance,
            order=order,
            piece=Piece.objects.get_or_create_printed(form, title)[0],
        )
        act.set_performers(Performer.objects.get_or_create(name=name)[0] for name in names)
    assert evenings(plan_of(SEED_TEXT)) == [(LINK, SEPT_3, False), (CREATE, SEPT_4, False)]


@pytest.mark.parametrize(
    ("headline", "venue"), [("“焦作书场” 周末演出", "焦作书场"), ("周末演出", "解放小剧场")]
)
def test_an_evening_entered_by_hand_is_the_one_of_the_venue_the_programme_names(
    db, headline, venue
):
    """A programme that names no venue is 解放小剧场's."""
    stage, _created = Programme.objects.get_or_create(name=venue)
    entered = make_performance(
        article=None, programme=stage, date=datetime.date(2023, 7, 11), acts=()
    )
    text = f"# {headline}\n\n一。\n\n7月11日节目单\n▶相声《学小曲》 展奇 杨森\n\n"
    plan = plan_of(text, date=datetime.date(2023, 7, 1))
    (change,) = plan.articles[0].performances
    assert (change.action, change.performance) == (LINK, entered)


@pytest.mark.parametrize(
    ("status", "draft", "action"),
    [(ArticleStatus.DRAFT, False, KEEP), (ArticleStatus.PUBLISHED, True, LINK)],
    ids=["a draft programme imported published", "a published programme imported as a draft"],
)
def test_the_programmes_own_status_decides_whether_it_takes_an_evening_readers_see(
    imported_seed, status, draft, action
):
    evening(SEPT_3).delete()
    by_hand(SEPT_3)
    Article.objects.filter(title=PROGRAMME).update(status=status)
    plan = plan_of(SEED_TEXT, sha256=ANOTHER_COPY, draft=draft)
    assert evenings(plan) == [(action, SEPT_3, False), (UNCHANGED, SEPT_4, False)]


def test_a_page_imported_into_an_unpublished_issue_leaves_an_evening_readers_see_alone(db):
    make_issue(date=SEED_DATE, status=IssueStatus.DRAFT)
    by_hand(SEPT_3)
    assert evenings(plan_of(SEED_TEXT)) == [(KEEP, SEPT_3, False), (CREATE, SEPT_4, False)]


# What planning costs ---------------------------------------------------------------------------


def programme_page(month: int, days: int) -> str:
    """A page of one programme printing ``days`` evenings of ``month``, three acts each."""
    bills = "".join(
        f"- {month}月{day}日节目单\n- ▶快板书联唱 丁艺\n  - ▶相声《学小曲》 展奇 杨森\n"
        f"  - ▶相声《对春联{day}》 志博 程蕾\n"
        for day in range(11, 11 + days)
    )
    return f"# “解放小剧场” 周末演出\n\n“解放小剧场”开演。\n\n{bills}\n"


def planning_queries(month: int, days: int) -> int:
    """How many queries planning the page again takes, once it was imported."""
    text = programme_page(month, days)
    date = datetime.date(2023, month, 1)
    columns = list(Column.objects.values_list("name", flat=True))
    parsed = parse_issue(text, source=f"{month}.txt", issue_date=date, columns=columns)
    load_issue(parsed, sha256=f"first {month}")
    with CaptureQueriesContext(connection) as queries:
        plan = plan_import(parsed, sha256=f"again {month}")
    assert [c.action for c in plan.articles[0].performances] == [UNCHANGED] * days
    return len(queries)


def test_planning_a_re_import_takes_as_many_queries_for_many_evenings_as_for_one(db):
    assert planning_queries(7, days=1) == planning_queries(8, days=3)
