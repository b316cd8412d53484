"""The search copies follow the rows they are made of, whoever saves them.

An article's segmented words (``articles.search``) come from its headline, subtitles and
body, and from the names of its bylines' authors. Saving or deleting any of those, from a
form, a revert in the history, an action or a command, rewrites the copy here, so no
caller has to remember to. Paths that write in bulk without signals (the importer's bulk
insert, ``restore_archive``'s fixtures) call ``refresh_search_text`` themselves.
"""

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save, pre_save

from .models import Article, Author, Byline
from .search import refresh_search_text

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
    post_save.connect(article_saved, sender=Article, dispatch_uid="search-article")
    pre_save.connect(byline_moving, sender=Byline, dispatch_uid="search-byline-moving")
    post_save.connect(byline_saved, sender=Byline, dispatch_uid="search-byline")
    post_delete.connect(byline_deleted, sender=Byline, dispatch_uid="search-byline-deleted")
    pre_save.connect(author_renaming, sender=Author, dispatch_uid="search-author-renaming")
    post_save.connect(author_saved, sender=Author, dispatch_uid="search-author")
