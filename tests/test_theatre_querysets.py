"""The theatre's reader rules, each a QuerySet method of ``events.models``, tested directly.

Every page, feed, sitemap and API answer of the theatre derives from these (issue 17): each
test here puts rows on both sides of a method's condition, at its edge where it has one,
and fails if the condition, the order or what it fetches in advance slips.

The clock stands still (``now``): "due now" and "today" mean the same in a test and in the
queries it runs, whenever it runs.
"""

import datetime

import pytest
from django.utils import timezone

from articles.models import ArticleStatus, IssueStatus
from events.models import (
    CALENDAR_HISTORY,
    Act,
    ActPerformer,
    FormerPerformerSlug,
    Performance,
    Performer,
    Piece,
)
from events.sitemaps import PerformanceSitemap

from .factories import make_article, make_issue, make_performance

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]  # conftest.py

SECOND = datetime.timedelta(seconds=1)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def today(now) -> datetime.date:
    return timezone.localdate(now)


def hidden_article():
    """A programme article not published: its performances are for editors only."""
    return make_article(section_slug="theatre", status=ArticleStatus.DRAFT)


def performer(name: str) -> Performer:
    return Performer.objects.get(name=name)


def piece(title: str) -> Piece:
    return Piece.objects.get(title=title)


def evenings(queryset) -> list[tuple]:
    return [(p.date, p.time) for p in queryset]


def acts_of(queryset) -> list[tuple]:
    """Acts as (date, time, order): where each falls in a list of bills."""
    return [(act.performance.date, act.performance.time, act.order) for act in queryset]


def shuffle_bill(performance: Performance) -> None:
    """Bill the acts of ``performance`` in neither the order they were made in nor its
    reverse (three acts: 2, 3, 1), so that an order by key is not the billed order."""
    acts = list(performance.acts.order_by("pk"))
    for n, act in enumerate(acts, start=1):
        act.order = n % len(acts) + 1
    Act.objects.bulk_update(acts, ["order"])


def bill(date: datetime.date, time: datetime.time | None) -> list[tuple]:
    """The three acts of an evening, as ``acts_of`` lists them."""
    return [(date, time, order) for order in (1, 2, 3)]


# Performance ---------------------------------------------------------------------------------


class TestPerformanceVisible:
    def test_announced_by_an_article_due_now_not_one_second_later(self, now):
        due_now = make_performance(article=make_article(published_at=now))
        make_performance(article=make_article(published_at=now + SECOND))

        assert list(Performance.objects.visible()) == [due_now]

    def test_announced_in_an_issue_out_now_not_one_second_later(self, now):
        out_now = make_performance(article=make_article(issue=make_issue(published_at=now)))
        make_performance(article=make_article(issue=make_issue(published_at=now + SECOND)))

        assert list(Performance.objects.visible()) == [out_now]

    def test_a_draft_a_withdrawn_article_or_a_draft_issue_hides_it(self, now):
        published = make_performance(article=make_article())
        make_performance(article=hidden_article())
        make_performance(article=make_article(status=ArticleStatus.WITHDRAWN, published_at=now))
        # Taken back to draft after it came out: it keeps its publication time.
        draft_issue = make_issue(status=IssueStatus.DRAFT, published_at=now - DAY)
        make_performance(article=make_article(issue=draft_issue, published_at=now))

        assert list(Performance.objects.visible()) == [published]

    def test_one_entered_by_hand_is_visible(self):
        by_hand = make_performance(article=None)

        assert list(Performance.objects.visible()) == [by_hand]


class TestPerformanceUpcomingAndPast:
    @pytest.fixture
    def around_today(self, today):
        """Yesterday, today at two times (the later made first) and tomorrow."""
        for date, time in (
            (today - DAY, datetime.time(19, 30)),
            (today, datetime.time(19, 30)),
            (today, datetime.time(14, 0)),
            (today + DAY, datetime.time(19, 30)),
        ):
            make_performance(date=date, time=time)

    def test_upcoming_from_today_soonest_first(self, today, around_today):
        assert evenings(Performance.objects.upcoming()) == [
            (today, datetime.time(14, 0)),
            (today, datetime.time(19, 30)),
            (today + DAY, datetime.time(19, 30)),
        ]

    def test_past_before_today_latest_first(self, today, around_today):
        make_performance(date=today - DAY, time=datetime.time(14, 0))
        make_performance(date=today - 2 * DAY, time=datetime.time(20, 0))

        assert evenings(Performance.objects.past()) == [
            (today - DAY, datetime.time(19, 30)),
            (today - DAY, datetime.time(14, 0)),
            (today - 2 * DAY, datetime.time(20, 0)),
        ]


def test_in_months_from_the_first_day_of_the_first_to_the_last_day_of_the_last():
    for date in ("2022-07-31", "2022-08-01", "2022-08-31", "2022-09-30", "2022-10-01"):
        make_performance(date=datetime.date.fromisoformat(date))

    shown = Performance.objects.in_months(datetime.date(2022, 8, 1), datetime.date(2022, 9, 1))

    assert [str(p.date) for p in shown] == ["2022-08-01", "2022-08-31", "2022-09-30"]


def test_in_months_ends_a_december_with_the_year():
    for date in ("2021-12-31", "2022-01-01"):
        make_performance(date=datetime.date.fromisoformat(date))

    shown = Performance.objects.in_months(datetime.date(2021, 12, 1), datetime.date(2021, 12, 1))

    assert [str(p.date) for p in shown] == ["2021-12-31"]


def test_in_calendar_upcoming_and_back_to_the_calendar_history(today):
    oldest = today - CALENDAR_HISTORY
    for date in (oldest - DAY, oldest, today - DAY, today + DAY):
        make_performance(date=date)

    assert [p.date for p in Performance.objects.in_calendar()] == [
        oldest,
        today - DAY,
        today + DAY,
    ]


class TestPerformanceForSitemap:
    def test_oldest_first_and_on_one_day_in_the_order_made(self):
        day = datetime.date(2022, 9, 3)
        evening = make_performance(date=day, time=datetime.time(19, 30))
        afternoon = make_performance(date=day, time=datetime.time(14, 0))
        earlier = make_performance(date=day - DAY, time=datetime.time(19, 30))

        assert list(Performance.objects.for_sitemap()) == [earlier, evening, afternoon]

    def test_each_entry_in_one_query_without_the_articles_text(self, django_assert_num_queries):
        article = make_article(section_slug="theatre")
        make_performance(article=article)
        make_performance(article=None)
        sitemap = PerformanceSitemap()

        with django_assert_num_queries(1):
            entries = [(p.get_absolute_url(), sitemap.lastmod(p)) for p in sitemap.items()]

        assert [lastmod for _url, lastmod in entries] == [article.updated, None]
        announced = sitemap.items()[0]
        assert {"time", "programme_id"} <= announced.get_deferred_fields()
        assert "body" in announced.article.get_deferred_fields()

    def test_the_sitemap_lists_visible_evenings_only(self):
        shown = make_performance(article=make_article(section_slug="theatre"))
        make_performance(article=hidden_article())

        assert list(PerformanceSitemap().items()) == [shown]


class TestPerformanceWithActs:
    @pytest.fixture
    def performance(self):
        performance = make_performance(
            article=make_article(section_slug="theatre"),
            acts=[("相声", "学小曲", ["展奇", "杨森"]), ("大返场", "", ["丁艺"])],
        )
        shuffle_bill(performance)
        return performance

    def test_the_bill_in_order_in_three_queries_whatever_its_length(
        self, performance, django_assert_num_queries
    ):
        make_performance(acts=[("小品", f"小品{n}", [f"演员{n}"]) for n in range(5)])

        with django_assert_num_queries(3):
            bills = {
                p.pk: (
                    p.programme.name,
                    p.article and p.article.title,
                    [
                        (str(a.piece), [c.performer.name for c in a.credits.all()])
                        for a in p.acts.all()
                    ],
                )
                for p in Performance.objects.with_acts()
            }

        assert bills[performance.pk] == (
            "解放小剧场",
            performance.article.title,
            [("大返场", ["丁艺"]), ("相声《学小曲》", ["展奇", "杨森"])],
        )

    def test_the_announcing_article_without_its_text(self, performance):
        [shown] = Performance.objects.filter(pk=performance.pk).with_acts()

        assert {"body", "search_body"} <= shown.article.get_deferred_fields()
        assert "title" not in shown.article.get_deferred_fields()


# Piece ---------------------------------------------------------------------------------------


def test_titled_leaves_out_pieces_without_a_title():
    make_performance(acts=[("相声", "学小曲", []), ("魔术", "", [])])

    assert [str(p) for p in Piece.objects.titled()] == ["相声《学小曲》"]


def test_get_or_create_printed_finds_the_piece_however_it_was_printed():
    piece, created = Piece.objects.get_or_create_printed(" 相声 ", "《学小曲》")
    again, created_again = Piece.objects.get_or_create_printed("相声 ", " 《学小曲》")

    assert (piece.form, piece.title, created) == ("相声", "学小曲", True)
    assert (again, created_again) == (piece, False)


def test_delete_unused_keeps_pieces_an_act_performs():
    make_performance(acts=[("相声", "学小曲", [])])
    Piece.objects.create(form="相声", title="改过名的")

    Piece.objects.delete_unused()

    assert [str(p) for p in Piece.objects.all()] == ["相声《学小曲》"]


def test_performed_by_counts_the_titled_pieces_of_the_performers_visible_acts(today):
    make_performance(
        date=today - DAY, acts=[("相声", "学小曲", ["展奇"]), ("小品", "甲", ["展奇"])]
    )
    make_performance(
        date=today + DAY, acts=[("相声", "学小曲", ["展奇"]), ("大返场", "", ["展奇"])]
    )
    make_performance(acts=[("小品", "乙", ["展奇"]), ("小品", "丙", ["展奇"])])
    make_performance(article=hidden_article(), acts=[("小品", "乙", ["展奇"])] * 2)
    make_performance(acts=[("小品", "甲", ["杨森"]), ("相声", "别人的", ["杨森"])])

    pieces = Piece.objects.performed_by(performer("展奇"))

    assert [(str(p), p.times) for p in pieces] == [
        ("相声《学小曲》", 2),
        ("小品《丙》", 1),
        ("小品《乙》", 1),
        ("小品《甲》", 1),
    ]


# Performer and their former addresses --------------------------------------------------------


def test_visible_performers_are_those_billed_in_a_visible_performance():
    make_performance(acts=[("相声", "学小曲", ["展奇"])])
    make_performance(article=make_article(), acts=[("相声", "学小曲", ["杨森"])])
    make_performance(article=hidden_article(), acts=[("相声", "学小曲", ["只在草稿里"])])
    Performer.objects.create(name="从未登台")

    assert set(Performer.objects.visible().values_list("name", flat=True)) == {"展奇", "杨森"}


def test_partners_of_counts_shared_visible_acts_most_frequent_first():
    make_performance(acts=[("相声", "甲", ["展奇", "杨森"]), ("相声", "乙", ["展奇", "杨森"])])
    make_performance(acts=[("相声", "丙", ["展奇", "龙龙"]), ("快板", "丁", ["张鑫", "展奇"])])
    make_performance(article=hidden_article(), acts=[("相声", "戊", ["展奇", "龙龙"])] * 2)
    make_performance(acts=[("相声", "己", ["杨森", "丁艺"])])

    partners = Performer.objects.partners_of(performer("展奇"))

    assert [(p.name, p.shared_acts) for p in partners] == [("杨森", 2), ("张鑫", 1), ("龙龙", 1)]


class TestFormerSlugsVisible:
    def test_only_those_leading_to_a_visible_performer(self):
        make_performance(acts=[("相声", "学小曲", ["展奇"])])
        make_performance(article=hidden_article(), acts=[("相声", "学小曲", ["只在草稿里"])])
        FormerPerformerSlug.objects.create(slug="zhan-qi", performer=performer("展奇"))
        FormerPerformerSlug.objects.create(slug="hidden", performer=performer("只在草稿里"))

        assert [f.slug for f in FormerPerformerSlug.objects.visible()] == ["zhan-qi"]

    def test_with_the_performer_in_the_same_query(self, django_assert_num_queries):
        make_performance(acts=[("相声", "学小曲", ["展奇"])])
        FormerPerformerSlug.objects.create(slug="zhan-qi", performer=performer("展奇"))

        with django_assert_num_queries(1):
            assert (
                FormerPerformerSlug.objects.visible().get(slug="zhan-qi").performer.name == "展奇"
            )


# Act -----------------------------------------------------------------------------------------


def test_visible_acts_are_those_of_visible_performances():
    make_performance(acts=[("相声", "手写的", [])])
    make_performance(article=make_article(), acts=[("相声", "登报的", [])])
    make_performance(article=hidden_article(), acts=[("相声", "草稿的", [])])

    assert {act.piece.title for act in Act.objects.visible()} == {"手写的", "登报的"}


class TestActsUpcomingAndPast:
    @pytest.fixture
    def around_today(self, today):
        """Three acts (``shuffle_bill``) on each evening: yesterday and today at two times,
        the later made first, and tomorrow; and hidden evenings."""
        for date, time in (
            (today - DAY, datetime.time(19, 30)),
            (today - DAY, datetime.time(14, 0)),
            (today, datetime.time(19, 30)),
            (today, datetime.time(14, 0)),
            (today + DAY, datetime.time(19, 30)),
        ):
            shuffle_bill(make_performance(date=date, time=time, acts=[("相声", "", [])] * 3))
        for date in (today - 2 * DAY, today + 2 * DAY):
            make_performance(date=date, article=hidden_article())

    def test_upcoming_from_today_soonest_evening_first_each_bill_in_order(
        self, today, around_today
    ):
        afternoon, evening = datetime.time(14, 0), datetime.time(19, 30)

        assert acts_of(Act.objects.upcoming()) == [
            *bill(today, afternoon),
            *bill(today, evening),
            *bill(today + DAY, evening),
        ]

    def test_past_before_today_latest_evening_first_each_bill_in_order(self, today, around_today):
        afternoon, evening = datetime.time(14, 0), datetime.time(19, 30)

        assert acts_of(Act.objects.past()) == [
            *bill(today - DAY, evening),
            *bill(today - DAY, afternoon),
        ]


def test_billing_is_the_acts_that_bill_the_performer():
    make_performance(acts=[("相声", "甲", ["展奇", "杨森"]), ("相声", "乙", ["杨森"])])
    make_performance(acts=[("快板", "丙", ["张鑫", "展奇"])])

    assert {act.piece.title for act in Act.objects.billing(performer("展奇"))} == {"甲", "丙"}


def test_announced_in_the_bills_of_these_articles_evening_by_evening():
    programme, other = make_article(section_slug="theatre"), make_article(section_slug="theatre")
    day = datetime.date(2022, 9, 3)
    for date, time in (
        (day + DAY, None),
        (day, datetime.time(19, 30)),
        (day, datetime.time(14, 0)),
    ):
        shuffle_bill(
            make_performance(article=programme, date=date, time=time, acts=[("相声", "", [])] * 3)
        )
    make_performance(article=other, date=day - DAY)
    make_performance(article=None, date=day - 2 * DAY)

    assert acts_of(Act.objects.announced_in([programme])) == [
        *bill(day, datetime.time(14, 0)),
        *bill(day, datetime.time(19, 30)),
        *bill(day + DAY, None),
    ]


class TestActsFetchedInAdvance:
    @pytest.fixture(autouse=True)
    def bills(self):
        make_performance(acts=[("相声", "学小曲", ["展奇", "杨森"]), ("快板", "", ["丁艺"])])
        make_performance(acts=[("小品", f"小品{n}", [f"演员{n}", "杨森"]) for n in range(4)])
        credit = ActPerformer.objects.get(performer__name="杨森", act__piece__title="学小曲")
        credit.order = 0  # billed before 展奇, though credited after him
        credit.save()

    def test_with_credits_piece_and_performers_in_billed_order_in_two_queries(
        self, django_assert_num_queries
    ):
        with django_assert_num_queries(2):
            shown = [
                (str(act.piece), [c.performer.name for c in act.credits.all()])
                for act in Act.objects.with_credits()
            ]

        assert shown[:2] == [("相声《学小曲》", ["杨森", "展奇"]), ("快板", ["丁艺"])]
        assert len(shown) == 6

    def test_for_listing_adds_each_acts_evening_and_programme(self, django_assert_num_queries):
        with django_assert_num_queries(2):
            shown = [
                (
                    act.performance.programme.name,
                    act.performance.date,
                    str(act.piece),
                    [c.performer.name for c in act.credits.all()],
                )
                for act in Act.objects.for_listing()
            ]

        assert shown[0][2:] == ("相声《学小曲》", ["杨森", "展奇"])
        assert {programme for programme, *_rest in shown} == {"解放小剧场"}
