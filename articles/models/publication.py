"""The publication rule, the one condition every reader page, feed, sitemap, search and API
answer derives from: what is published, in a published issue, and due."""

from django.db.models import Q
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext

from newsroom.times import to_the_minute

from ..states import ArticleStatus, IssueStatus


def published_article(via: str = "", *, statuses=(ArticleStatus.PUBLISHED,)) -> Q:
    """The publication rule as a condition on an article reached by ``via`` (``"article__"``
    from a byline): in one of ``statuses``, in a published issue, and both due.

    From another model, a join on the rule lets PostgreSQL look each row's one article up by
    key; ``article__in=Article.objects.published()`` made it read every published article of
    the archive first.
    """
    now = timezone.now()
    return in_print(via, statuses=statuses) & Q(
        **{f"{via}published_at__lte": now, f"{via}issue__published_at__lte": now}
    )


def in_print(via: str = "", *, statuses=(ArticleStatus.PUBLISHED,)) -> Q:
    """The rule's states: an article in one of ``statuses``, in a published issue. Such an
    article is published from ``publication_due()`` on."""
    return Q(**{f"{via}status__in": statuses, f"{via}issue__status": IssueStatus.PUBLISHED})


def publication_due(via: str = "") -> Greatest:
    """When an article in print (``in_print()``) is due to readers: the later of its own
    publication time and its issue's."""
    return Greatest(f"{via}published_at", f"{via}issue__published_at")


def state_label(row) -> str:
    """The state of an article or an issue as editors read it: while published but not yet
    due, "scheduled" with the time readers see it from; else its status."""
    due = row.goes_public_at
    if due is not None and due > timezone.now():
        return gettext("Scheduled for %(time)s") % {"time": to_the_minute(due)}
    return row.get_status_display()
