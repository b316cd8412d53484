"""What is waiting for each member of the newsroom: the admin's front page (its index).

A reporter sees their own pieces by where they stand (drafts, sent back with the editor's
note, in review, scheduled); an editor the articles waiting for review with how long they
have waited, those approved, those in the pool (in no issue yet), what is scheduled and
the issues of today and tomorrow with their checklists; the chief editor also the issues
not yet published. Each panel is one
query, whatever the newsroom holds; each checklist a fixed number.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Subquery, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .checklist import Problem, issue_checklist
from .models import Article, ArticleStatus, Issue, IssueStatus
from .permissions import may_edit_any_article, may_publish_issues
from .workflow import StateChange

SHOWN = 10  # entries per panel; the count says how many there are in all


@dataclass
class Panel:
    """One list on the front page: its heading, its first entries (articles or issues:
    ``kind``), how many in all, and the admin's list of them all."""

    key: str
    title: str
    kind: str
    entries: list
    count: int
    list_url: str
    empty: str


@dataclass
class IssueAhead:
    """Today's or tomorrow's issue, and what its checklist finds."""

    issue: Issue
    problems: list[Problem]


def panel(key, title, rows, *, filters="", empty="") -> Panel:
    """A panel of the first ``SHOWN`` of ``rows`` and their number, in one query (each row
    is read with the count of them all); ``filters`` narrow the admin's list to them."""
    entries = list(rows.annotate(total=Window(Count("pk")))[:SHOWN])
    count = entries[0].total if entries else 0
    kind = rows.model._meta.model_name
    list_url = reverse(f"admin:articles_{kind}_changelist") + filters
    return Panel(key, str(title), kind, entries[:SHOWN], count, list_url, str(empty))


def waiting_since(status: str) -> Subquery:
    """When each article last entered ``status``."""
    changes = StateChange.objects.filter(article=OuterRef("pk"), to_state=status)
    return Subquery(changes.order_by("-at", "-pk").values("at")[:1])


def last_note_back() -> Prefetch:
    """Each article's changes of state back to draft, newest first: the editor's note."""
    backs = StateChange.objects.filter(to_state=ArticleStatus.DRAFT).select_related("user")
    return Prefetch("state_changes", queryset=backs.order_by("-at", "-pk"), to_attr="sent_back")


def reporter_panels(user) -> list[Panel]:
    mine = Article.objects.filter(created_by=user).select_related("issue", "created_by")
    mine = mine.order_by("-updated", "-pk")
    drafts = mine.filter(status=ArticleStatus.DRAFT).prefetch_related(last_note_back())
    sent_back = Exists(
        StateChange.objects.filter(article=OuterRef("pk"), to_state=ArticleStatus.DRAFT)
    )
    return [
        panel(
            "sent-back",
            _("Sent back to me"),
            drafts.filter(sent_back),
            empty=_("Nothing has been sent back to you."),
        ),
        panel("my-drafts", _("My drafts"), drafts.exclude(sent_back), empty=_("No drafts.")),
        panel(
            "my-submitted",
            _("My articles in review"),
            mine.filter(status__in=[ArticleStatus.SUBMITTED, ArticleStatus.APPROVED]),
            empty=_("None in review."),
        ),
        panel(
            "my-scheduled",
            _("My articles scheduled"),
            mine.scheduled().order_by("due"),
            empty=_("None scheduled."),
        ),
    ]


def editor_panels() -> list[Panel]:
    articles = Article.objects.select_related("issue", "created_by")
    return [
        panel(
            "submitted",
            _("Waiting for review"),
            articles.filter(status=ArticleStatus.SUBMITTED)
            .annotate(waiting_since=waiting_since(ArticleStatus.SUBMITTED))
            .order_by("waiting_since", "pk"),
            filters=f"?status__exact={ArticleStatus.SUBMITTED}",
            empty=_("No article is waiting for review."),
        ),
        panel(
            "approved",
            _("Approved, not yet published"),
            articles.filter(status=ArticleStatus.APPROVED).order_by("issue__date", "position"),
            filters=f"?status__exact={ArticleStatus.APPROVED}",
            empty=_("No approved article is waiting."),
        ),
        panel(
            "pool",
            _("In the pool, in no issue"),
            articles.unplaced().order_by("-updated", "-pk"),
            filters="?placed=no",
            empty=_("The pool is empty: every article is in an issue."),
        ),
        panel(
            "scheduled",
            _("Articles scheduled"),
            articles.scheduled().order_by("due", "pk"),
            filters="?readers=scheduled",
            empty=_("No article is scheduled."),
        ),
        panel(
            "scheduled-issues",
            _("Issues scheduled"),
            Issue.objects.scheduled().order_by("published_at"),
            filters="?readers=scheduled",
            empty=_("No issue is scheduled."),
        ),
    ]


def chief_panels(today: datetime.date) -> list[Panel]:
    unpublished = Issue.objects.filter(status=IssueStatus.DRAFT, date__gte=today)
    return [
        panel(
            "unpublished-issues",
            _("Issues to publish"),
            unpublished.order_by("date"),
            filters=f"?status__exact={IssueStatus.DRAFT}",
            empty=_("No issue of today or later waits to be published."),
        )
    ]


def issues_ahead(today: datetime.date) -> list[IssueAhead]:
    """Today's and tomorrow's issues, each with its checklist."""
    issues = Issue.objects.filter(date__in=[today, today + datetime.timedelta(days=1)])
    return [IssueAhead(issue, issue_checklist(issue)) for issue in issues.order_by("date")]


def dashboard(user) -> dict:
    """What the front page shows ``user``, by what they may do."""
    today = timezone.localdate()
    if not may_edit_any_article(user):
        return {"panels": reporter_panels(user), "issues_ahead": []}
    panels = editor_panels()
    if may_publish_issues(user):
        panels = chief_panels(today) + panels
    return {"panels": panels, "issues_ahead": issues_ahead(today)}
