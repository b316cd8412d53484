"""The paper's QuerySet methods, tested directly: which issues, articles and corrections
readers see, what an editor may open, and what a page fetches in advance.

Every page, feed, sitemap, search and API answer derives from these; each test puts rows on
both sides of a method's condition, at its edge where it has one. The clock stands still
(``now``). The theatre's QuerySet methods are tested the same way in
test_theatre_querysets.py, and those that relate articles to each other in
test_reader_rules.py.
"""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.db.backends.base.operations import BaseDatabaseOperations

from articles.models import (
    Article,
    ArticleStatus,
    Column,
    Correction,
    Issue,
    IssueStatus,
    Page,
    Series,
    publication_time,
)
from articles.workflow import transition

from .factories import add_byline, make_article, make_author, make_issue, make_member
from .helpers import CHIEF, EDITOR, REPORTER, run_action

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

SECOND = datetime.timedelta(seconds=1)
DAY = datetime.timedelta(days=1)


def withdrawn_article(**values) -> Article:
    """A published article the chief editor withdrew: it keeps its publication time."""
    article = make_article(**values)
    transition(article, "withdraw", make_member(CHIEF), "报道有误，已撤回。")
    return article


# IssueQuerySet ------------------------------------------------------------------------------


class TestIssuePublished:
    def test_due_this_very_moment_but_not_one_second_later(self, now):
        due_now = make_issue(published_at=now)
        make_issue(published_at=now + SECOND)

        assert list(Issue.objects.published()) == [due_now]

    def test_a_draft_whose_time_has_come_is_not_published(self, now):
        make_issue(status=IssueStatus.DRAFT, published_at=now - DAY)

        assert not Issue.objects.published().exists()

    def test_unpublished_in_the_admin_it_keeps_its_time_and_is_hidden(self, english):
        issue = make_issue()
        assert list(Issue.objects.published()) == [issue]

        response = run_action(english, Issue, "unpublish_with_articles", [issue])

        assert response.status_code == 302
        issue.refresh_from_db()
        assert (issue.status, issue.published_at) == (
            IssueStatus.DRAFT,
            publication_time(issue.date),
        )
        assert not Issue.objects.published().exists()


class TestIssueMonths:
    def test_each_month_with_its_number_of_issues_newest_first_in_one_query(
        self, django_assert_num_queries
    ):
        for day in ((2021, 12, 30), (2022, 1, 6), (2022, 1, 13), (2022, 1, 31), (2022, 3, 3)):
            make_issue(date=datetime.date(*day))

        with django_assert_num_queries(1):
            months = [(month["month"], month["issues"]) for month in Issue.objects.months()]

        assert months == [
            (datetime.date(2022, 3, 1), 1),
            (datetime.date(2022, 1, 1), 3),
            (datetime.date(2021, 12, 1), 1),
        ]

    def test_counts_only_the_issues_it_is_given(self, now):
        make_issue(date=datetime.date(2022, 1, 6))
        make_issue(date=datetime.date(2022, 1, 13), status=IssueStatus.DRAFT)
        make_issue(date=datetime.date(2022, 1, 20), published_at=now + SECOND)
        make_issue(date=datetime.date(2022, 2, 3), status=IssueStatus.DRAFT)

        months = list(Issue.objects.published().months())

        assert months == [{"month": datetime.date(2022, 1, 1), "issues": 1}]


class TestIssueNeighbourDates:
    @pytest.fixture
    def issues(self, now):
        """Published on 7-28, 8-4, 8-18, 8-25 and 9-1; between them a draft (8-11), one not
        due (8-15) and one unpublished in the admin, its time kept (8-21)."""
        dates = {day: datetime.date(2022, *day) for day in ((7, 28), (8, 4), (8, 18), (8, 25))}
        dates[(9, 1)] = datetime.date(2022, 9, 1)
        for date in dates.values():
            make_issue(date=date)
        make_issue(date=datetime.date(2022, 8, 11), status=IssueStatus.DRAFT)
        make_issue(date=datetime.date(2022, 8, 15), published_at=now + SECOND)
        unpublished = datetime.date(2022, 8, 21)
        make_issue(date=unpublished, status=IssueStatus.DRAFT, published_at=now - DAY)
        return dates

    def test_the_nearest_published_issues_before_and_after(self, issues):
        neighbours = {
            issue.date: (issue.previous_date, issue.next_date)
            for issue in Issue.objects.published().with_neighbour_dates()
        }

        assert neighbours == {
            issues[(7, 28)]: (None, issues[(8, 4)]),
            issues[(8, 4)]: (issues[(7, 28)], issues[(8, 18)]),
            issues[(8, 18)]: (issues[(8, 4)], issues[(8, 25)]),
            issues[(8, 25)]: (issues[(8, 18)], issues[(9, 1)]),
            issues[(9, 1)]: (issues[(8, 25)], None),
        }

    def test_an_unpublished_issue_has_published_neighbours_too(self, issues):
        draft = Issue.objects.with_neighbour_dates().get(date=datetime.date(2022, 8, 11))

        assert (draft.previous_date, draft.next_date) == (issues[(8, 4)], issues[(8, 18)])

    def test_in_the_one_query_that_lists_the_issues(self, issues, django_assert_num_queries):
        with django_assert_num_queries(1):
            dates = [issue.previous_date for issue in Issue.objects.with_neighbour_dates()]

        assert len(dates) == 8


# ArticleQuerySet: what readers see -----------------------------------------------------------


class TestArticleReadableAndPublished:
    def test_published_in_an_issue_out_now_both_due_this_moment(self, now):
        article = make_article(issue=make_issue(published_at=now), published_at=now)

        assert list(Article.objects.published()) == [article]
        assert list(Article.objects.readable()) == [article]

    def test_the_article_due_but_its_issue_one_second_later(self, now):
        make_article(issue=make_issue(published_at=now + SECOND), published_at=now)

        assert not Article.objects.readable().exists()
        assert not Article.objects.published().exists()

    def test_the_issue_due_but_the_article_one_second_later(self, now):
        make_article(issue=make_issue(published_at=now), published_at=now + SECOND)

        assert not Article.objects.readable().exists()
        assert not Article.objects.published().exists()

    def test_a_due_article_in_a_draft_issue(self, now):
        issue = make_issue(status=IssueStatus.DRAFT, published_at=now - DAY)
        make_article(issue=issue, published_at=now - DAY)

        assert not Article.objects.readable().exists()
        assert not Article.objects.published().exists()

    @pytest.mark.parametrize(
        "status", [ArticleStatus.DRAFT, ArticleStatus.SUBMITTED, ArticleStatus.APPROVED]
    )
    def test_an_article_on_its_way_with_its_time_come_in_a_published_issue(self, now, status):
        make_article(status=status, published_at=now - DAY)

        assert not Article.objects.readable().exists()
        assert not Article.objects.published().exists()

    def test_withdrawn_keeps_its_page_but_leaves_every_list(self):
        published = make_article()
        withdrawn = withdrawn_article()

        assert set(Article.objects.readable()) == {published, withdrawn}
        assert list(Article.objects.published()) == [published]


class TestOpenTo:
    @pytest.fixture
    def articles(self):
        """A reporter's own article, another reporter's, and one nobody created (imported)."""
        reporter, other = make_member(REPORTER), make_member(REPORTER)
        own = make_article(status=ArticleStatus.DRAFT, created_by=reporter)
        others = make_article(created_by=other)
        imported = make_article()
        return {"reporter": reporter, "own": own, "all": {own, others, imported}}

    def test_a_reporter_opens_only_their_own(self, articles):
        assert list(Article.objects.open_to(articles["reporter"])) == [articles["own"]]

    @pytest.mark.parametrize("group", [EDITOR, CHIEF])
    def test_editors_open_every_article(self, articles, group):
        assert set(Article.objects.open_to(make_member(group))) == articles["all"]

    def test_it_keeps_the_narrowing_it_is_given(self, articles):
        editor = make_member(EDITOR)
        drafts = Article.objects.filter(status=ArticleStatus.DRAFT)

        assert list(drafts.open_to(editor)) == [articles["own"]]
        assert list(drafts.open_to(articles["reporter"])) == [articles["own"]]


class TestSetPositionsAside:
    @pytest.fixture
    def issue(self):
        """An issue of three articles at 1, 2, 3, and another issue of five."""
        issue = make_issue()
        for position in (1, 2, 3):
            make_article(issue=issue, position=position, title=f"第{position}篇")
        other = make_issue()
        for position in range(1, 6):
            make_article(issue=other, position=position)
        return issue

    def positions(self, issue) -> dict[str, int]:
        return dict(issue.articles.values_list("title", "position"))

    def test_past_every_position_of_their_issue_in_one_update(
        self, issue, django_assert_num_queries
    ):
        others = list(Article.objects.exclude(issue=issue).values_list("pk", "position"))

        with django_assert_num_queries(2):  # the issues' last position, then the update
            moved = issue.articles.filter(position__in=(1, 2)).set_positions_aside()

        assert moved == 2
        positions = self.positions(issue)
        assert positions["第3篇"] == 3
        assert min(positions["第1篇"], positions["第2篇"]) > 3
        assert positions["第1篇"] < positions["第2篇"]  # in their order still
        assert list(Article.objects.exclude(issue=issue).values_list("pk", "position")) == others

    def test_the_first_alone_steps_past_the_last_not_onto_it(self, issue):
        issue.articles.filter(position=1).set_positions_aside()

        assert self.positions(issue)["第1篇"] > 3

    def test_an_issue_numbered_to_half_the_range_steps_aside_within_it(self):
        """A position is a small integer, at most 32767 on PostgreSQL (production, CI).
        Stepping aside moves each article no further than it must, past the last position:
        an issue numbered up to half of that still fits."""
        largest = BaseDatabaseOperations.integer_field_ranges["PositiveSmallIntegerField"][1]
        issue = make_issue()
        for position in (1, largest // 2):
            make_article(issue=issue, position=position)

        issue.articles.set_positions_aside()

        assert max(issue.articles.values_list("position", flat=True)) <= largest

    def test_then_they_swap_places_one_save_at_a_time(self, issue):
        first, second = issue.articles.filter(position__in=(1, 2)).order_by("position")
        with transaction.atomic(), pytest.raises(IntegrityError):
            Article.objects.filter(pk=first.pk).update(position=2)  # without stepping aside

        issue.articles.filter(pk__in=(first.pk, second.pk)).set_positions_aside()
        for article, position in ((first, 2), (second, 1)):
            article.position = position
            article.save(update_fields=["position"])

        assert self.positions(issue) == {"第1篇": 2, "第2篇": 1, "第3篇": 3}


# ArticleQuerySet: what a page fetches ------------------------------------------------------


class TestFetchedInAdvance:
    @pytest.fixture
    def listed(self):
        """Five articles, each of its own issue, in a column and a series, with two bylines,
        on a printed page, with a photographer."""
        series = Series.objects.create(name="系列")
        column = Column.objects.get(name="基层动态")
        for n in range(1, 6):
            issue = make_issue()
            article = make_article(
                issue=issue,
                column=column,
                series=series,
                series_number=n,
                page=Page.objects.create(issue=issue, number=1),
                photographer=make_author(),
            )
            add_byline(article, make_author())
            add_byline(article, make_author(), order=2)

    def shown(self, articles) -> list:
        """What a list or a printed page reads of each article."""
        return [
            (
                article.issue.date,
                article.section.name,
                article.column.name,
                article.series.name,
                [byline.author.name for byline in article.bylines.all()],
                article.title,
                article.summary,
            )
            for article in articles
        ]

    def test_a_list_in_two_queries_without_the_search_copies(
        self, listed, django_assert_num_queries
    ):
        with django_assert_num_queries(2):  # the articles, then their bylines and authors
            articles = list(Article.objects.for_listing())
            shown = self.shown(articles)

        assert len(shown) == 5
        for article in articles:
            assert article.get_deferred_fields() == set(Article.SEARCH_COLUMNS)

    def test_a_printed_page_adds_the_page_and_photographer_in_the_same_queries(
        self, listed, django_assert_num_queries
    ):
        with django_assert_num_queries(2):
            articles = list(Article.objects.for_reading())
            shown = self.shown(articles)
            printed = [(article.page.number, article.photographer.name) for article in articles]

        assert len(shown) == len(printed) == 5
        for article in articles:
            assert article.get_deferred_fields() == set(Article.SEARCH_COLUMNS)


# CorrectionQuerySet -------------------------------------------------------------------------


class TestCorrectionPublished:
    def test_due_this_very_moment_on_a_readable_article(self, now):
        article = make_article()
        due = Correction.objects.create(article=article, text="更正一", published_at=now)
        Correction.objects.create(article=article, text="更正二", published_at=now + SECOND)

        assert list(Correction.objects.published()) == [due]

    def test_a_withdrawn_articles_corrections_stay_on_record(self, now):
        withdrawn = withdrawn_article()
        kept = Correction.objects.create(article=withdrawn, text="更正", published_at=now - DAY)

        assert list(Correction.objects.published()) == [kept]

    def test_none_on_an_article_readers_may_not_see(self, now):
        hidden = [
            make_article(status=ArticleStatus.DRAFT, published_at=now - DAY),
            make_article(published_at=now + SECOND),
            make_article(issue=make_issue(status=IssueStatus.DRAFT, published_at=now - DAY)),
        ]
        for article in hidden:
            Correction.objects.create(article=article, text="更正", published_at=now - DAY)

        assert not Correction.objects.published().exists()
