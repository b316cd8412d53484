"""Commands that end an operational failure (database, disk, cache) with one line.

Not a traceback: the line says what failed and what of the command's work was written, and
the status is non-zero. A cache that could not be told of the command's writes does not
fail it: the writes are there, and the warning says for how long readers may not see them.
"""

import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from newsroom import caching
from newsroom.middleware import DATABASE_OUTAGES
from newsroom.shared_cache import logger as shared_cache_log


class OperationalCommand(BaseCommand):
    written_if_stopped = "nothing written"  # what a failure part of the way leaves behind

    def execute(self, *args, **options):
        self.saved: list[str] = []  # what the command wrote, named for the cache warning
        try:
            with quiet(shared_cache_log):  # the last line says what the outage left undone
                result = super().execute(*args, **options)
                shared_cache = caching.shared_cache
                told = shared_cache.deliver_owed() or not shared_cache.owes_new_version
        except DATABASE_OUTAGES as error:
            raise CommandError(
                f"stopped, {self.written_if_stopped}: the database is unavailable "
                f"({first_line(error)})"
            ) from error
        except OSError as error:
            raise CommandError(
                f"stopped, {self.written_if_stopped}: {error.filename or 'disk'}: "
                f"{error.strerror or error}"
            ) from error
        if not told:
            self.stderr.write(
                f"{'; '.join(self.saved) or 'what this command wrote'} saved, but the page cache "
                "could not be told: readers may see earlier copies of pages for up to "
                f"{settings.READER_CACHE_SECONDS} s."
            )
        return result


@contextmanager
def quiet(log: logging.Logger):
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


def first_line(error: Exception) -> str:
    """A driver's message without its hints and context lines."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
