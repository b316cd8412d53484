"""The theatre programme as iCalendar, parsed back with the icalendar library."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from articles.models import ArticleStatus
from events.models import Programme

from .factories import make_article, make_performance
from .helpers import SHANGHAI

pytestmark = pytest.mark.django_db
SOON = datetime.date.today() + datetime.timedelta(days=7)


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_of(calendar):
    return [c for c in calendar.walk("VEVENT")]


def test_performance_file_has_shanghai_start_acts_and_link(client):
    performance = make_performance(date=SOON, time=datetime.time(19, 30))
    response = client.get(reverse("events:performance_calendar", args=[performance.pk]))
    calendar = parse(response)

    assert "attachment" in response["Content-Disposition"]
    [event] = events_of(calendar)
    start = event.decoded("dtstart")
    assert start == datetime.datetime.combine(SOON, datetime.time(19, 30), tzinfo=SHANGHAI)
    assert event["dtstart"].params["TZID"] == "Asia/Shanghai"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert event.decoded("dtend") - start == datetime.timedelta(hours=2)
    assert str(event["summary"]) == "解放小剧场"
    assert "相声《学小曲》 展奇 杨森" in str(event["description"])
    assert str(event["url"]).endswith(performance.get_absolute_url())
    assert str(event["uid"]) == f"performance-{performance.pk}@localhost"  # SITE_URL's host


def test_evening_without_any_time_is_an_all_day_event(client):
    performance = make_performance(date=SOON)
    [event] = events_of(
        parse(client.get(reverse("events:performance_calendar", args=[performance.pk])))
    )
    assert event.decoded("dtstart") == SOON
    assert event.decoded("dtend") == SOON + datetime.timedelta(days=1)


def test_programme_default_time_is_used_when_the_print_gives_none(client):
    Programme.objects.filter(name="解放小剧场").update(default_start_time=datetime.time(19, 0))
    performance = make_performance(date=SOON)
    [event] = events_of(
        parse(client.get(reverse("events:performance_calendar", args=[performance.pk])))
    )
    assert event.decoded("dtstart").time() == datetime.time(19, 0)


def test_feed_lists_upcoming_and_recent_but_not_old_or_unpublished(client):
    upcoming = make_performance(date=SOON)
    recent = make_performance(date=datetime.date.today() - datetime.timedelta(days=10))
    make_performance(date=datetime.date.today() - datetime.timedelta(days=400))
    draft = make_article(status=ArticleStatus.DRAFT, section_slug="theatre")
    make_performance(date=SOON + datetime.timedelta(days=1), article=draft)

    calendar = parse(client.get(reverse("events:calendar")))
    uids = {str(event["uid"]) for event in events_of(calendar)}
    assert uids == {f"performance-{p.pk}@localhost" for p in (upcoming, recent)}
    assert str(calendar["version"]) == "2.0"


def test_an_evening_has_one_uid_whatever_host_name_it_was_fetched_through(client, settings):
    """Calendar clients tell events apart by UID: one read through a CDN's or another host
    name must not become a second event."""
    settings.ALLOWED_HOSTS = ["testserver", "cdn.example", "paper.example"]
    settings.SITE_URL = "https://paper.example"
    performance = make_performance(date=SOON)
    uids = {
        str(event["uid"])
        for host in ("testserver", "cdn.example")
        for url in (
            reverse("events:calendar"),
            reverse("events:performance_calendar", args=[performance.pk]),
        )
        for event in events_of(parse(client.get(url, headers={"host": host})))
    }
    assert uids == {f"performance-{performance.pk}@paper.example"}


def test_the_feed_keeps_the_latest_evening_when_none_is_upcoming_or_recent(client):
    """RFC 5545 wants at least one component; subscribers see what was last on."""
    old = datetime.date.today() - datetime.timedelta(days=400)
    latest = [make_performance(date=old), make_performance(date=old, time=datetime.time(21))]
    make_performance(date=old - datetime.timedelta(days=30))
    draft = make_article(status=ArticleStatus.DRAFT, section_slug="theatre")
    make_performance(date=old + datetime.timedelta(days=1), article=draft)

    calendar = parse(client.get(reverse("events:calendar")))

    assert {str(event["uid"]) for event in events_of(calendar)} == {
        f"performance-{p.pk}@localhost" for p in latest
    }


def test_a_calendar_without_any_evening_still_has_a_component(client):
    calendar = parse(client.get(reverse("events:calendar")))
    assert events_of(calendar) == []
    assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]


def test_unpublished_performance_file_is_not_found(client):
    draft = make_article(status=ArticleStatus.DRAFT, section_slug="theatre")
    performance = make_performance(date=SOON, article=draft)
    response = client.get(reverse("events:performance_calendar", args=[performance.pk]))
    assert response.status_code == 404


def test_feed_query_count_does_not_grow_with_performances(client, django_assert_max_num_queries):
    for n in range(8):
        make_performance(date=SOON + datetime.timedelta(days=n))
    with django_assert_max_num_queries(6):
        client.get(reverse("events:calendar"))


def test_pages_link_to_their_calendar_files(client):
    performance = make_performance(date=SOON)
    assert reverse("events:calendar") in client.get(reverse("events:index")).text
    page = client.get(performance.get_absolute_url()).text
    assert reverse("events:performance_calendar", args=[performance.pk]) in page
