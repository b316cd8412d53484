"""Command-line values the commands share, checked with a one-line error."""

import datetime

from django.core.management.base import CommandError


def option_date(option: str, value: str) -> datetime.date:
    """``value`` of ``option`` as a date, or a CommandError naming both.

    Checked in ``handle``, not as an argparse type: a CommandError raised while the command
    line is parsed escapes run_from_argv and prints a traceback.
    """
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{option} {value!r} is not a date in the form YYYY-MM-DD") from exc
