"""The theatre pages readers plan with: the programme by month, one evening with its JSON-LD,
a performer's acts and partners, a piece's history; what they must not see; what it costs.

Upcoming dates are relative to today; past ones are in 2022, which stays in the past.
"""

import datetime
import itertools

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertTemplateUsed

from articles.models import Status
from events.models import Programme
from events.views import MONTHS_PER_PAGE

from . import factories
from .factories import make_article, make_performance
from .test_views import in_order, main_html

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_numbering(monkeypatch):
    """Number factory rows from 1 in each test, and leave the shared count where it was.

    The factories' default dates are 2022 plus that count in days; the many evenings made
    here would otherwise push later modules' issues past today, where they are unpublished.
    """
    monkeypatch.setattr(factories, "_numbers", itertools.count(1))


@pytest.fixture
def client():
    """A reader whose browser asks for English: interface strings are the msgids."""
    return Client(headers={"accept-language": "en"})


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def hidden_article():
    """A programme article not published (yet): its performances are for editors only."""
    return make_article(section_slug="theatre", status=Status.DRAFT)


def jiefang() -> Programme:
    return Programme.objects.get(slug="jiefang-theatre")


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
            second_response, '<link rel="canonical" href="http://testserver/theatre/?page=2">'
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
