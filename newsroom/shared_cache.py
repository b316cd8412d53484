"""The shared cache (Redis) as the reader pages use it: an optimisation that may fail.

An error is logged and counted, and answered as a miss; it never reaches a reader, an
editor or a command. After one, this process leaves the cache alone for
``SHARED_CACHE_RETRY_SECONDS``, so that an unreachable server costs one request a timeout,
not every request, and trusts no copy until the cache answers again (it cannot tell
whether an edit was made meanwhile).

While the cache could not be reached, edits may have failed to move the version pages are
kept under. The process that made one moves the version when the cache answers again. So
does the first process back from the outage, once for all of them (``AFTER_OUTAGE_SECONDS``),
because the process that made an edit may be gone by then (an import that has ended):
pages kept from before an outage are not served after it.
"""

import logging
import math
import threading
import time
from collections import Counter

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

FAILED = object()  # what a cache call that raised returns
AFTER_OUTAGE_SECONDS = 30  # how long the first process back speaks for the others


class SharedCache:
    """Django's default cache, errors turned into misses, a version kept at ``version_key``,
    and stamps: numbers of one sequence that tell which of two events came first, the later
    one having the higher number."""

    def __init__(self, version_key: str):
        self.version_key = version_key
        self.sequence_key = f"{version_key}:stamp-sequence"
        self.lock = threading.RLock()  # failed() may be called while it is held
        self.errors: Counter[str] = Counter()  # by operation, since the process started
        self.resting_until = -math.inf
        self.failing = False  # from an error until the version was moved after it
        self.owes_new_version = False  # an edit of this process could not move the version

    def get(self, key: str):
        value = self._call("get", key) if self.usable() else None
        return None if value is FAILED else value

    def set(self, key: str, value, timeout: int) -> None:
        if self.usable():
            self._call("set", key, value, timeout)

    def version(self) -> int | None:
        """The current version, or None while it cannot be known."""
        return self.counters()[0]

    def counters(self) -> tuple[int | None, int | None]:
        """The current version and the last stamp given, read together; each None while it
        cannot be known."""
        if not self.usable():
            return None, None
        keys = (self.version_key, self.sequence_key)
        found = self._call("get_many", keys)
        if found is FAILED:
            return None, None
        counters = [found.get(key) or self._start(key) for key in keys]  # else evicted or new
        return tuple(None if counter is FAILED else counter for counter in counters)

    def new_version(self) -> bool:
        """Move the version on; whether that was delivered (if not, it is owed)."""
        if self.usable() and self._next(self.version_key) is not FAILED:
            return True
        self.owes_new_version = True
        return False

    def stamp(self, names, timeout: int) -> bool:
        """Stamp each of ``names`` with the next number of the stamp sequence, kept
        ``timeout`` seconds; whether that was delivered. If not, the version is owed: every
        page is then rendered again, the ones that show ``names`` among them."""
        if self.usable():
            sequence = self._next(self.sequence_key)
            if sequence is not FAILED:
                stamps = {self._stamp_key(name): sequence for name in names}
                if self._call("set_many", stamps, timeout) is not FAILED:
                    return True
        self.owes_new_version = True
        return False

    def stamps(self, names) -> dict[str, int] | None:
        """The stamp of each of ``names`` (0: none given within its timeout), or None while
        they cannot be known."""
        if not self.usable():
            return None
        keys = {self._stamp_key(name): name for name in names}
        found = self._call("get_many", list(keys))
        if found is FAILED:
            return None
        return {name: found.get(key, 0) for key, name in keys.items()}

    def deliver_owed(self) -> bool:
        """Wait out the rest and pay what is owed; whether nothing is owed any more. For a
        command that is about to end, and with it the process that owes."""
        time.sleep(max(0.0, self.resting_until - time.monotonic()))
        return self.usable()

    def usable(self) -> bool:
        """False while resting after an error; after the rest, the version is moved on for
        the outage before anything is read."""
        if time.monotonic() < self.resting_until:
            return False
        if self.failing:
            with self.lock:
                if self.failing:
                    if not self._move_version_after_outage():
                        return False
                    self.failing = self.owes_new_version = False
                    logger.warning("shared cache reachable again")
        return True

    def failed(self, operation: str, error: Exception) -> None:
        with self.lock:
            self.errors[operation] += 1
            self.failing = True
            self.resting_until = time.monotonic() + settings.SHARED_CACHE_RETRY_SECONDS
        logger.warning(
            "shared cache unavailable (%s: %s); pages come from the database for %s s",
            operation,
            error,
            settings.SHARED_CACHE_RETRY_SECONDS,
        )
        logger.debug("shared cache error", exc_info=error)

    def _move_version_after_outage(self) -> bool:
        """Move the version on once for every process that saw the outage, and again for an
        edit of this one; whether that was done (by this process or another)."""
        current = self._call("get", self.version_key)
        if current is FAILED:
            return False
        if current is not None and not self.owes_new_version:
            claimed = self._call("add", self._after_outage_key(current), 1, AFTER_OUTAGE_SECONDS)
            if claimed is FAILED:
                return False
            if not claimed:
                return True  # another process moved it on from there already
        # Restarted empty, a version started now is new to every page; else one more.
        moved = self._start(self.version_key) if current is None else self._next(self.version_key)
        if moved is FAILED:
            return False
        self._call("add", self._after_outage_key(moved), 1, AFTER_OUTAGE_SECONDS)
        return True

    def _after_outage_key(self, version: int) -> str:
        return f"{self.version_key}:after-outage:{version}"

    def _stamp_key(self, name: str) -> str:
        return f"{self.version_key}:stamp:{name}"

    def _next(self, key: str):
        """The counter at ``key`` moved on, or ``FAILED``."""
        try:
            return cache.incr(key)
        except ValueError:  # not there yet, evicted or flushed
            return self._start(key)
        except Exception as error:
            self.failed("incr", error)
            return FAILED

    def _start(self, key: str):
        """Start the counter at ``key`` from the clock, not from 1: after a flush or an
        eviction, the numbers that pages still kept were given are never reached again. The
        number now there (this one, or another process's), or ``FAILED``."""
        if self._call("add", key, time.time_ns(), None) is FAILED:
            return FAILED
        return self._call("get", key)

    def _call(self, operation: str, *args):
        try:
            return getattr(cache, operation)(*args)
        except Exception as error:  # whatever the backend raises: the page does without it
            self.failed(operation, error)
            return FAILED
