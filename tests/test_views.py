"""The public pages: what readers see, what they must not see, and how many queries it costs."""

import datetime
import re

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from articles.models import (
    Article,
    ArticleStatus,
    Byline,
    Column,
    IssueStatus,
    Series,
    publication_time,
)
from articles.templatetags.paper import series_number
from events.models import Performance
from newsroom.views import server_error

from .factories import add_byline, make_article, make_author, make_issue, make_performance
from .helpers import (
    ARTICLE_RENDERING_MAX_QUERIES,
    HOME_RENDERING_MAX_QUERIES,
    ISSUE_RENDERING_MAX_QUERIES,
    LIST_RENDERING_MAX_QUERIES,
    PAPER_PAGES,
    PROGRAMME_RENDERING_MAX_QUERIES,
    build_paper,
    future,
    in_order,
    main_html,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10  # a page rendered for each request
KEPT_MAX_QUERIES = 1  # one kept whole (articles.parts)


@pytest.fixture
def client():
    """A reader whose browser asks for English, so interface strings are the msgids.

    The Chinese catalogue is added later; asserting on msgids keeps these tests independent
    of it. The content (titles, names) is Chinese either way.
    """
    return Client(headers={"accept-language": "en"})


def heading(name: str) -> str:
    """The end of a section or column heading, which links to the section or column."""
    return f">{name}</a></h"


class TestHome:
    def test_shows_the_latest_issue_grouped_by_section_then_column(self, client, front_page):
        response = client.get(reverse("home"))

        assert response.status_code == 200
        assertTemplateUsed(response, "home.html")
        html = main_html(response)
        assertContains(
            response, '<h1 class="masthead__title"><a href="/">解放区报</a></h1>', html=True
        )
        assertContains(response, 'datetime="2022-08-25"')
        assert "上一期的头条" not in html
        assert "暂不发表的稿件" not in html
        # 社区新闻 (without column, then 基层动态), 评论, 小剧场: sections in their order.
        assert in_order(
            html,
            heading("社区新闻"),
            "签约仪式举行",
            heading("基层动态"),
            "强化专题业务培训",
            heading("评论"),
            "转变作风",
            heading("小剧场"),
        )

    def test_shows_subtitles_bylines_series_and_summary(self, client, front_page):
        response = client.get(reverse("home"))

        html = main_html(response)
        assert "签约项目68个,总投资118亿元" in html
        assert "坚定两个依靠 闯出焦作新路" in html
        assert in_order(html, "Reporter", "詹长松", "Correspondent", "王孟阳", "、", "李秀娟")
        assertContains(response, "解放区优化营商环境系列评论④")
        assertContains(
            response, '<span class="byline__mark" aria-hidden="true">□</span>', html=True
        )
        assert "8月23日上午,签约仪式在焦作市5G产业园举行。" in html
        assertContains(response, f'href="{front_page["lead"].get_absolute_url()}"')

    def test_links_to_the_whole_issue_and_the_issue_list(self, client, front_page):
        response = client.get(reverse("home"))

        assertContains(response, f'href="{front_page["issue"].get_absolute_url()}"')
        assertContains(response, f'href="{reverse("articles:issue_list")}"')

    def test_shows_recent_performances_when_none_are_upcoming(self, client, front_page):
        response = client.get(reverse("home"))

        assertContains(response, "Recent performances")
        assert in_order(main_html(response), "《学小曲》", "《对坐数来宝》", "大返场")

    def test_shows_upcoming_performances_first_when_there_are_some(self, client, front_page):
        make_performance(
            date=timezone.localdate() + datetime.timedelta(days=7),
            acts=[("魔术", "近景魔术", ["魔术师甲"])],
        )

        response = client.get(reverse("home"))

        assertContains(response, "Coming up at the theatre")
        assertContains(response, "《近景魔术》")
        assertNotContains(response, "Recent performances")

    def test_hides_performances_announced_by_a_draft(self, client, front_page):
        draft = make_article(section_slug="theatre", status=ArticleStatus.DRAFT)
        make_performance(
            article=draft,
            date=timezone.localdate() + datetime.timedelta(days=3),
            acts=[("小品", "秘密节目", ["某人"])],
        )

        response = client.get(reverse("home"))

        assertNotContains(response, "秘密节目")

    def test_has_an_empty_state_before_the_first_issue_is_published(self, client):
        make_issue(status=IssueStatus.DRAFT)
        make_issue(published_at=future())

        response = client.get(reverse("home"))

        assert response.status_code == 200
        assertContains(response, "No issue has been published yet")

    def test_page_is_in_chinese_by_default(self, front_page):
        response = Client().get(reverse("home"))

        assertContains(response, '<html lang="zh-Hans">')
        assertContains(response, f'action="{reverse("switch_language")}" method="get"')
        assertNotContains(response, 'name="csrfmiddlewaretoken"')  # cached pages hold no token


class TestIssuePage:
    def test_prints_every_article_in_printed_order_with_columns_boxed(self, client, front_page):
        response = client.get(front_page["issue"].get_absolute_url())

        assert response.status_code == 200
        assertTemplateUsed(response, "articles/issue_detail.html")
        html = main_html(response)
        assert in_order(
            html,
            'class="printed printed--news printed--lead"',
            "签约仪式举行",
            "8月23日上午,签约仪式在<strong>焦作市5G产业园</strong>举行。",
            "解放区优化营商环境系列评论④",
            "转变作风",
            'class="epaper__column"',
            heading("基层动态"),
            "强化专题业务培训",
            "场场都精彩",
            'class="theatre-bill"',
            "《学小曲》",
        )
        assert "暂不发表的稿件" not in html

    def test_links_previous_and_next_published_issues(self, client):
        previous = make_issue(date=datetime.date(2022, 8, 11))
        make_issue(date=datetime.date(2022, 8, 18), status=IssueStatus.DRAFT)
        issue = make_issue(date=datetime.date(2022, 8, 25))
        make_issue(date=datetime.date(2022, 9, 1), published_at=future())
        following = make_issue(date=datetime.date(2022, 9, 8))

        response = client.get(issue.get_absolute_url())

        assertContains(response, f'href="{previous.get_absolute_url()}" rel="prev"')
        assertContains(response, f'href="{following.get_absolute_url()}" rel="next"')
        assertNotContains(response, "/2022/8/18/")
        assertNotContains(response, "/2022/9/1/")

    def test_first_issue_has_no_previous_link(self, client):
        issue = make_issue()

        response = client.get(issue.get_absolute_url())

        assertNotContains(response, 'rel="prev"')
        assertNotContains(response, 'rel="next"')

    @pytest.mark.parametrize(
        "issue_values",
        [{"status": IssueStatus.DRAFT}, {"published_at": "future"}],
        ids=["draft", "future"],
    )
    def test_unpublished_issue_is_as_if_none_came_out(self, client, issue_values):
        if issue_values.get("published_at") == "future":
            issue_values = {"published_at": future()}
        issue = make_issue(date=datetime.date(2022, 9, 1), **issue_values)

        response = client.get(issue.get_absolute_url())

        assert response.status_code == 302
        assert response["Location"] == reverse(
            "articles:issue_month", kwargs={"year": 2022, "month": 9}
        )

    @pytest.mark.parametrize(
        "path", ["/2022/2/30/", "/2022/13/1/", "/2022/13/40/", "/0/1/1/", "/99999999999/1/1/"]
    )
    def test_impossible_date_is_not_found(self, client, path):
        make_issue(date=datetime.date(2022, 8, 25))

        response = client.get(path)

        assert response.status_code == 404


class TestArticlePage:
    def test_shows_headline_subtitles_bylines_dateline_and_body(self, client, front_page):
        lead = front_page["lead"]

        response = client.get(lead.get_absolute_url())

        assert response.status_code == 200
        assertTemplateUsed(response, "articles/article_detail.html")
        assertContains(
            response,
            f'<h1 class="story__title" id="story-title">{lead.title}</h1>',
            html=True,
        )
        assertContains(response, '<p class="subtitle">坚定两个依靠 闯出焦作新路</p>', html=True)
        assertContains(response, '<span class="byline__role">Reporter</span>', html=True)
        assertContains(response, '<span class="byline__role">Correspondent</span>', html=True)
        for name in ("詹长松", "王孟阳", "李秀娟"):
            author_url = reverse("articles:author", kwargs={"slug": name})
            assertContains(response, f'<a href="{author_url}">{name}</a>', html=True)
        assert in_order(main_html(response), "本报讯", "8月23日上午")
        assertContains(
            response,
            f'<link rel="canonical" href="http://localhost:8000{lead.get_absolute_url()}">',
        )
        assertContains(response, f'href="{lead.section.get_absolute_url()}"')
        assertContains(response, f'href="{front_page["issue"].get_absolute_url()}"')

    def test_renders_the_sanitised_body_as_html(self, client):
        article = make_article(body="<p>正文<strong>重点</strong></p><script>alert(1)</script>")

        response = client.get(article.get_absolute_url())

        assertContains(response, "<p>正文<strong>重点</strong></p>", html=True)
        assertNotContains(response, "alert(1)")

    def test_links_the_series_with_its_circled_number_and_the_column(self, client, front_page):
        commentary = client.get(front_page["commentary"].get_absolute_url())
        brief = client.get(front_page["brief"].get_absolute_url())

        series_url = front_page["commentary"].series.get_absolute_url()
        assertContains(
            commentary,
            f'<a class="series-label" href="{series_url}">解放区优化营商环境系列评论④</a>',
            html=True,
        )
        assertContains(commentary, "Commentator")
        column_url = reverse("articles:column", kwargs={"slug": "jiceng-dongtai"})
        assertContains(brief, f'<a class="column-link" href="{column_url}">基层动态</a>', html=True)

    def test_photo_news_without_a_picture_shows_its_caption_once(self, client):
        caption = "志愿者在擦拭社会主义核心价值观宣传牌。"
        article = make_article(
            kind=Article.Kind.PHOTO, body=f"<p>{caption}</p>", photo_caption=caption
        )

        response = client.get(article.get_absolute_url())

        assert main_html(response).count(caption) == 1

    def test_programme_lists_its_performances_with_ordered_acts(self, client, front_page):
        response = client.get(front_page["programme"].get_absolute_url())

        html = main_html(response)
        assert in_order(
            html,
            'datetime="2022-09-03T19:30"',
            "快板书联唱",
            "丁艺",
            "《学小曲》",
            "展奇",
            "杨森",
            "《对坐数来宝》",
            "龙龙",
            "张鑫",
            "大返场",
        )
        assertContains(
            response,
            f'<a href="{reverse("events:performer", kwargs={"slug": "展奇"})}">展奇</a>',
            html=True,
        )

    def test_links_previous_and_next_published_articles_of_the_issue(self, client, front_page):
        response = client.get(front_page["brief"].get_absolute_url())

        assertContains(response, f'href="{front_page["commentary"].get_absolute_url()}" rel="prev"')
        assertContains(response, f'href="{front_page["programme"].get_absolute_url()}" rel="next"')
        assertNotContains(response, "暂不发表的稿件")

    def test_draft_article_is_not_found(self, client):
        article = make_article(status=ArticleStatus.DRAFT)

        assert client.get(article.get_absolute_url()).status_code == 404

    def test_article_due_later_is_not_found(self, client):
        article = make_article()
        article.published_at = future()
        article.save()

        assert client.get(article.get_absolute_url()).status_code == 404

    def test_article_of_an_unpublished_issue_is_not_found(self, client):
        draft_issue = make_issue(status=IssueStatus.DRAFT)
        future_issue = make_issue(published_at=future())
        in_draft = make_article(issue=draft_issue, published_at=publication_time(draft_issue.date))
        in_future = make_article(issue=future_issue)

        assert client.get(in_draft.get_absolute_url()).status_code == 404
        assert client.get(in_future.get_absolute_url()).status_code == 404

    def test_unknown_article_is_not_found(self, client):
        response = client.get(reverse("articles:article", kwargs={"pk": 999999}))

        assert response.status_code == 404
        assertTemplateUsed(response, "404.html")


class TestListPages:
    def test_section_lists_its_published_articles_newest_first(self, client):
        old = make_article(
            issue=make_issue(date=datetime.date(2022, 1, 6)),
            section_slug="commentary",
            title="旧评论",
        )
        new = make_article(
            issue=make_issue(date=datetime.date(2022, 2, 3)),
            section_slug="commentary",
            title="新评论",
        )
        make_article(section_slug="commentary", title="草稿评论", status=ArticleStatus.DRAFT)
        make_article(section_slug="community-news", title="社区稿")

        response = client.get(reverse("articles:section", kwargs={"slug": "commentary"}))

        assert response.status_code == 200
        assertTemplateUsed(response, "articles/section_detail.html")
        assert list(response.context["page_obj"]) == [new, old]
        assertNotContains(response, "草稿评论")
        assertNotContains(response, "社区稿")

    def test_section_is_paginated_by_twenty(self, client):
        issue = make_issue()
        for _ in range(21):
            make_article(issue=issue, section_slug="theatre")

        page_two = client.get(reverse("articles:section", kwargs={"slug": "theatre"}), {"page": 2})

        assert len(page_two.context["page_obj"]) == 1
        assertContains(page_two, 'href="?page=1" rel="prev"')
        assertContains(
            page_two, '<link rel="canonical" href="http://localhost:8000/sections/theatre/?page=2">'
        )

    def test_section_counts_only_a_few_pages_ahead(self, client, monkeypatch):
        monkeypatch.setattr("newsroom.pagination.PAGES_AHEAD", 1)
        issue = make_issue()
        for _ in range(61):
            make_article(issue=issue, section_slug="theatre")
        url = reverse("articles:section", kwargs={"slug": "theatre"})

        first = client.get(url).context["page_obj"]
        third = client.get(url, {"page": 3}).context["page_obj"]

        # Page 1 counts two pages and one article more: there are at least three pages.
        assert (first.paginator.count, first.paginator.num_pages) == (41, 3)
        assert first.paginator.has_more and first.has_next()
        assert (third.paginator.count, third.paginator.num_pages) == (61, 4)
        assert not third.paginator.has_more
        assert len(client.get(url, {"page": 9}).context["page_obj"]) == 1  # the last page

    def test_column_with_a_unicode_slug_lists_its_articles(self, client):
        column = Column.objects.create(name="民生一线")
        make_article(column=column, title="一线来信")

        response = client.get(column.get_absolute_url())

        assert response.status_code == 200
        assertTemplateUsed(response, "articles/column_detail.html")
        assertContains(response, "<h1>民生一线</h1>", html=True)
        assertContains(response, "一线来信")

    def test_series_lists_articles_in_number_order(self, client):
        series = Series.objects.create(name="解放区优化营商环境系列评论")
        for number, day in ((4, 25), (2, 11), (21, 28), (3, 18)):
            issue = make_issue(date=datetime.date(2022, 8, day))
            make_article(issue=issue, series=series, series_number=number, title=f"评论之{number}")

        response = client.get(series.get_absolute_url())

        assertTemplateUsed(response, "articles/series_detail.html")
        assert [a.series_number for a in response.context["page_obj"]] == [2, 3, 4, 21]
        assertContains(response, "解放区优化营商环境系列评论②")
        assertContains(response, "解放区优化营商环境系列评论第21篇")

    def test_author_page_groups_their_articles_by_role_newest_first(self, client):
        author = make_author("詹长松")
        older = make_article(issue=make_issue(date=datetime.date(2022, 8, 11)), title="较早的报道")
        newer = make_article(issue=make_issue(date=datetime.date(2022, 8, 25)), title="较新的报道")
        photo = make_article(issue=make_issue(date=datetime.date(2022, 8, 18)), title="一张图片")
        draft = make_article(title="未发表的报道", status=ArticleStatus.DRAFT)
        add_byline(older, author, Byline.Role.REPORTER)
        add_byline(newer, author, Byline.Role.REPORTER)
        add_byline(photo, author, Byline.Role.PHOTOGRAPHER)
        add_byline(draft, author, Byline.Role.REPORTER)

        response = client.get(reverse("articles:author", kwargs={"slug": "詹长松"}))

        assert response.status_code == 200
        assertTemplateUsed(response, "articles/author_detail.html")
        assert [b.article for b in response.context["page_obj"]] == [newer, older, photo]
        assert in_order(
            main_html(response),
            ">Reporter</h2>",
            "较新的报道",
            "较早的报道",
            ">Photographer</h2>",
            "一张图片",
        )
        assertNotContains(response, "未发表的报道")

    def test_author_known_only_from_drafts_is_not_found(self, client):
        author = make_author("未署名")
        add_byline(make_article(status=ArticleStatus.DRAFT), author)

        assert client.get(author.get_absolute_url()).status_code == 404

    @pytest.mark.parametrize("name", ["section", "column", "series", "author"])
    def test_unknown_slug_is_not_found(self, client, name):
        response = client.get(reverse(f"articles:{name}", kwargs={"slug": "no-such-slug"}))

        assert response.status_code == 404


class TestTheatre:
    def test_index_lists_upcoming_soonest_first_then_past_newest_first(self, client):
        today = timezone.localdate()
        make_performance(date=today + datetime.timedelta(days=9), acts=[("相声", "远期", ["甲"])])
        make_performance(date=today + datetime.timedelta(days=2), acts=[("相声", "近期", ["乙"])])
        make_performance(date=datetime.date(2022, 9, 3), acts=[("相声", "较早", ["丙"])])
        make_performance(date=datetime.date(2022, 9, 4), acts=[("相声", "较晚", ["丁"])])

        response = client.get(reverse("events:index"))

        assert response.status_code == 200
        assertTemplateUsed(response, "events/programme_list.html")
        assert in_order(
            main_html(response),
            "Upcoming performances",
            "《近期》",
            "《远期》",
            "Past performances",
            "《较晚》",
            "《较早》",
        )

    def test_index_hides_performances_announced_by_unpublished_articles(self, client):
        draft = make_article(section_slug="theatre", status=ArticleStatus.DRAFT)
        make_performance(article=draft, acts=[("小品", "未公布", ["某人"])])

        assertNotContains(client.get(reverse("events:index")), "未公布")

    def test_programme_page_shows_its_organisers_and_performances(self, client, front_page):
        response = client.get(reverse("events:programme", kwargs={"slug": "jiefang-theatre"}))

        assert response.status_code == 200
        assertTemplateUsed(response, "events/programme_detail.html")
        assertContains(response, "解放区融媒体中心")
        assertContains(response, "河南汇声文化传播有限公司")
        assertContains(response, "《学小曲》")

    def test_performance_page_links_the_announcing_article(self, client, front_page):
        performance = Performance.objects.get()

        response = client.get(performance.get_absolute_url())

        assert response.status_code == 200
        assertTemplateUsed(response, "events/performance_detail.html")
        assertContains(
            response,
            f'<a href="{front_page["programme"].get_absolute_url()}">“解放小剧场” 场场都精彩</a>',
            html=True,
        )
        assert in_order(main_html(response), "快板书联唱", "《学小曲》", "《对坐数来宝》", "大返场")

    def test_performer_page_shows_only_their_acts(self, client, front_page):
        response = client.get(reverse("events:performer", kwargs={"slug": "展奇"}))

        assert response.status_code == 200
        assertTemplateUsed(response, "events/performer_detail.html")
        html = main_html(response)
        assert "《学小曲》" in html
        assert "《对坐数来宝》" not in html

    def test_hidden_and_unknown_performances_are_not_found(self, client):
        draft = make_article(section_slug="theatre", status=ArticleStatus.DRAFT)
        hidden = make_performance(article=draft, acts=[("小品", "未公布", ["隐身人"])])

        assert client.get(hidden.get_absolute_url()).status_code == 404
        assert client.get(reverse("events:performer", kwargs={"slug": "隐身人"})).status_code == 404
        assert client.get(reverse("events:performance", kwargs={"pk": 999999})).status_code == 404
        assert client.get(reverse("events:performer", kwargs={"slug": "nobody"})).status_code == 404
        assert (
            client.get(reverse("events:programme", kwargs={"slug": "nowhere"})).status_code == 404
        )


class TestErrorPages:
    def test_unknown_url_renders_the_404_page(self, client, settings):
        settings.DEBUG = False

        response = client.get("/no/such/page/")

        assert response.status_code == 404
        assertTemplateUsed(response, "404.html")
        assertContains(response, "Page not found", status_code=404)

    def test_server_error_page_needs_neither_request_context_nor_database(
        self, django_assert_num_queries
    ):
        with django_assert_num_queries(0):
            response = server_error(RequestFactory().get("/"))

        assert response.status_code == 500
        assert "解放区报" in response.content.decode()
        assert "Something went wrong" in render_to_string("500.html")


def test_series_numbers_are_circled_up_to_twenty():
    assert [series_number(n) for n in (1, 4, 20, 21, None)] == ["①", "④", "⑳", "第21篇", ""]


@pytest.mark.parametrize("n_articles", [3, 15])
@pytest.mark.parametrize("page", list(PAPER_PAGES))
def test_every_page_needs_the_same_few_queries_however_much_it_shows(
    client, django_assert_max_num_queries, page, n_articles
):
    paper = build_paper(n_articles)
    url = PAPER_PAGES[page](paper)
    rendering = {
        "issue": ISSUE_RENDERING_MAX_QUERIES,
        "article": ARTICLE_RENDERING_MAX_QUERIES,
        "programme article": ARTICLE_RENDERING_MAX_QUERIES,
        "home": HOME_RENDERING_MAX_QUERIES,
        **dict.fromkeys(
            ["section", "column", "series", "author", "theatre"], LIST_RENDERING_MAX_QUERIES
        ),
        "programme": PROGRAMME_RENDERING_MAX_QUERIES,
    }
    if page in rendering:
        with django_assert_max_num_queries(rendering[page]):
            assert client.get(url).status_code == 200  # its part rendered and kept

    with django_assert_max_num_queries(KEPT_MAX_QUERIES if page in rendering else MAX_QUERIES):
        response = client.get(url)

    assert response.status_code == (404 if page == "404" else 200)


class TestImportedSeed:
    """The real printed page of 2022-08-25, imported as `make run` does."""

    def test_home_shows_the_whole_page(self, client, imported_seed):
        response = client.get(reverse("home"))

        html = main_html(response)
        assertContains(response, 'datetime="2022-08-25"')
        assert html.count('class="card__title"') == 9
        assert in_order(
            html,
            heading("社区新闻"),
            "签约仪式举行",
            "创建全国文明城市典范城市",
            heading("基层动态"),
            "解放区审计局",
            "解放区妇联",
            heading("评论"),
            "解放区优化营商环境系列评论④",
            "转变作风 优化环境",
            heading("小剧场"),
            "场场都精彩",
            "Recent performances",
        )
        assertNotContains(response, "扫一扫")

    def test_lead_article_has_its_subtitles_and_bylines_with_roles(self, client, imported_seed):
        lead = Article.objects.get(position=1)

        response = client.get(lead.get_absolute_url())

        html = main_html(response)
        assert in_order(
            html,
            "签约项目68个,总投资118亿元",
            "坚定两个依靠 闯出焦作新路",
            "Reporter",
            "詹长松",
            "Correspondent",
            "王孟阳",
            "李秀娟",
            "本报讯",
            "8月23日上午",
        )

    def test_commentary_is_signed_with_the_pen_name(self, client, imported_seed):
        commentary = Article.objects.get(position=6)

        response = client.get(commentary.get_absolute_url())

        assertContains(response, "解放区优化营商环境系列评论④")
        assert in_order(main_html(response), "□", "强声", "俗话说")

    def test_photo_news_shows_its_caption_once(self, client, imported_seed):
        photo = Article.objects.get(position=3)

        response = client.get(photo.get_absolute_url())

        assert main_html(response).count("电建社区志愿者在擦拭") == 1

    def test_programme_lists_both_evenings_in_order(self, client, imported_seed):
        programme = Article.objects.get(position=9)

        response = client.get(programme.get_absolute_url())

        assert in_order(
            main_html(response),
            'datetime="2022-09-03"',
            "快板书联唱",
            "《学小曲》",
            "《对坐数来宝》",
            "《对春联》",
            "《小红帽》",
            "大返场",
            'datetime="2022-09-04"',
            "《批歌曲》",
            "《说武术》",
            "《杨乃武写状》",
            "《哪吒闹海》",
        )

    def test_theatre_lists_past_evenings_newest_first(self, client, imported_seed):
        response = client.get(reverse("events:index"))

        assert in_order(main_html(response), "《哪吒闹海》", "《学小曲》")

    def test_reporter_page_lists_three_articles(self, client, imported_seed):
        response = client.get(reverse("articles:author", kwargs={"slug": "詹长松"}))

        titles = [byline.article.title for byline in response.context["page_obj"]]
        assert titles == [
            "解放区以企招商“云推介”暨项目签约仪式举行",
            "解放区“扫黄打非”示范点规范化建设成绩喜人",
            "解放区审计局 强化专题业务培训 促进审计质量提升",
        ]
        assert len(re.findall(r">Reporter</h2>", response.content.decode())) == 1
