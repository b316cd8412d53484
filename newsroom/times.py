"""Times as the admin's messages and labels give them: to the minute, in the paper's time zone
(Asia/Shanghai), as editors type them (2026-12-05 06:00)."""

import datetime

from django.utils import timezone


def to_the_minute(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def next_midnight() -> datetime.datetime:
    """The start of tomorrow in the paper's time zone: when today's evenings become past."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time()))
