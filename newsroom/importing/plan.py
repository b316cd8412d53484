"""What an import will do, decided before anything is written: the admin's preview shows the
plan, the command's dry run prints it, and the loader carries it out.

The import's unit is the printed page. Importing a file again replaces what the import of
that page made before (``Article.source_page``) and nothing else: an article added by hand
or moved to another page is never the import's to delete. What editors did since is theirs:
the plan marks each change that would delete or overwrite it, and the loader refuses the
import unless every marked change was confirmed. An article is overwritten only when the
file changed it (its fingerprint, ``Article.source_digest``, tells the file's change from
an editor's), and a performance readers see never goes to an article they do not.
"""

import dataclasses
import datetime
import functools
import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.db.models import Exists, Max, OuterRef, Prefetch, Q, Subquery
from django.utils import translation
from django.utils.html import escape

from articles.models import Article, ArticleStatus, Byline, Correction, Issue, IssueStatus, Page
from articles.sanitize import clean_html
from events.models import Act, Performance, strip_title_brackets

from .pages import PrintedPage
from .parser import ParsedArticle, ParsedIssue
from .parser import Performance as ParsedPerformance

IMPORTED_PAGE = 1  # the page a file is when nothing names its page
IMPORT_CHANGE_REASON = "import"  # the history's change reason on every version it saves
DEFAULT_PROGRAMME = "解放小剧场"

# How the issue date was decided.
GIVEN, INFERRED, EARLIER_IMPORT = "given", "inferred", "earlier-import"
# What the plan does with an article or performance.
CREATE, UPDATE, UNCHANGED, DELETE, KEEP = "create", "update", "unchanged", "delete", "keep"
LINK, REPOINT = "link", "re-point"  # a performance entered by hand, or announced elsewhere


@dataclass(frozen=True)
class Reason:
    """Why a row is editors' work: ``kind`` is status, corrected, lead, moved or changed (by
    ``detail``, the users), and for performances public, by-hand or announced."""

    kind: str
    detail: str = ""


@dataclass(frozen=True)
class PerformanceChange:
    action: str
    date: datetime.date
    parsed: ParsedPerformance | None = None  # None: the file no longer prints it
    performance: Performance | None = None  # None: a new one
    reasons: tuple[Reason, ...] = ()
    confirm: bool = False  # deletes, overwrites or takes editors' work

    @property
    def key(self) -> str:
        return f"performance-{self.performance.pk}"


@dataclass(frozen=True)
class ArticleChange:
    action: str
    parsed: ParsedArticle | None = None  # None: the file no longer prints it
    article: Article | None = None  # None: a new one
    position: int | None = None  # where it goes in the issue
    fields: tuple[str, ...] = ()  # what an update writes: Article fields, and "bylines"
    reasons: tuple[Reason, ...] = ()
    confirm: bool = False  # deletes or overwrites editors' work
    performances: tuple[PerformanceChange, ...] = ()
    values: dict = field(default_factory=dict)  # what the file prints of it: ``printed()``

    @functools.cached_property
    def digest(self) -> str:
        """The fingerprint of what the file prints, kept as ``Article.source_digest``."""
        return digest(self.values)

    @property
    def key(self) -> str:
        return f"article-{self.article.pk}"

    @property
    def number(self) -> int:
        """The article's number as the operator sees it: in the file, else in the issue."""
        return self.parsed.position if self.parsed else self.article.position

    @property
    def title(self) -> str:
        """The headline as stored, which is what an editor knows the article by."""
        return self.article.title if self.article else self.parsed.title


@dataclass
class ImportPlan:
    parsed: ParsedIssue
    sha256: str
    draft: bool
    date: datetime.date
    date_source: str  # GIVEN, INFERRED or EARLIER_IMPORT
    target: PrintedPage  # the page the file is: its number, and name if known
    issue: Issue | None = None  # the existing issue the file goes to
    page: Page | None = None  # the page of that issue the file is, if it exists
    imported_as: Issue | None = None  # the file already is its page ``file_page`` (of
    # another issue, or of this one under another number)
    same_name: Page | None = None  # a file of this name is this page of another issue
    already_imported: bool = False
    articles: list[ArticleChange] = field(default_factory=list)

    @property
    def confirmations(self) -> list[ArticleChange | PerformanceChange]:
        """Every change that deletes, overwrites or takes editors' work, in the file's order."""
        changes = []
        for article in self.articles:
            changes += [c for c in (article, *article.performances) if c.confirm]
        return changes

    def check(self, replace: bool | Collection[str]) -> None:
        """Raise ImportRefused unless ``replace`` confirms each change that needs it: True for
        all of them, else the keys of those confirmed."""
        if replace is True:
            unconfirmed = []
        else:
            confirmed = set(replace or ())
            unconfirmed = [c for c in self.confirmations if c.key not in confirmed]
        if self.imported_as is not None or unconfirmed:
            raise ImportRefused(self, unconfirmed)

    def summary(self, encoding: str) -> str:
        """What the import would do, for the operator's dry run."""
        head = self.date_line()
        lines = [head] if head else []
        lines.append(
            f"{self.parsed.source}: would import issue {self.date.isoformat()} "
            f"{describe_page(self.target)} with {len(self.parsed.articles)} articles "
            f"({encoding}); nothing written."
        )
        if self.imported_as is not None:
            lines.append(f"  refused: {self.refusal([])}")
        elif self.already_imported:
            lines.append("  already imported from this file: nothing would change")
        else:
            for change in self.articles:  # of a new issue, what it takes from others
                lines += [
                    f"  {describe(c)}" + (": needs --replace" if c.confirm else "")
                    for c in (change, *change.performances)
                    if c.action != UNCHANGED and (self.issue or c.action != CREATE)
                ]
        lines += [f"  warning: {warning}" for warning in self.parsed.warnings]
        return "\n".join(lines)

    def date_line(self) -> str | None:
        """How the date was decided, unless it was given."""
        date, source = self.date.isoformat(), self.parsed.source
        if self.date_source == INFERRED:
            line = (
                f"{source}: issue date {date} inferred from the text (year from the years it "
                "mentions, day from its latest dateline); give --date to set it."
            )
            if self.same_name is not None:
                line += (
                    f" A file of this name is page {self.same_name.number} of the issue of "
                    f"{self.same_name.issue.date.isoformat()}."
                )
            return line
        if self.date_source == EARLIER_IMPORT:
            return f"{source}: issue date {date} taken from the issue this file was imported into."
        return None

    def refusal(self, unconfirmed) -> str:
        """Why nothing was written, in one line, and how to go ahead."""
        if self.imported_as is not None and self.imported_as.date == self.date:
            page = self.imported_as.file_page
            return (
                f"already imported as page {page} of this issue; importing it as page "
                f"{self.target.number} would print it twice. Import it as page {page} to "
                "update it, or delete that page's articles first."
            )
        if self.imported_as is not None:
            earlier = self.imported_as.date.isoformat()
            return (
                f"already imported as page {self.imported_as.file_page} of the issue of {earlier}; "
                f"importing it as the issue of {self.date.isoformat()} would print it twice. "
                f"Give --date {earlier} to import it there, or delete that issue first."
            )
        return (
            f"not imported, as it would {'; '.join(describe(c) for c in unconfirmed)}. "
            "Run again with --replace to confirm."
        )


class ImportRefused(Exception):
    """The import would delete or overwrite work nobody confirmed, or print a file twice.

    ``str()`` is one line for the operator; the admin says it from ``plan`` and ``changes``.
    """

    def __init__(self, plan: ImportPlan, changes: list):
        super().__init__(plan.refusal(changes))
        self.plan, self.changes = plan, changes


def plan_import(
    parsed: ParsedIssue,
    *,
    sha256: str,
    draft: bool = False,
    lock: bool = False,
    page: PrintedPage | None = None,
    after_last_page: bool = False,
) -> ImportPlan:
    """What importing ``parsed`` (a file of checksum ``sha256``) would do now.

    ``page``: the page the operator names (``--page``, the file's name in a folder); else
    the file's page header names it, else the page this file was imported as, else page 1,
    or with ``after_last_page`` the page after the issue's last (the admin's default).
    ``lock``: inside the loader's transaction, hold the issue's row until it ends.
    """
    plan = _destination(parsed, sha256, draft, lock, page or parsed.page, after_last_page)
    if plan.imported_as is not None or plan.already_imported:
        return plan
    if plan.issue is None:
        plan.articles = [
            ArticleChange(CREATE, parsed=pa, position=pa.position, values=printed(pa))
            for pa in parsed.articles
        ]
        _plan_performances(plan, public_issue=not draft)
    else:
        _plan_articles(plan)
        _plan_performances(plan, public_issue=plan.issue.status == IssueStatus.PUBLISHED)
    return plan


def _destination(
    parsed: ParsedIssue,
    sha256: str,
    draft: bool,
    lock: bool,
    requested: PrintedPage | None,
    after_last_page: bool,
) -> ImportPlan:
    """The issue and page the file goes to, and how its date was decided.

    A file already imported goes back to its issue when no date was given; given another
    date, or another page of its issue, it is refused rather than printed twice. The issue
    of the date and any issue the file is a page of come in one query: a new issue costs no
    more.
    """
    holding = Page.objects.filter(issue=OuterRef("pk"), source_sha256=sha256)
    issues = (Issue.objects.select_for_update() if lock else Issue.objects).annotate(
        file_page=Subquery(holding.values("number")[:1])
    )
    candidates = list(issues.filter(Q(date=parsed.date) | Exists(holding)).order_by("-date"))
    issue = next((c for c in candidates if c.date == parsed.date), None)
    earlier = None
    if issue is None or issue.file_page is None:  # the file is no page of the date's issue
        earlier = next((c for c in candidates if c.date != parsed.date), None)
    date, date_source = parsed.date, INFERRED if parsed.date_inferred else GIVEN
    imported_as = same_name = None
    if earlier is not None and parsed.date_inferred:
        issue, date, date_source = earlier, earlier.date, EARLIER_IMPORT
    elif earlier is not None:
        imported_as = earlier
    elif parsed.date_inferred:
        named = Page.objects.filter(source_file=parsed.source).exclude(issue__date=date)
        same_name = named.select_related("issue").order_by("-issue__date").first()
    if (
        requested is not None
        and imported_as is None
        and issue is not None
        and issue.file_page not in {None, requested.number}
    ):
        imported_as = issue  # this very file is another page of the issue already
    page = (
        _imported_page(issue, parsed.source, sha256, requested, after_last_page) if issue else None
    )
    if requested is None and page is None and after_last_page and issue is not None:
        last = issue.pages.aggregate(last=Max("number"))["last"]
        requested = PrintedPage(last + 1 if last else IMPORTED_PAGE)
    elif requested is None:
        requested = PrintedPage(page.number if page else IMPORTED_PAGE)
    if page is not None and page.name:  # the name it goes by: editors' if they gave one
        requested = dataclasses.replace(requested, name=page.name)
    return ImportPlan(
        parsed,
        sha256,
        draft,
        date,
        date_source,
        target=requested,
        issue=issue,
        page=page,
        imported_as=imported_as,
        same_name=same_name,
        already_imported=page is not None and page.source_sha256 == sha256,
    )


def _imported_page(
    issue: Issue, source: str, sha256: str, requested: PrintedPage | None, after_last_page: bool
) -> Page | None:
    """The page of ``issue`` the file goes to: the one of the number asked for; else the page
    this file was imported as, wherever editors have numbered it since; else the first,
    unless the file goes after the last page (a new one)."""
    pages = issue.pages.all()
    if requested is not None:
        return pages.filter(number=requested.number).first()
    imported = (
        pages.filter(source_sha256=sha256).first()
        or pages.filter(source_file=source).exclude(source_file="").first()
    )
    return imported or (None if after_last_page else pages.filter(number=IMPORTED_PAGE).first())


# ---------------------------------------------------------------------------------------------
# Articles.


def printed(parsed: ParsedArticle) -> dict:
    """What the file prints of an article, as the import stores it (names for rows)."""
    body = clean_html("".join(f"<p>{escape(p)}</p>" for p in parsed.paragraphs))
    return {
        "section": parsed.section,
        "kind": parsed.kind,
        "column": parsed.column or "",
        "title": parsed.title,
        "subtitles": "\n".join(parsed.subtitles),
        "series": parsed.series.name if parsed.series else "",
        "series_number": parsed.series.number if parsed.series else None,
        "dateline": parsed.dateline or "",
        "body": body,
        "photo_caption": "\n".join(parsed.paragraphs) if parsed.kind == Article.Kind.PHOTO else "",
        "photo_credit": parsed.photo_credit or "",
        "bylines": [list(credit) for credit in credits(parsed)],
    }


def stored(article: Article) -> dict:
    """The same of a stored article (its bylines prefetched with their authors)."""
    return {
        "section": article.section.slug,
        "kind": article.kind,
        "column": article.column.name if article.column else "",
        "title": article.title,
        "subtitles": article.subtitles,
        "series": article.series.name if article.series else "",
        "series_number": article.series_number,
        "dateline": article.dateline,
        "body": article.body,
        "photo_caption": article.photo_caption,
        "photo_credit": article.photo_credit,
        "bylines": [[b.author.name, b.role] for b in article.bylines.all()],
    }


def credits(parsed: ParsedArticle) -> list[tuple[str, str]]:
    """The article's (name, role) credits in printed order; a name twice in a role, once."""
    return list(dict.fromkeys((b.name, b.role) for b in parsed.bylines))


def digest(values: dict | list) -> str:
    """A fingerprint of ``printed()`` or ``stored()`` values (or of a bill), equal when they
    are."""
    return hashlib.sha256(
        json.dumps(values, ensure_ascii=False, sort_keys=True).encode()
    ).hexdigest()


def _plan_articles(plan: ImportPlan) -> None:
    """Match the file's articles with those the import of its page made, and decide each."""
    own = list(
        plan.page.imported_articles.select_related("section", "column", "series", "page")
        .prefetch_related(Prefetch("bylines", Byline.objects.select_related("author")))
        .order_by("position")
        if plan.page
        else ()
    )
    marks = _article_marks(own, plan.issue)
    values = {pa.position: printed(pa) for pa in plan.parsed.articles}
    matched = _match(own, plan.parsed.articles, values)
    left = [article for article in own if article not in matched.values()]
    positions = _positions(plan, own, matched, left)
    for pa in plan.parsed.articles:
        article = matched[pa.position]
        change = ArticleChange(
            CREATE, pa, position=positions[pa.position], values=values[pa.position]
        )
        plan.articles.append(change if article is None else _matched(change, article, marks))
    for article in left:
        if article.page_id != article.source_page_id:  # moved: the editors' now, kept
            plan.articles.append(ArticleChange(KEEP, article=article, reasons=marks[article.pk]))
        else:
            _edited, reasons = _edits(article, stored(article), marks[article.pk])
            plan.articles.append(
                ArticleChange(DELETE, article=article, reasons=reasons, confirm=bool(reasons))
            )
    if plan.page is not None and not same_file_name(plan.page.source_file, plan.parsed.source):
        _confirm_all(plan, Reason("other-file", plan.page.source_file))


def same_file_name(imported: str, source: str) -> bool:
    """Whether a page imported from ``imported`` (empty: made by hand) may take ``source`` as
    a corrected copy: the same file name, from its issue's folder or on its own."""
    return not imported or PurePosixPath(imported).name == PurePosixPath(source).name


def _confirm_all(plan: ImportPlan, reason: Reason) -> None:
    """Another file than the page's own is no corrected copy of it (another page of the
    issue, or another day's text): every article it would change or delete is confirmed."""
    plan.articles = [
        dataclasses.replace(change, reasons=(*change.reasons, reason), confirm=True)
        if change.article is not None and change.action in {UPDATE, DELETE}
        else change
        for change in plan.articles
    ]


def _matched(change: ArticleChange, article: Article, marks) -> ArticleChange:
    """What becomes of a stored article the file prints again."""
    theirs, ours = change.values, stored(article)
    layout = {"position": change.position, "source_line": change.parsed.line}
    fields = [name for name in theirs if theirs[name] != ours[name]]
    moves = [name for name, value in layout.items() if getattr(article, name) != value]
    edited, reasons = _edits(article, ours, marks[article.pk])
    if not fields:
        action, confirm = (UPDATE if moves else UNCHANGED), False
    elif change.digest == article.source_digest:  # printed as before: the editors' difference
        action, fields, confirm = KEEP, [], False
    else:
        action, confirm = UPDATE, edited
    return ArticleChange(
        action,
        change.parsed,
        article,
        change.position,
        fields=(*fields, *moves),
        reasons=tuple(reasons),
        confirm=confirm,
        values=change.values,
    )


def _edits(article: Article, ours: dict, reasons: tuple[Reason, ...]):
    """Whether editors changed what the import wrote of ``article`` (its text, headline,
    bylines …), and the reasons it is their work, saying so if nothing else does.

    Without a fingerprint (imported before there were any), any version but the import's.
    """
    changed = any(reason.kind == "changed" for reason in reasons)
    base = article.source_digest
    edited = digest(ours) != base if base else changed
    if edited and not changed:
        reasons = (*reasons, Reason("changed"))
    return edited, reasons


def _match(own: list[Article], parsed_articles, values) -> dict[int, Article | None]:
    """Each parsed article's stored one: the one of the same headline (repeated headlines in
    order), else the one the file printed just so last time (an editor changed its headline),
    else the one in its place: in the file's order as last imported, which neither editors'
    make-up nor an article they moved to another page changes."""
    fingerprints = {position: digest(printed) for position, printed in values.items()}
    printed_order = sorted(own, key=lambda article: article.source_line or 0)
    rank = {article.pk: n for n, article in enumerate(printed_order, start=1)}
    tests = (
        lambda article, pa: article.title == pa.title,
        lambda article, pa: article.source_digest == fingerprints[pa.position],
        lambda article, pa: rank[article.pk] == pa.position,
    )
    matched = dict.fromkeys(pa.position for pa in parsed_articles)
    spare = list(own)
    for same in tests:
        for pa in parsed_articles:
            found = None if matched[pa.position] else next((a for a in spare if same(a, pa)), None)
            if found is not None:
                spare.remove(found)
                matched[pa.position] = found
    return matched


def _positions(plan, own, matched, left) -> dict[int, int]:
    """Where each of the file's articles goes in the issue.

    A file that prints the same articles in the same order as before, or a page whose
    articles editors have put in another order than the file's, keeps the make-up as
    editors left it: the articles the file prints again keep their places, new ones take
    the first free place from where the file puts them. Otherwise the file's order numbers
    them, past the places of articles that are not the import's (added by hand, or moved
    and kept).
    """
    before = sorted((a for a in own if a not in left), key=lambda a: a.source_line or 0)
    now = [matched[pa.position] for pa in plan.parsed.articles]
    if not left and None not in now and before == now:
        return {pa.position: matched[pa.position].position for pa in plan.parsed.articles}
    kept = [a.pk for a in left if a.page_id != a.source_page_id]
    placed = [a for a in own if a.page_id == a.source_page_id]
    by_file = sorted(placed, key=lambda a: a.source_line or 0)
    if sorted(placed, key=lambda a: a.position) != by_file:  # editors' order, not the file's
        return _positions_kept(plan, matched, going=[a.pk for a in left if a.pk not in kept])
    others = plan.issue.articles.exclude(pk__in=[a.pk for a in own if a.pk not in kept])
    taken = set(others.values_list("position", flat=True))
    positions, place = {}, 1
    for pa in plan.parsed.articles:
        while place in taken:
            place += 1
        positions[pa.position] = place
        place += 1
    return positions


def _positions_kept(plan, matched, going) -> dict[int, int]:
    """The places of the articles the file prints again, as they are; the first free place
    from the file's for each new one (``going``: the articles the import deletes)."""
    taken = set(plan.issue.articles.exclude(pk__in=going).values_list("position", flat=True))
    positions = {}
    for pa in plan.parsed.articles:
        if matched[pa.position] is not None:
            positions[pa.position] = matched[pa.position].position
            continue
        place = pa.position
        while place in taken:
            place += 1
        taken.add(place)
        positions[pa.position] = place
    return positions


def _article_marks(articles: list[Article], issue: Issue) -> dict[int, tuple[Reason, ...]]:
    """What editors have done to each of ``articles`` since the import made it."""
    pks = [article.pk for article in articles]
    changed = changed_by(Article, pks)
    corrected = set(Correction.objects.filter(article__in=pks).values_list("article", flat=True))
    marks = {}
    for article in articles:
        reasons = []
        if article.status != ArticleStatus.DRAFT:
            reasons.append(Reason("status", article.status))
        if article.pk in corrected:
            reasons.append(Reason("corrected"))
        if article.pk == issue.lead_id:
            reasons.append(Reason("lead"))
        if article.page_id != article.source_page_id:
            reasons.append(Reason("moved", str(article.page.number) if article.page else ""))
        if article.pk in changed:
            reasons.append(Reason("changed", ", ".join(changed[article.pk])))
        marks[article.pk] = tuple(reasons)
    return marks


def changed_by(model, pks) -> dict[int, list[str]]:
    """Of the rows ``pks`` of ``model``, those with a version the import did not save, each
    with the users who saved one (none when saved outside a request)."""
    versions = (
        model.history.filter(id__in=pks)
        .exclude(history_change_reason=IMPORT_CHANGE_REASON)
        .values_list("id", "history_user__username")
    )
    users: dict[int, set[str]] = {}
    for pk, username in versions:
        users.setdefault(pk, set()).update([username] if username else [])
    return {pk: sorted(names) for pk, names in users.items()}


# ---------------------------------------------------------------------------------------------
# Performances.


def _plan_performances(plan: ImportPlan, *, public_issue: bool) -> None:
    """Decide each performance the programmes print, and those they no longer print."""
    known = _KnownPerformances(plan)
    for n, change in enumerate(plan.articles):
        if change.parsed is not None and change.parsed.performances:
            article = change.article
            public = public_issue and (
                article.status == ArticleStatus.PUBLISHED if article else not plan.draft
            )
            article_changed = article is None or change.digest != article.source_digest
            decided = [
                known.decide(change.parsed, parsed, article, public, article_changed)
                for parsed in change.parsed.performances
            ]
            plan.articles[n] = dataclasses.replace(change, performances=tuple(decided))
    for n, change in enumerate(plan.articles):
        if change.article is None or (change.action == KEEP and change.parsed is None):
            continue  # a new article has none yet; a moved one the file lacks keeps its own
        if stale := known.no_longer_printed(change.article):
            performances = (*change.performances, *stale)
            plan.articles[n] = dataclasses.replace(change, performances=performances)


class _KnownPerformances:
    """The stored performances a plan may touch: those the file's programmes name (by
    programme and date), and those its articles announced before.

    Those of the file's own articles follow the file; one entered by hand, or announced by
    another article, is taken only with confirmation; one readers see never goes to an
    article they do not see.
    """

    def __init__(self, plan: ImportPlan):
        wanted = {
            (article.programme or DEFAULT_PROGRAMME, performance.date)
            for change in plan.articles
            if (article := change.parsed)
            for performance in article.performances
        }
        own = [change.article for change in plan.articles if change.article is not None]
        acts = Prefetch(
            "acts",
            Act.objects.select_related("piece")
            .prefetch_related("credits__performer")
            .order_by("order", "pk"),
        )
        rows = Performance.objects.select_related("programme", "article__issue").prefetch_related(
            acts
        )
        named = rows.filter(
            programme__name__in={name for name, _date in wanted},
            date__in={date for _name, date in wanted},
        )
        self.found = {}
        for performance in named.order_by("-pk"):  # the oldest of a date last, so kept
            self.found[(performance.programme.name, performance.date)] = performance
        self.announced = list(rows.filter(article__in=own))
        pks = [p.pk for p in (*self.found.values(), *self.announced)]
        self.visible = set(
            Performance.objects.visible().filter(pk__in=pks).values_list("pk", flat=True)
        )
        self.changed = changed_by(Performance, pks)
        self.own = {article.pk for article in own}
        self.claimed = set()

    def decide(self, programme, parsed, stored, public, article_changed) -> PerformanceChange:
        """What becomes of the performance ``parsed`` of the parsed article ``programme``
        (``stored``: that article's row, if any; ``public``: whether readers will see it;
        ``article_changed``: whether the file prints the article differently from the last
        import, which stands for the bill of an evening imported before it had a fingerprint)."""
        performance = self.found.get((programme.programme or DEFAULT_PROGRAMME, parsed.date))
        if performance is None:
            return PerformanceChange(CREATE, parsed.date, parsed)
        self.claimed.add(performance.pk)
        change = functools.partial(
            PerformanceChange,
            date=parsed.date,
            parsed=parsed,
            performance=performance,
            reasons=_performance_marks(performance, self.visible, self.changed),
        )
        differ = _acts(performance) != _printed_acts(parsed)
        touched = performance.pk in self.changed
        base = performance.source_digest
        file_changed = bill_digest(parsed) != base if base else article_changed
        if stored is not None and performance.article_id == stored.pk:
            if not differ:
                return change(UNCHANGED)
            if touched and not file_changed:  # the editors changed the acts, the file did not
                return change(KEEP)
            return change(UPDATE, confirm=touched)
        if performance.pk in self.visible and not public:
            return change(KEEP)
        if performance.article_id is None:
            return change(LINK, confirm=differ and bool(performance.acts.all()))
        return change(REPOINT, confirm=performance.article_id not in self.own)

    def no_longer_printed(self, article: Article) -> list[PerformanceChange]:
        """The performances ``article`` announced that the file no longer prints."""
        return [
            PerformanceChange(
                DELETE,
                p.date,
                performance=p,
                reasons=_performance_marks(p, self.visible, self.changed),
                confirm=p.pk in self.visible or p.pk in self.changed,
            )
            for p in self.announced
            if p.article_id == article.pk and p.pk not in self.claimed
        ]


def _performance_marks(performance, visible, changed) -> tuple[Reason, ...]:
    reasons = [Reason("public")] if performance.pk in visible else []
    if performance.article_id is None:  # all of it is editors' work
        return (*reasons, Reason("by-hand"))
    announcing = performance.article
    named = f"“{announcing.title}”"
    if announcing.issue is not None:  # one of the pool has no date yet
        named += f" ({announcing.issue.date})"
    reasons.append(Reason("announced", named))
    if performance.pk in changed:
        reasons.append(Reason("changed", ", ".join(changed[performance.pk])))
    return tuple(reasons)


def _acts(performance: Performance) -> list:
    return [
        (act.piece.form, act.piece.title, [credit.performer.name for credit in act.credits.all()])
        for act in performance.acts.all()
    ]


def bill_digest(parsed: ParsedPerformance) -> str:
    """The fingerprint of the bill the file prints, kept as ``Performance.source_digest``."""
    return digest(_printed_acts(parsed))


def _printed_acts(parsed: ParsedPerformance) -> list:
    return [
        (
            act.form.strip(),
            strip_title_brackets(act.title or ""),
            list(dict.fromkeys(act.performers)),
        )
        for act in parsed.acts
    ]


# ---------------------------------------------------------------------------------------------
# The operator's words (the admin says the same in the editor's language: importing.report).

REASONS = {
    "status": "{}",
    "corrected": "corrected",
    "lead": "the lead story",
    "moved": "moved to page {}",
    "changed": "changed by {}",
    "public": "readers see it",
    "by-hand": "entered by hand",
    "announced": "announced in {}",
    "other-file": "imported from another file, {}",
}


def describe_reasons(reasons) -> str:
    words = []
    for reason in reasons:
        if reason.kind == "moved" and not reason.detail:
            words.append("taken off its page")
        elif reason.kind == "changed" and not reason.detail:
            words.append("changed since the import")
        else:
            words.append(REASONS[reason.kind].format(reason.detail))
    return ", ".join(words)


def describe_page(page: PrintedPage) -> str:
    """``page 2 (社区新闻)``, as the operator reads it."""
    return f"page {page.number}" + (f" ({page.name})" if page.name else "")


def describe(change: ArticleChange | PerformanceChange) -> str:
    """One change, as the operator reads it: ``delete article 5 “…” (published)``."""
    why = f" ({describe_reasons(change.reasons)})" if change.reasons else ""
    if isinstance(change, PerformanceChange):
        what = f"the performance of {change.date.isoformat()}"
        verb = {
            CREATE: f"add {what}",
            UPDATE: f"overwrite the acts of {what}"
            if change.confirm
            else f"update the acts of {what}",
            LINK: f"replace the acts of {what}" if change.confirm else f"take {what}",
            REPOINT: f"re-point {what}",
            KEEP: f"leave {what} as it is",
            DELETE: f"delete {what}",
        }[change.action]
        return verb + why
    article = f"article {change.number} “{change.title}”"
    if change.action == UPDATE and not change.confirm:
        with translation.override(None):
            names = [
                "bylines" if name == "bylines" else str(Article._meta.get_field(name).verbose_name)
                for name in change.fields
            ]
        return f"update {article}: {', '.join(names)}"
    verb = {CREATE: "add", UPDATE: "overwrite", KEEP: "keep", DELETE: "delete"}[change.action]
    return f"{verb} {article}{why}"
