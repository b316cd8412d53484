"""System checks of a production configuration (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def reader_pages_cached_in_one_shared_place(app_configs, **kwargs):
    """Each worker's own memory as the page cache keeps its own content version: an edit
    saved through one worker shows on the others only when their copies expire."""
    if settings.READER_CACHE_SECONDS and isinstance(caches["default"], LocMemCache):
        return [
            Warning(
                "Reader pages are cached in each worker's own memory: an edit shows on the "
                f"other workers up to READER_CACHE_SECONDS ({settings.READER_CACHE_SECONDS} s) "
                "late.",
                hint="Set REDIS_URL to a Redis that every worker shares.",
                id="newsroom.W001",
            )
        ]
    return []
