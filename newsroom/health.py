"""``/healthz``: whether this process can reach its database and cache, for a load balancer.

Cheap and read-only: one ``SELECT 1`` and one cache round trip, no session, no template.
The body names the failing part and never the error itself (it may hold connection details),
with what this process did without them since it started. Only the database decides the
status: without the cache the site is slower, not down (``newsroom.shared_cache``), and a
load balancer that took every server out for a cache outage would take the site down.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from newsroom import caching

logger = logging.getLogger(__name__)

OK, UNAVAILABLE = "ok", "unavailable"


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # one line each probe: a load balancer probes every second
        logger.warning("health check: database unavailable: %s", error)
        return UNAVAILABLE
    return OK


def cache_status() -> str:
    """A value written and read back: a cache that accepts writes but loses them is down too.

    The key is new each time, so that probes of several processes sharing one cache never
    read each other's value.
    """
    token = uuid.uuid4().hex
    key = f"healthz:{token}"
    try:
        cache.set(key, token, timeout=10)
        healthy = cache.get(key) == token
        cache.delete(key)
    except Exception as error:
        logger.warning("health check: cache unavailable: %s", error)
        healthy = False
    return OK if healthy else UNAVAILABLE


@never_cache
def healthz(request):
    database = database_status()
    return JsonResponse(
        {
            "database": database,
            "cache": cache_status(),
            "cache_errors": caching.shared_cache.errors.total(),
            "stale_pages_served": caching.counts["stale pages served"],
        },
        status=200 if database == OK else 503,
    )
