"""iCalendar (RFC 5545) for the theatre programme: a feed to subscribe to, a file per evening.

Times are Asia/Shanghai with the VTIMEZONE included; an evening with no time printed and no
default start time for its programme becomes an all-day event rather than a guessed time.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

SHOW_LENGTH = datetime.timedelta(hours=2)


def performances_calendar(performances, *, name: str, request) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//解放区报//newsroom//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for performance in performances:
        calendar.add_component(performance_event(performance, request))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def performance_event(performance, request) -> Event:
    programme = performance.programme
    event = Event()
    event.add("uid", f"performance-{performance.pk}@{request.get_host()}")
    event.add("dtstamp", timezone.now())
    if start := performance.starts_at:
        event.add("dtstart", start)
        event.add("dtend", start + SHOW_LENGTH)
    else:
        event.add("dtstart", performance.date)
        event.add("dtend", performance.date + datetime.timedelta(days=1))
    event.add("summary", programme.name)
    event.add("description", "\n".join(act_line(act) for act in performance.acts.all()))
    event.add("location", programme.address or programme.name)
    event.add("url", request.build_absolute_uri(performance.get_absolute_url()))
    return event


def act_line(act) -> str:
    performers = " ".join(credit.performer.name for credit in act.credits.all())
    return f"{act} {performers}".strip()
