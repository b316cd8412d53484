"""Write one parsed issue to the database, in one transaction, as its plan says.

``plan.py`` decides what the file changes (and what editors' work it would delete or
overwrite, which needs confirming); this module writes it. Natural keys: an issue by its
date, the file by its page, an article by its headline among those the import of that page
made (else its place), an author or performer by name, a performance by programme and date.
A row is saved only when one of its values changed, so the report says what an import did,
and each version the import saves carries its change reason, so editors' versions stand out.

A new issue (the usual import, and every day of ``generate_archive``) has nothing to match:
``_insert_new_issue`` writes its articles and bylines in bulk, a few statements per issue
instead of a dozen per article. Re-imports go through ``_update_issue``.
"""

import datetime
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import connection, transaction
from simple_history.utils import bulk_create_with_history

from articles.models import (
    Article,
    ArticleStatus,
    Author,
    Byline,
    Column,
    ImportWarning,
    Issue,
    IssueStatus,
    Page,
    Section,
    Series,
    credited_photographer,
    publication_time,
)
from articles.parts import render_parts_when_committed, rows_changed
from articles.search_index import refresh_search_text, refresh_search_vectors, search_texts
from events.models import Act, Performance, Performer, Piece, Programme

from .issue_file import PrintFile, checksum
from .pages import PrintedPage
from .parser import ParsedArticle, ParsedIssue, ParseWarning
from .parser import Performance as ParsedPerformance
from .plan import (
    CREATE,
    DEFAULT_PROGRAMME,
    DELETE,
    IMPORT_CHANGE_REASON,
    KEEP,
    ArticleChange,
    ImportPlan,
    bill_digest,
    credits,
    describe_page,
    plan_import,
)

IMPORT_LOCK_KEY = 0x6E657773  # "news": the PostgreSQL advisory lock that imports queue on
OUTCOMES = ("created", "updated", "deleted", "kept", "unchanged")  # "kept": left to editors


@dataclass
class ImportReport:
    """What an import did, counted per kind of record and outcome."""

    source: str
    issue_date: datetime.date
    page: PrintedPage
    counts: dict[str, Counter] = field(default_factory=dict)
    warnings: tuple[ParseWarning, ...] = ()
    already_imported: bool = False
    date_line: str | None = None  # how the date was decided, unless it was given
    unplaced: list[str] = field(default_factory=list)  # headlines not found on the page PDF

    def count(self, kind: str, outcome: str, n: int = 1) -> None:
        self.counts.setdefault(kind, Counter())[outcome] += n

    @property
    def changed(self) -> bool:
        return any(c["created"] or c["updated"] or c["deleted"] for c in self.counts.values())

    def summary(self) -> str:
        """A few lines for a person: how the date was decided, what changed, the warnings."""
        head = f"{self.source}: issue {self.issue_date.isoformat()} {describe_page(self.page)}"
        lines = [self.date_line] if self.date_line else []
        parts = []
        for kind, counter in self.counts.items():
            outcomes = ", ".join(f"{counter[o]} {o}" for o in OUTCOMES if counter[o])
            if outcomes:  # e.g. bylines of articles that have none: nothing to say
                parts.append(f"{kind} {outcomes}")
        done = "; ".join(parts) + "."
        if self.already_imported:  # the text; its page as printed may still be new
            lines.append(
                f"{head} already imported from this file; "
                + (done if self.changed else "nothing changed.")
            )
        elif not self.changed:
            lines.append(f"{head} unchanged: the file holds what was already imported.")
        else:
            lines.append(f"{head} imported: {done}")
        lines += [f"  warning: {warning}" for warning in self.warnings]
        lines += [f"  not found on the page PDF: {title}" for title in self.unplaced]
        return "\n".join(lines)

    def as_json(self) -> dict:
        return {
            "issue_date": self.issue_date.isoformat(),
            "page": self.page.to_json(),
            "already_imported": self.already_imported,
            "counts": {kind: dict(counter) for kind, counter in self.counts.items()},
            "not_found_on_page_pdf": self.unplaced,
        }


def load_issue(
    parsed: ParsedIssue,
    *,
    sha256: str,
    draft: bool = False,
    replace: bool | Collection[str] = False,
    page: PrintedPage | None = None,
    printed: PrintFile | None = None,
    render: bool = True,
) -> ImportReport:
    """Create or update ``parsed``'s issue and everything in it; all or nothing.

    Raises ImportRefused, writing nothing, when the plan deletes or overwrites editors' work
    that ``replace`` does not confirm: True confirms all (``--replace``), else the keys of
    the changes confirmed (the admin's list). The plan is made again here, under the import
    lock, so work done since a preview is seen. ``page``: the page the operator names
    (see ``plan_import``); only that page's articles and warnings are the import's.
    ``printed``: the page as printed (its PDF or a scan, already validated), attached once
    the page's articles are written, so that their regions are found on it. ``render``: the
    readers' pages of the page's articles are rendered once it commits (``articles.parts``);
    a synthetic archive leaves them to be rendered when read.
    """
    with transaction.atomic():
        _wait_for_other_imports()
        plan = plan_import(parsed, sha256=sha256, draft=draft, lock=True, page=page)
        plan.check(replace)
        report = ImportReport(
            parsed.source,
            plan.date,
            plan.target,
            warnings=parsed.warnings,
            date_line=plan.date_line(),
        )
        page = plan.page
        if plan.already_imported:
            report.already_imported = True
        elif plan.issue is None:
            page = _insert_new_issue(plan, report)
        else:
            page = _update_issue(plan, report)
        if printed is not None and page is not None:
            _attach_print(page, printed, report)
        if render and page is not None:
            render_parts_when_committed(Article.objects.filter(page=page))
    return report


def _wait_for_other_imports() -> None:
    """On PostgreSQL, queue behind any import in progress until its transaction ends.

    Two imports of a new issue would both find no row to lock and both insert the date; two
    issues naming the same new author or piece would both create it. Imports are rare and
    short, so one at a time is cheap; the waiting one then sees what the first committed.
    SQLite already lets one writer in at a time.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])


def _save(row, **kwargs) -> None:
    """Save ``row`` as the import: its version says so, whoever runs the import."""
    row._change_reason = IMPORT_CHANGE_REASON
    row.save(**kwargs)


def _record_page(plan: ImportPlan, issue: Issue) -> Page:
    """The page the file is, made if missing, and the file it now comes from. The page's
    name and editor are filled in when blank: a name editors gave it is theirs."""
    page = plan.page or Page(issue=issue, number=plan.target.number)
    page.source_file, page.source_sha256 = plan.parsed.source, plan.sha256
    fields = ["source_file", "source_sha256"]
    for name in ("name", "editor"):
        if not getattr(page, name) and getattr(plan.target, name):
            setattr(page, name, getattr(plan.target, name))
            fields.append(name)
    page.save(update_fields=fields if plan.page else None)
    return page


class NamedRows:
    """The sections, columns, series and authors one issue names, each looked up once."""

    def __init__(self, report: ImportReport):
        self.report = report
        self.rows: dict[tuple, object] = {}

    def section(self, slug: str) -> Section:
        key = (Section, slug)
        if key not in self.rows:
            self.rows[key] = Section.objects.get(slug=slug)
        return self.rows[key]

    def named(self, model, name: str | None, kind: str):
        key = (model, name)
        if key not in self.rows:
            self.rows[key] = _get_or_create_named(model, name, kind, self.report)
        return self.rows[key]

    def authors(self, credits) -> list[Author]:
        """The author of each ``(name, role)``: the known ones in one query, new ones created."""
        wanted = {name for name, _role in credits if (Author, name) not in self.rows}
        if wanted:
            for author in Author.objects.filter(name__in=wanted).order_by("-pk"):
                self.rows[(Author, author.name)] = author  # the oldest namesake last, so kept
            for name, role in credits:
                if (Author, name) not in self.rows:
                    self.rows[(Author, name)] = _get_or_create_author(name, role, self.report)
        return [self.rows[(Author, name)] for name, _role in credits]


def _article_values(change: ArticleChange, rows: NamedRows) -> dict:
    """The Article fields the file gives: what it prints, with rows for names, and where."""
    values = {name: value for name, value in change.values.items() if name != "bylines"}
    return {
        **values,
        "section": rows.section(values["section"]),
        "column": rows.named(Column, values["column"], "column"),
        "series": rows.named(Series, values["series"], "series"),
        "position": change.position,
        "source_line": change.parsed.line,
    }


def _insert_new_issue(plan: ImportPlan, report: ImportReport) -> Page:
    """A new issue and its articles and bylines, inserted in bulk with their history.

    The search words are segmented before the insert and the vectors made by one update.
    Bulk inserts send no ``post_save``: the page cache still moves on, from the issue's own
    save. Programmes (one article a week) go through ``_save_performances``, which matches
    performances entered by hand before the paper printed them.
    """
    published = not plan.draft
    issue = Issue(
        date=plan.date,
        status=IssueStatus.PUBLISHED if published else IssueStatus.DRAFT,
        published_at=publication_time(plan.date) if published else None,
        source_file=plan.parsed.source,
        source_sha256=plan.sha256,
    )
    _save(issue)
    report.count("issue", "created")
    page = _record_page(plan, issue)
    rows = NamedRows(report)
    if plan.articles:  # reported before the columns and authors they bring, as re-imports are
        report.count("articles", "created", 0)
    all_credits = [credits(change.parsed) for change in plan.articles]
    rows.authors([credit for article_credits in all_credits for credit in article_credits])
    articles, bylines = [], []
    for change, article_credits in zip(plan.articles, all_credits, strict=True):
        article = Article(
            issue=issue,
            status=issue.status,
            published_at=issue.published_at,
            page=page,
            source_page=page,
            source_digest=change.digest,
            **_article_values(change, rows),
        )
        authors = rows.authors(article_credits)  # all known by now: no query
        photographers = [
            author
            for author, (_name, role) in zip(authors, article_credits, strict=True)
            if role == Byline.Role.PHOTOGRAPHER
        ]
        article.photographer = credited_photographer(article.photo_credit, photographers)
        for column, text in search_texts(article, [a.name for a in authors]).items():
            setattr(article, column, text)
        article.text_digest = article.reader_text_digest()  # bulk_create does not save()
        articles.append(article)
        bylines += [
            Byline(article=article, author=author, role=role, order=order)
            for order, (author, (_name, role)) in enumerate(
                zip(authors, article_credits, strict=True), start=1
            )
        ]
    bulk_create_with_history(articles, Article, default_change_reason=IMPORT_CHANGE_REASON)
    report.count("articles", "created", len(articles))
    Byline.objects.bulk_create(bylines)  # their articles have primary keys by now
    report.count("bylines", "created", len(bylines))
    # Bulk writes send no signal: the pages that may link to the new articles move on.
    rows_changed(Article, [article.pk for article in articles])
    refresh_search_vectors(issue.articles.all())
    for article, change in zip(articles, plan.articles, strict=True):
        _save_performances(article, change, report)
    ImportWarning.objects.bulk_create(warning_rows(page, plan.parsed, articles))
    return page


def _update_issue(plan: ImportPlan, report: ImportReport) -> Page:
    """The changes of a re-import: deletions first, then each of the file's articles."""
    issue = plan.issue
    page = _record_page(plan, issue)
    issue.source_file, issue.source_sha256 = plan.parsed.source, plan.sha256  # the latest
    issue.save(update_fields=["source_file", "source_sha256", "updated"])
    rows = NamedRows(report)
    for change in plan.articles:
        if change.action == DELETE:
            _save_performances(change.article, change, report)
            change.article.delete()
            report.count("articles", "deleted")
        elif change.parsed is None:  # moved by an editor: kept where it is
            report.count("articles", "kept")
    moving = [c.article.pk for c in plan.articles if "position" in c.fields]
    if moving:  # articles that swap places step aside first: positions are unique
        Article.objects.filter(pk__in=moving).set_positions_aside()
    saved = []
    for change in plan.articles:
        if change.parsed is not None:
            article = _save_article(change, plan, page, rows, report)
            _save_performances(article, change, report)
            saved.append(article)
    # Bylines went in by bulk_create, which sends no signal.
    refresh_search_text(Article.objects.filter(pk__in=[a.pk for a in saved]))
    _save_warnings(page, plan.parsed, saved)
    return page


def _save_article(change: ArticleChange, plan: ImportPlan, page, rows, report) -> Article:
    values = _article_values(change, rows)
    article = change.article
    if change.action == CREATE:
        published = not plan.draft
        article = Article(
            issue=plan.issue,
            status=ArticleStatus.PUBLISHED if published else ArticleStatus.DRAFT,
            published_at=publication_time(plan.issue.date) if published else None,
            page=page,
            source_page=page,
            **values,
        )
        _save(article)
        report.count("articles", "created")
    elif change.fields:
        for name in change.fields:
            if name != "bylines":
                setattr(article, name, values[name])
        _save(article)
        report.count("articles", "kept" if change.action == KEEP else "updated")
    else:
        report.count("articles", "kept" if change.action == KEEP else "unchanged")
    if change.action != KEEP:
        # The fingerprint of what the file prints, which the article now holds: also when an
        # editor had already made it so, so that it is the import's from now on.
        if article.source_digest != change.digest:
            Article.objects.filter(pk=article.pk).update(source_digest=change.digest)
        _save_bylines(article, change.parsed, report)
        _save_photographer(article, change.parsed)
    return article


def _attach_print(page: Page, printed: PrintFile, report: ImportReport) -> None:
    """Attach the page as printed unless it is attached already; a new PDF draws the page
    image and places the stories (``Page.save``), and the report names those not found."""
    field = page.pdf if printed.is_pdf else page.image
    had_one = bool(field)
    if had_one and _stored_checksum(field) == checksum(printed.data):
        report.count("page image", "unchanged")
        return
    field.save(printed.name, ContentFile(printed.data), save=False)
    page.save()
    report.count("page image", "updated" if had_one else "created")
    if printed.is_pdf:
        unplaced = page.articles.filter(page_region__isnull=True).order_by("position")
        report.unplaced = list(unplaced.values_list("title", flat=True))


def _stored_checksum(field) -> str | None:
    try:
        with field.open("rb") as stored:
            return checksum(stored.read())
    except OSError:  # its file is missing: attach it again
        return None


def _save_warnings(page: Page, parsed: ParsedIssue, articles: list[Article]) -> None:
    """Keep the page's import warnings as this import found them, writing only what differs.

    A warning found again (same position, kind and text) keeps its row, resolved or not;
    the others are deleted, and the new ones added. Other pages' warnings are theirs.
    """
    found = warning_rows(page, parsed, articles)
    stored = {w.key: w for w in page.import_warnings.all()}
    stale = [w.pk for key, w in stored.items() if key not in {row.key for row in found}]
    if stale:
        ImportWarning.objects.filter(pk__in=stale).delete()
    ImportWarning.objects.bulk_create(row for row in found if row.key not in stored)


def warning_rows(page: Page, parsed: ParsedIssue, articles: list[Article]) -> list:
    """The rows of the parse's warnings for ``page``, each tied to its article (``articles``
    in the file's order); one of each."""
    by_position = {
        pa.position: article for pa, article in zip(parsed.articles, articles, strict=True)
    }
    rows = {
        (w.article, w.kind, w.text): ImportWarning(
            issue_id=page.issue_id,
            page=page,
            article=by_position.get(w.article),
            position=w.article,
            kind=w.kind,
            text=w.text,
        )
        for w in parsed.warnings
    }
    return list(rows.values())


def _save_bylines(article: Article, parsed: ParsedArticle, report: ImportReport) -> None:
    wanted = [(_get_or_create_author(name, role, report), role) for name, role in credits(parsed)]
    have = [(b.author, b.role) for b in article.bylines.select_related("author")]
    if [(a.pk, r) for a, r in wanted] == [(a.pk, r) for a, r in have]:
        report.count("bylines", "unchanged", len(have))
        return
    report.count("bylines", "deleted", article.bylines.all().delete()[0])
    created = Byline.objects.bulk_create(
        Byline(article=article, author=author, role=role, order=order)
        for order, (author, role) in enumerate(wanted, start=1)
    )
    rows_changed(Byline, [byline.pk for byline in created])  # bulk writes send no signal
    report.count("bylines", "created", len(wanted))


def _save_photographer(article: Article, parsed: ParsedArticle) -> None:
    """Link the author the photo credit names, unless an editor has chosen one already."""
    if article.photographer_id is not None or not article.photo_credit:
        return
    names = [b.name for b in parsed.bylines if b.role == Byline.Role.PHOTOGRAPHER]
    authors = Author.objects.filter(name__in=names)
    photographer = credited_photographer(article.photo_credit, authors)
    if photographer is not None:
        article.photographer = photographer
        _save(article, update_fields=["photographer"])


def _save_performances(article: Article, change: ArticleChange, report: ImportReport) -> None:
    """The article's performances as the plan decided: made, taken, updated, left or deleted."""
    for decided in change.performances:
        performance = decided.performance
        if decided.action == KEEP:
            report.count("performances", "kept")
            continue
        if decided.action == DELETE:
            performance.delete()
            report.count("performances", "deleted")
            continue
        if performance is None:
            name = change.parsed.programme or DEFAULT_PROGRAMME
            programme = _get_or_create_named(Programme, name, "programmes", report)
            # Two programmes of the file may print one evening: the first made it just now.
            performance = Performance.objects.filter(
                programme=programme, date=decided.date, article__issue=article.issue_id
            ).first()
        if performance is None:
            performance = Performance(programme=programme, date=decided.date, article=article)
            _save(performance)
            report.count("performances", "created")
        else:
            _update(performance, {"article": article}, "performances", report)
        _save_acts(performance, decided.parsed, report)
        if performance.source_digest != (printed := bill_digest(decided.parsed)):
            Performance.objects.filter(pk=performance.pk).update(source_digest=printed)


def _save_acts(performance: Performance, parsed: ParsedPerformance, report) -> None:
    wanted = [
        (_get_or_create_piece(act, report),
         [_get_or_create_named(Performer, n, "performers", report)
          for n in dict.fromkeys(act.performers)])  # a name printed twice: billed once
        for act in parsed.acts
    ]  # fmt: skip
    stored = performance.acts.select_related("piece").prefetch_related("credits__performer")
    have = [(act.piece, [credit.performer for credit in act.credits.all()]) for act in stored]
    if _acts_key(wanted) == _acts_key(have):
        report.count("acts", "unchanged", len(have))
        return
    report.count("acts", "deleted", len(have))
    performance.acts.all().delete()
    for order, (piece, performers) in enumerate(wanted, start=1):
        act = Act.objects.create(performance=performance, order=order, piece=piece)
        act.set_performers(performers)
    Piece.objects.filter(pk__in=[piece.pk for piece, _performers in have]).delete_unused()
    report.count("acts", "created", len(wanted))


def _acts_key(acts) -> list:
    return [(piece.pk, [p.pk for p in performers]) for piece, performers in acts]


def _get_or_create_piece(act, report: ImportReport) -> Piece:
    piece, created = Piece.objects.get_or_create_printed(act.form, act.title or "")
    if created:
        report.count("pieces", "created")
    return piece


def _get_or_create_author(name: str, role: str, report: ImportReport) -> Author:
    author = Author.objects.filter(name=name).order_by("pk").first()
    if author is None:
        author = Author.objects.create(name=name, is_pen_name=role == Byline.Role.COMMENTATOR)
        report.count("authors", "created")
    return author


def _get_or_create_named(model, name: str | None, kind: str, report: ImportReport):
    """The row of ``model`` called ``name`` (created if new), or None for no name."""
    if not name:
        return None
    row = model.objects.filter(name=name).order_by("pk").first()
    if row is None:
        row = model.objects.create(name=name)
        report.count(kind, "created")
    return row


def _update(row, values: dict, kind: str, report: ImportReport) -> None:
    """Save ``row`` with ``values`` only if one of them differs from what is stored."""
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if not changed:
        report.count(kind, "unchanged")
        return
    for name in changed:
        setattr(row, name, values[name])
    _save(row)
    report.count(kind, "updated")
