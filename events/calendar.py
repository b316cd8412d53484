"""iCalendar (RFC 5545) for the theatre programme: a feed to subscribe to, a file per evening.

Times are Asia/Shanghai with the VTIMEZONE included; an evening with no time printed and no
default start time for its programme becomes an all-day event rather than a guessed time.
Every text goes through ``text()``, so whatever an editor typed makes a valid file.
"""

import datetime
import re

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vText

from newsroom.addresses import absolute_url, site_domain

SHOW_LENGTH = datetime.timedelta(hours=2)
# RFC 5545 TEXT holds no control character but the tab; a line break is written as "\n".
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def text(value: str) -> vText:
    """``value`` as iCalendar TEXT: line breaks kept, other control characters dropped.

    icalendar escapes the line breaks, commas and semicolons, and folds long lines.
    """
    lines = value.replace("\r\n", "\n").replace("\r", "\n")
    return vText(CONTROL_CHARACTERS.sub("", lines))


def performances_calendar(performances, *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//解放区报//newsroom//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", text(name))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    # The zone of every start time, and a component even when no evening is listed: a
    # calendar needs at least one (RFC 5545, 3.6).
    calendar.add_component(Timezone.from_tzid(settings.TIME_ZONE))
    for performance in performances:
        calendar.add_component(performance_event(performance))
    return calendar.to_ical()


def performance_event(performance) -> Event:
    programme = performance.programme
    event = Event()
    event.add("uid", f"performance-{performance.pk}@{site_domain()}")
    event.add("dtstamp", timezone.now())
    if start := performance.starts_at:
        event.add("dtstart", start)
        event.add("dtend", start + SHOW_LENGTH)
    else:
        event.add("dtstart", performance.date)
        event.add("dtend", performance.date + datetime.timedelta(days=1))
    event.add("summary", text(programme.name))
    event.add("description", text("\n".join(act_line(act) for act in performance.acts.all())))
    event.add("location", text(programme.address or programme.name))
    event.add("url", absolute_url(performance.get_absolute_url()))
    return event


def act_line(act) -> str:
    performers = " ".join(credit.performer.name for credit in act.credits.all())
    return f"{act} {performers}".strip()
