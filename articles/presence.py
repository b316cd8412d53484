"""Who else has an article open in the admin: a short-lived note per member, renewed by the
open form every ``RENEW_SECONDS`` (a plain request from the page, no server push), kept in
the shared cache and forgotten ``PRESENCE_SECONDS`` after the last renewal. It warns; it
locks nothing: a save over another's is merged or chosen field by field (the form's
``_merge``). While the cache fails, no one is named and nothing else fails with it.
"""

import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)

RENEW_SECONDS = 30
PRESENCE_SECONDS = 90  # three renewals missed: the tab was closed or the machine slept


def key(article_pk) -> str:
    return f"article-presence:{article_pk}"


def here(article_pk, user) -> list[str]:
    """Note ``user`` as having article ``article_pk`` open now; the names of the others who
    have it open, in the order they opened it."""
    now = time.time()
    try:
        noted = cache.get(key(article_pk)) or {}
        present = {
            pk: (name, since, seen)
            for pk, (name, since, seen) in noted.items()
            if now - seen < PRESENCE_SECONDS
        }
        since = present.get(user.pk, (None, now, now))[1]
        present[user.pk] = (str(user), since, now)
        cache.set(key(article_pk), present, PRESENCE_SECONDS)
    except Exception as error:  # whatever the backend raises: the form does without it
        logger.warning("Presence on article %s not noted: %s", article_pk, error)
        return []
    others = sorted((since, name) for pk, (name, since, _seen) in present.items() if pk != user.pk)
    return [name for _since, name in others]


def gone(article_pk, user) -> None:
    """``user`` saved or left the article: no longer shown to the others."""
    try:
        present = cache.get(key(article_pk)) or {}
        if present.pop(user.pk, None) is not None:
            cache.set(key(article_pk), present, PRESENCE_SECONDS)
    except Exception as error:  # the note expires by itself
        logger.warning("Presence on article %s not cleared: %s", article_pk, error)
