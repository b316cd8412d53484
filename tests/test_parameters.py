"""Hostile or odd parameters (issue 15): every page and API answer is 200, a clear 4xx or a
404, never 500; and nothing of unpublished content answers 200.

Each case here answered 500 (or 200 for a draft's column) before it was fixed.
tests/test_reader_fuzz.py and tests/test_api_fuzz.py look for the cases nobody listed.
"""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pytest_django.asserts import assertContains

from articles.models import ArticleStatus, Column, Correction, Series
from articles.segmentation import MAX_QUERY_WORDS, query_words
from events.models import FormerPerformerSlug, Performer, Piece, Programme

from .factories import add_byline, make_article, make_author, make_performance
from .helpers import API

pytestmark = pytest.mark.django_db

# 2**63 / 20 - 9: the page whose count limit, (page + 10) * 20 + 1, passes 2**63.
BEYOND_64_BITS = ["461168601842738790", str(2**63), "100000000000000000000"]


@pytest.fixture
def client():
    """A reader whose browser asks for English, so messages are the msgids."""
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def paper():
    """One published article in every list a reader pages through, and a past performance."""
    column = Column.objects.create(name="民生一线")
    series = Series.objects.create(name="营商环境系列")
    article = make_article(section_slug="commentary", column=column, series=series, series_number=1)
    author = make_author("詹长松")
    add_byline(article, author)
    Correction.objects.create(article=article, text="日期有误，已更正。")
    performance = make_performance(date=timezone.localdate() - datetime.timedelta(days=3))
    return {
        "section": reverse("articles:section", kwargs={"slug": "commentary"}),
        "column": column.get_absolute_url(),
        "series": series.get_absolute_url(),
        "author": author.get_absolute_url(),
        "search": reverse("articles:search") + "?q=测试",
        "corrections": reverse("articles:corrections"),
        "theatre": reverse("events:index"),
        "programme": performance.programme.get_absolute_url(),
        "performer": Performer.objects.get(name="展奇").get_absolute_url(),
        "piece": Piece.objects.get(title="学小曲").get_absolute_url(),
    }


LISTS = [
    "section",
    "column",
    "series",
    "author",
    "search",
    "corrections",
    "theatre",
    "programme",
    "performer",
    "piece",
]


def with_page(url: str, page: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}page={page}"


class TestPageNumbers:
    @pytest.mark.parametrize("page", BEYOND_64_BITS)
    @pytest.mark.parametrize("name", LISTS)
    def test_a_huge_page_number_is_the_last_page(self, client, paper, name, page):
        response = client.get(with_page(paper[name], page))

        assert response.status_code == 200
        page_obj = response.context["page_obj"]
        assert page_obj.number == page_obj.paginator.num_pages

    @pytest.mark.parametrize("page", ["1e20", "1.5", "abc", "", "٣"])
    def test_a_page_number_that_is_not_one_is_the_first_page(self, client, paper, page):
        response = client.get(with_page(paper["section"], page))

        assert response.status_code == 200
        assert response.context["page_obj"].number == 1


class TestUnpublished:
    """What only drafts hold is not found, exactly as if it did not exist."""

    def test_column_of_drafts_only_is_not_found(self, client):
        column = Column.objects.create(name="内部栏目")
        make_article(column=column, title="草稿", status=ArticleStatus.DRAFT)

        response = client.get(column.get_absolute_url())

        assert response.status_code == 404
        assert "内部栏目" not in response.content.decode()

    def test_column_without_articles_is_not_found(self, client):
        column = Column.objects.create(name="新栏目")

        assert client.get(column.get_absolute_url()).status_code == 404

    def test_series_and_author_of_drafts_only_are_not_found(self, client):
        series = Series.objects.create(name="未完系列")
        draft = make_article(series=series, series_number=1, status=ArticleStatus.DRAFT)
        author = make_author("未署名")
        add_byline(draft, author)

        assert client.get(series.get_absolute_url()).status_code == 404
        assert client.get(author.get_absolute_url()).status_code == 404
        assert client.get(f"{API}/authors/{author.slug}").status_code == 404

    def test_performer_and_piece_of_unpublished_performances_are_not_found(self, client):
        hidden = make_article(section_slug="theatre", status=ArticleStatus.DRAFT)
        make_performance(article=hidden, acts=[("小品", "秘密节目", ["新人"])])
        performer = Performer.objects.get(name="新人")

        assert client.get(performer.get_absolute_url()).status_code == 404
        assert client.get(Piece.objects.get(title="秘密节目").get_absolute_url()).status_code == 404

    def test_former_address_of_a_hidden_performer_leads_nowhere(self, client):
        hidden = make_article(section_slug="theatre", status=ArticleStatus.DRAFT)
        make_performance(article=hidden, acts=[("小品", "秘密节目", ["新人"])])
        newcomer = Performer.objects.get(name="新人")
        FormerPerformerSlug.objects.create(slug="旧名", performer=newcomer)

        response = client.get(reverse("events:performer", kwargs={"slug": "旧名"}))

        assert response.status_code == 404
        assert "Location" not in response


class TestSlugs:
    @pytest.mark.parametrize(
        "url",
        [
            "/sections/a%00b/",
            "/columns/%00/",
            "/series/%00/",
            "/authors/%00/",
            "/series/%00/feed/rss/",
            "/theatre/performers/%00/",
            "/theatre/%00/",
        ],
    )
    def test_a_slug_with_a_nul_is_not_found(self, client, url):
        # PostgreSQL refuses a NUL in a query: it must never reach one.
        assert client.get(url).status_code == 404

    def test_unicode_slugs_still_lead_to_their_pages(self, client, paper):
        assert client.get(paper["column"]).status_code == 200  # /columns/民生一线/


class TestSearchWords:
    WORDS = (
        "相声 小品 评书 快板 魔术 杂技 京剧 豫剧 越剧 黄梅戏 二人转 鼓书 坠子 琴书 大鼓 "
        "单弦 时调 莲花落 双簧 口技 滑稽 独角戏 电影 数来宝 绕口令 歇后语 谜语 对联 诗歌 散文"
    )

    def test_only_the_first_words_are_searched_for(self):
        words = query_words(self.WORDS)

        assert len(words) == MAX_QUERY_WORDS
        assert words == self.WORDS.split()[:MAX_QUERY_WORDS]
        assert query_words(f"{self.WORDS} {self.WORDS}") == words

    def test_thirty_words_are_a_search_and_the_page_says_which_were_left_out(self, client):
        # One condition per word: on SQLite thirty of them overflowed its parser (a 503).
        make_article(title="相声小品", body=f"<p>{self.WORDS}</p>")

        response = client.get(reverse("articles:search"), {"q": self.WORDS})

        assert response.status_code == 200
        assert response.context["words"] == self.WORDS.split()[:MAX_QUERY_WORDS]
        left_out = " ".join(self.WORDS.split()[MAX_QUERY_WORDS:])
        assertContains(response, f"these were left out: {left_out}")
        assert len(response.context["page_obj"]) == 1


def calendar_lines(response) -> list[bytes]:
    assert response.status_code == 200
    Calendar.from_ical(response.content)  # reads back
    assert response.content.endswith(b"\r\n")
    return response.content[:-2].split(b"\r\n")


class TestCalendarText:
    """Whatever an editor types, the .ics files stay valid RFC 5545."""

    ODD = "第一行\n第二行\r\n第三行\r；逗号,分号;反斜杠\\ \x01\x1b\x7f制表\t" + "长" * 60

    @pytest.fixture
    def performance(self):
        performance = make_performance(
            date=timezone.localdate() + datetime.timedelta(days=1),
            acts=[("相声\n小品", "学\x0b小曲", ["展\x1b奇"])],
        )
        Programme.objects.update(name=self.ODD, address=self.ODD)
        return performance

    @pytest.mark.parametrize("name", ["performance", "programme"])
    def test_every_line_is_folded_and_holds_no_control_character(self, client, performance, name):
        url = {
            "performance": reverse("events:performance_calendar", args=[performance.pk]),
            "programme": reverse("events:calendar"),
        }[name]

        for line in calendar_lines(client.get(url)):
            assert len(line) <= 75, line
            assert not re.search(rb"[\x00-\x08\x0a-\x1f\x7f]", line), line

    def test_the_text_reads_back_without_the_control_characters(self, client, performance):
        response = client.get(reverse("events:performance_calendar", args=[performance.pk]))

        [event] = Calendar.from_ical(response.content).walk("VEVENT")
        summary = str(event["summary"])
        assert summary.startswith("第一行\n第二行\n第三行\n；逗号,分号;反斜杠\\ 制表\t长")
        assert "相声\n小品《学小曲》 展奇" in str(event["description"])


class TestAPINumbers:
    @pytest.mark.parametrize("year", ["0", "-1", "10000", "99999", str(2**64)])
    def test_a_year_beyond_the_calendar_is_refused_with_a_reason(self, client, year):
        response = client.get(f"{API}/issues/", {"year": year})

        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["query", "year"]

    @pytest.mark.parametrize("path", ["/issues/", "/articles/", "/authors/", "/performances/"])
    @pytest.mark.parametrize("offset", [str(2**63), str(10**30)])
    def test_an_offset_beyond_64_bits_is_refused_with_a_reason(self, client, path, offset):
        response = client.get(f"{API}{path}", {"offset": offset})

        assert response.status_code == 422
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["detail"][0]["loc"] == ["query", "offset"]

    @pytest.mark.parametrize(
        "since",
        ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00", "0001-01-01T00:00:00+14:00"],
    )
    def test_a_time_beyond_the_calendar_is_refused_with_a_reason(self, client, since):
        response = client.get(f"{API}/articles/", {"since": since})

        assert response.status_code == 422
        [error] = response.json()["detail"]
        assert error["loc"] == ["query", "since"]
        assert "9999" in error["msg"]

    def test_the_last_moment_of_the_calendar_is_a_time(self, client):
        response = client.get(f"{API}/articles/", {"since": "9999-12-31T23:59:59+08:00"})

        assert response.status_code == 200

    @pytest.mark.parametrize(
        ("path", "params"),
        [
            ("/authors/a%00b", {}),
            ("/articles/", {"section": "\x00"}),
            ("/articles/", {"author": "a\x00"}),
            ("/articles/", {"column": "a/b"}),
        ],
    )
    def test_a_slug_that_is_not_one_is_refused_with_a_reason(self, client, path, params):
        response = client.get(f"{API}{path}", params)

        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"][0] in {"path", "query"}

    def test_every_operation_documents_its_errors(self, client):
        paths = client.get(f"{API}/openapi.json").json()["paths"]

        for path, operations in paths.items():
            responses = operations["get"]["responses"]
            assert "422" in responses, path
            schema = responses["422"]["content"]["application/json"]["schema"]
            assert schema["$ref"].endswith("/Invalid"), path
            if "{" in path:
                assert "404" in responses, path
