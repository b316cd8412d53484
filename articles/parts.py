"""Article, issue and list pages, rendered whole once and kept until what they show changes.

An article page is the site's frame around its article's description, Open Graph tags and
JSON-LD, the story with its bylines, photo, corrections and programme, and the links around
it (the articles before and after it in its issue, more of its series, column and authors);
an issue page the frame around its printed pages and every article as printed, with their
bylines and programmes, and the links to the published issues before and after it. Nothing
of either depends on the request (the page's own address stands for it), so a reader is
served the page as kept (``ArticlePart``, ``IssuePart``: one per language and release of
the site) in one query. An editor's save and an import render the pages of the articles
they wrote, and of their issues, once they commit, and ``manage.py render_parts`` those a
deployment (a new release) left without one, so readers rarely wait for one.

A part is used only at the edition it was rendered at. Whatever it shows moves the edition on
when saved or deleted: each model it shows is declared with the paths from ``Article`` to its
rows (``shown_in_part``; the theatre declares its own models), and every save and delete of
such a row moves the edition of the parts of every article it is shown with (a row that points
to its article, a byline or an act, also those it leaves), and of the issues of the articles
it is shown in as printed (not through their links), in the writing transaction and again
when that commits; a row of the frame (a section, in the navigation) moves every part on
(``frame_changed``), and an issue that may be another's neighbour now, or was, every issue's
(``issues_reordered``). A part rendered from rows read before a commit is thereby never taken
for one rendered after it (``kept``). Bulk writes send no signal: the code that makes them
calls ``rows_changed`` itself (after inserting rows), or makes them in ``rows_changing``. A
correction due later, or an article among those the links are chosen from or of the issue,
or an issue, published later makes the part expire at its time.

The pages of reader lists (the home page, a section's, a column's, a series', an author's
articles, the theatre's evenings) are kept the same way, at their address and page number
(``ListPart``, ``list_response``), each under a ``subject`` that names what it lists: a
change of what a list shows of an article (``LISTED_FIELDS``: its card, or what chooses and
orders it) or of any row its card shows (a byline, an author, its issue, column or series)
moves on the lists of every article showing the row, before the change and after it (its
section's, column's, series', authors', and those that may show any article:
``EVERY_ARTICLE``); the theatre's rows move those too (``shown_in_list``). A list expires
when an article of it is published as scheduled; the theatre's, at midnight too.

The part keeps the names of the rows it read (``shows``), for the page cache: a page served
from a kept part shows them as a page rendered whole would (``newsroom.caching``).
"""

import datetime
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, ForeignObjectRel, Q
from django.db.models.constants import LOOKUP_SEP
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.encoding import escape_uri_path
from django.utils.module_loading import import_string
from django.utils.translation import get_language

from newsroom.addresses import absolute_url
from newsroom.caching import rows_shown, shows
from newsroom.pagination import LAST_COUNTED_PAGE
from newsroom.release import release

from .jsonld import collection_page, picture
from .models import (
    RELATIONS,
    Article,
    ArticlePart,
    Author,
    Byline,
    Column,
    Correction,
    Issue,
    IssuePart,
    ListPart,
    Page,
    Section,
    Series,
    last_modified,
    prefetch_published_corrections,
)

PIECES = {  # each piece of a part, and the template that renders it
    Article: {
        "description": "articles/part/description.txt",
        "og": "articles/part/og.html",
        "head": "articles/part/head.html",
        "body": "articles/part/body.html",
    },
    Issue: {"head": "articles/part/issue_head.html", "body": "articles/part/issue_body.html"},
}
PART_OF = {Article: ArticlePart, Issue: IssuePart}
# The page each part keeps: its pieces in the site's frame.
PAGE_OF = {Article: "articles/article_detail.html", Issue: "articles/issue_detail.html"}

RELATED_PER_GROUP = 4  # links under each of "same series", "same column", "same authors"
# From an article to the articles its links are chosen from: its issue's, series', column's
# and authors'.
NEAR = (
    "issue__articles",
    "series__articles",
    "column__articles",
    "bylines__author__bylines__article",
)

# What decides which published issues are before and after another, as its page links them.
ISSUE_ORDER_FIELDS = ("date", "status", "published_at")

# What the links around an article show of another (``around()``), or choose it by: a save
# of an article that changes none of these (its body, its photo) moves on only the parts
# that print it, its own and its issue's, not those of every article that links to it.
LINKED_FIELDS = (
    "title",
    "position",
    "series_number",
    "issue",
    "series",
    "column",
    "status",
    "published_at",
)

# What a list shows of an article (its card, the ``summary`` from its body) or chooses and
# orders it by: a save that changes none of these (its dateline, its photo) moves no list.
LISTED_FIELDS = (*LINKED_FIELDS, "section", "kind", "subtitles", "body")
# The lists that may show any article (the home page's newest issue) or what any article
# makes visible (the theatre's evenings it announces): a change of any article moves them.
EVERY_ARTICLE = "every-article"
# The lists an article is listed in (besides those), by the lookup to the row each lists.
LISTED_UNDER = {
    "section": "section",
    "column": "column",
    "series": "series",
    "bylines__author": "author",
}
# The models whose rows a list shows of its articles (a section's name is in the site's frame,
# which ``frame_changed`` moves on whole); a row's own list (an author's, a column's, a
# series') is among those of the articles that show it.
LISTED = {Article, Byline, Issue, Author, Column, Series}

paths_to = {}  # model: the lookups from Article to the rows of it a part shows
linked_paths_to = {}  # model: those of them through the articles its links are chosen from
issue_paths_to = {Issue: ("pk",), Page: ("pages",)}  # shown by an issue whatever its articles
joining = set()  # the models whose rows point towards an article: a new one is shown at once
lists_showing = {}  # model: the subjects of the lists that show its rows (``shown_in_list``)


def shown_in_part(model, *paths: str, linked=()) -> None:
    """Parts show rows of ``model``, reached from their article by each of ``paths`` (and, in
    the links around an article only, by each of ``linked``): saving or deleting one moves
    the edition of every part it is shown in."""
    paths_to[model] = (*paths, *linked)
    linked_paths_to[model] = tuple(linked)
    post_save.connect(row_saved, sender=model)
    pre_delete.connect(row_deleting, sender=model)
    if any(holds_its_article(path) for path in paths_to[model]):
        joining.add(model)
        pre_save.connect(row_moving, sender=model)  # it may leave an article for another


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


def articles_showing(model, pks, *, linked=True):
    """The articles whose parts show any row ``pks`` of ``model`` (but in their links, unless
    ``linked``)."""
    paths = paths_to[model] if linked else printed_paths(model)
    return Article.objects.filter(paths_condition(model, pks, paths)).values("pk")


def printed_paths(model) -> list[str]:
    """The paths by which a part shows rows of ``model`` but in its links."""
    return [path for path in paths_to.get(model, ()) if path not in linked_paths_to[model]]


def issues_showing(model, pks):
    """The issues whose parts show any row ``pks`` of ``model``: in their own rows, or in
    those of an article as printed."""
    printing = Article.objects.filter(paths_condition(model, pks, printed_paths(model)))
    condition = Q(pk__in=printing.values("issue"))
    for path in issue_paths_to.get(model, ()):
        condition |= Q(**{f"{path}__in": pks})
    return Issue.objects.filter(condition).values("pk")


def paths_condition(model, pks, paths) -> Q:
    """Articles reaching any row ``pks`` of ``model`` by any of ``paths``: a subquery for
    each path, not a join of all of them (an author's articles times a column's)."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(pk__in=Article.objects.filter(**{f"{path}__in": pks}).values("pk"))
    return condition


def listed_subjects(model, pks) -> list[str]:
    """The subjects of the lists showing rows ``pks`` of ``model``: the lists of the articles
    that print them (the home page's among them)."""
    articles = Article.objects.filter(paths_condition(model, pks, printed_paths(model)))
    subjects = {EVERY_ARTICLE}
    for row in articles.values_list(*LISTED_UNDER).distinct():
        listed_in = zip(LISTED_UNDER.values(), row, strict=True)
        subjects.update(f"{name}:{pk}" for name, pk in listed_in if pk)
    return sorted(subjects)


def rows_changed(model, pks, *, leaving=False, linked=True, listed=True) -> None:
    """Rows ``pks`` of ``model`` changed: the parts that show them move on now, and again
    once this transaction commits (not those showing them in their links only, unless
    ``linked``; no list, unless ``listed``). Rows ``leaving`` their articles (deleted,
    moved) are looked up first, as they are shown before the change."""
    subjects = listed_subjects(model, pks) if listed and model in LISTED else []
    articles = articles_showing(model, pks, linked=linked)
    issues = issues_showing(model, pks)
    if leaving:
        articles = list(articles.values_list("pk", flat=True).distinct())
        issues = list(issues.values_list("pk", flat=True).distinct())
        if not articles and not issues and not subjects:
            return

    def move_on():
        ArticlePart.objects.filter(article__in=articles).update(edition=F("edition") + 1)
        IssuePart.objects.filter(issue__in=issues).update(edition=F("edition") + 1)
        if subjects:
            lists_move_on(*subjects)

    now_and_once_committed(move_on)


def now_and_once_committed(move_on) -> None:
    """Move parts on with ``move_on()`` now, and again once this transaction commits: a page
    rendered meanwhile from the rows as they were is stored under an edition already past."""
    move_on()
    transaction.on_commit(move_on, robust=True)


@contextmanager
def rows_changing(model, pks):
    """A bulk write of rows ``pks`` of ``model`` in the block, which sends no signal: the
    parts that show them before the write and after it move on, as a save's would (and
    every issue page, for issues: the write may give them other neighbours)."""
    rows_changed(model, pks, leaving=True)
    yield
    rows_changed(model, pks)
    if model is Issue:
        every_part_moves_on(IssuePart)


def lists_move_on(*subjects) -> None:
    """The kept pages of the lists of ``subjects`` move on."""
    ListPart.objects.filter(subject__in=subjects).update(edition=F("edition") + 1)


def shown_in_list(model, subject: str) -> None:
    """The lists of ``subject`` show rows of ``model`` (the theatre's evenings): saving or
    deleting one moves them on, now and once the transaction commits."""
    lists_showing.setdefault(model, set()).add(subject)

    def moved(sender, **kwargs):
        now_and_once_committed(lambda: lists_move_on(subject))

    post_save.connect(moved, sender=model, weak=False)
    post_delete.connect(moved, sender=model, weak=False)


def row_deleting(sender, instance, **kwargs) -> None:
    """Before a delete: the parts the row is shown in now."""
    if instance.pk is not None:
        rows_changed(sender, [instance.pk], leaving=True)


def row_moving(sender, instance, **kwargs) -> None:
    """Before a save that may move the row: the parts it is shown in now (in their links
    and lists too, unless ``article_saving`` found none of what those show changed)."""
    if not instance._state.adding and instance.pk is not None:
        linked = not instance.__dict__.get("_links_unchanged", False)
        listed = not instance.__dict__.get("_listed_unchanged", False)
        rows_changed(sender, [instance.pk], leaving=True, linked=linked, listed=listed)


def row_saved(sender, instance, created, **kwargs) -> None:
    """After a save: the parts the row is shown in (a new row only if it joins an article or
    an issue), in their links and lists too unless ``article_saving`` found none of what
    those show changed."""
    if not created or sender in joining or sender in issue_paths_to:
        linked = not instance.__dict__.pop("_links_unchanged", False)
        listed = not instance.__dict__.pop("_listed_unchanged", False)
        rows_changed(sender, [instance.pk], linked=linked, listed=listed)


def article_saving(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """Before an article's save: whether it leaves all its ``LINKED_FIELDS``, and all its
    ``LISTED_FIELDS``, as stored (a field named in ``update_fields`` is taken as changed; a
    whole save asks the stored row)."""
    if raw or instance._state.adding:
        changed = set(LISTED_FIELDS)
    elif update_fields is not None:  # names or attnames (section or section_id)
        changed = {Article._meta.get_field(name).name for name in update_fields}
    else:
        names = {name: Article._meta.get_field(name).attname for name in LISTED_FIELDS}
        stored = Article.objects.filter(pk=instance.pk).values(*names.values()).first() or {}
        changed = {
            name
            for name, attname in names.items()
            if attname not in stored or stored[attname] != getattr(instance, attname)
        }
    instance._links_unchanged = changed.isdisjoint(LINKED_FIELDS)
    instance._listed_unchanged = changed.isdisjoint(LISTED_FIELDS)


def frame_changed(sender, **kwargs) -> None:
    """A row the site's frame shows (its navigation lists every section) was saved or
    deleted: every page kept moves on. Rare (a section added, renamed or moved), and then as
    costly as a deployment."""
    every_part_moves_on(ArticlePart, IssuePart, ListPart)


def issue_saving(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """Before an issue's save: whether it may change which issues are around others (its
    date, state or publication time; a field named in ``update_fields`` is taken as changed,
    a whole save asks the stored row)."""
    if raw or instance._state.adding:
        moves = True
    elif update_fields is not None:
        moves = not set(update_fields).isdisjoint(ISSUE_ORDER_FIELDS)
    else:
        stored = Issue.objects.filter(pk=instance.pk).values(*ISSUE_ORDER_FIELDS).first()
        moves = stored is None or any(
            stored[name] != getattr(instance, name) for name in ISSUE_ORDER_FIELDS
        )
    instance._moves_neighbours = moves


def issues_reordered(sender, instance, **kwargs) -> None:
    """After an issue's save or delete: if it may be another's neighbour now, or was, every
    issue page kept moves on (each links to the published issues before and after it)."""
    if instance.__dict__.pop("_moves_neighbours", True):
        every_part_moves_on(IssuePart)


def every_part_moves_on(*models) -> None:
    """Every part of ``models`` moves on, now and once this transaction commits."""

    def move_on():
        for model in models:
            model.objects.update(edition=F("edition") + 1)

    now_and_once_committed(move_on)


def page_moving(sender, instance, **kwargs) -> None:
    """Before a page is saved into another issue: the issue it leaves lists it no more."""
    if instance.pk is not None:
        left = Page.objects.filter(pk=instance.pk).exclude(issue=instance.issue_id)
        if left := list(left.values_list("issue", flat=True)):
            rows_changed(Issue, left)


def pieces(template_of: dict, context: dict) -> dict:
    """Each piece of a part, rendered from ``context`` by its template."""
    return {
        name: render_to_string(template, context).strip() for name, template in template_of.items()
    }


def render_part(article) -> dict:
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
    return pieces(PIECES[Article], context)


def render_issue_part(issue, articles) -> dict:
    """The part of ``issue`` showing ``articles`` of it in printed order with their
    programmes, and its printed pages to open one by one or, when each has its PDF, to
    download whole: its published articles for readers, a preview's all but the withdrawn."""
    articles = printed_order(with_extras(articles.for_reading()), issue.lead_id)
    pages = list(issue.pages.order_by("number"))
    context = {
        "issue": issue,
        "articles": articles,
        "lead": lead_story(issue, articles),
        "pages": pages,
        "whole_pdf": bool(pages) and all(page.pdf for page in pages),
        # One page, or none: the issue is one run, as before pages were kept.
        "by_page": len({article.page_id for article in articles}) > 1,
        "structured_data": collection_page(issue),
    }
    return pieces(PIECES[Issue], context)


def printed_order(articles, lead_pk=None) -> list[Article]:
    """``articles`` page by page (those on no page last), the lead story first on its page,
    then by position: the order of the printed issue."""
    return sorted(
        articles,
        key=lambda article: (
            article.page is None,
            article.page.number if article.page else 0,
            article.pk != lead_pk,
            article.position,
        ),
    )


def lead_story(issue, articles):
    """The pinned lead story among ``articles`` (in printed order), else the first of them."""
    pinned = next((article for article in articles if article.pk == issue.lead_id), None)
    return pinned or (articles[0] if articles else None)


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


def kept_page(parts) -> str | None:
    """The page of the part among ``parts`` (those of one article or issue) for the active
    language by this release, if rendered at its edition and unexpired; the page being
    served shows what it showed.

    The publication rule is not asked again: a part is rendered only for a readable article
    or a published issue, and whatever takes one from readers (its state or time, its
    issue's) moves its edition on like any change of what it shows, and its deletion deletes
    it."""
    row = parts.current(get_language(), release()).values("page", "shows").first()
    if row is None:
        return None
    for name in row["shows"].split():
        shows(name)
    return row["page"]


def kept(model, key: dict, render, **moved_by) -> str:
    """Render the page of the part of ``model`` at ``key`` in the active language with
    ``render()`` (the page, and the times it is due to change), and keep it for the next
    reader; the part is moved on by what ``moved_by`` names (a list's ``subject``).

    Its row exists, and its edition is read, before anything it shows: a change committed
    after that moves the edition on (the writer's second move finds the row), so a page
    rendered from rows read before the change is stored under an edition already past.
    """
    key = {**key, "language": get_language(), "release": release()}
    model.objects.bulk_create([model(**key, **moved_by)], ignore_conflicts=True)
    if moved_by:  # a list's address may be another row's list now (a slug given again)
        model.objects.filter(**key).exclude(**moved_by).update(**moved_by)
    edition = model.objects.filter(**key).values_list("edition", flat=True).get()
    with rows_shown() as shown:
        page, due = render()
    model.objects.filter(**key, edition=edition).update(
        rendered_edition=edition,
        expires_at=min(filter(None, due), default=None),
        shows=" ".join(sorted(shown)),
        page=page,
    )
    return page


def rendered_page(pk) -> str:
    """The page of readable article ``pk``, rendered and kept; it changes when a correction
    is due, and when an article its links are chosen from is published as scheduled."""

    def render():
        article = article_whole(Article.objects.readable(), pk)
        due = [c.published_at for c in article.corrections.all() if c.published_at > timezone.now()]
        due.append(Article.objects.near(article).next_publication())
        return page_for_readers(article, article_page(article)), due

    return kept(ArticlePart, {"article_id": pk}, render)


def rendered_issue_page(pk) -> str:
    """The page of published issue ``pk``, rendered and kept; it changes when an article of
    the issue is published as scheduled, and when an issue is (it may be the next one)."""

    def render():
        issue = get_object_or_404(Issue.objects.published().with_neighbour_dates(), pk=pk)
        articles = issue.articles.all()
        due = [articles.next_publication(), Issue.objects.next_publication()]
        return page_for_readers(issue, issue_page(issue, articles.published())), due

    return kept(IssuePart, {"issue_id": pk}, render)


def page_for_readers(row, context: dict) -> str:
    """The page of ``row`` (an article or an issue) showing ``context``, as kept for every
    reader: rendered without a request, at the row's own address (``page_path``)."""
    return render_to_string(PAGE_OF[type(row)], {**context, "page_path": row.get_absolute_url()})


@dataclass
class ListPage:
    """A page of a reader list as a view makes it: its ``subject`` (``ListPart``), its
    template and context, and ``changes_at()``: when it changes without an edit (asked only
    of a page being kept)."""

    subject: str
    template: str
    context: dict
    changes_at: Callable[[], datetime.datetime | None]

    @property
    def number(self) -> int:
        page_obj = self.context.get("page_obj")
        return page_obj.number if page_obj is not None else 1


def kept_at(request) -> tuple[str, int] | None:
    """The path of the list page ``request`` asks for, as links give it, and the number of
    the page, if it is kept: with no query, or ``?page=N`` past the first. None for another
    query (``?page=1``, ``?page=x``, anything added), whose page is rendered for it, as is
    that of a reader with a note waiting (``messages``: the note is theirs)."""
    if request.COOKIES.get("messages"):
        return None
    path = escape_uri_path(request.path)
    if not request.GET:
        return path, 1
    number = request.GET.get("page", "")
    canonical = (
        number.isascii()
        and number.isdigit()
        and len(number) <= len(str(LAST_COUNTED_PAGE))  # no list holds more pages
        and number == str(int(number))
    )
    if list(request.GET.lists()) == [("page", [number])] and canonical and int(number) > 1:
        return path, int(number)
    return None


def list_response(request, make_page, *, subject=None) -> HttpResponse:
    """The list page that ``make_page()`` (a ``ListPage``, or 404) makes for ``request``:
    kept whole at its address (``kept_at``) and served as kept, like an article's.

    The list is named by its ``subject``, asked first (``make_page``) unless given (the home
    page's, which is one page). A page past the list's end (the last one is shown) is
    rendered for its request and not kept, so that addresses no link gives make no row."""
    at = kept_at(request)
    if at is not None:
        path, number = at
        key = path if number == 1 else f"{path}?page={number}"
        if (page := kept_page(ListPart.objects.filter(path=key))) is not None:
            return HttpResponse(page)
    if subject is None or at is None or number != 1:
        made = make_page()
        if at is None or made.number != number:
            return HttpResponse(render_to_string(made.template, made.context, request))
        subject = made.subject

    def render_again():  # from rows read after the part's edition
        again = make_page()
        context = {**again.context, "page_path": path}
        return render_to_string(again.template, context), [again.changes_at()]

    return HttpResponse(kept(ListPart, {"path": key}, render_again, subject=subject))


def article_page(article) -> dict:
    """What the article page of ``article`` shows: its part (``render_part``)."""
    return {"article": article, "part": render_part(article)}


def issue_page(issue, articles) -> dict:
    """What the page of ``issue`` (with its neighbour dates) shows of it and ``articles``."""
    return {"issue": issue, "part": render_issue_part(issue, articles)}


def render_parts(articles) -> Counter:
    """Render and keep the pages of the readable ones of ``articles`` that have none current,
    newest first, then those of their published issues, in every language the site speaks:
    after an editor's save or an import, and after a deployment (``render_parts`` command),
    so that no reader waits for one. Returns how many of each (``Article``, ``Issue``)."""
    readable = Article.objects.readable().filter(pk__in=articles.values("pk"))
    issues = Issue.objects.published().filter(pk__in=readable.values("issue"))
    owners = [
        (readable.order_by("-published_at", "-pk"), rendered_page),
        (issues.order_by("-date", "-pk"), rendered_issue_page),
    ]
    rendered = Counter()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for rows, render in owners:
                current = PART_OF[rows.model].objects.current(language, release())
                current = current.values(rows.model._meta.model_name)
                for pk in rows.exclude(pk__in=current).values_list("pk", flat=True):
                    render(pk)
                    rendered[rows.model] += 1
    return rendered


def render_parts_when_committed(articles) -> None:
    """Once this transaction commits, and every move of the parts it made (registered
    before), render the parts of ``articles`` and of their issues."""
    transaction.on_commit(lambda: render_parts(articles), robust=True)


def connect_part_upkeep() -> None:
    """Parts show the article's own rows; the apps that attach more declare theirs."""
    pre_save.connect(article_saving, sender=Article)  # first: the others read what it finds
    shown_in_part(Article, "pk", linked=NEAR)
    shown_in_part(Byline, "bylines", linked=["bylines__author__bylines"])
    shown_in_part(Author, "bylines__author", "photographer")
    shown_in_part(Correction, "corrections")
    shown_in_part(Issue, "issue", linked=[f"{path}__issue" for path in NEAR[1:]])
    shown_in_part(Page, "page")
    pre_save.connect(page_moving, sender=Page)
    shown_in_part(Section, "section")
    post_save.connect(frame_changed, sender=Section)
    post_delete.connect(frame_changed, sender=Section)
    pre_save.connect(issue_saving, sender=Issue)
    post_save.connect(issues_reordered, sender=Issue)
    post_delete.connect(issues_reordered, sender=Issue)
    shown_in_part(Column, "column")
    shown_in_part(Series, "series")
