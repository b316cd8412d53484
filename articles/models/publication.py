"""The publication rule, the one condition every reader page, feed, sitemap, search and API
answer derives from: what is published, in a published issue, and due."""

from django.db.models import Q
from django.utils import timezone

from ..states import ArticleStatus, IssueStatus


def published_article(via: str = "", *, statuses=(ArticleStatus.PUBLISHED,)) -> Q:
    """The publication rule as a condition on an article reached by ``via`` (``"article__"``
    from a byline): in one of ``statuses``, in a published issue, and both due.

    From another model, a join on the rule lets PostgreSQL look each row's one article up by
    key; ``article__in=Article.objects.published()`` made it read every published article of
    the archive first.
    """
    now = timezone.now()
    return Q(
        **{
            f"{via}status__in": statuses,
            f"{via}published_at__lte": now,
            f"{via}issue__status": IssueStatus.PUBLISHED,
            f"{via}issue__published_at__lte": now,
        }
    )
