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
    """Django's default cache, errors turned into misses, and a version kept at ``version_key``."""

    def __init__(self, version_key: str):
        self.version_key = version_key
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
        if not self.usable():
            return None
        version = self._call("get", self.version_key)
        if version is None:  # not there yet, evicted or flushed
            version = self._start_version()
        return None if version is FAILED else version

    def new_version(self) -> bool:
        """Move the version on; whether that was delivered (if not, it is owed)."""
        if self.usable() and self._move_version() is not FAILED:
            return True
        self.owes_new_version = True
        return False

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
        moved = self._start_version() if current is None else self._move_version()
        if moved is FAILED:
            return False
        self._call("add", self._after_outage_key(moved), 1, AFTER_OUTAGE_SECONDS)
        return True

    def _after_outage_key(self, version: int) -> str:
        return f"{self.version_key}:after-outage:{version}"

    def _move_version(self):
        """The new version, or ``FAILED``."""
        try:
            return cache.incr(self.version_key)
        except ValueError:  # not there yet, evicted or flushed
            return self._start_version()
        except Exception as error:
            self.failed("incr", error)
            return FAILED

    def _start_version(self):
        """Start the version from the clock, not from 1: after a flush or an eviction, the
        versions of pages still kept are never reached again. The version now there (this
        one, or another process's), or ``FAILED``."""
        if self._call("add", self.version_key, time.time_ns(), None) is FAILED:
            return FAILED
        return self._call("get", self.version_key)

    def _call(self, operation: str, *args):
        try:
            return getattr(cache, operation)(*args)
        except Exception as error:  # whatever the backend raises: the page does without it
            self.failed(operation, error)
            return FAILED
