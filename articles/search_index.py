"""The write side of search: what is stored for each article, and keeping it fresh.

Beside each article are its words, segmented (``articles.segmentation``) and stored as
" word word " text in three columns: headline and subtitles, bylines, body. On PostgreSQL
a weighted ``tsvector`` of those columns (A, B, C; ``simple`` configuration, GIN index) is
stored too. ``articles.search`` reads them.

The search copies follow the rows they are made of, whoever saves them. An article's words
come from its headline, subtitles and body, and from the names of its bylines' authors.
Saving or deleting any of those, from a form, a revert in the history, an action or a
command, rewrites the copy here, so no caller has to remember to. Paths that write in bulk
without signals (the importer's bulk insert, ``restore_archive``'s fixtures,
``rebuild_search_index``) call ``refresh_search_text`` themselves.
"""

import functools
import operator

from django.contrib.postgres.search import SearchVector
from django.db import connections
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save, pre_save

from .models import Article, Author, Byline
from .sanitize import plain_text
from .segmentation import index_text

REFRESH_BATCH = 200

# Column and weight: PostgreSQL's setweight() letters and ts_rank()'s default weights for them.
WEIGHTS = (("search_title", "A", 1.0), ("search_people", "B", 0.4), ("search_body", "C", 0.2))
SEARCH_FIELDS = [column for column, _letter, _weight in WEIGHTS]


# What is stored -------------------------------------------------------------------------


def search_texts(article, names: list[str] | None = None) -> dict[str, str]:
    """What each search column of ``article`` holds.

    ``names`` are its bylines' authors in order; by default read from ``article.bylines``
    (prefetched with authors), given by the importer for articles not saved yet.
    """
    if names is None:
        names = [byline.author.name for byline in article.bylines.all()]
    return {
        "search_title": index_text(f"{article.title}\n{article.subtitles}"),
        "search_people": index_text(" ".join(names)),
        "search_body": index_text(plain_text(article.body)),
    }


def weighted_vector() -> SearchVector:
    """The PostgreSQL ``tsvector`` of the stored words, weighted A (headline) to C (body)."""
    vectors = (
        SearchVector(column, weight=letter, config="simple") for column, letter, _ in WEIGHTS
    )
    return functools.reduce(operator.add, vectors)


# Refreshing the copies ------------------------------------------------------------------


def refresh_search_vectors(articles: QuerySet) -> None:
    """Remake the weighted vector of ``articles`` from their stored words (PostgreSQL only)."""
    if connections[articles.db].vendor == "postgresql":
        articles.update(search_vector=weighted_vector())


def refresh_search_text(articles: QuerySet) -> int:
    """Segment ``articles`` again and store the words that changed; returns how many did.

    Called by the signals below whenever an article, a byline or an author's name is saved
    or deleted, and by paths that write without signals (the import's bulk insert,
    ``restore_archive``, ``rebuild_search_index``). It writes only rows whose words changed
    (a re-import of the same text writes nothing), in batches, without touching
    ``updated``. Takes any queryset of articles.
    """
    manager = articles.model._default_manager.db_manager(articles.db)
    pks = list(articles.order_by("pk").values_list("pk", flat=True))
    changed = 0
    for start in range(0, len(pks), REFRESH_BATCH):
        batch = (
            manager.filter(pk__in=pks[start : start + REFRESH_BATCH])
            .only("title", "subtitles", "body", *SEARCH_FIELDS)
            .prefetch_related("bylines__author")
        )
        stale = []
        for article in batch:
            texts = search_texts(article)
            if any(getattr(article, column) != text for column, text in texts.items()):
                for column, text in texts.items():
                    setattr(article, column, text)
                stale.append(article)
        if not stale:
            continue
        manager.bulk_update(stale, SEARCH_FIELDS)
        refresh_search_vectors(manager.filter(pk__in=[a.pk for a in stale]))
        changed += len(stale)
    return changed


# The signal receivers -------------------------------------------------------------------

SEARCHED_FIELDS = frozenset({"title", "subtitles", "body"})


def article_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and not SEARCHED_FIELDS & set(update_fields)):
        return  # a fixture's row, or a save of its state, time or place only
    refresh_search_text(Article.objects.filter(pk=instance.pk))


def byline_moving(sender, instance, raw=False, **kwargs):
    """Remember which article an edited byline signed until now, to refresh it too."""
    if not raw and instance.pk is not None:
        stored = Byline.objects.filter(pk=instance.pk).values_list("article_id", flat=True)
        instance.signed_before = stored.first()


def byline_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    signed = {instance.article_id, getattr(instance, "signed_before", None)} - {None}
    refresh_search_text(Article.objects.filter(pk__in=signed))


def byline_deleted(sender, instance, origin=None, **kwargs):
    """A byline removed by itself; one deleted with its article needs no new copy."""
    if isinstance(origin, Byline) or (isinstance(origin, QuerySet) and origin.model is Byline):
        refresh_search_text(Article.objects.filter(pk=instance.article_id))


def author_renaming(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk is not None:
        stored = Author.objects.filter(pk=instance.pk).values_list("name", flat=True)
        instance.name_before = stored.first()


def author_saved(sender, instance, raw=False, created=False, **kwargs):
    """A renamed author's articles are found under the new name, no longer the old."""
    if raw or created or getattr(instance, "name_before", instance.name) == instance.name:
        return
    refresh_search_text(Article.objects.filter(bylines__author=instance).distinct())


def connect_search_upkeep() -> None:
    post_save.connect(article_saved, sender=Article)
    pre_save.connect(byline_moving, sender=Byline)
    post_save.connect(byline_saved, sender=Byline)
    post_delete.connect(byline_deleted, sender=Byline)
    pre_save.connect(author_renaming, sender=Author)
    post_save.connect(author_saved, sender=Author)
