"""What to look at before an issue is published: the checks an editor would otherwise make by eye.

``issue_checklist(issue)`` lists the problems it finds, in printed order; an empty list means
nothing to look at. It reads the issue in four queries however many articles it holds, and
each check another app adds (``settings.ISSUE_CHECKLIST_EXTRAS``: the theatre's) in its own.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from .models import Article, ImportWarning, Issue
from .sanitize import plain_text

# Kinds whose articles nobody signs: the theatre's programme is a bill, not a report.
UNSIGNED_KINDS = frozenset({Article.Kind.PROGRAMME})
# Kinds that are their text: a photo's caption and a programme's bill may be all there is.
WRITTEN_KINDS = frozenset({Article.Kind.NEWS, Article.Kind.COMMENTARY})


@dataclass(frozen=True)
class Problem:
    """One thing to fix or to check: what kind of problem, in which article, said for editors."""

    # "photo-missing", "alt-text-missing", "body-empty", "byline-missing", "import-warning",
    # "series-gap", or another app's (``ISSUE_CHECKLIST_EXTRAS``)
    kind: str
    message: str
    article: Article | None = None


def issue_checklist(issue: Issue) -> list[Problem]:
    """The problems of ``issue``'s articles and import, article by article in printed order."""
    articles = list(
        issue.articles.select_related("series")
        .annotate(byline_count=Count("bylines"))
        .order_by("position")
    )
    warnings = issue.import_warnings.filter(resolved=False).select_related("article")
    problems = [problem for article in articles for problem in _article_problems(article)]
    problems += [_warning_problem(warning) for warning in warnings]
    problems += _series_gaps(articles)
    for check in settings.ISSUE_CHECKLIST_EXTRAS:
        problems += import_string(check)(articles)
    return sorted(problems, key=lambda p: p.article.position if p.article else 0)


def _article_problems(article: Article):
    if article.kind == Article.Kind.PHOTO and not article.photo:
        yield Problem(
            "photo-missing", gettext("Photo news without a photo: upload the picture."), article
        )
    if article.photo and not article.photo_alt.strip():
        yield Problem(
            "alt-text-missing",
            gettext("The photo has no alt text for readers who cannot see it."),
            article,
        )
    if article.kind in WRITTEN_KINDS and not plain_text(article.body):
        yield Problem("body-empty", gettext("No text: the article's body is empty."), article)
    if article.byline_count == 0 and article.kind not in UNSIGNED_KINDS:
        yield Problem("byline-missing", gettext("No byline: who wrote it?"), article)


def _warning_problem(warning: ImportWarning) -> Problem:
    return Problem(
        "import-warning",
        gettext("Import warning (%(kind)s): %(text)s")
        % {"kind": warning.kind_label, "text": warning.text},
        warning.article,
    )


def _series_gaps(articles: list[Article]) -> list[Problem]:
    """A series numbered up to an article of this issue whose lower numbers are not all printed.

    Numbers count wherever they were printed, in any issue; one query for every series.
    """
    highest = {}  # series pk: this issue's highest-numbered article of the series
    for article in articles:
        if article.series_id and article.series_number:
            best = highest.get(article.series_id)
            if best is None or article.series_number > best.series_number:
                highest[article.series_id] = article
    if not highest:
        return []
    printed = {}
    numbers = Article.objects.filter(series__in=highest, series_number__isnull=False)
    for series_pk, number in numbers.values_list("series", "series_number").distinct():
        printed.setdefault(series_pk, set()).add(number)
    problems = []
    for series_pk, article in highest.items():
        missing = sorted(set(range(1, article.series_number)) - printed[series_pk])
        if missing:
            problems.append(
                Problem(
                    "series-gap",
                    gettext("“%(series)s” No. %(number)d is printed, but not No. %(missing)s.")
                    % {
                        "series": article.series,
                        "number": article.series_number,
                        "missing": "、".join(str(n) for n in missing),
                    },
                    article,
                )
            )
    return problems
