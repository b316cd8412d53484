"""Feeds, sitemaps, robots.txt and page metadata: how readers' tools and search engines
find the front_page, and that they only ever find what readers may see."""

import datetime
import json
import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from io import StringIO

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.feeds import ITEMS_PER_FEED, first_paragraph
from articles.jsonld import script_text
from articles.models import (
    Article,
    ArticleStatus,
    Byline,
    Column,
    Series,
)

from .factories import add_byline, make_article, make_author, make_issue, make_performance
from .helpers import ATOM, articles_shown, count_queries, edit_as, future, json_ld, main_html
from .seed_expectations import SEED

pytestmark = pytest.mark.django_db

DC = "{http://purl.org/dc/elements/1.1/}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
FEED_QUERIES = 4  # the feed's subject, its items, their bylines (+ one spare)
SITEMAP_QUERIES = 22  # two per sitemap of rows (count, page), one per list, the home's lastmod


@pytest.fixture
def client():
    """A reader whose browser asks for English, so interface strings are the msgids."""
    return Client(headers={"accept-language": "en"})


def absolute(path: str) -> str:
    return f"http://localhost:8000{path}"


def head_html(response) -> str:
    html = response.content.decode()
    return html[html.index("<head>") : html.index("</head>")]


HIDDEN = ("draft", "due_later", "in_draft_issue")  # of the front page, not yet for readers
HIDDEN_TITLES = ("暂不发表的稿件", "明天才发表", "未出版一期的稿件")


# Feeds ----------------------------------------------------------------------------------


def rss_items(response) -> list[ET.Element]:
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content).find("channel").findall("item")


def atom_entries(response) -> list[ET.Element]:
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def titles(elements, tag="title") -> list[str]:
    return [element.find(tag).text for element in elements]


class TestSiteFeeds:
    def test_rss_lists_published_articles_newest_first_in_printed_order(self, client, front_page):
        response = client.get(reverse("articles:latest_rss"))

        assert response.status_code == 200
        assert titles(rss_items(response)) == [
            front_page["lead"].title,
            front_page["commentary"].title,
            front_page["brief"].title,
            front_page["programme"].title,
            front_page["earlier"].title,
        ]

    def test_rss_item_has_link_guid_date_description_authors_and_categories(
        self, client, front_page
    ):
        lead, commentary, brief, _programme, _earlier = rss_items(
            client.get(reverse("articles:latest_rss"))
        )

        url = absolute(front_page["lead"].get_absolute_url())
        assert lead.find("link").text == url
        assert lead.find("guid").text == url
        assert lead.find("guid").get("isPermaLink") == "true"
        assert parsedate_to_datetime(lead.find("pubDate").text) == front_page["lead"].published_at
        assert lead.find("description").text == (
            "签约项目68个,总投资118亿元\n坚定两个依靠 闯出焦作新路\n"
            "8月23日上午,签约仪式在焦作市5G产业园举行。"
        )
        assert [c.text for c in lead.findall(f"{DC}creator")] == ["詹长松", "王孟阳", "李秀娟"]
        assert titles([lead, commentary, brief], "category") == ["社区新闻", "评论", "社区新闻"]
        assert [c.text for c in commentary.findall("category")] == [
            "评论",
            "解放区优化营商环境系列评论",
        ]
        assert [c.text for c in brief.findall("category")] == ["社区新闻", "基层动态"]
        assert brief.findall(f"{DC}creator") == []

    def test_channel_names_the_paper_and_links_the_home_page(self, client, front_page):
        channel = ET.fromstring(client.get(reverse("articles:latest_rss")).content).find("channel")

        assert channel.find("title").text == "解放区报"
        assert channel.find("link").text == absolute("/")
        assert channel.find("language").text == "zh-Hans"

    def test_atom_has_the_same_entries_with_authors_and_categories(self, client, front_page):
        response = client.get(reverse("articles:latest_atom"))

        assert response.status_code == 200
        entries = atom_entries(response)
        assert titles(entries, f"{ATOM}title") == [
            front_page["lead"].title,
            front_page["commentary"].title,
            front_page["brief"].title,
            front_page["programme"].title,
            front_page["earlier"].title,
        ]
        lead = entries[0]
        assert lead.find(f"{ATOM}link").get("href") == absolute(
            front_page["lead"].get_absolute_url()
        )
        assert lead.find(f"{ATOM}id").text == absolute(front_page["lead"].get_absolute_url())
        assert [a.find(f"{ATOM}name").text for a in lead.findall(f"{ATOM}author")] == [
            "詹长松",
            "王孟阳",
            "李秀娟",
        ]
        assert datetime.datetime.fromisoformat(lead.find(f"{ATOM}published").text) == (
            front_page["lead"].published_at
        )
        assert [c.get("term") for c in entries[1].findall(f"{ATOM}category")] == [
            "评论",
            "解放区优化营商环境系列评论",
        ]

    @pytest.mark.parametrize("name", ["articles:latest_rss", "articles:latest_atom"])
    def test_feeds_leave_out_drafts_articles_due_later_and_unpublished_issues(
        self, client, front_page, name
    ):
        content = client.get(reverse(name)).content.decode()

        for title in HIDDEN_TITLES:
            assert title not in content

    def test_feeds_hold_the_twenty_newest(self, client):
        first = datetime.date(2022, 1, 1)
        made = [
            make_article(issue=make_issue(date=first + datetime.timedelta(days=n)))
            for n in range(25)
        ]

        items = rss_items(client.get(reverse("articles:latest_rss")))

        assert len(items) == ITEMS_PER_FEED
        assert titles(items) == [article.title for article in reversed(made)][:ITEMS_PER_FEED]

    def test_description_is_escaped_plain_text_of_the_first_paragraph(self, client):
        make_article(body="<p> </p><p>甲 &amp; 乙 <em>&lt;b&gt;</em></p><p>第二段</p>")

        item = rss_items(client.get(reverse("articles:latest_rss")))[0]

        # Readers treat the description as HTML: text is escaped once more for them.
        assert item.find("description").text == "甲 &amp; 乙 &lt;b&gt;"

    def test_an_author_with_two_roles_is_named_once(self, client):
        article = make_article()
        author = make_author("詹长松")
        add_byline(article, author, Byline.Role.REPORTER, 1)
        add_byline(article, author, Byline.Role.PHOTOGRAPHER, 2)

        item = rss_items(client.get(reverse("articles:latest_rss")))[0]

        assert [c.text for c in item.findall(f"{DC}creator")] == ["詹长松"]


def test_first_paragraph_skips_empty_paragraphs_and_unescapes():
    assert first_paragraph("<p><br></p><p>一 &amp; 二</p><p>三</p>") == "一 & 二"
    assert first_paragraph("没有段落标记") == "没有段落标记"
    assert first_paragraph("") == ""


class TestSectionSeriesAndAuthorFeeds:
    def test_section_feed_has_only_that_sections_articles(self, client, front_page):
        for name in ("articles:section_rss", "articles:section_atom"):
            response = client.get(reverse(name, kwargs={"slug": "commentary"}))

            assert response.status_code == 200
            assert front_page["commentary"].title in response.content.decode()
            assert front_page["lead"].title not in response.content.decode()
        channel = ET.fromstring(
            client.get(reverse("articles:section_rss", kwargs={"slug": "commentary"})).content
        ).find("channel")
        assert channel.find("title").text == "评论 · 解放区报"
        assert channel.find("link").text == absolute("/sections/commentary/")

    def test_series_feed_has_only_that_series(self, client, front_page):
        make_article(series=front_page["series"], series_number=5, title="系列第五篇")
        url = reverse("articles:series_rss", kwargs={"slug": front_page["series"].slug})

        assert titles(rss_items(client.get(url))) == ["系列第五篇", front_page["commentary"].title]

    def test_author_feed_has_only_their_published_articles(self, client, front_page):
        url = reverse("articles:author_atom", kwargs={"slug": "詹长松"})

        entries = atom_entries(client.get(url))

        assert titles(entries, f"{ATOM}title") == [
            front_page["lead"].title,
            front_page["earlier"].title,
        ]

    @pytest.mark.parametrize(
        ("name", "slug"),
        [
            ("articles:section_rss", "no-such-section"),
            ("articles:series_rss", "no-such-series"),
            ("articles:series_atom", "尚未开始的系列"),
            ("articles:author_rss", "nobody"),
            ("articles:author_atom", "只写草稿的人"),
        ],
    )
    def test_unknown_or_not_yet_published_subjects_have_no_feed(
        self, client, front_page, name, slug
    ):
        assert client.get(reverse(name, kwargs={"slug": slug})).status_code == 404


def build_articles(n: int) -> None:
    """``n`` published articles over two issues, each with a column, a series and bylines."""
    issues = [make_issue(), make_issue()]
    column = Column.objects.get(name="基层动态")
    series = Series.objects.create(name=f"系列{n}")
    for k in range(n):
        article = make_article(
            issue=issues[k % 2], column=column, series=series, series_number=k + 1
        )
        add_byline(article, make_author(), Byline.Role.REPORTER, 1)
        add_byline(article, make_author(), Byline.Role.PHOTOGRAPHER, 2)
        make_performance(article=article)


FEED_URLS = {
    "site rss": lambda: reverse("articles:latest_rss"),
    "site atom": lambda: reverse("articles:latest_atom"),
    "section": lambda: reverse("articles:section_rss", kwargs={"slug": "community-news"}),
    "series": lambda: reverse("articles:series_atom", kwargs={"slug": Series.objects.get().slug}),
    "author": lambda: reverse(
        "articles:author_rss", kwargs={"slug": Byline.objects.first().author.slug}
    ),
}


@pytest.mark.parametrize("feed", list(FEED_URLS))
def test_a_feed_costs_the_same_few_queries_however_many_items_it_has(
    client, django_assert_max_num_queries, feed
):
    build_articles(2)
    few = count_queries(client, FEED_URLS[feed]())
    Article.objects.all().delete()
    Series.objects.all().delete()
    build_articles(20)
    url = FEED_URLS[feed]()

    with django_assert_max_num_queries(FEED_QUERIES):
        assert count_queries(client, url) == few


# Links to the feeds ---------------------------------------------------------------------


class TestFeedLinks:
    def test_home_page_head_links_every_site_feed(self, client, front_page):
        head = head_html(client.get(reverse("home")))

        assert (
            f'<link rel="alternate" type="application/rss+xml" title="解放区报 (RSS)" '
            f'href="{reverse("articles:latest_rss")}">'
        ) in head
        assert (
            f'<link rel="alternate" type="application/atom+xml" title="解放区报 (Atom)" '
            f'href="{reverse("articles:latest_atom")}">'
        ) in head

    @pytest.mark.parametrize(
        ("page", "kind", "slug"),
        [
            ("articles:section", "section", "commentary"),
            ("articles:series", "series", "解放区优化营商环境系列评论"),
            ("articles:author", "author", "詹长松"),
        ],
    )
    def test_section_series_and_author_pages_link_their_feeds(
        self, client, front_page, page, kind, slug
    ):
        response = client.get(reverse(page, kwargs={"slug": slug}))

        rss = reverse(f"articles:{kind}_rss", kwargs={"slug": slug})
        atom = reverse(f"articles:{kind}_atom", kwargs={"slug": slug})
        head = head_html(response)
        assert 'type="application/rss+xml" title="' in head
        assert f'href="{rss}"' in head and f'href="{atom}"' in head
        main = main_html(response)
        assert f'<a href="{rss}" type="application/rss+xml">RSS</a>' in main
        assert f'<a href="{atom}" type="application/atom+xml">Atom</a>' in main
        assert client.get(rss).status_code == 200 and client.get(atom).status_code == 200


# Sitemaps and robots.txt ----------------------------------------------------------------


def sitemap_urls(response) -> dict[str, ET.Element]:
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    return {url.find(f"{SITEMAP}loc").text: url for url in root.findall(f"{SITEMAP}url")}


def assert_reads_no_article_text(client, url):
    """The page's articles were fetched without their text or its search copies."""
    response = client.get(url)
    assert response.status_code == 200
    shown = articles_shown(response)
    assert shown  # articles were listed
    for article in shown:
        assert {"body", *Article.SEARCH_COLUMNS} <= article.get_deferred_fields(), article


class TestSitemap:
    def test_lists_what_readers_may_see(self, client, front_page):
        shown = make_performance(date=datetime.date(2022, 9, 3), article=front_page["lead"])
        hidden = make_performance(
            date=datetime.date(2022, 9, 4),
            article=front_page["draft"],
            acts=[("评书", "未公开的书目", ["只在草稿里演出的人"])],
        )
        in_print = front_page["performance"].acts.get(order=2)

        urls = sitemap_urls(client.get(reverse("sitemap")))

        expected = [
            "/",
            front_page["issue"].get_absolute_url(),
            front_page["older"].get_absolute_url(),
            *(
                front_page[name].get_absolute_url()
                for name in ("lead", "commentary", "brief", "programme")
            ),
            front_page["earlier"].get_absolute_url(),
            "/sections/community-news/",
            "/sections/commentary/",
            "/sections/theatre/",
            front_page["series"].get_absolute_url(),
            reverse("articles:author", kwargs={"slug": "詹长松"}),
            reverse("articles:author", kwargs={"slug": "强声"}),
            front_page["brief"].column.get_absolute_url(),
            reverse("articles:issue_list"),
            reverse("articles:issue_month", kwargs={"year": 2022, "month": 8}),
            reverse("events:index"),
            shown.programme.get_absolute_url(),
            shown.get_absolute_url(),
            in_print.piece.get_absolute_url(),
            *(performer.get_absolute_url() for performer in in_print.performers.all()),
        ]
        for path in expected:
            assert absolute(path) in urls, path
        left_out = [
            front_page["draft_issue"].get_absolute_url(),
            *(front_page[name].get_absolute_url() for name in HIDDEN),
            front_page["in_draft_issue"].series.get_absolute_url(),
            reverse("articles:author", kwargs={"slug": "只写草稿的人"}),
            reverse("articles:issue_month", kwargs={"year": 2022, "month": 9}),  # drafts only
            hidden.get_absolute_url(),
            *(act.piece.get_absolute_url() for act in hidden.acts.all()),
            *(p.get_absolute_url() for act in hidden.acts.all() for p in act.performers.all()),
        ]
        assert len(left_out) == 10
        for path in left_out:
            assert absolute(path) not in urls, path

    def test_gives_when_things_last_changed(self, client, front_page):
        urls = sitemap_urls(client.get(reverse("sitemap")))

        lead = urls[absolute(front_page["lead"].get_absolute_url())]
        assert (
            lead.find(f"{SITEMAP}lastmod").text
            == f"{timezone.localdate(front_page['lead'].updated)}"
        )
        series = urls[absolute(front_page["series"].get_absolute_url())]
        assert series.find(f"{SITEMAP}lastmod") is not None
        assert urls[absolute("/")].find(f"{SITEMAP}lastmod") is not None

    def test_costs_the_same_queries_however_much_there_is(
        self, client, django_assert_max_num_queries
    ):
        build_articles(2)
        few = count_queries(client, reverse("sitemap"))
        build_articles(20)

        with django_assert_max_num_queries(SITEMAP_QUERIES):
            assert count_queries(client, reverse("sitemap")) == few

    def test_reads_no_article_text(self, client, front_page):
        """The sitemap lists every published article of the archive: a text each would be
        the whole archive in one worker's memory."""
        make_performance(date=datetime.date(2022, 9, 3), article=front_page["lead"])
        assert_reads_no_article_text(client, reverse("sitemap"))


class TestNewsSitemap:
    @pytest.fixture
    def news(self):
        today = timezone.localdate()
        fresh = make_article(
            issue=make_issue(date=today),
            title="今天的新闻 & 评论",
            published_at=timezone.now() - datetime.timedelta(hours=1),
        )
        stale = make_article(issue=make_issue(date=today - datetime.timedelta(days=3)))
        draft = make_article(issue=fresh.issue, status=ArticleStatus.DRAFT)
        due_later = make_article(issue=fresh.issue, published_at=future())
        return {"fresh": fresh, "left out": [stale, draft, due_later]}

    def test_lists_articles_of_the_last_two_days_with_news_tags(self, client, news):
        response = client.get(reverse("news_sitemap"))

        urls = sitemap_urls(response)
        assert list(urls) == [absolute(news["fresh"].get_absolute_url())]
        entry = urls[absolute(news["fresh"].get_absolute_url())].find(f"{NEWS}news")
        assert entry.find(f"{NEWS}publication/{NEWS}name").text == "解放区报"
        assert entry.find(f"{NEWS}publication/{NEWS}language").text == "zh-cn"
        assert entry.find(f"{NEWS}title").text == "今天的新闻 & 评论"
        published = entry.find(f"{NEWS}publication_date").text
        assert published.endswith("+08:00")
        assert datetime.datetime.fromisoformat(published) == news["fresh"].published_at

    def test_reads_no_article_text(self, client, news):
        assert_reads_no_article_text(client, reverse("news_sitemap"))

    def test_keeps_the_newest_article_when_nothing_is_new(self, client, front_page):
        """A sitemap lists at least one URL (sitemaps.org's schema); an article older than
        two days is one Google News already knows."""
        newest = Article.objects.published().order_by("-published_at", "pk").first()
        urls = sitemap_urls(client.get(reverse("news_sitemap")))
        assert list(urls) == [absolute(newest.get_absolute_url())]


def test_robots_txt_names_both_sitemaps_keeps_crawlers_out_of_search_and_hides_admin(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert not any(reverse("admin:index") in line for line in lines)
    assert "Disallow: /search/" in lines
    assert "Sitemap: http://localhost:8000/sitemap.xml" in lines
    assert "Sitemap: http://localhost:8000/sitemap-news.xml" in lines


# The article page's metadata ------------------------------------------------------------


def meta(response, prop: str) -> list[str]:
    """The contents of the <meta property=…> (or name=…) tags, as the HTML has them."""
    pattern = rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)">'
    return re.findall(pattern, head_html(response))


@pytest.fixture
def photo_story(front_page):
    """The lead, now with a photo, a photographer and a commentator, and in the series."""
    lead = front_page["lead"]
    lead.photo = "photos/2022/08/signing.jpg"
    lead.photo_caption = "签约现场"
    lead.photo_credit = "本报记者 张三 摄"
    lead.dateline = "本报讯"
    lead.series = front_page["series"]
    lead.series_number = 5
    lead.save()
    add_byline(lead, make_author("张三"), Byline.Role.PHOTOGRAPHER, 4)
    add_byline(lead, Byline.objects.get(author__name="强声").author, Byline.Role.COMMENTATOR, 5)
    return lead


class TestNewsArticleJsonLd:
    def test_describes_the_article_its_people_and_where_it_was_printed(self, client, photo_story):
        data = json_ld(client.get(photo_story.get_absolute_url()))

        url = absolute(photo_story.get_absolute_url())
        photo_story.refresh_from_db()
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "NewsArticle"
        assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
        assert data["url"] == url
        assert data["headline"] == "解放区以企招商“云推介”暨项目签约仪式举行"
        assert data["alternativeHeadline"] == [
            "签约项目68个,总投资118亿元",
            "坚定两个依靠 闯出焦作新路",
        ]
        assert data["description"] == photo_story.summary
        assert data["dateline"] == "本报讯"
        assert data["datePublished"] == "2022-08-25T00:00:00+08:00"
        # The photo the fixture gave it is a change of what readers read, after publication.
        modified = timezone.localtime(photo_story.text_changed_at).replace(microsecond=0)
        assert data["dateModified"] == modified.isoformat()
        assert data["inLanguage"] == "zh-Hans"
        assert data["author"] == [
            person("詹长松", "记者"),
            person("王孟阳", "通讯员"),
            person("李秀娟", "通讯员"),
            person("强声", "评论员"),
        ]
        assert data["image"] == {
            "@type": "ImageObject",
            "url": absolute("/media/photos/2022/08/signing.jpg"),
            "caption": "签约现场",
            "description": "签约现场",  # no text of its own: the caption says what it shows
            "creditText": "本报记者 张三 摄",
            "creator": [person("张三", "摄影")],
        }
        assert "contributor" not in data
        assert data["articleSection"] == "社区新闻"
        assert data["isPartOf"] == {
            "@type": "CreativeWorkSeries",
            "name": "解放区优化营商环境系列评论",
            "url": absolute(photo_story.series.get_absolute_url()),
        }
        assert data["position"] == 5
        assert data["printEdition"] == "第1234期"
        assert data["printSection"] == "社区新闻"
        assert "printPage" not in data  # the model has no page number to give
        assert data["publisher"] == {
            "@type": "NewsMediaOrganization",
            "name": "解放区报",
            "url": absolute("/"),
            "logo": {
                "@type": "ImageObject",
                "url": absolute("/static/newsroom/logo.png"),
                "width": 512,
                "height": 512,
            },
        }

    def test_without_photo_series_or_number_says_only_what_there_is(self, client):
        article = make_article(issue=make_issue(date=datetime.date(2022, 9, 8)), subtitles="副题")
        add_byline(article, make_author("张三"), Byline.Role.PHOTOGRAPHER)

        data = json_ld(client.get(article.get_absolute_url()))

        assert data["alternativeHeadline"] == "副题"
        assert data["contributor"] == [person("张三", "摄影")]
        assert data["printEdition"] == "2022-09-08"
        for absent in ("author", "isPartOf", "position", "dateline", "printPage"):
            assert absent not in data
        assert data["image"] == {  # the paper's card: Google asks every article for an image
            "@type": "ImageObject",
            "url": absolute("/static/newsroom/card.png"),
            "width": 1200,
            "height": 630,
            "description": "解放区报",
        }

    def test_a_headline_cannot_end_the_script_element(self, client):
        title = '</script><script>alert("x")</script><!-- & -->'
        article = make_article(title=title)

        response = client.get(article.get_absolute_url())

        assert json_ld(response)["headline"] == title
        assert "<script>alert" not in response.content.decode()

    def test_script_text_spells_markup_characters_as_json_escapes(self):
        text = script_text({"headline": "</script>&"})

        assert text == '{"headline": "\\u003C/script\\u003E\\u0026"}'
        assert json.loads(text) == {"headline": "</script>&"}


def person(name: str, job_title: str) -> dict:
    return {
        "@type": "Person",
        "name": name,
        "url": absolute(reverse("articles:author", kwargs={"slug": name})),
        "jobTitle": job_title,
    }


class TestOpenGraph:
    def test_article_page_has_open_graph_and_twitter_card_tags(self, client, photo_story):
        response = client.get(photo_story.get_absolute_url())

        assert meta(response, "og:type") == ["article"]
        assert meta(response, "og:title") == [photo_story.title]
        assert meta(response, "og:description") == [photo_story.summary]
        assert meta(response, "og:url") == [absolute(photo_story.get_absolute_url())]
        photo = absolute("/media/photos/2022/08/signing.jpg")
        assert meta(response, "og:image") == meta(response, "twitter:image") == [photo]
        assert meta(response, "og:image:alt") == meta(response, "twitter:image:alt")
        assert meta(response, "og:image:alt") == ["签约现场"]
        assert meta(response, "twitter:title") == [photo_story.title]
        assert meta(response, "twitter:description") == [photo_story.summary]
        assert meta(response, "og:site_name") == ["解放区报"]
        assert meta(response, "og:locale") == ["zh_CN"]
        assert meta(response, "article:published_time") == ["2022-08-25T00:00:00+08:00"]
        assert meta(response, "article:section") == ["社区新闻"]
        assert meta(response, "article:author") == [
            absolute(reverse("articles:author", kwargs={"slug": name}))
            for name in ("詹长松", "王孟阳", "李秀娟", "张三", "强声")
        ]
        assert meta(response, "twitter:card") == ["summary_large_image"]

    def test_a_page_without_a_photo_of_its_own_shows_the_papers_card(self, client, front_page):
        """A link shared in WeChat or elsewhere always shows a picture: the masthead's card."""
        card = absolute("/static/newsroom/card.png")
        pages = [
            front_page["brief"].get_absolute_url(),
            reverse("home"),
            front_page["issue"].get_absolute_url(),
            front_page["performance"].get_absolute_url(),
        ]
        for url in pages:
            response = client.get(url)
            assert meta(response, "og:image") == meta(response, "twitter:image") == [card], url
            assert meta(response, "og:image:width") == ["1200"], url
            assert meta(response, "og:image:height") == ["630"], url
            assert meta(response, "og:image:alt") == ["解放区报"], url
            assert meta(response, "twitter:card") == ["summary_large_image"], url
            assert meta(response, "twitter:title") == meta(response, "og:title")[:1], url
            assert meta(response, "twitter:description"), url


def test_the_papers_pictures_are_the_sizes_their_settings_say(settings):
    for picture in (settings.SITE_CARD, settings.SITE_LOGO):
        with Image.open(finders.find(picture["path"])) as image:
            assert image.size == (picture["width"], picture["height"])
            assert image.format == "PNG"  # what every reader of og:image and JSON-LD takes

    def test_tags_are_escaped(self, client):
        article = make_article(title='引号"与<尖括号>&', body='<p>他说"好"</p>')

        response = client.get(article.get_absolute_url())

        assert meta(response, "og:title") == ["引号&quot;与&lt;尖括号&gt;&amp;"]
        assert meta(response, "og:description") == ["他说&quot;好&quot;"]

    def test_other_pages_have_the_sites_own_tags(self, client, front_page):
        response = client.get(reverse("articles:issue_list"))

        assert meta(response, "og:type") == ["website"]
        assert meta(response, "og:site_name") == ["解放区报"]
        assert meta(response, "og:url") == [absolute(reverse("articles:issue_list"))]
        assert meta(response, "og:title") == ["News of Jiefang District · 解放区报"]


def test_pages_declare_their_language_in_bcp_47(front_page):
    chinese = Client().get(reverse("home")).content.decode()
    english = Client(headers={"accept-language": "en"}).get(reverse("home")).content.decode()

    assert '<html lang="zh-Hans">' in chinese
    assert '<html lang="en">' in english


def test_every_address_the_site_gives_is_its_own_whatever_name_it_was_read_by(
    client, front_page, settings
):
    """A page, feed or sitemap fetched through a CDN's or another host name still names the
    site's own address (SITE_URL): search engines and readers' tools keep one URL per page."""
    settings.ALLOWED_HOSTS = ["testserver", "cdn.example"]
    lead, performance = front_page["lead"], front_page["performance"]
    urls = [
        reverse("home"),
        lead.get_absolute_url(),
        lead.issue.get_absolute_url(),
        reverse("sitemap"),
        reverse("articles:latest_rss"),
        reverse("articles:latest_atom"),
        reverse("articles:corrections_atom"),
        reverse("robots_txt"),
        "/api/v1/issues/?limit=1",
        performance.get_absolute_url(),
        reverse("events:performance_calendar", args=[performance.pk]),
    ]
    for url in urls:
        response = client.get(url, headers={"host": "cdn.example"})
        body = response.content.decode()
        assert response.status_code == 200, url
        assert "cdn.example" not in body, url
        assert "http://localhost:8000/" in body.replace("\r\n ", ""), url  # iCalendar folds


def test_date_modified_moves_with_what_readers_read_and_nothing_else(
    client, imported_seed, members, now
):
    """Not with a save that changes nothing readers read (an import of the same file again,
    a move in the issue, the form saved as it is): with an edit of the text. (Corrections:
    tests/test_corrections.py.)"""
    lead = Article.objects.get(position=1)
    url = lead.get_absolute_url()
    published = "2022-08-25T00:00:00+08:00"

    def modified():
        response = client.get(url)
        return json_ld(response)["dateModified"], meta(response, "article:modified_time")

    assert modified() == (published, [published])
    call_command("import_issue", str(SEED), "--date", "2022-08-25", stdout=StringIO())
    Article.objects.filter(pk=lead.pk).get().save()  # a save that changes nothing
    lead.refresh_from_db()
    lead.position = 20
    lead.save(update_fields=["position"])
    edit_as(Client(), members["总编辑"], lead)  # the editor saves the form as it is
    assert modified() == (published, [published])

    edit_as(Client(), members["总编辑"], lead, body=lead.body + "<p>（补充）</p>")
    assert Article.objects.get(pk=lead.pk).text_changed_at == now
    edited = timezone.localtime(now).replace(microsecond=0).isoformat()
    assert modified() == (edited, [timezone.localtime(now).isoformat()])


def test_the_first_edit_after_an_import_moves_date_modified(client, imported_seed, members, now):
    """The import writes its articles in bulk, with no save of each: their text is known."""
    article = Article.objects.get(position=2)
    edit_as(Client(), members["总编辑"], article, title=article.title + "（更新）")
    edited = timezone.localtime(now).replace(microsecond=0).isoformat()
    assert json_ld(client.get(article.get_absolute_url()))["dateModified"] == edited
