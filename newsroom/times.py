"""Times as the admin's messages and labels give them: to the minute, in the paper's time zone
(Asia/Shanghai), as editors type them (2026-12-05 06:00)."""

from django.utils import timezone


def to_the_minute(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
