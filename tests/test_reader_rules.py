"""The reader rules derived from publication, each a QuerySet method every page, feed,
sitemap, search and API answer uses: names in print, articles by an author, the articles
around one, bylines as an author's page lists them. Also the author a photo credit names."""

import datetime

import pytest
from django.db.models import Count, Max
from django.utils import timezone

from articles.models import (
    RELATIONS,
    Article,
    ArticleStatus,
    Author,
    Byline,
    Column,
    Section,
    Series,
    credited_photographer,
)
from articles.workflow import transition

from .factories import add_byline, make_article, make_author, make_issue, make_member

# The clock stands still in each test (the ``now`` fixture): "one second later" is still to
# come however slowly a loaded machine runs the test.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

LATER = datetime.timedelta(seconds=1)


def hidden_ways():
    """Articles readers may not see, each hidden a different way (by the article, by its
    issue, by time, by withdrawal)."""
    draft = make_article(status=ArticleStatus.DRAFT)
    # An issue unpublished after it was published keeps its publication time.
    unpublished = make_issue(status="draft", published_at=timezone.now() - LATER)
    in_draft_issue = make_article(issue=unpublished)
    not_due = make_article(published_at=timezone.now() + LATER)
    issue_not_due = make_article(issue=make_issue(published_at=timezone.now() + LATER))
    withdrawn = make_article()
    transition(withdrawn, "withdraw", make_member("总编辑"), "有误。")
    return [draft, in_draft_issue, not_due, issue_not_due, withdrawn]


class TestInPrint:
    def test_an_author_only_of_articles_readers_may_not_see_is_not_in_print(self):
        hidden_author = make_author("只见于草稿")
        for article in hidden_ways():
            add_byline(article, hidden_author)
        assert list(Author.objects.in_print()) == []

    def test_an_author_of_two_published_articles_is_listed_once(self):
        author = make_author()
        for _ in range(2):
            add_byline(make_article(), author)
        assert list(Author.objects.in_print()) == [author]

    def test_an_author_in_print_from_the_moment_the_article_is(self):
        author = make_author()
        article = make_article(published_at=timezone.now() + LATER)
        add_byline(article, author)
        assert not Author.objects.in_print().exists()
        Article.objects.filter(pk=article.pk).update(published_at=timezone.now())
        assert list(Author.objects.in_print()) == [author]

    def test_what_is_counted_after_it_is_only_what_is_published(self):
        author = make_author()
        add_byline(make_article(), author)
        for article in hidden_ways():
            add_byline(article, author)
        [counted] = Author.objects.in_print().annotate(
            articles=Count("bylines__article", distinct=True),
            latest=Max("bylines__article__updated"),
        )
        published = Article.objects.published().get()
        assert (counted.articles, counted.latest) == (1, published.updated)

    @pytest.mark.parametrize("model", [Series, Column])
    def test_a_series_or_column_in_print_has_a_published_article(self, model):
        field = model.__name__.lower()
        extra = {"series_number": 1} if model is Series else {}
        hidden = model.objects.create(name="未刊")
        for article in hidden_ways():
            setattr(article, field, hidden)
            for name, value in extra.items():
                setattr(article, name, value)
            article.save()
        shown = model.objects.create(name="已刊")
        make_article(**{field: shown}, **extra)
        make_article(**{field: shown}, **extra)
        assert list(model.objects.in_print()) == [shown]

    @pytest.mark.parametrize("model", [Series, Column], ids=["series", "column"])
    def test_a_series_or_column_links_to_its_page(self, client, model):
        field = model.__name__.lower()
        extra = {"series_number": 1} if model is Series else {}
        named = model.objects.create(name="解放区优化营商环境")
        make_article(**{field: named}, **extra, title="本篇")
        response = client.get(named.get_absolute_url())
        assert response.status_code == 200
        assert response.context[field] == named
        assert "本篇" in response.content.decode()


class TestByAuthor:
    def test_an_article_signed_in_two_roles_is_listed_once(self):
        author = make_author()
        article = make_article()
        add_byline(article, author, Byline.Role.REPORTER)
        add_byline(article, author, Byline.Role.PHOTOGRAPHER, order=2)
        assert list(Article.objects.by_author(author)) == [article]

    def test_only_the_authors_articles_of_several_authors(self):
        first, second, other = make_author(), make_author(), make_author()
        by_first, by_second, by_other = make_article(), make_article(), make_article()
        add_byline(by_first, first)
        add_byline(by_second, second)
        add_byline(by_other, other)
        found = Article.objects.by_author(first, second)
        assert set(found) == {by_first, by_second}

    def test_it_keeps_the_narrowing_it_is_given(self):
        author = make_author()
        for article in [make_article(), *hidden_ways()]:
            add_byline(article, author)
        assert Article.objects.published().by_author(author).count() == 1


class TestAround:
    def around(self, article, per_group=4):
        rows = Article.objects.published().around(article, per_group)
        return [(row.title, row.relation) for row in rows]

    def test_the_issue_around_and_the_first_group_each_shares(self):
        series, column = Series.objects.create(name="系列"), Column.objects.create(name="栏目")
        author = make_author()
        issue = make_issue()
        article = make_article(issue=issue, title="本篇", series=series, series_number=2)
        article.column = column
        article.save()
        add_byline(article, author)
        neighbour = make_article(issue=issue, title="同期")
        both = make_article(title="同系列同栏目", series=series, series_number=1, column=column)
        in_column = make_article(title="同栏目", column=column)
        signed = make_article(title="同作者")
        add_byline(signed, author)
        add_byline(in_column, author)
        make_article(title="无关")
        found = dict(self.around(article))
        assert found == {
            neighbour.title: "",
            both.title: "series",
            in_column.title: "column",
            signed.title: "authors",
        }
        assert list(RELATIONS) == ["series", "column", "authors"]

    def test_of_its_issue_only_the_ones_just_before_and_after_it(self):
        """The page links those two; reading the rest of the issue would tie its cached copy
        to every article of the issue (newsroom.caching stamps a page with what it read)."""
        issue = make_issue()
        first, before, article, _draft, after, last = (
            make_article(issue=issue, title=title, position=position, status=status)
            for position, title, status in [
                (1, "头条", ArticleStatus.PUBLISHED),
                (2, "前", ArticleStatus.PUBLISHED),
                (3, "本篇", ArticleStatus.PUBLISHED),
                (4, "未发", ArticleStatus.DRAFT),  # readers' next one is the one after it
                (5, "后", ArticleStatus.PUBLISHED),
                (6, "末", ArticleStatus.PUBLISHED),
            ]
        )
        assert dict(self.around(article)) == {before.title: "", after.title: ""}
        assert dict(self.around(first)) == {before.title: ""}
        assert dict(self.around(last)) == {after.title: ""}

    def test_never_the_article_itself_nor_what_readers_may_not_see(self):
        column = Column.objects.create(name="栏目")
        article = make_article(column=column, title="本篇")
        hidden = hidden_ways()
        Article.objects.filter(pk__in=[a.pk for a in hidden]).update(column=column)
        draft_alongside = make_article(issue=article.issue, status=ArticleStatus.DRAFT)
        assert draft_alongside.issue == article.issue
        assert self.around(article) == []

    def test_a_group_is_not_filled_with_what_an_earlier_group_listed(self):
        series, column = Series.objects.create(name="系列"), Column.objects.create(name="栏目")
        article = make_article(column=column, series=series, series_number=3, title="本篇")
        in_column = make_article(title="同栏目", column=column)
        both = make_article(title="同系列同栏目", column=column, series=series, series_number=1)
        assert both.issue.date > in_column.issue.date
        assert dict(self.around(article, per_group=1)) == {
            both.title: "series",
            in_column.title: "column",
        }

    def test_the_last_group_is_not_filled_with_what_any_earlier_group_listed(self):
        """Authors come after series and column: an article of the series by the same author
        is listed once, under the series, and the authors' group still lists its own."""
        series, column = Series.objects.create(name="系列"), Column.objects.create(name="栏目")
        author = make_author()
        article = make_article(column=column, series=series, series_number=3, title="本篇")
        add_byline(article, author)
        signed = make_article(title="同作者")
        in_series = make_article(title="同系列同作者", series=series, series_number=1)
        for other in (signed, in_series):
            add_byline(other, author)
        assert in_series.issue.date > signed.issue.date
        assert dict(self.around(article, per_group=1)) == {
            in_series.title: "series",
            signed.title: "authors",
        }

    def test_what_the_links_show_is_read_in_the_one_query(self, django_assert_num_queries):
        series = Series.objects.create(name="系列")
        article = make_article(series=series, series_number=2, title="本篇")
        make_article(series=series, series_number=1, title="第一篇")
        article = Article.objects.prefetch_related("bylines").get(pk=article.pk)
        with django_assert_num_queries(1):
            links = [
                (row.title, row.series_number, row.position, row.issue.date, row.relation)
                for row in Article.objects.published().around(article, 4)
            ]
        assert [link[:2] for link in links] == [("第一篇", 1)]

    def test_each_group_holds_the_newest_few(self):
        column = Column.objects.create(name="栏目")
        article = make_article(column=column, title="本篇")
        older = [make_article(column=column, title=f"旧{n}") for n in range(3)]
        found = [title for title, relation in self.around(article, per_group=2)]
        assert found == [older[2].title, older[1].title]  # make_issue dates rise with each call


class TestBylines:
    def test_an_authors_page_lists_published_bylines_by_role_then_newest(self):
        author = make_author()
        for hidden in hidden_ways():
            add_byline(hidden, author)
        old_report, new_report, photo = make_article(), make_article(), make_article()
        add_byline(photo, author, Byline.Role.PHOTOGRAPHER)
        add_byline(old_report, author, Byline.Role.REPORTER)
        add_byline(new_report, author, Byline.Role.REPORTER)
        commentary = make_article()
        add_byline(commentary, author, Byline.Role.COMMENTATOR)
        listed = author.bylines.published().for_listing().in_role_order()
        assert [(b.role, b.article) for b in listed] == [
            (Byline.Role.REPORTER, new_report),
            (Byline.Role.REPORTER, old_report),
            (Byline.Role.COMMENTATOR, commentary),
            (Byline.Role.PHOTOGRAPHER, photo),
        ]

    def test_of_one_role_in_one_issue_in_printed_order(self):
        author = make_author()
        issue = make_issue()
        second = make_article(issue=issue, position=2)
        first = make_article(issue=issue, position=1)
        add_byline(second, author)
        add_byline(first, author)
        listed = author.bylines.published().in_role_order()
        assert [b.article for b in listed] == [first, second]

    def test_a_role_the_paper_no_longer_offers_comes_after_every_role_it_does(self):
        """A role taken out of ``Byline.Role`` stays on the bylines that have it."""
        author = make_author()
        report, photo, newest = make_article(), make_article(), make_article()
        add_byline(report, author, Byline.Role.REPORTER)
        add_byline(photo, author, Byline.Role.PHOTOGRAPHER)
        add_byline(newest, author, "translator")
        listed = author.bylines.published().in_role_order()
        assert [b.article for b in listed] == [report, photo, newest]

    def test_a_list_of_bylines_costs_the_same_queries_however_long(
        self, django_assert_max_num_queries
    ):
        author = make_author()
        for _ in range(6):
            article = make_article()
            add_byline(article, author)
            add_byline(article, make_author(), Byline.Role.CORRESPONDENT, order=2)
        with django_assert_max_num_queries(2):  # the bylines, then their articles' bylines
            listed = list(author.bylines.published().for_listing())
            names = [b.author.name for row in listed for b in row.article.bylines.all()]
        assert len(names) == 12
        assert all(
            set(Article.SEARCH_COLUMNS) <= row.article.get_deferred_fields() for row in listed
        )


def test_newest_first_is_newest_issue_then_printed_order():
    old_issue, new_issue = make_issue(), make_issue()
    second = make_article(issue=new_issue, position=2)
    first = make_article(issue=new_issue, position=1)
    old = make_article(issue=old_issue)
    assert list(Article.objects.newest_first()) == [first, second, old]


def test_newest_first_keeps_printed_order_within_an_issue_of_a_sections_list():
    section = Section.objects.get(slug="community-news")
    old_issue, new_issue = make_issue(), make_issue()
    old = make_article(issue=old_issue)
    second = make_article(issue=new_issue, position=2)
    first = make_article(issue=new_issue, position=1)
    listed = Article.objects.published().filter(section=section).newest_first()
    assert list(listed) == [first, second, old]


class TestCreditedPhotographer:
    """The author a photo credit such as 本报记者 张三 摄 links to, among those the article
    credits as photographers."""

    def test_the_one_photographer_the_credit_names(self):
        named, other = make_author("张三"), make_author("李四")
        assert credited_photographer("本报记者 张三 摄", [other, named]) == named
        assert credited_photographer("本报记者 张三 摄", [named, other]) == named

    @pytest.mark.parametrize("credit", ["本报记者 张三 李四 摄", "新华社 摄", ""])
    def test_nobody_when_the_credit_names_two_of_them_or_neither(self, credit):
        assert credited_photographer(credit, [make_author("张三"), make_author("李四")]) is None
