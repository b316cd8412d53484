"""The shared cache (Redis) as the reader pages use it: an optimisation that may fail.

An error is logged and counted, and answered as a miss; it never reaches a reader, an
editor or a command. After one, this process leaves the cache alone for
``SHARED_CACHE_RETRY_SECONDS``, so that an unreachable server costs one request a timeout,
not every request. While the cache could not be reached, edits made anywhere may have
failed to move the version pages are kept under, so a process that saw it fail moves the
version itself before it trusts the cache again: pages kept from before an outage are not
served after it.
"""

import logging
import math
import threading
import time
from collections import Counter

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


class SharedCache:
    """Django's default cache, errors turned into misses, and a version kept at ``version_key``."""

    def __init__(self, version_key: str):
        self.version_key = version_key
        self.lock = threading.RLock()  # failed() may be called while it is held
        self.errors: Counter[str] = Counter()  # by operation, since the process started
        self.resting_until = -math.inf
        self.owes_new_version = False  # an edit may have gone unannounced since an error
        self.failing = False  # between an error and the version moved after it

    def get(self, key: str):
        return self._call("get", key) if self.usable() else None

    def set(self, key: str, value, timeout: int) -> None:
        if self.usable():
            self._call("set", key, value, timeout)

    def version(self) -> int | None:
        """The current version, or None while it cannot be known."""
        if not self.usable():
            return None
        version = self._call("get", self.version_key)
        if version is None and self.usable():  # not there yet, evicted or flushed
            self._start_version()
            version = self._call("get", self.version_key)
        return version

    def new_version(self) -> bool:
        """Move the version on; whether that was delivered (if not, it is owed)."""
        if not self.usable():  # resting after an error, which left the move owed
            return False
        return self._move_version()

    def deliver_owed(self) -> bool:
        """Wait out the rest and pay what is owed; whether nothing is owed any more. For a
        command that is about to end, and with it the process that owes."""
        time.sleep(max(0.0, self.resting_until - time.monotonic()))
        return self.usable()

    def _move_version(self) -> bool:
        try:
            cache.incr(self.version_key)
        except ValueError:  # not there yet, evicted or flushed
            return self._start_version()
        except Exception as error:
            self.failed("incr", error)
            return False
        return True

    def usable(self) -> bool:
        """False while resting after an error; the first call after the rest pays what is owed."""
        if time.monotonic() < self.resting_until:
            return False
        if self.owes_new_version:
            with self.lock:
                if self.owes_new_version:
                    self.owes_new_version = False
                    if not self._move_version():  # failed() owes it again, and rests
                        return False
                    self.failing = False
                    logger.warning("shared cache reachable again; the version was moved on")
        return True

    def failed(self, operation: str, error: Exception) -> None:
        with self.lock:
            first, self.failing = not self.failing, True
            self.errors[operation] += 1
            self.owes_new_version = True
            self.resting_until = time.monotonic() + settings.SHARED_CACHE_RETRY_SECONDS
        logger.warning(
            "shared cache unavailable (%s: %s); pages come from the database for %s s",
            operation,
            error,
            settings.SHARED_CACHE_RETRY_SECONDS,
            exc_info=first,
        )

    def _start_version(self) -> bool:
        """Start the version from the clock, not from 1: after a flush or an eviction, the
        versions of pages still kept are never reached again."""
        return self._call("add", self.version_key, time.time_ns(), None) is not None

    def _call(self, operation: str, *args):
        try:
            return getattr(cache, operation)(*args)
        except Exception as error:  # whatever the backend raises: the page does without it
            self.failed(operation, error)
            return None
