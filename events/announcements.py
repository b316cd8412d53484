"""The programmes articles printed, for the reader pages that show those articles.

``attach_acts`` is listed in ``settings.ARTICLE_PAGE_EXTRAS``: the project puts the theatre
into the pages of ``articles``, which knows nothing of it.
"""

from .models import Act


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
