"""Helpers several test modules share (fixtures are in conftest.py)."""

from django.urls import reverse


def pages_showing(article) -> list[str]:
    """The reader pages that show ``article``: home, its issue, itself, its section, its
    first author."""
    author = article.bylines.first().author
    return [
        reverse("home"),
        article.issue.get_absolute_url(),
        article.get_absolute_url(),
        article.section.get_absolute_url(),
        author.get_absolute_url(),
    ]
