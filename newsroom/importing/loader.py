"""Write one parsed issue to the database, in one transaction, updating rather than duplicating.

Natural keys: an issue by its date, an article by its headline within the issue (else its
position), an author or performer by name, a performance by programme and date. A row is
saved only when one of its values changed, so the report can say what an import really did.

A new issue (the usual import, and every day of ``generate_archive``) has nothing to match:
``_insert_new_issue`` writes its articles and bylines in bulk, a few statements per issue
instead of a dozen per article. Re-imports go through the matching path below it.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.html import escape
from simple_history.utils import bulk_create_with_history

from articles.models import (
    Article,
    Author,
    Byline,
    Column,
    ImportWarning,
    Issue,
    Page,
    Section,
    Series,
    Status,
    credited_photographer,
    publication_time,
)
from articles.sanitize import clean_html
from articles.search import refresh_search_text, refresh_search_vectors, search_texts
from events.models import Act, Performance, Performer, Piece, Programme

from .parser import ParsedArticle, ParsedIssue, ParseWarning
from .parser import Performance as ParsedPerformance

DEFAULT_PROGRAMME = "解放小剧场"
IMPORT_LOCK_KEY = 0x6E657773  # "news": the PostgreSQL advisory lock that imports queue on


@dataclass
class ImportReport:
    """What an import did, counted per kind of record and outcome."""

    source: str
    issue_date: datetime.date
    counts: dict[str, Counter] = field(default_factory=dict)
    warnings: tuple[ParseWarning, ...] = ()
    already_imported: bool = False

    def count(self, kind: str, outcome: str, n: int = 1) -> None:
        self.counts.setdefault(kind, Counter())[outcome] += n

    @property
    def changed(self) -> bool:
        return any(c["created"] or c["updated"] or c["deleted"] for c in self.counts.values())

    def summary(self) -> str:
        """A few lines for a person: what changed, then the warnings."""
        head = f"{self.source}: issue {self.issue_date.isoformat()}"
        if self.already_imported:
            lines = [f"{head} already imported from this file; nothing changed."]
        elif not self.changed:
            lines = [f"{head} unchanged: the file holds what was already imported."]
        else:
            parts = []
            for kind, counter in self.counts.items():
                done = ", ".join(
                    f"{counter[o]} {o}"
                    for o in ("created", "updated", "deleted", "unchanged")
                    if counter[o]
                )
                if done:  # e.g. bylines of articles that have none: nothing to say
                    parts.append(f"{kind} {done}")
            lines = [f"{head} imported: " + "; ".join(parts) + "."]
        lines += [f"  warning: {warning}" for warning in self.warnings]
        return "\n".join(lines)

    def as_json(self) -> dict:
        return {
            "already_imported": self.already_imported,
            "counts": {kind: dict(counter) for kind, counter in self.counts.items()},
        }


def load_issue(parsed: ParsedIssue, *, sha256: str, draft: bool = False) -> ImportReport:
    """Create or update ``parsed``'s issue and everything in it; all or nothing."""
    report = ImportReport(parsed.source, parsed.date, warnings=parsed.warnings)
    with transaction.atomic():
        _wait_for_other_imports()
        issue = Issue.objects.select_for_update().filter(date=parsed.date).first()
        if issue and issue.source_sha256 == sha256:
            report.already_imported = True
            return report
        if issue is None:
            _insert_new_issue(parsed, sha256=sha256, draft=draft, report=report)
        else:
            issue = _save_issue(issue, parsed, sha256=sha256, draft=draft, report=report)
            rows = NamedRows(report)
            articles = _save_articles(issue, parsed.articles, draft=draft, rows=rows)
            for article, parsed_article in zip(articles, parsed.articles, strict=True):
                _save_bylines(article, parsed_article, report)
                _save_photographer(article, parsed_article)
                _save_performances(article, parsed_article, report)
            refresh_search_text(issue.articles.all())
            _save_warnings(issue, parsed.warnings, articles)
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


def _save_issue(issue, parsed, *, sha256, draft, report):
    if issue is None:
        published = not draft
        issue = Issue.objects.create(
            date=parsed.date,
            status=Status.PUBLISHED if published else Status.DRAFT,
            published_at=publication_time(parsed.date) if published else None,
            source_file=parsed.source,
            source_sha256=sha256,
        )
        report.count("issue", "created")
    else:
        issue.source_file, issue.source_sha256 = parsed.source, sha256
        issue.save(update_fields=["source_file", "source_sha256", "updated"])
    return issue


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


def _article_values(parsed: ParsedArticle, rows: NamedRows) -> dict:
    body = "".join(f"<p>{escape(p)}</p>" for p in parsed.paragraphs)
    return {
        "section": rows.section(parsed.section),
        "position": parsed.position,
        "kind": parsed.kind,
        "column": rows.named(Column, parsed.column, "column"),
        "title": parsed.title,
        "subtitles": "\n".join(parsed.subtitles),
        "series": rows.named(Series, parsed.series.name if parsed.series else None, "series"),
        "series_number": parsed.series.number if parsed.series else None,
        "dateline": parsed.dateline or "",
        "body": clean_html(body),
        "photo_caption": "\n".join(parsed.paragraphs) if parsed.kind == Article.Kind.PHOTO else "",
        "photo_credit": parsed.photo_credit or "",
        "source_line": parsed.line,
    }


def _insert_new_issue(parsed: ParsedIssue, *, sha256, draft, report) -> Issue:
    """A new issue and its articles and bylines, inserted in bulk with their history.

    The search words are segmented before the insert and the vectors made by one update.
    Bulk inserts send no ``post_save``: the page cache still moves on, from the issue's own
    save. Programmes (one article a week) go through ``_save_performances``, which matches
    performances entered by hand before the paper printed them.
    """
    issue = _save_issue(None, parsed, sha256=sha256, draft=draft, report=report)
    rows = NamedRows(report)
    if parsed.articles:  # reported before the columns and authors they bring, as re-imports are
        report.count("articles", "created", 0)
    status = Status.DRAFT if draft else Status.PUBLISHED
    published_at = None if draft else publication_time(issue.date)
    credits = [
        list(dict.fromkeys((b.name, b.role) for b in parsed_article.bylines))  # a name twice: once
        for parsed_article in parsed.articles
    ]
    rows.authors([credit for article_credits in credits for credit in article_credits])
    front_page = Page.objects.create(issue=issue, number=1)
    articles, bylines = [], []
    for parsed_article, article_credits in zip(parsed.articles, credits, strict=True):
        article = Article(
            issue=issue,
            status=status,
            published_at=published_at,
            page=front_page,
            **_article_values(parsed_article, rows),
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
        articles.append(article)
        bylines += [
            Byline(article=article, author=author, role=role, order=order)
            for order, (author, (_name, role)) in enumerate(
                zip(authors, article_credits, strict=True), start=1
            )
        ]
    bulk_create_with_history(articles, Article)
    report.count("articles", "created", len(articles))
    Byline.objects.bulk_create(bylines)  # their articles have primary keys by now
    report.count("bylines", "created", len(bylines))
    refresh_search_vectors(issue.articles.all())
    for article, parsed_article in zip(articles, parsed.articles, strict=True):
        if parsed_article.performances:
            _save_performances(article, parsed_article, report)
    ImportWarning.objects.bulk_create(warning_rows(issue, parsed.warnings, articles))
    return issue


def _save_articles(issue, parsed_articles, *, draft, rows: NamedRows) -> list[Article]:
    """Match parsed articles to stored ones (headline first, then position) and save them."""
    report = rows.report
    stored = list(issue.articles.select_related("section", "column", "series"))
    by_title: dict[str, list[Article]] = {}
    for article in stored:  # headlines may repeat in an issue (图片新闻): match them in order
        by_title.setdefault(article.title, []).append(article)
    matched = {
        pa.position: by_title[pa.title].pop(0) if by_title.get(pa.title) else None
        for pa in parsed_articles
    }
    unmatched = {a.position: a for same_title in by_title.values() for a in same_title}
    for position, article in matched.items():
        if article is None:
            matched[position] = unmatched.pop(position, None)
    for article in unmatched.values():
        # Its performances go with it: left behind they would pass for ones entered by hand.
        _, deleted = article.performances.all().delete()
        report.count("performances", "deleted", deleted.get(Performance._meta.label, 0))
        article.delete()
        report.count("articles", "deleted")

    moving = [a.pk for pos, a in matched.items() if a is not None and a.position != pos]
    if moving:
        Article.objects.filter(pk__in=moving).set_positions_aside()

    front_page = None
    saved = []
    for parsed in parsed_articles:
        values = _article_values(parsed, rows)
        article = matched[parsed.position]
        if article is None or article.page_id is None:
            front_page = front_page or _front_page(issue)
            values["page"] = front_page
        if article is None:
            published = not draft
            article = Article.objects.create(
                issue=issue,
                status=Status.PUBLISHED if published else Status.DRAFT,
                published_at=publication_time(issue.date) if published else None,
                **values,
            )
            report.count("articles", "created")
        else:
            _update(article, values, "articles", report)
        saved.append(article)
    return saved


def _front_page(issue: Issue) -> Page:
    """Page 1 of the issue, where an imported file's articles go: each file is one printed
    page. Articles an editor has since put on another page stay there."""
    page, _created = Page.objects.get_or_create(issue=issue, number=1)
    return page


def _save_warnings(issue: Issue, warnings, articles: list[Article]) -> None:
    """Keep the issue's import warnings as this import found them, writing only what differs.

    A warning found again (same position, kind and text) keeps its row, resolved or not;
    the others are deleted, and the new ones added.
    """
    found = warning_rows(issue, warnings, articles)
    stored = {w.key: w for w in issue.import_warnings.all()}
    stale = [w.pk for key, w in stored.items() if key not in {row.key for row in found}]
    if stale:
        ImportWarning.objects.filter(pk__in=stale).delete()
    ImportWarning.objects.bulk_create(row for row in found if row.key not in stored)


def warning_rows(issue: Issue, warnings, articles: list[Article]) -> list[ImportWarning]:
    """The rows of ``warnings`` for ``issue``, each tied to its article; one of each."""
    by_position = {article.position: article for article in articles}
    rows = {
        (w.article, w.kind, w.text): ImportWarning(
            issue=issue,
            article=by_position.get(w.article),
            position=w.article,
            kind=w.kind,
            text=w.text,
        )
        for w in warnings
    }
    return list(rows.values())


def _save_bylines(article: Article, parsed: ParsedArticle, report: ImportReport) -> None:
    credits = dict.fromkeys((b.name, b.role) for b in parsed.bylines)  # a name twice: once
    wanted = [(_get_or_create_author(name, role, report), role) for name, role in credits]
    have = [(b.author, b.role) for b in article.bylines.select_related("author")]
    if [(a.pk, r) for a, r in wanted] == [(a.pk, r) for a, r in have]:
        report.count("bylines", "unchanged", len(have))
        return
    report.count("bylines", "deleted", article.bylines.all().delete()[0])
    Byline.objects.bulk_create(
        Byline(article=article, author=author, role=role, order=order)
        for order, (author, role) in enumerate(wanted, start=1)
    )
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
        article.save(update_fields=["photographer"])


def _save_performances(article: Article, parsed: ParsedArticle, report: ImportReport) -> None:
    kept = []
    if parsed.performances:
        programme = _get_or_create_named(
            Programme, parsed.programme or DEFAULT_PROGRAMME, "programmes", report
        )
        for parsed_performance in parsed.performances:
            kept.append(_save_performance(programme, article, parsed_performance, report))
    stale = article.performances.exclude(pk__in=[p.pk for p in kept])
    for performance in stale:
        performance.delete()
        report.count("performances", "deleted")


def _save_performance(programme, article, parsed: ParsedPerformance, report) -> Performance:
    performance = (
        Performance.objects.filter(programme=programme, date=parsed.date).order_by("pk").first()
    )
    if performance is None:
        performance = Performance.objects.create(
            programme=programme, date=parsed.date, article=article
        )
        report.count("performances", "created")
    else:
        _update(performance, {"article": article}, "performances", report)

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
        return performance
    report.count("acts", "deleted", len(have))
    performance.acts.all().delete()
    for order, (piece, performers) in enumerate(wanted, start=1):
        act = Act.objects.create(performance=performance, order=order, piece=piece)
        act.set_performers(performers)
    Piece.objects.filter(pk__in=[piece.pk for piece, _performers in have]).delete_unused()
    report.count("acts", "created", len(wanted))
    return performance


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
    row.save()
    report.count(kind, "updated")
