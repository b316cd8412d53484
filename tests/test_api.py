"""The JSON API at /api/v1/: what it says, what it never shows, and what it costs."""

import datetime
import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import timezone, translation

from articles.models import Article, Byline, Column
from events.models import Performance

from .factories import add_byline, make_article, make_author, make_issue, make_performance
from .helpers import API
from .seed_expectations import SEED_ACTS, SEED_ARTICLES, SEED_DATE

pytestmark = pytest.mark.django_db

PATHS = [
    "/issues/",
    "/issues/{date}",
    "/articles/",
    "/articles/{id}",
    "/authors/",
    "/authors/{slug}",
    "/performances/",
    "/performances/{id}",
]


@pytest.fixture
def client():
    """A client that asks for English, so role labels are the msgids."""
    return Client(headers={"accept-language": "en"})


def get(client, path, **params):
    """The decoded JSON of a GET, after checking its status."""
    status = params.pop("status", 200)
    response = client.get(f"{API}{path}", params)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def items(client, path, **params):
    return get(client, path, **params)["items"]


def today(days=0) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def paper(front_page):
    """The front page (conftest.py), its programme's evening now the ``past`` one, and
    evenings entered by hand around today: one ``soon``, one ``later``, and one ``hidden``
    because the draft announced it."""
    soon = make_performance(date=today(3), acts=[("魔术", "近景魔术", ["魔术师甲"])])
    later = make_performance(date=today(10), acts=[("小品", "", ["王丽"])])
    hidden = make_performance(
        article=front_page["draft"], date=today(5), acts=[("小品", "秘密节目", ["某人"])]
    )
    return {
        **front_page,
        "past": front_page["performance"],
        "soon": soon,
        "later": later,
        "hidden": hidden,
    }


class TestIssues:
    def test_lists_published_issues_newest_first(self, client, paper):
        page = get(client, "/issues/")

        assert page["count"] == 2
        assert page["items"] == [
            {
                "date": "2022-08-25",
                "number": 1234,
                "published_at": "2022-08-25T00:00:00+08:00",
                "url": "http://localhost:8000/2022/8/25/",
            },
            {
                "date": "2022-08-18",
                "number": 1233,
                "published_at": "2022-08-18T00:00:00+08:00",
                "url": "http://localhost:8000/2022/8/18/",
            },
        ]

    @pytest.mark.parametrize(
        ("params", "dates"),
        [
            ({"year": 2022}, ["2022-08-25", "2022-08-18"]),
            ({"year": 2022, "month": 8}, ["2022-08-25", "2022-08-18"]),
            ({"year": 2022, "month": 9}, []),  # a draft and one not due
            ({"year": 2020}, []),
        ],
    )
    def test_filters_by_year_and_month(self, client, paper, params, dates):
        assert [issue["date"] for issue in items(client, "/issues/", **params)] == dates

    @pytest.mark.parametrize("params", [{"year": "last"}, {"month": 13}, {"month": 0}])
    def test_rejects_a_bad_year_or_month(self, client, params):
        detail = get(client, "/issues/", status=422, **params)["detail"]

        assert detail[0]["loc"] == ["query", next(iter(params))]
        assert detail[0]["msg"]

    def test_issue_lists_its_published_articles_in_printed_order(self, client, paper):
        issue = get(client, "/issues/2022-08-25")

        assert issue["date"] == "2022-08-25"
        assert issue["number"] == 1234
        assert issue["url"] == "http://localhost:8000/2022/8/25/"
        assert [a["title"] for a in issue["articles"]] == [
            "解放区以企招商“云推介”暨项目签约仪式举行",
            "转变作风 优化环境",
            "解放区审计局 强化专题业务培训",
            "“解放小剧场” 场场都精彩",
        ]
        first = issue["articles"][0]
        assert first["id"] == paper["lead"].pk
        assert first["section"] == {"slug": "community-news", "name": "社区新闻"}
        assert first["url"] == f"http://localhost:8000/articles/{paper['lead'].pk}/"

    @pytest.mark.parametrize("date", ["2022-09-01", "2022-09-08", "2022-08-26"])
    def test_unpublished_future_or_missing_issue_is_not_found(self, client, paper, date):
        response = client.get(f"{API}/issues/{date}")

        assert response.status_code == 404
        assert response.json() == {"detail": "No issue of this date is published."}

    @pytest.mark.parametrize("date", ["2021-02-30", "25-08-2021", "yesterday"])
    def test_a_date_that_is_not_one_is_refused_with_a_reason(self, client, date):
        detail = get(client, f"/issues/{date}", status=422)["detail"]

        assert detail[0]["loc"] == ["path", "date"]
        assert "date" in detail[0]["msg"]


class TestArticles:
    def test_lists_published_articles_newest_issue_first_in_printed_order(self, client, paper):
        page = get(client, "/articles/")

        assert page["count"] == 5
        assert [a["id"] for a in page["items"]] == [
            paper[name].pk for name in ("lead", "commentary", "brief", "programme", "earlier")
        ]

    def test_article_has_everything_the_printed_one_has(self, client, paper):
        lead = paper["lead"]

        article = get(client, f"/articles/{lead.pk}")

        assert article == {
            "id": lead.pk,
            "title": "解放区以企招商“云推介”暨项目签约仪式举行",
            "kind": "news",
            "subtitles": ["签约项目68个,总投资118亿元", "坚定两个依靠 闯出焦作新路"],
            "section": {"slug": "community-news", "name": "社区新闻"},
            "column": None,
            "series": None,
            "bylines": [
                {
                    "name": "詹长松",
                    "slug": "詹长松",
                    "role": "reporter",
                    "role_label": "Reporter",
                    "url": "http://localhost:8000/authors/%E8%A9%B9%E9%95%BF%E6%9D%BE/",
                },
                {
                    "name": "王孟阳",
                    "slug": "王孟阳",
                    "role": "correspondent",
                    "role_label": "Correspondent",
                    "url": "http://localhost:8000/authors/%E7%8E%8B%E5%AD%9F%E9%98%B3/",
                },
                {
                    "name": "李秀娟",
                    "slug": "李秀娟",
                    "role": "correspondent",
                    "role_label": "Correspondent",
                    "url": "http://localhost:8000/authors/%E6%9D%8E%E7%A7%80%E5%A8%9F/",
                },
            ],
            "dateline": "本报讯",
            "summary": "8月23日上午,签约仪式在焦作市5G产业园举行。 第二段。",
            "body": (
                "<p>8月23日上午,签约仪式在<strong>焦作市5G产业园</strong>举行。</p><p>第二段。</p>"
            ),
            "photo": None,
            "corrections": [],
            "issue_date": "2022-08-25",
            "published_at": "2022-08-25T00:00:00+08:00",
            "url": f"http://localhost:8000/articles/{lead.pk}/",
        }

    def test_commentary_has_its_series_number_and_pen_name(self, client, paper):
        article = get(client, f"/articles/{paper['commentary'].pk}")

        assert article["series"] == {
            "slug": paper["commentary"].series.slug,
            "name": "解放区优化营商环境系列评论",
            "number": 4,
        }
        assert [(b["name"], b["role"], b["role_label"]) for b in article["bylines"]] == [
            ("强声", "commentator", "Commentator")
        ]

    def test_brief_has_its_column(self, client, paper):
        column = get(client, f"/articles/{paper['brief'].pk}")["column"]

        assert column == {"slug": Column.objects.get(name="基层动态").slug, "name": "基层动态"}

    def test_role_labels_are_in_the_language_asked_for(self, paper):
        response = Client(headers={"accept-language": "zh-hans"}).get(
            f"{API}/articles/{paper['lead'].pk}"
        )

        with translation.override("zh-hans"):
            assert response.json()["bylines"][0]["role_label"] == str(Byline.Role.REPORTER.label)

    def test_photo_has_an_absolute_url_its_alt_text_caption_and_credit(self, client):
        article = make_article(
            kind=Article.Kind.PHOTO,
            photo="photos/2022/08/wenming.jpg",
            photo_caption="创建全国文明城市典范城市",
            photo_credit="本报记者 张三 摄",
            photo_alt="文明城市创建宣传牌",
        )

        assert get(client, f"/articles/{article.pk}")["photo"] == {
            "url": "http://localhost:8000/media/photos/2022/08/wenming.jpg",
            "alt": "文明城市创建宣传牌",
            "caption": "创建全国文明城市典范城市",
            "credit": "本报记者 张三 摄",
        }

    def test_printed_photo_without_a_picture_on_file_keeps_its_caption(self, client):
        article = make_article(kind=Article.Kind.PHOTO, photo_caption="创建全国文明城市典范城市")

        assert get(client, f"/articles/{article.pk}")["photo"] == {
            "url": None,
            "alt": "",
            "caption": "创建全国文明城市典范城市",
            "credit": "",
        }

    @pytest.mark.parametrize("name", ["draft", "due_later", "in_draft_issue"])
    def test_unpublished_article_is_in_no_list_and_not_found(self, client, paper, name):
        article = paper[name]

        response = client.get(f"{API}/articles/{article.pk}")

        assert response.status_code == 404
        assert response.json() == {"detail": "No article with this id is published."}
        assert article.pk not in [a["id"] for a in items(client, "/articles/")]
        assert article.pk not in [a["id"] for a in items(client, "/articles/", issue="2022-08-25")]

    def test_unknown_or_malformed_id(self, client):
        assert client.get(f"{API}/articles/999999").status_code == 404
        assert get(client, "/articles/first", status=422)["detail"][0]["loc"] == ["path", "id"]


class TestArticleFilters:
    @pytest.mark.parametrize(
        ("param", "value", "expected"),
        [
            ("section", "commentary", ["commentary"]),
            ("section", "theatre", ["programme"]),
            ("column", "jiceng-dongtai", ["brief"]),
            ("author", "詹长松", ["lead", "earlier"]),
            ("author", "只写草稿的人", []),
            ("issue", "2022-08-18", ["earlier"]),
            ("issue", "2022-09-01", []),
            ("since", "2022-08-20T00:00:00+08:00", ["lead", "commentary", "brief", "programme"]),
            ("since", "2022-08-25", ["lead", "commentary", "brief", "programme"]),
            ("since", "2022-08-25T00:00:01", []),
            ("since", "2022-08-24T16:00:00Z", ["lead", "commentary", "brief", "programme"]),
            ("section", "no-such-section", []),
        ],
    )
    def test_each_filter(self, client, paper, param, value, expected):
        found = items(client, "/articles/", **{param: value})

        assert [a["id"] for a in found] == [paper[name].pk for name in expected]

    def test_series_filter(self, client, paper):
        slug = paper["commentary"].series.slug

        assert [a["id"] for a in items(client, "/articles/", series=slug)] == [
            paper["commentary"].pk
        ]

    def test_filters_combine(self, client, paper):
        found = items(client, "/articles/", section="community-news", issue="2022-08-25")

        assert [a["id"] for a in found] == [paper["lead"].pk, paper["brief"].pk]

    def test_author_in_two_roles_lists_the_article_once(self, client, paper):
        add_byline(paper["lead"], paper["reporter"], Byline.Role.PHOTOGRAPHER, 4)

        page = get(client, "/articles/", author="詹长松")

        assert page["count"] == 2
        assert [a["id"] for a in page["items"]] == [paper["lead"].pk, paper["earlier"].pk]

    @pytest.mark.parametrize(("param", "value"), [("issue", "2021-13-01"), ("since", "soon")])
    def test_a_bad_value_is_refused_with_a_reason(self, client, param, value):
        detail = get(client, "/articles/", status=422, **{param: value})["detail"]

        assert detail[0]["loc"] == ["query", param]
        assert detail[0]["msg"]


class TestAuthors:
    def test_lists_authors_of_published_articles_with_their_count(self, client, paper):
        found = {a["name"]: a for a in items(client, "/authors/")}

        assert set(found) == {"詹长松", "王孟阳", "李秀娟", "强声"}  # not 只写草稿的人
        assert found["詹长松"] == {
            "slug": "詹长松",
            "name": "詹长松",
            "is_pen_name": False,
            "article_count": 2,
            "url": "http://localhost:8000/authors/%E8%A9%B9%E9%95%BF%E6%9D%BE/",
        }
        assert found["强声"]["is_pen_name"] is True

    def test_counts_published_articles_not_bylines(self, client, paper):
        add_byline(paper["lead"], paper["reporter"], Byline.Role.PHOTOGRAPHER, 4)
        add_byline(paper["draft"], paper["reporter"])

        assert get(client, "/authors/詹长松")["article_count"] == 2

    def test_author_has_their_newest_published_articles(self, client, paper):
        author = get(client, "/authors/詹长松")

        assert author["name"] == "詹长松"
        assert author["bio"] == ""
        assert [a["id"] for a in author["latest_articles"]] == [
            paper["lead"].pk,
            paper["earlier"].pk,
        ]

    def test_latest_articles_are_the_ten_newest(self, client):
        author = make_author("高产作者")
        for day in range(1, 13):
            add_byline(make_article(issue=make_issue(date=datetime.date(2020, 3, day))), author)

        latest = get(client, f"/authors/{author.slug}")["latest_articles"]

        assert [a["issue_date"] for a in latest] == [f"2020-03-{d:02}" for d in range(12, 2, -1)]

    @pytest.mark.parametrize("slug", ["只写草稿的人", "nobody"])
    def test_author_of_drafts_only_or_unknown_is_not_found(self, client, paper, slug):
        response = client.get(f"{API}/authors/{slug}")

        assert response.status_code == 404
        assert response.json() == {"detail": "No author with this slug has published articles."}


class TestPerformances:
    def test_performance_has_its_programme_bill_and_announcing_article(self, client, paper):
        past = paper["past"]

        assert get(client, f"/performances/{past.pk}") == {
            "id": past.pk,
            "date": "2022-09-03",
            "time": "19:30:00",
            "programme": {"slug": "jiefang-theatre", "name": "解放小剧场", "address": ""},
            "acts": [
                {"order": 1, "form": "快板书联唱", "title": "", "performers": ["丁艺"]},
                {"order": 2, "form": "相声", "title": "学小曲", "performers": ["展奇", "杨森"]},
                {"order": 3, "form": "相声", "title": "对坐数来宝", "performers": ["龙龙", "张鑫"]},
                {"order": 4, "form": "大返场", "title": "", "performers": []},
            ],
            "announced_in": paper["programme"].pk,
            "url": f"http://localhost:8000/theatre/performances/{past.pk}/",
        }

    def test_entered_by_hand_it_was_announced_in_no_article(self, client, paper):
        soon = get(client, f"/performances/{paper['soon'].pk}")

        assert soon["announced_in"] is None
        assert soon["time"] is None

    def test_lists_visible_performances_newest_first(self, client, paper):
        page = get(client, "/performances/")

        assert page["count"] == 3
        assert [p["id"] for p in page["items"]] == [paper[n].pk for n in ("later", "soon", "past")]

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"upcoming": "true"}, ["soon", "later"]),
            ({"upcoming": "false"}, ["past"]),
            ({"from": "2022-09-03", "to": "2022-09-03"}, ["past"]),
            ({"upcoming": "true", "to": str(today(5))}, ["soon"]),
            ({"from": str(today(4))}, ["later"]),
        ],
    )
    def test_filters(self, client, paper, params, expected):
        found = items(client, "/performances/", **params)

        assert [p["id"] for p in found] == [paper[name].pk for name in expected]

    def test_upcoming_includes_tonight(self, client):
        tonight = make_performance(date=today(), time=datetime.time(19, 30))

        assert [p["id"] for p in items(client, "/performances/", upcoming="true")] == [tonight.pk]

    def test_performance_announced_by_an_unpublished_article_is_hidden(self, client, paper):
        hidden = paper["hidden"]

        response = client.get(f"{API}/performances/{hidden.pk}")

        assert response.status_code == 404
        assert response.json() == {"detail": "No performance with this id is visible."}
        for params in ({}, {"upcoming": "true"}, {"from": str(today(5))}):
            assert hidden.pk not in [p["id"] for p in items(client, "/performances/", **params)]

    @pytest.mark.parametrize(
        ("param", "value"), [("upcoming", "maybe"), ("from", "2021-02-30"), ("to", "later")]
    )
    def test_a_bad_filter_is_refused_with_a_reason(self, client, param, value):
        detail = get(client, "/performances/", status=422, **{param: value})["detail"]

        assert detail[0]["loc"] == ["query", param]


class TestPagination:
    @pytest.fixture
    def issues(self):
        return [
            make_issue(date=datetime.date(2020, 1, 1) + datetime.timedelta(n)) for n in range(25)
        ]

    def test_pages_of_twenty_by_default_with_the_total(self, client, issues):
        page = get(client, "/issues/")

        assert page["count"] == 25
        assert len(page["items"]) == 20
        assert page["previous"] is None
        assert page["next"] == "http://localhost:8000/api/v1/issues/?limit=20&offset=20"

    def test_limit_and_offset_with_links_either_side_that_keep_the_filters(self, client, issues):
        page = get(client, "/issues/", year=2020, limit=5, offset=7)

        assert page["count"] == 25
        assert [i["date"] for i in page["items"]] == [
            f"2020-01-{day:02}" for day in range(18, 13, -1)
        ]
        assert page["next"] == "http://localhost:8000/api/v1/issues/?year=2020&limit=5&offset=12"
        assert page["previous"] == "http://localhost:8000/api/v1/issues/?year=2020&limit=5&offset=2"

    def test_following_next_visits_every_item_once(self, client, issues):
        seen, url = [], f"{API}/issues/?limit=10"
        while url:
            page = client.get(url).json()
            seen += [i["date"] for i in page["items"]]
            url = page["next"]

        assert len(seen) == len(set(seen)) == 25

    def test_last_page_has_no_next_and_past_the_end_is_empty(self, client, issues):
        assert get(client, "/issues/", limit=10, offset=20)["next"] is None
        beyond = get(client, "/issues/", limit=10, offset=40)
        assert beyond["items"] == []
        assert beyond["count"] == 25

    def test_at_most_one_hundred_per_page(self, client, issues):
        assert len(items(client, "/issues/", limit=100)) == 25
        detail = get(client, "/issues/", limit=101, status=422)["detail"]
        assert detail[0]["loc"] == ["query", "limit"]
        assert "100" in detail[0]["msg"]

    @pytest.mark.parametrize("params", [{"limit": 0}, {"offset": -1}, {"limit": "all"}])
    def test_nonsense_limit_or_offset_is_refused(self, client, params):
        get(client, "/issues/", status=422, **params)

    @pytest.mark.parametrize("path", ["/articles/", "/authors/", "/performances/"])
    def test_every_list_is_paginated(self, client, paper, path):
        page = get(client, path, limit=1)

        assert set(page) == {"count", "next", "previous", "items"}
        assert len(page["items"]) == 1
        assert page["count"] > 1
        assert page["next"].endswith("?limit=1&offset=1")


class TestReadOnly:
    @pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
    def test_only_get_is_allowed(self, client, paper, method):
        ids = {"/articles/{id}": paper["lead"].pk, "/performances/{id}": paper["past"].pk}
        for path in PATHS:
            url = API + path.format(date="2022-08-25", slug="詹长松", id=ids.get(path))
            response = getattr(client, method)(url, data={}, content_type="application/json")
            assert response.status_code == 405, url
            assert response["Allow"] == "GET"

    def test_get_needs_no_login_and_no_csrf_token(self, paper):
        client = Client(enforce_csrf_checks=True)

        assert client.get(f"{API}/articles/").status_code == 200


class TestDescription:
    def test_openapi_document_lists_every_path_with_get_only(self, client):
        response = client.get(f"{API}/openapi.json")

        assert response.status_code == 200
        document = json.loads(response.content)
        assert document["openapi"].startswith("3.")
        assert document["info"]["title"] == "解放区报 API"
        assert document["info"]["version"] == "1"
        assert document["info"]["description"]
        assert sorted(document["paths"]) == sorted(API + path for path in PATHS)
        for path, operations in document["paths"].items():
            assert list(operations) == ["get"], path
            assert "200" in operations["get"]["responses"]

    def test_openapi_document_describes_the_filters_and_pages(self, client):
        paths = client.get(f"{API}/openapi.json").json()["paths"]

        def parameters(path):
            return {p["name"] for p in paths[API + path]["get"]["parameters"]}

        filters = {"section", "column", "series", "author", "issue", "since"}
        assert parameters("/articles/") == filters | {"limit", "offset"}
        assert parameters("/performances/") == {"upcoming", "from", "to", "limit", "offset"}
        assert parameters("/issues/") == {"year", "month", "limit", "offset"}

    def test_docs_page_loads_everything_from_this_site(self, client):
        response = client.get(f"{API}/docs")

        assert response.status_code == 200
        html = response.content.decode()
        assert "http" not in html
        assets = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert len(assets) >= 3
        for asset in assets:
            assert asset.startswith("/static/"), asset
            assert finders.find(asset.removeprefix("/static/")), asset

    def test_docs_page_says_its_language(self, client):
        """Swagger UI speaks English; the API's title is the paper's own name."""
        html = client.get(f"{API}/docs").content.decode()
        assert '<html lang="en">' in html
        assert '<title lang="zh-Hans">解放区报 API</title>' in html


@pytest.fixture
def grown():
    """A paper of ``n`` of everything: issues, articles, bylines, performances and acts."""

    def grow(n):
        author = make_author(f"作者{n}")
        issue = make_issue(date=datetime.date(2019, 1, 1))
        for day in range(1, n):
            make_issue(date=datetime.date(2019, 2, day % 28 + 1) + datetime.timedelta(day // 28))
        for position in range(1, n + 1):
            article = make_article(issue=issue, position=position, section_slug="theatre")
            add_byline(article, author, Byline.Role.REPORTER, 1)
            add_byline(article, make_author(), Byline.Role.CORRESPONDENT, 2)
            make_performance(
                article=article,
                date=datetime.date(2019, 1, 2) + datetime.timedelta(position),
                acts=[("相声", f"段子{position}", ["甲", "乙"]), ("魔术", "", ["丙"])],
            )
        return {
            "issue": "2019-01-01",
            "id": article.pk,
            "slug": author.slug,
            "performance": Performance.objects.latest("date").pk,
        }

    return grow


# Each endpoint's queries, whatever it shows: a count for pages, one per level of the shape.
QUERIES = [
    ("/issues/", 2),
    ("/issues/{issue}", 5),  # with its pages and their regions
    ("/articles/", 3),
    ("/articles/{id}", 3),
    ("/authors/", 2),
    ("/authors/{slug}", 3),
    ("/performances/", 4),
    ("/performances/{performance}", 3),
]


@pytest.mark.parametrize("n", [2, 20])
@pytest.mark.parametrize(("path", "queries"), QUERIES)
def test_queries_do_not_grow_with_the_data(
    client, grown, django_assert_max_num_queries, n, path, queries
):
    url = API + path.format(**grown(n))

    with django_assert_max_num_queries(queries):
        response = client.get(url, {"limit": 100} if path.endswith("/") else {})

    assert response.status_code == 200


class TestImportedSeed:
    """The seed page as `make run` imports it, through the API."""

    def test_articles_are_the_seed_articles_in_printed_order(self, client, imported_seed):
        page = get(client, "/articles/")

        assert page["count"] == len(SEED_ARTICLES)
        found = [
            (
                a["title"],
                a["section"]["slug"],
                a["kind"],
                a["column"] and a["column"]["name"],
                [(b["name"], b["role"]) for b in a["bylines"]],
            )
            for a in page["items"]
        ]
        expected = [row[1:] for row in SEED_ARTICLES]
        assert found == [tuple(row) for row in expected]
        assert {a["issue_date"] for a in page["items"]} == {SEED_DATE.isoformat()}

    def test_performances_are_the_two_evenings_with_their_acts(self, client, imported_seed):
        programme = get(client, "/articles/", section="theatre")["items"][0]

        found = items(client, "/performances/")

        assert {p["date"]: p["announced_in"] for p in found} == {
            date.isoformat(): programme["id"] for date in SEED_ACTS
        }
        for performance in found:
            date = datetime.date.fromisoformat(performance["date"])
            assert [(a["form"], a["title"], a["performers"]) for a in performance["acts"]] == [
                (form, title, list(performers)) for form, title, performers in SEED_ACTS[date]
            ]
            assert [a["order"] for a in performance["acts"]] == list(
                range(1, len(SEED_ACTS[date]) + 1)
            )

    def test_issue_of_the_seed_lists_its_articles(self, client, imported_seed):
        issue = get(client, f"/issues/{SEED_DATE}")

        assert [a["title"] for a in issue["articles"]] == [row[1] for row in SEED_ARTICLES]
