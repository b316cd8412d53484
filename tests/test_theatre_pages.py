"""The theatre pages readers plan with: the programme by month, one evening with its JSON-LD,
a performer's acts and partners, a piece's history; what they must not see; what it costs.

Upcoming dates are relative to today; past ones are in 2022, which stays in the past.
"""

import datetime
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from articles.models import ArticleStatus
from events.models import Performance, Piece, Programme
from events.views import MONTHS_PER_PAGE
from newsroom.pagination import PER_PAGE

from .factories import make_article, make_performance
from .helpers import (
    LIST_MAX_QUERIES,
    LIST_RENDERING_MAX_QUERIES,
    PROGRAMME_RENDERING_MAX_QUERIES,
    in_order,
    main_html,
)

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


@pytest.fixture
def client():
    """A reader whose browser asks for English: interface strings are the msgids."""
    return Client(headers={"accept-language": "en"})


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def hidden_article():
    """A programme article not published (yet): its performances are for editors only."""
    return make_article(section_slug="theatre", status=ArticleStatus.DRAFT)


def performer_url(name: str) -> str:
    return reverse("events:performer", kwargs={"slug": name})


def piece(title: str) -> Piece:
    return Piece.objects.get(title=title)


def jiefang() -> Programme:
    return Programme.objects.get(slug="jiefang-theatre")


def english_date(date: datetime.date) -> str:
    with translation.override("en"):
        return date_format(date, "DATE_FORMAT")


def event_of(response) -> dict:
    """The page's one JSON-LD object, read back as a search engine would, from the head."""
    html = response.content.decode()
    [script] = JSON_LD.findall(html)
    assert html.index('<script type="application/ld+json">') < html.index("</head>")
    return json.loads(script)


class TestProgrammeByMonth:
    def test_upcoming_soonest_first_then_past_months_newest_first(self, client):
        make_performance(date=in_days(9), acts=[("相声", "远期", ["甲"])])
        make_performance(date=in_days(2), acts=[("相声", "近期", ["乙"])])
        make_performance(date=datetime.date(2022, 9, 3), acts=[("相声", "九月初", ["丙"])])
        make_performance(date=datetime.date(2022, 9, 24), acts=[("相声", "九月底", ["丁"])])
        make_performance(date=datetime.date(2022, 8, 27), acts=[("相声", "八月", ["戊"])])
        make_performance(date=datetime.date(2021, 12, 31), acts=[("相声", "去年", ["己"])])

        response = client.get(reverse("events:index"))

        assert response.status_code == 200
        assertTemplateUsed(response, "events/programme_list.html")
        assert in_order(
            main_html(response),
            "Upcoming performances",
            "《近期》",
            "《远期》",
            "Past performances",
            ">September 2022<",
            "《九月底》",
            "《九月初》",
            ">August 2022<",
            "《八月》",
            ">December 2021<",
            "《去年》",
        )
        assertContains(
            response,
            '<h3 class="performance-month__heading" id="month-2022-09">'
            '<time datetime="2022-09">September 2022</time></h3>',
            html=True,
        )

    def test_month_headings_are_in_the_readers_language(self):
        make_performance(date=datetime.date(2022, 9, 3))

        html = main_html(Client().get(reverse("events:index")))

        assert ">2022年9月<" in html

    def test_a_page_holds_whole_months_and_only_the_first_has_upcoming(self, client):
        make_performance(date=in_days(3), acts=[("相声", "下周", ["甲"])])
        months = [
            datetime.date(2022, month, 1) for month in range(12, 12 - MONTHS_PER_PAGE - 1, -1)
        ]
        for month in months:
            for day in (2, 28):
                make_performance(
                    date=month.replace(day=day), acts=[("相声", f"{month:%m}{day:02}", [])]
                )
        oldest = months[-1]

        first = main_html(client.get(reverse("events:index")))
        second_response = client.get(reverse("events:index"), {"page": 2})
        second = main_html(second_response)

        assert "《下周》" in first and "Upcoming performances" in first
        assert first.count('class="performance-month__heading"') == MONTHS_PER_PAGE
        assert f"《{oldest:%m}02》" not in first and f"《{oldest:%m}28》" not in first
        assert "Upcoming performances" not in second and "《下周》" not in second
        assert in_order(second, "Past performances", f"《{oldest:%m}28》", f"《{oldest:%m}02》")
        assert second.count('class="performance-month__heading"') == 1
        assertContains(second_response, "Page 2 of 2")
        assertContains(
            second_response, '<link rel="canonical" href="http://localhost:8000/theatre/?page=2">'
        )

    def test_performances_of_unpublished_articles_are_never_listed(self, client):
        draft = hidden_article()
        make_performance(date=in_days(4), article=draft, acts=[("小品", "未公布一", ["某人"])])
        make_performance(
            date=datetime.date(2022, 7, 9), article=draft, acts=[("小品", "未公布二", ["某人"])]
        )
        make_performance(date=datetime.date(2022, 9, 3))

        for url in (reverse("events:index"), jiefang().get_absolute_url()):
            html = main_html(client.get(url))
            assert "未公布" not in html and "某人" not in html
            assert "July 2022" not in html
            assert "September 2022" in html

    def test_programme_page_lists_only_its_own_performances_by_month(self, client):
        elsewhere = Programme.objects.create(name="别的剧场", slug="elsewhere")
        make_performance(programme=elsewhere, acts=[("魔术", "别处", ["外人"])])
        make_performance(date=in_days(1), acts=[("相声", "明天", ["甲"])])
        make_performance(date=datetime.date(2022, 9, 3), acts=[("相声", "学小曲", ["展奇"])])

        response = client.get(jiefang().get_absolute_url())

        assert response.status_code == 200
        assertTemplateUsed(response, "events/programme_detail.html")
        html = main_html(response)
        assert in_order(
            html,
            "解放区融媒体中心",
            "Upcoming performances",
            "《明天》",
            "Past performances",
            "September 2022",
            "《学小曲》",
        )
        assert "《别处》" not in html
        assert "《别处》" in main_html(client.get(reverse("events:index")))


class TestPerformancePage:
    def test_shows_date_time_venue_bill_and_announcing_article(self, client):
        Programme.objects.filter(slug="jiefang-theatre").update(address="焦作市解放区民主路")
        article = make_article(section_slug="theatre", title="“解放小剧场” 场场都精彩")
        performance = make_performance(
            date=datetime.date(2022, 9, 3),
            time=datetime.time(19, 30),
            article=article,
            acts=[
                ("快板书联唱", "", ["丁艺"]),
                ("相声", "学小曲", ["展奇", "杨森"]),
                ("大返场", "", []),
            ],
        )

        response = client.get(performance.get_absolute_url())

        assert response.status_code == 200
        assertTemplateUsed(response, "events/performance_detail.html")
        assert in_order(
            main_html(response),
            english_date(datetime.date(2022, 9, 3)),
            "Saturday",
            "Time",
            '<time datetime="2022-09-03T19:30">19:30</time>',
            "Venue",
            "解放小剧场",
            "焦作市解放区民主路",
            "Organiser",
            "解放区融媒体中心",
            "Add to calendar",
            "快板书联唱",
            "丁艺",
            "《学小曲》",
            "展奇",
            "杨森",
            "大返场",
            "Announced in",
            "场场都精彩",
        )
        assertContains(
            response,
            f'<a href="{article.get_absolute_url()}">“解放小剧场” 场场都精彩</a>',
            html=True,
        )

    def test_says_when_no_time_is_known(self, client):
        performance = make_performance(date=datetime.date(2022, 9, 3))

        assertContains(client.get(performance.get_absolute_url()), "Not announced")

    def test_titled_pieces_and_performers_link_to_pages_that_exist(self, client):
        performance = make_performance(
            acts=[("相声", "学小曲", ["展奇", "杨森"]), ("大返场", "", ["龙龙"])]
        )

        response = client.get(performance.get_absolute_url())

        assertContains(
            response,
            f'<a href="{piece("学小曲").get_absolute_url()}"><span class="act__form">相声</span>'
            '<cite class="act__title">《学小曲》</cite></a>',
            html=True,
        )
        assertContains(response, '<span class="act__form">大返场</span>', html=True)
        assertNotContains(response, f'href="{Piece.objects.get(form="大返场").get_absolute_url()}"')
        bill = main_html(response).split('class="acts"')[1].split("</ol>")[0]
        links = re.findall(r'href="([^"]+)"', bill)
        assert len(links) == 4  # one piece, three performers
        for link in links:
            assert client.get(link).status_code == 200, link


class TestPerformanceJsonLd:
    def test_describes_the_evening_field_by_field(self, client):
        Programme.objects.filter(slug="jiefang-theatre").update(address="焦作市解放区民主路")
        article = make_article(section_slug="theatre", title="“解放小剧场” 场场都精彩")
        performance = make_performance(
            date=in_days(7),
            time=datetime.time(19, 30),
            article=article,
            acts=[
                ("快板书联唱", "", ["丁艺"]),
                ("相声", "学小曲", ["展奇", "杨森"]),
                ("相声", "小红帽", ["展奇", "张鑫"]),
                ("大返场", "", []),
            ],
        )

        event = event_of(client.get(performance.get_absolute_url()))

        site = "http://localhost:8000"
        assert event["@context"] == "https://schema.org"
        assert event["@type"] == "TheaterEvent"
        assert event["name"] == "解放小剧场"
        assert event["startDate"] == f"{in_days(7).isoformat()}T19:30:00+08:00"
        assert event["endDate"] == f"{in_days(7).isoformat()}T21:30:00+08:00"  # as the calendar
        assert event["eventStatus"] == "https://schema.org/EventScheduled"
        assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
        assert event["location"] == {
            "@type": "Place",
            "name": "解放小剧场",
            "address": {"@type": "PostalAddress", "streetAddress": "焦作市解放区民主路"},
        }
        assert event["organizer"] == {"@type": "Organization", "name": "解放区融媒体中心"}
        assert event["performer"] == [
            {"@type": "Person", "name": name, "url": site + performer_url(name)}
            for name in ("丁艺", "展奇", "杨森", "张鑫")  # billed order, 展奇 once
        ]
        assert event["workPerformed"] == [
            {
                "@type": "CreativeWork",
                "name": title,
                "genre": "相声",
                "url": site + piece(title).get_absolute_url(),
            }
            for title in ("学小曲", "小红帽")  # the untitled 快板书联唱 and 大返场 are no works
        ]
        assert event["url"] == site + performance.get_absolute_url()
        assert event["inLanguage"] == "zh-Hans"
        assert event["subjectOf"] == {
            "@type": "NewsArticle",
            "headline": "“解放小剧场” 场场都精彩",
            "url": site + article.get_absolute_url(),
        }
        assert "相声《学小曲》 展奇 杨森" in event["description"]

    def test_start_is_the_programmes_usual_time_when_none_is_printed(self, client):
        Programme.objects.filter(slug="jiefang-theatre").update(
            default_start_time=datetime.time(19, 0)
        )
        performance = make_performance(date=datetime.date(2022, 9, 3))

        event = event_of(client.get(performance.get_absolute_url()))

        assert event["startDate"] == "2022-09-03T19:00:00+08:00"

    def test_start_is_a_date_when_no_time_is_known_and_unknowns_are_left_out(self, client):
        Programme.objects.filter(slug="jiefang-theatre").update(organiser="")
        performance = make_performance(date=datetime.date(2022, 9, 3))

        event = event_of(client.get(performance.get_absolute_url()))

        assert event["startDate"] == event["endDate"] == "2022-09-03"
        assert event["location"] == {"@type": "Place", "name": "解放小剧场"}
        assert "organizer" not in event
        assert "offers" not in event and "isAccessibleForFree" not in event  # not said in print
        assert "subjectOf" not in event  # entered by hand: no announcing article

    def test_free_admission_is_an_offer_at_no_price_and_the_organiser_has_its_site(self, client):
        Programme.objects.filter(slug="jiefang-theatre").update(
            free_admission=True, organiser_url="https://www.jfq.example/"
        )
        performance = make_performance(date=datetime.date(2022, 9, 3))

        event = event_of(client.get(performance.get_absolute_url()))

        assert event["isAccessibleForFree"] is True
        assert event["offers"] == {
            "@type": "Offer",
            "price": 0,
            "priceCurrency": "CNY",
            "availability": "https://schema.org/InStock",
            "url": "http://localhost:8000" + performance.get_absolute_url(),
        }
        assert event["organizer"] == {
            "@type": "Organization",
            "name": "解放区融媒体中心",
            "url": "https://www.jfq.example/",
        }

    def test_names_that_would_end_the_script_are_escaped(self, client):
        attack = "</script><script>alert(1)</script>"
        performance = make_performance(acts=[("相声", f"学{attack}", [attack, "杨森"])])

        response = client.get(performance.get_absolute_url())

        html = response.content.decode()
        assert "<script>alert(1)" not in html
        assert html.count("<script") == 1  # the JSON-LD, nothing injected
        assert "\\u003C/script\\u003E" in JSON_LD.search(html).group(1)
        event = event_of(response)
        assert event["performer"][0]["name"] == attack
        assert event["workPerformed"][0]["name"] == f"学{attack}"
        assert attack not in main_html(response)  # escaped in the page's text too


class TestPerformerPage:
    @pytest.fixture
    def zhanqi(self):
        """展奇's evenings: one upcoming, two past with two partners, one hidden."""
        make_performance(date=in_days(3), acts=[("相声", "批歌曲", ["展奇", "杨森"])])
        make_performance(
            date=datetime.date(2022, 9, 3),
            acts=[
                ("相声", "学小曲", ["展奇", "杨森"]),
                ("相声", "对坐数来宝", ["龙龙", "张鑫"]),
                ("相声", "小红帽", ["展奇", "张鑫"]),
            ],
        )
        make_performance(
            date=datetime.date(2022, 9, 4), acts=[("相声", "学小曲", ["展奇", "杨森"])]
        )
        make_performance(article=hidden_article(), acts=[("相声", "未公布", ["展奇", "隐身人"])])

    def test_upcoming_then_past_acts_with_linked_partners(self, client, zhanqi):
        response = client.get(performer_url("展奇"))

        assert response.status_code == 200
        assertTemplateUsed(response, "events/performer_detail.html")
        html = main_html(response)
        assert in_order(
            html,
            "Upcoming performances",
            "《批歌曲》",
            "with",
            ">杨森<",
            "Past performances",
            'datetime="2022-09-04"',
            "《学小曲》",
            ">杨森<",
            'datetime="2022-09-03"',
            "《学小曲》",
            ">杨森<",
            "《小红帽》",
            ">张鑫<",
        )
        assertContains(response, f'<a href="{performer_url("张鑫")}">张鑫</a>', html=True)
        assert "《对坐数来宝》" not in html and "龙龙" not in html  # others' act that evening
        assert "《未公布》" not in html and "隐身人" not in html

    def test_sums_up_frequent_partners_and_pieces_performed(self, client, zhanqi):
        response = client.get(performer_url("展奇"))

        partners = [(p.name, p.shared_acts) for p in response.context["partners"]]
        pieces = [(str(p), p.times) for p in response.context["pieces"]]
        assert partners == [("杨森", 3), ("张鑫", 1)]
        assert pieces[0] == ("相声《学小曲》", 2)
        assert set(pieces[1:]) == {("相声《批歌曲》", 1), ("相声《小红帽》", 1)}
        html = main_html(response)
        assert in_order(
            html,
            "Frequent partners",
            ">杨森</a>",
            "3 acts together",
            ">张鑫</a>",
            "1 act together",
            "Pieces performed",
            f'href="{piece("学小曲").get_absolute_url()}"',
            "2 times",
            "1 time",
        )

    def test_past_acts_page_and_later_pages_show_only_the_past(self, client):
        make_performance(date=in_days(3), acts=[("相声", "下周", ["展奇"])])
        for day in range(1, PER_PAGE + 3):
            make_performance(
                date=datetime.date(2022, 8, 1) + datetime.timedelta(days=day),
                acts=[("相声", f"第{day}段", ["展奇", "杨森"])],
            )

        response = client.get(performer_url("展奇"), {"page": 2})

        html = main_html(response)
        assert html.count('class="appearance"') == 2
        assert in_order(html, "Past performances", "《第2段》", "《第1段》", "Page 2 of 2")
        assert "Upcoming performances" not in html and "Frequent partners" not in html

    def test_says_when_nothing_is_coming_up(self, client):
        make_performance(date=datetime.date(2022, 9, 3), acts=[("快板书联唱", "", ["丁艺"])])

        response = client.get(performer_url("丁艺"))

        assert in_order(
            main_html(response), "Upcoming performances", "No upcoming performances are announced."
        )
        assertNotContains(response, "Frequent partners")

    @pytest.mark.parametrize("slug", ["隐身人", "nobody"])
    def test_unknown_or_only_hidden_performers_are_not_found(self, client, slug):
        make_performance(article=hidden_article(), acts=[("小品", "未公布", ["隐身人"])])

        assert client.get(performer_url(slug)).status_code == 404


class TestPiecePage:
    def test_lists_every_visible_performance_with_who_performed_it(self, client):
        make_performance(date=in_days(5), acts=[("相声", "学小曲", ["展奇", "杨森"])])
        make_performance(
            date=datetime.date(2022, 9, 3), acts=[("相声", "学小曲", ["展奇", "杨森"])]
        )
        make_performance(
            date=datetime.date(2022, 10, 1),
            acts=[("相声", "对春联", ["志博"]), ("相声", "学小曲", ["龙龙", "张鑫"])],
        )
        make_performance(article=hidden_article(), acts=[("相声", "学小曲", ["隐身人"])])

        response = client.get(piece("学小曲").get_absolute_url())

        assert response.status_code == 200
        assertTemplateUsed(response, "events/piece_detail.html")
        html = main_html(response)
        assert in_order(
            html,
            "<h1>相声<cite>《学小曲》</cite></h1>",
            "Upcoming performances",
            f'datetime="{in_days(5).isoformat()}',
            ">展奇<",
            ">杨森<",
            "Past performances",
            'datetime="2022-10-01"',
            ">龙龙<",
            ">张鑫<",
            'datetime="2022-09-03"',
            ">展奇<",
            "The full theatre programme",
        )
        assert "隐身人" not in html and "志博" not in html
        assert html.count(f'href="{jiefang().get_absolute_url()}"') == 3  # each evening's venue
        assertContains(response, f'<a href="{performer_url("龙龙")}">龙龙</a>', html=True)

    def test_unknown_untitled_and_only_hidden_pieces_are_not_found(self, client):
        make_performance(acts=[("大返场", "", ["展奇"])])
        make_performance(article=hidden_article(), acts=[("小品", "未公布", ["某人"])])

        for url in (
            piece("未公布").get_absolute_url(),
            Piece.objects.get(form="大返场").get_absolute_url(),
            reverse("events:piece", kwargs={"pk": 999999}),
        ):
            assert client.get(url).status_code == 404, url


def add_evenings(numbers: range) -> None:
    """Past evenings in September 2022 and upcoming ones, one of each per number in ``numbers``.

    Each has three acts: 学小曲 by 展奇 and a new partner, a new 小品, an untitled 大返场.
    """
    for k in numbers:
        for date in (datetime.date(2022, 9, 1) + datetime.timedelta(days=k), in_days(k + 1)):
            make_performance(
                date=date,
                acts=[
                    ("相声", "学小曲", ["展奇", f"搭档{date:%Y%m%d}"]),
                    ("小品", f"小品{date:%Y%m%d}", [f"演员{date:%Y%m%d}", "杨森"]),
                    ("大返场", "", []),
                ],
            )


PAGES = {
    "theatre": lambda: reverse("events:index"),
    "programme": lambda: jiefang().get_absolute_url(),
    "performance": lambda: Performance.objects.last().get_absolute_url(),
    "performer": lambda: performer_url("展奇"),
    "piece": lambda: piece("学小曲").get_absolute_url(),
}
# The theatre's and a programme's pages are kept whole (articles.parts): the budget of their
# rendering, after evenings were added, then of each reader after that.
QUERY_BUDGET = {
    "theatre": LIST_RENDERING_MAX_QUERIES,
    "programme": PROGRAMME_RENDERING_MAX_QUERIES,
    "performance": 4,
    "performer": 9,
    "piece": 7,
}
KEPT = {"theatre", "programme"}


@pytest.mark.parametrize("page", list(PAGES))
def test_queries_per_page_do_not_grow_with_the_programme(
    client, django_assert_max_num_queries, page
):
    counts = []
    for numbers in (range(2), range(2, 20)):  # 2 evenings each way, then 20
        add_evenings(numbers)
        url = PAGES[page]()
        with django_assert_max_num_queries(QUERY_BUDGET[page]) as captured:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(captured))
        if page in KEPT:
            with django_assert_max_num_queries(LIST_MAX_QUERIES):
                assert client.get(url).content == response.content
    assert counts[0] == counts[1]
