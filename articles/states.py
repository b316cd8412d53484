"""The newsroom's vocabulary of states: of issues, of articles, and the steps between them.

Who may take a step is the gate's to say (``articles.permissions``); ``articles.workflow``
takes it and records it.
"""

from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _


class IssueStatus(models.TextChoices):
    """An issue's states: readers see it once it is published and its time has come."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ArticleStatus(models.TextChoices):
    """An article's way through the newsroom; ``draft`` and ``published`` mean what they do
    for an issue."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted (awaiting review)")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Transition(NamedTuple):
    """A change of an article's state: from which states, to which, and who may make it."""

    sources: frozenset[str]
    target: str
    permission: str
    label: str


TRANSITIONS = {
    "submit": Transition(
        frozenset({ArticleStatus.DRAFT}),
        ArticleStatus.SUBMITTED,
        "articles.submit_article",
        _("Submit for review"),
    ),
    "approve": Transition(
        frozenset({ArticleStatus.SUBMITTED}),
        ArticleStatus.APPROVED,
        "articles.approve_article",
        _("Approve"),
    ),
    "publish": Transition(
        frozenset({ArticleStatus.APPROVED}),
        ArticleStatus.PUBLISHED,
        "articles.publish_article",
        _("Publish"),
    ),
    "send_back": Transition(
        frozenset({ArticleStatus.SUBMITTED, ArticleStatus.APPROVED, ArticleStatus.PUBLISHED}),
        ArticleStatus.DRAFT,
        "articles.approve_article",
        _("Send back to draft"),
    ),
    "withdraw": Transition(
        frozenset({ArticleStatus.PUBLISHED}),
        ArticleStatus.WITHDRAWN,
        "articles.withdraw_article",
        _("Withdraw"),
    ),
}
