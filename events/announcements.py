"""The programmes articles printed, for the reader pages that show those articles.

``attach_acts`` is listed in ``settings.ARTICLE_PAGE_EXTRAS`` and ``venues_without_address``
in ``settings.ISSUE_CHECKLIST_EXTRAS``: the project puts the theatre into the pages and the
checklist of ``articles``, which knows nothing of it.
"""

from django.utils.translation import gettext

from articles.checklist import Problem

from .models import Act, Performance


def announced_acts(articles):
    """The bills of the performances ``articles`` announced, act by act in order, in two queries.

    One query fewer than the performances' own ``with_acts()``, which keeps the article page
    within its budget; acts carry their performance, so a page regroups them by evening.
    """
    return Act.objects.announced_in(articles).for_listing()


def attach_acts(articles) -> None:
    """Give each of ``articles`` its ``acts`` (empty for most): the programme box of the
    printed page."""
    for article in articles:
        article.acts = []
    by_pk = {article.pk: article for article in articles}
    for act in announced_acts(list(by_pk)):
        by_pk[act.performance.article_id].acts.append(act)


def venues_without_address(articles) -> list[Problem]:
    """The evenings ``articles`` announce at a venue with no address, one problem per
    article and venue: search engines list an event only with its address (one query)."""
    performances = Performance.objects.filter(article__in=articles, programme__address="")
    pairs = performances.values_list("article", "programme__name").order_by().distinct()
    by_pk = {article.pk: article for article in articles}
    return [
        Problem(
            "venue-address-missing",
            gettext(
                "%(venue)s has no address: search engines list its evenings only with one. "
                "Add it to the programme."
            )
            % {"venue": venue},
            by_pk[article_pk],
        )
        for article_pk, venue in sorted(pairs)
    ]
