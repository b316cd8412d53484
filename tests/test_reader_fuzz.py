"""The reader pages fuzzed over their parameters with hypothesis (issue 15).

Page numbers, search words and filters, archive dates, slugs and ids come from generated
text and numbers, hostile ones included (NUL and other control characters, numbers past
64 bits). A page may answer 200, a redirect or 404, never a server error; the test
database holds published and unpublished rows, so drafts are asked for too. The examples
are few and derandomised: a run takes seconds and fails the same way twice.
"""

import datetime
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import ArticleStatus, Column, Correction, Series

from .factories import add_byline, make_article, make_author, make_performance

pytestmark = pytest.mark.django_db

fuzz = settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

near_64_bits = st.integers(min_value=2**58, max_value=2**66)  # where databases overflow
huge = st.integers(min_value=0, max_value=10**30) | near_64_bits
number = st.one_of(st.integers(-(10**30), 10**30), near_64_bits, st.floats()).map(str)
text = st.text(max_size=120)  # every character but surrogates: NUL, controls, astral ones
KNOWN_SLUGS = ["民生一线", "营商环境系列", "詹长松", "未署名", "草稿栏目", "jiefang-theatre"]
slug = st.sampled_from(KNOWN_SLUGS) | st.text(min_size=1, max_size=40)
# Pages that list, with what a reader may add to their address.
LISTS = {
    "section": lambda: reverse("articles:section", kwargs={"slug": "commentary"}),
    "column": lambda: "/columns/民生一线/",
    "series": lambda: "/series/营商环境系列/",
    "author": lambda: "/authors/詹长松/",
    "search": lambda: reverse("articles:search"),
    "corrections": lambda: reverse("articles:corrections"),
    "home": lambda: reverse("home"),
    "issues": lambda: reverse("articles:issue_list"),
    "theatre": lambda: reverse("events:index"),
    "programme": lambda: "/theatre/jiefang-theatre/",
    "performer": lambda: "/theatre/performers/展奇/",
    "piece": lambda: "/theatre/pieces/1/",
}
SLUG_ROUTES = [
    "/sections/{}/",
    "/columns/{}/",
    "/series/{}/",
    "/authors/{}/",
    "/sections/{}/feed/rss/",
    "/series/{}/feed/atom/",
    "/authors/{}/feed/rss/",
    "/theatre/performers/{}/",
    "/theatre/{}/",
]
PK_ROUTES = [
    "/articles/{}/",
    "/theatre/performances/{}/",
    "/theatre/performances/{}.ics",
    "/theatre/pieces/{}/",
]


@pytest.fixture
def paper():
    """Published rows in every list, and drafts beside them."""
    column = Column.objects.create(name="民生一线")
    series = Series.objects.create(name="营商环境系列")
    published = make_article(
        section_slug="commentary", column=column, series=series, series_number=1, title="相声专场"
    )
    add_byline(published, make_author("詹长松"))
    Correction.objects.create(article=published, text="日期有误，已更正。")
    draft = make_article(column=Column.objects.create(name="草稿栏目"), status=ArticleStatus.DRAFT)
    add_byline(draft, make_author("未署名"))
    today = timezone.localdate()
    make_performance(date=today - datetime.timedelta(days=40), article=published)
    make_performance(date=today + datetime.timedelta(days=1), acts=[("小品", "秘密", ["新人"])])
    make_performance(date=today, article=draft)


@pytest.fixture
def reader():
    return Client(raise_request_exception=False)


def assert_answered(response):
    assert response.status_code in {200, 301, 302, 404}, response.status_code


@fuzz
@given(name=st.sampled_from(sorted(LISTS)), page=number | text)
def test_any_page_number(reader, paper, name, page):
    assert_answered(reader.get(LISTS[name](), {"page": page}))


@fuzz
@given(
    q=text,
    section=st.sampled_from(["", "commentary"]) | text,
    author=st.sampled_from(["", "詹长松", "未署名"]) | text,
    date_from=text,
    date_to=st.dates().map(str) | text,
    page=number,
)
def test_any_search(reader, paper, q, section, author, date_from, date_to, page):
    params = {"q": q, "section": section, "author": author, "from": date_from, "to": date_to}
    assert_answered(reader.get(reverse("articles:search"), {**params, "page": page}))


@fuzz
@given(year=huge, month=huge, day=huge)
def test_any_archive_date(reader, paper, year, month, day):
    assert_answered(reader.get(f"/issues/{year}/{month}/"))
    assert_answered(reader.get(f"/{year}/{month}/{day}/"))


@fuzz
@given(route=st.sampled_from(SLUG_ROUTES), value=slug)
def test_any_slug(reader, paper, route, value):
    assert_answered(reader.get(route.format(quote(value, safe=""))))


@fuzz
@given(route=st.sampled_from(PK_ROUTES), pk=huge)
def test_any_id(reader, paper, route, pk):
    assert_answered(reader.get(route.format(pk)))
