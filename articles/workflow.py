"""Taking an article, or a whole issue, a step through the newsroom, and the record of it.

Every change of state goes through ``transition`` or ``publish_issue``/``unpublish_issue``:
each asks the gate (``articles.permissions``) whether the user may, checks that what is
published may be (``check_publishable``), and records a ``StateChange`` in the same
transaction as the change.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .permissions import may_publish_issues, may_transition
from .states import TRANSITIONS, ArticleStatus, IssueStatus


class StateChange(models.Model):
    """One step of an article through the newsroom: who moved it, when, and the note given."""

    article = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="state_changes", verbose_name=_("article")
    )
    from_state = models.CharField(_("from"), max_length=20, choices=ArticleStatus)
    to_state = models.CharField(_("to"), max_length=20, choices=ArticleStatus)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        get_latest_by = "at"
        verbose_name = _("change of state")
        verbose_name_plural = _("changes of state")

    def __str__(self):
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"


def check_publishable(articles) -> None:
    """Raise ``ValidationError``, naming each article, if any of ``articles`` may not be
    published yet: it needs a place in an issue, and a photo its alt text."""
    problems = [
        # a list drops the code given beside it: each message has its own
        *(
            ValidationError(
                gettext("“%(title)s” is in no issue: place it in an issue before publishing.")
                % {"title": article.title},
                code="unplaced",
            )
            for article in articles
            if article.issue_id is None
        ),
        *(
            ValidationError(
                gettext(
                    "“%(title)s” has a photo without alt text: describe the photo before "
                    "publishing."
                )
                % {"title": article.title},
                code="photo_alt",
            )
            for article in articles
            if article.lacks_alt_text
        ),
    ]
    if problems:
        raise ValidationError(problems)


def transition(article, name: str, user, note: str = "", *, at=None) -> StateChange:
    """Move ``article`` along the transition ``name`` and record who did it, when and why.

    Publishing sets the publication time to ``at`` when given (a time ahead schedules it),
    else keeps the article's own, else uses the current time; withdrawing needs a public
    notice (``note``), which readers see in place of the text.
    """
    if not may_transition(user, article, name):
        raise PermissionDenied(
            gettext("You may not do “%(action)s” to this article now.")
            % {"action": TRANSITIONS[name].label}
        )
    if name == "withdraw" and not note.strip():
        raise ValidationError(gettext("Say in a public notice why the article is withdrawn."))
    source, target = article.status, TRANSITIONS[name].target
    if target == ArticleStatus.PUBLISHED:
        check_publishable([article])
    fields = ["status", "updated"]
    article.status = target
    if target == ArticleStatus.PUBLISHED and (at is not None or article.published_at is None):
        article.published_at = at or timezone.now()
        fields.append("published_at")
    if target == ArticleStatus.WITHDRAWN:
        article.withdrawal_notice = note.strip()
        fields.append("withdrawal_notice")
    with transaction.atomic():
        article.save(update_fields=fields)
        return article.state_changes.create(
            from_state=source, to_state=target, user=user, note=note.strip()
        )


def going_public(date: datetime.date) -> datetime.datetime:
    """When an issue of ``date`` that the newsroom publishes now goes public: on its day at
    the paper's morning hour (``ISSUE_PUBLICATION_HOUR``), or now once that has passed, so
    that tomorrow's issue published tonight is not read tonight."""
    hour = datetime.time(settings.ISSUE_PUBLICATION_HOUR)
    return max(timezone.make_aware(datetime.datetime.combine(date, hour)), timezone.now())


def publish_issue(issue, user, *, at=None) -> int:
    """Publish ``issue`` and every article in it but the withdrawn; return how many articles
    changed. Each article's change of state is recorded. The issue goes public at ``at``
    when given, else at its own time, else when it is ``going_public``; an article without a
    publication time of its own goes public with it. A time ahead is refused for an issue
    readers read already: it would take the issue from them until then."""
    if at is not None and at > timezone.now() and issue.is_published:
        raise ValidationError(
            gettext(
                "%(issue)s is public already: a time ahead would take it from readers until "
                "then. Unpublish it first."
            )
            % {"issue": issue}
        )
    return _set_issue_state(
        issue,
        user,
        IssueStatus.PUBLISHED,
        issue.articles.exclude(status__in=[ArticleStatus.PUBLISHED, ArticleStatus.WITHDRAWN]),
        ArticleStatus.PUBLISHED,
        at=at,
    )


def unpublish_issue(issue, user) -> int:
    """Take ``issue`` and its published articles back to draft; return how many articles."""
    return _set_issue_state(
        issue,
        user,
        IssueStatus.DRAFT,
        issue.articles.filter(status=ArticleStatus.PUBLISHED),
        ArticleStatus.DRAFT,
    )


def _set_issue_state(issue, user, issue_status, articles, article_status, *, at=None) -> int:
    if not may_publish_issues(user):
        raise PermissionDenied(gettext("You may not publish or unpublish whole issues."))
    when = at or issue.published_at or going_public(issue.date)
    with transaction.atomic():
        issue.status = issue_status
        issue.published_at = when
        issue.save(update_fields=["status", "published_at", "updated"])
        changed = list(articles.select_for_update())
        if article_status == ArticleStatus.PUBLISHED:
            check_publishable(changed)  # refused: the transaction undoes the issue's change
        for article in changed:
            article.state_changes.create(
                from_state=article.status,
                to_state=article_status,
                user=user,
                note=gettext("With the whole issue."),
            )
            article.status = article_status
            article.published_at = article.published_at or when
            article.save(update_fields=["status", "published_at", "updated"])
    return len(changed)
