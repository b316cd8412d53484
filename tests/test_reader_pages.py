"""The reader site's ways around: the e-paper issue, the archive calendar, an article's way on."""

import datetime
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from articles.models import Article, ArticleStatus, Byline, Column, IssueStatus, Series
from events.models import Programme

from .factories import add_byline, make_article, make_author, make_issue
from .helpers import (
    ARTICLE_MAX_QUERIES,
    ARTICLE_RENDERING_MAX_QUERIES,
    HOME_RENDERING_MAX_QUERIES,
    ISSUE_MAX_QUERIES,
    ISSUE_RENDERING_MAX_QUERIES,
    LIST_MAX_QUERIES,
    PAPER_PAGES,
    articles_shown,
    build_paper,
    future,
    in_order,
    main_html,
)

pytestmark = pytest.mark.django_db

ARTICLE_MAX_BYTES = 60 * 1024


@pytest.fixture
def client():
    """A reader whose browser asks for English, so interface strings are the msgids."""
    return Client(headers={"accept-language": "en"})


def month_url(year, month):
    return reverse("articles:issue_month", kwargs={"year": year, "month": month})


def issue_url(date):
    return reverse(
        "articles:issue", kwargs={"year": date.year, "month": date.month, "day": date.day}
    )


class TestArchive:
    @pytest.fixture
    def issues(self):
        make_issue(date=datetime.date(2021, 12, 30))
        make_issue(date=datetime.date(2022, 1, 6))
        make_issue(date=datetime.date(2022, 1, 13))
        make_issue(date=datetime.date(2022, 1, 20), status=IssueStatus.DRAFT)
        make_issue(date=datetime.date(2022, 1, 27), published_at=future())

    def test_index_shows_the_latest_month_as_a_calendar_then_months_by_year(self, client, issues):
        response = client.get(reverse("articles:issue_list"))

        assert response.status_code == 200
        assertTemplateUsed(response, "articles/issue_list.html")
        html = main_html(response)
        assert in_order(
            html,
            "<caption>Issues of January 2022</caption>",
            'href="/2022/1/6/"',
            'href="/2022/1/13/"',
            ">2022</h3>",
            f'href="{month_url(2022, 1)}"',
            "2 issues",
            ">2021</h3>",
            f'href="{month_url(2021, 12)}"',
            "1 issue",
        )
        assert "/2022/1/20/" not in html
        assert "/2022/1/27/" not in html

    def test_month_calendar_is_a_table_with_weekday_headers_and_linked_days(self, client, issues):
        response = client.get(month_url(2022, 1))

        assert response.status_code == 200
        assertTemplateUsed(response, "articles/issue_month.html")
        html = main_html(response)
        headers = re.findall(r'<th scope="col" abbr="(\w+)">(\w+)</th>', html)
        assert headers[0] == ("Monday", "Mon") and headers[-1] == ("Sunday", "Sun")
        assert len(headers) == 7
        # January 2022 starts on a Saturday: five blank days, then 1 and 2 January.
        assert html.count('<td class="month-calendar__outside"></td>') == 5 + 6
        assertContains(
            response,
            '<a href="/2022/1/6/" aria-label="Issue of Jan. 6, 2022">'
            '<time datetime="2022-01-06">6</time></a>',
            html=True,
        )
        assertContains(response, "<td>20</td>", html=True)  # a draft: no link
        assertContains(response, "<td>27</td>", html=True)  # not due yet: no link

    def test_month_links_the_nearest_months_that_have_issues(self, client, issues):
        make_issue(date=datetime.date(2022, 5, 5))

        response = client.get(month_url(2022, 1))

        assertContains(response, f'href="{month_url(2021, 12)}" rel="prev"')
        assertContains(response, f'href="{month_url(2022, 5)}" rel="next"')
        assertContains(response, f'href="{month_url(2022, 1)}" aria-current="page"')

    def test_month_without_issues_says_so(self, client, issues):
        response = client.get(month_url(2022, 3))

        assert response.status_code == 200
        assertContains(response, "No issue came out in this month.")
        assertContains(response, f'href="{month_url(2022, 1)}" rel="prev"')
        assertNotContains(response, 'rel="next"')

    @pytest.mark.parametrize("path", ["/issues/2022/13/", "/issues/2022/0/", "/issues/0/1/"])
    def test_impossible_month_is_not_found(self, client, path):
        assert client.get(path).status_code == 404

    def test_last_month_python_can_count_is_not_found_rather_than_an_error(self, client):
        assert client.get(month_url(9999, 12)).status_code == 404

    def test_archive_before_the_first_issue_says_so(self, client):
        response = client.get(reverse("articles:issue_list"))

        assertContains(response, "No issue has been published yet.")


class TestIssueByDate:
    def test_day_without_an_issue_redirects_to_the_one_before_and_says_why(self, client):
        earlier = make_issue(date=datetime.date(2022, 8, 18))
        make_issue(date=datetime.date(2022, 8, 25))

        response = client.get("/2022/8/24/")

        assert response.status_code == 302
        assert response["Location"] == earlier.get_absolute_url()
        followed = client.get(response["Location"])
        assertContains(followed, "No issue came out on Aug. 24, 2022.")

    def test_day_before_the_first_issue_redirects_to_its_month(self, client):
        make_issue(date=datetime.date(2022, 8, 25))

        response = client.get("/2022/8/1/", follow=True)

        assert response.redirect_chain == [(month_url(2022, 8), 302)]
        assertContains(response, "No issue came out on Aug. 1, 2022.")
        assertContains(response, 'href="/2022/8/25/"')

    def test_a_day_after_the_latest_issue_leads_to_the_latest(self, client):
        latest = make_issue(date=datetime.date(2022, 8, 25))
        make_issue(date=datetime.date(2022, 9, 1), published_at=future())

        response = client.get("/2030/1/1/")

        assert response["Location"] == latest.get_absolute_url()

    @pytest.mark.parametrize("path", ["/2022/13/40/", "/2022/2/29/", "/10000/1/1/"])
    def test_impossible_date_is_not_found(self, client, path):
        make_issue(date=datetime.date(2022, 8, 25))

        assert client.get(path).status_code == 404


class TestIssuePage:
    def test_prints_photo_captions_dateline_and_links_to_each_article(self, client, imported_seed):
        response = client.get("/2022/8/25/")

        html = main_html(response)
        assert html.count('<article class="printed') == 9
        assert in_order(
            html, "<h1>", 'datetime="2022-08-25"', "</h1>", '<h2 class="printed__title"'
        )
        assert "电建社区志愿者在擦拭" in html
        assert html.count('<strong class="dateline">本报讯</strong>') == 6
        for article in Article.objects.all():
            assert f'href="{article.get_absolute_url()}"' in html
        assertContains(response, 'href="/issues/2022/8/"')

    def test_zero_padded_address_names_the_plain_one_as_canonical(self, client, imported_seed):
        response = client.get("/2022/08/25/")

        assertContains(response, '<link rel="canonical" href="http://localhost:8000/2022/8/25/">')

    def test_lead_story_is_marked_and_the_column_is_one_box(self, client, imported_seed):
        html = main_html(client.get("/2022/8/25/"))

        assert html.count("printed--lead") == 1
        assert in_order(html, "printed--lead", "签约仪式举行")
        assert html.count('class="epaper__column"') == 1
        assert in_order(html, 'class="epaper__column"', "解放区审计局", "解放区妇联")


class TestArticleWayOn:
    @pytest.fixture
    def commentaries(self):
        """Four numbers of a series by one pen name; each issue also has a brief in 基层动态."""
        series = Series.objects.create(name="解放区优化营商环境系列评论")
        pen_name = make_author("强声", is_pen_name=True)
        column = Column.objects.get(name="基层动态")
        articles = {}
        for number, day in ((1, 4), (2, 11), (3, 18), (4, 25)):
            issue = make_issue(date=datetime.date(2022, 8, day))
            article = make_article(
                issue=issue,
                position=2,
                section_slug="commentary",
                title=f"评论之{number}",
                series=series,
                series_number=number,
            )
            add_byline(article, pen_name, Byline.Role.COMMENTATOR)
            articles[number] = article
            brief = make_article(issue=issue, position=3, column=column, title=f"动态{day}")
            add_byline(brief, make_author(f"记者{day}"))
        make_article(title="草稿评论", series=series, series_number=5, status=ArticleStatus.DRAFT)
        return articles

    def test_links_other_numbers_of_the_series_in_order_but_not_itself(self, client, commentaries):
        response = client.get(commentaries[3].get_absolute_url())

        related = response.context["related"]
        assert [a.series_number for a in related["series"]] == [1, 2, 4]
        assert "authors" not in related  # every other article by 强声 is already listed
        html = main_html(response)
        assert in_order(
            html, "More of 解放区优化营商环境系列评论", "①", "评论之1", "②", "④ 评论之4"
        )
        assert html.count(f'href="{commentaries[3].get_absolute_url()}"') == 0
        assertNotContains(response, "草稿评论")

    def test_links_the_column_and_the_authors_a_few_each(self, client, commentaries):
        brief = Article.objects.get(title="动态25")
        add_byline(brief, make_author("詹长松"), Byline.Role.CORRESPONDENT, 2)
        for n in range(6):
            other = make_article(
                issue=make_issue(date=datetime.date(2022, 7, 1 + n)), title=f"詹长松稿{n}"
            )
            add_byline(other, brief.bylines.get(order=2).author)

        response = client.get(brief.get_absolute_url())

        related = response.context["related"]
        assert [a.title for a in related["column"]] == ["动态18", "动态11", "动态4"]
        assert len(related["authors"]) == 4  # the newest few only
        assertContains(response, "More from 基层动态")
        assertContains(response, "More by 记者25、詹长松")

    def test_previous_and_next_are_the_published_neighbours_in_the_issue(self, client):
        issue = make_issue()
        first = make_article(issue=issue, position=1, title="第一篇")
        make_article(issue=issue, position=2, title="草稿", status=ArticleStatus.DRAFT)
        middle = make_article(issue=issue, position=3, title="第三篇")
        last = make_article(issue=issue, position=4, title="第四篇")

        response = client.get(middle.get_absolute_url())

        assertContains(response, f'href="{first.get_absolute_url()}" rel="prev"')
        assertContains(response, f'href="{last.get_absolute_url()}" rel="next"')
        assertNotContains(response, "草稿")

    def test_share_box_has_a_server_drawn_qr_code_and_the_link(self, client):
        article = make_article()

        response = client.get(article.get_absolute_url())

        html = main_html(response)
        address = f"http://localhost:8000{article.get_absolute_url()}"
        share_box = html[html.index('<section class="share-box"') :]
        share_box = share_box[: share_box.index("</section>")]
        assert re.search(
            r'<div class="share-box__qr" aria-hidden="true"><svg [^>]*viewBox=', share_box
        )
        assert "<img" not in share_box and "<script" not in html
        assert f'value="{address}" readonly' in share_box
        assert '<label class="share-box__label" for="share-url">' in share_box

    def test_the_print_stylesheet_hides_what_paper_cannot_use(self):
        text = Path(finders.find("newsroom/site.css")).read_text(encoding="utf-8")

        print_rules = "".join(re.findall(r"@media print \{(.*?)\n\}", text, re.S))
        for selector in (".site-nav", ".site-footer", ".share-box", ".related", ".prev-next"):
            assert selector in print_rules, selector
        assert 'content: " (" attr(href) ")"' in print_rules


class TestPageBudgets:
    def test_longest_seed_article_page_stays_small(self, client, imported_seed):
        longest = max(Article.objects.all(), key=lambda article: len(article.body))

        response = client.get(longest.get_absolute_url())

        assert longest.position == 2  # the standing committee meeting, about 2,000 characters
        assert len(response.content) < ARTICLE_MAX_BYTES

    def test_pages_read_only_the_columns_they_show(self, client, imported_seed):
        """The search copies are as long as the text. Links need only headlines: the article
        page has the whole text of the article itself only; the programme's, of none.

        Every article a page was given is checked: a column it selected is not deferred, and
        one its template read was fetched when read."""
        article = Article.objects.get(position=1)
        author = article.bylines.first().author
        programme = Programme.objects.get().get_absolute_url()
        with_text = {article.get_absolute_url(): {article.pk}, programme: set()}
        pages = ["/", "/2022/8/25/", author.get_absolute_url(), *with_text]
        pages.append(article.section.get_absolute_url())

        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            shown = articles_shown(response)
            assert shown, url  # the page lists articles
            for listed in shown:
                assert set(Article.SEARCH_COLUMNS) <= listed.get_deferred_fields(), (url, listed)
            if url in with_text:
                texts = {
                    listed.pk for listed in shown if "body" not in listed.get_deferred_fields()
                }
                assert texts == with_text[url], url

    @pytest.mark.parametrize("position", range(1, 10))
    def test_every_seed_article_stays_within_its_query_budget(
        self, client, imported_seed, django_assert_max_num_queries, position
    ):
        url = Article.objects.get(position=position).get_absolute_url()

        with django_assert_max_num_queries(ARTICLE_RENDERING_MAX_QUERIES):
            assert client.get(url).status_code == 200  # its part rendered and kept
        with django_assert_max_num_queries(ARTICLE_MAX_QUERIES):
            assert client.get(url).status_code == 200  # its part read with it

    @pytest.mark.parametrize("n_articles", [3, 15])
    @pytest.mark.parametrize(
        ("page", "rendering", "budget"),
        [
            ("home", HOME_RENDERING_MAX_QUERIES, LIST_MAX_QUERIES),
            ("issue", ISSUE_RENDERING_MAX_QUERIES, ISSUE_MAX_QUERIES),
            ("article", ARTICLE_RENDERING_MAX_QUERIES, ARTICLE_MAX_QUERIES),
            ("programme article", ARTICLE_RENDERING_MAX_QUERIES, ARTICLE_MAX_QUERIES),
        ],
    )
    def test_budgets_hold_however_much_the_paper_prints(
        self, client, django_assert_max_num_queries, page, rendering, budget, n_articles
    ):
        paper = build_paper(n_articles)
        url = PAPER_PAGES[page](paper)
        if rendering is not None:
            with django_assert_max_num_queries(rendering):
                assert client.get(url).status_code == 200  # its part rendered and kept

        with django_assert_max_num_queries(budget):
            response = client.get(url)

        assert response.status_code == 200

    def test_home_of_the_seed_stays_within_budget(
        self, client, imported_seed, django_assert_max_num_queries
    ):
        with django_assert_max_num_queries(HOME_RENDERING_MAX_QUERIES):
            assert client.get("/").status_code == 200  # its part rendered and kept
        with django_assert_max_num_queries(LIST_MAX_QUERIES):
            assert client.get("/").status_code == 200  # its part read

    def test_issue_of_the_seed_stays_within_budget(
        self, client, imported_seed, django_assert_max_num_queries
    ):
        with django_assert_max_num_queries(ISSUE_RENDERING_MAX_QUERIES):
            assert client.get("/2022/8/25/").status_code == 200  # its part rendered and kept
        with django_assert_max_num_queries(ISSUE_MAX_QUERIES):
            assert client.get("/2022/8/25/").status_code == 200  # its part read with it
