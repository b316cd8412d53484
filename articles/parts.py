"""The article page but for the site's frame, rendered once and kept until what it shows changes.

An article page is its article's description, Open Graph tags and JSON-LD, the story with its
bylines, photo, corrections and programme, and the links around it (the articles before and
after it in its issue, more of its series, column and authors). Rendered, that is nearly all
of a page's work; kept (``ArticlePart``, one per language and release of the site), the page
reads it with the article in one query and renders only the site's frame around it. An
editor's save and an import render the parts of the articles they wrote once they commit, and
``manage.py render_parts`` those a deployment (a new release) left without one, so readers
rarely wait for one.

A part is used only at the edition it was rendered at. Whatever it shows moves the edition on
when saved or deleted: each model it shows is declared with the paths from ``Article`` to its
rows (``shown_in_part``; the theatre declares its own models), and every save and delete of
such a row moves the edition of the parts of every article it is shown with (a row that points
to its article, a byline or an act, also those it leaves), in the writing transaction and again
when that commits. A part rendered from rows read before a commit is thereby never taken for
one rendered after it (``rendered_part``). Bulk writes send no signal: the code that makes
them calls ``rows_changed`` itself. A correction due later, or an article among those the
links are chosen from, makes the part expire at its time.

The part keeps the names of the rows it read (``shows``), for the page cache: a page served
from a kept part shows them as a page rendered whole would (``newsroom.caching``).
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, ForeignObjectRel, Q
from django.db.models.constants import LOOKUP_SEP
from django.db.models.signals import post_save, pre_delete, pre_save
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import get_language

from newsroom.addresses import absolute_url
from newsroom.caching import rows_shown, shows
from newsroom.release import release

from .jsonld import picture
from .models import (
    RELATIONS,
    Article,
    ArticlePart,
    Author,
    Byline,
    Column,
    Correction,
    Issue,
    Page,
    Section,
    Series,
    last_modified,
    prefetch_published_corrections,
    unexpired_part,
)

PIECES = {  # each piece of the part and the template that renders it
    "description": "articles/part/description.txt",
    "og": "articles/part/og.html",
    "head": "articles/part/head.html",
    "body": "articles/part/body.html",
}

RELATED_PER_GROUP = 4  # links under each of "same series", "same column", "same authors"
# From an article to the articles its links are chosen from: its issue's, series', column's
# and authors'.
NEAR = (
    "issue__articles",
    "series__articles",
    "column__articles",
    "bylines__author__bylines__article",
)

paths_to = {}  # model: the lookups from Article to the rows of it a part shows
joining = set()  # the models whose rows point towards an article: a new one is shown at once


@dataclass(frozen=True)
class Part:
    description: str
    og: str
    head: str
    body: str


def shown_in_part(model, *paths: str) -> None:
    """Parts show rows of ``model``, reached from their article by each of ``paths``: saving
    or deleting one moves the edition of every part it is shown in."""
    paths_to[model] = paths
    post_save.connect(row_saved, sender=model)
    pre_delete.connect(row_deleting, sender=model)
    if any(holds_its_article(path) for path in paths):
        joining.add(model)
        pre_save.connect(row_deleting, sender=model)  # it may leave an article for another


def holds_its_article(path: str) -> bool:
    """Whether rows at the end of ``path`` point towards the article (a byline, an act), so
    that a new one is shown at once, and one that moves leaves a part behind."""
    model, field = Article, None
    for name in path.split(LOOKUP_SEP):
        if name == "pk":
            return False
        field = model._meta.get_field(name)
        model = field.related_model
    return isinstance(field, ForeignObjectRel)


def articles_showing(model, pks):
    """The articles whose parts show any row ``pks`` of ``model``: a subquery for each path,
    not a join of all of them (an author's articles times a column's)."""
    condition = Q()
    for path in paths_to[model]:
        condition |= Q(pk__in=Article.objects.filter(**{f"{path}__in": pks}).values("pk"))
    return Article.objects.filter(condition).values("pk")


def rows_changed(model, pks, *, leaving=False) -> None:
    """Rows ``pks`` of ``model`` changed: the parts that show them move on now, and again
    once this transaction commits. Rows ``leaving`` their articles (deleted, moved) are
    looked up first, as they are shown before the change."""
    articles = articles_showing(model, pks)
    if leaving:
        articles = list(articles.values_list("pk", flat=True).distinct())
        if not articles:
            return

    def move_on():
        ArticlePart.objects.filter(article__in=articles).update(edition=F("edition") + 1)

    move_on()
    transaction.on_commit(move_on, robust=True)


def row_deleting(sender, instance, **kwargs) -> None:
    """Before a delete, or a save that may move the row: the parts it is shown in now."""
    if not instance._state.adding and instance.pk is not None:
        rows_changed(sender, [instance.pk], leaving=True)


def row_saved(sender, instance, created, **kwargs) -> None:
    """After a save: the parts the row is shown in (a new row only if it joins an article)."""
    if not created or sender in joining:
        rows_changed(sender, [instance.pk])


def render_part(article) -> Part:
    """The part of ``article`` (with all it shows: bylines, corrections, programme) rendered
    in the active language, with the links around it; a preview's shows a draft as it
    stands, and is not kept."""
    context = {
        "article": article,
        **articles_around(article),
        "authors": list(dict.fromkeys(byline.author for byline in article.bylines.all())),
        "share_url": absolute_url(article.get_absolute_url()),
        "picture": picture(article),
        "modified_at": last_modified(article),
    }
    return Part(
        **{name: render_to_string(template, context).strip() for name, template in PIECES.items()}
    )


def articles_around(article) -> dict:
    """The published articles around ``article``: its ``neighbours`` in the issue (the ones
    just before and after it, or None) and a few ``related`` of the same series, column and
    authors, each listed once, under the first of these it shares with ``article``; the
    series' in series order, the others newest first."""
    related = {name: [] for name in RELATIONS}
    before, after = [], []
    for row in Article.objects.published().around(article, RELATED_PER_GROUP):
        if row.relation:
            related[row.relation].append(row)
        if row.issue_id == article.issue_id:
            (before if row.position < article.position else after).append(row)
    related["series"].sort(key=lambda row: row.series_number)
    return {
        "neighbours": {
            "previous": max(before, key=lambda row: row.position, default=None),
            "next": min(after, key=lambda row: row.position, default=None),
        },
        "related": {name: rows for name, rows in related.items() if rows},
    }


def with_extras(articles) -> list:
    """``articles`` as a list, each given what ``settings.ARTICLE_PAGE_EXTRAS`` attach to the
    articles a page shows (the theatre's programmes), which the project composes in."""
    articles = list(articles)
    for attach in settings.ARTICLE_PAGE_EXTRAS:
        import_string(attach)(articles)
    return articles


def article_whole(articles, pk) -> Article:
    """Article ``pk`` of ``articles`` with everything its page shows; 404 if not among them."""
    articles = articles.for_reading().prefetch_related(prefetch_published_corrections())
    [article] = with_extras([get_object_or_404(articles, pk=pk)])
    return article


def kept_part(article) -> Part | None:
    """The part ``article`` was read with (``with_part()``), if rendered at its edition; the
    page being rendered shows what the part showed."""
    if article.part_edition is None or article.part_rendered_edition != article.part_edition:
        return None
    for name in article.part_shows.split():
        shows(name)
    return Part(**{name: getattr(article, f"part_{name}") for name in PIECES})


def with_part(articles):
    """``articles`` with their part in the active language by this release, if unexpired."""
    return articles.annotate(
        part=unexpired_part(get_language(), release()),
        **{
            f"part_{name}": F(f"part__{name}")
            for name in ("edition", "rendered_edition", "shows", *PIECES)
        },
    )


def rendered_part(pk) -> Part:
    """Render the part of readable article ``pk`` in the active language and keep it for the
    next reader.

    Its row exists, and its edition is read, before anything it shows: a change committed
    after that moves the edition on (the writer's second move finds the row), so a part
    rendered from rows read before the change is stored under an edition already past.
    """
    key = {"article_id": pk, "language": get_language(), "release": release()}
    ArticlePart.objects.bulk_create([ArticlePart(**key)], ignore_conflicts=True)
    edition = ArticlePart.objects.filter(**key).values_list("edition", flat=True).get()
    with rows_shown() as shown:
        article = article_whole(Article.objects.readable(), pk)
        part = render_part(article)
    due = [c.published_at for c in article.corrections.all() if c.published_at > timezone.now()]
    due.append(Article.objects.near(article).next_publication())
    ArticlePart.objects.filter(**key, edition=edition).update(
        rendered_edition=edition,
        expires_at=min(filter(None, due), default=None),
        shows=" ".join(sorted(shown)),
        **part.__dict__,
    )
    return part


def render_parts(articles) -> int:
    """Render and keep the parts of the readable ones of ``articles`` that have none current,
    in every language the site speaks, newest first: after an editor's save or an import,
    and after a deployment (``render_parts`` command), so that no reader waits for one.
    Returns how many were rendered."""
    rendered = 0
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            readable = Article.objects.readable().filter(pk__in=articles.values("pk"))
            missing = with_part(readable).filter(
                Q(part_edition__isnull=True) | ~Q(part_rendered_edition=F("part_edition"))
            )
            for pk in missing.order_by("-published_at", "-pk").values_list("pk", flat=True):
                rendered_part(pk)
                rendered += 1
    return rendered


def render_parts_when_committed(articles) -> None:
    """Once this transaction commits, and every move of the parts it made (registered
    before), render the parts of ``articles``."""
    transaction.on_commit(lambda: render_parts(articles), robust=True)


def connect_part_upkeep() -> None:
    """Parts show the article's own rows; the apps that attach more declare theirs."""
    shown_in_part(Article, "pk", *NEAR)
    shown_in_part(Byline, "bylines", "bylines__author__bylines")
    shown_in_part(Author, "bylines__author", "photographer")
    shown_in_part(Correction, "corrections")
    shown_in_part(Issue, "issue", *(f"{path}__issue" for path in NEAR[1:]))
    shown_in_part(Page, "page")
    shown_in_part(Section, "section")
    shown_in_part(Column, "column")
    shown_in_part(Series, "series")
