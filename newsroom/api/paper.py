"""Issues, articles and authors: only what ``published()`` lets readers see."""

import datetime
from typing import Annotated

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, FilterLookup, FilterSchema, Path, Query, Router
from ninja.pagination import paginate
from pydantic import field_validator

from articles.models import Article, Author, Issue, prefetch_published_corrections, signed_by

from .common import SLUG, Invalid, NotFound, Pages, get_or_404
from .schemas import ArticleDetail, ArticleSummary, AuthorDetail, AuthorOut, IssueDetail, IssueOut

LATEST_ARTICLES = 10

issues = Router(tags=["issues"])
articles = Router(tags=["articles"])
authors = Router(tags=["authors"])


def authors_in_print():
    """Authors with their count of published articles; one known only from drafts is left out.

    The count comes after ``in_print()``, whose join holds only published articles.
    """
    count = Count("bylines__article", distinct=True)
    return Author.objects.in_print().annotate(article_count=count)


class IssueFilters(FilterSchema):
    year: Annotated[int | None, FilterLookup("date__year")] = Field(
        None, ge=datetime.MINYEAR, le=datetime.MAXYEAR
    )
    month: Annotated[int | None, FilterLookup("date__month")] = Field(None, ge=1, le=12)


class ArticleFilters(FilterSchema):
    section: Annotated[str | None, FilterLookup("section__slug")] = Field(
        None, pattern=SLUG, description="A section's slug, e.g. commentary."
    )
    column: Annotated[str | None, FilterLookup("column__slug")] = Field(
        None, pattern=SLUG, description="A column's slug."
    )
    series: Annotated[str | None, FilterLookup("series__slug")] = Field(
        None, pattern=SLUG, description="A series' slug."
    )
    author: str | None = Field(None, pattern=SLUG, description="An author's slug.")
    issue: Annotated[datetime.date | None, FilterLookup("issue__date")] = Field(
        None, description="An issue's date, YYYY-MM-DD."
    )
    since: Annotated[datetime.datetime | None, FilterLookup("published_at__gte")] = Field(
        None, description="Published at or after this time; Asia/Shanghai unless it says."
    )

    @field_validator("since")
    @classmethod
    def in_paper_time(cls, moment):
        """A time without an offset is the paper's; one the database cannot store, refused."""
        if moment is None:
            return None
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        try:
            moment.astimezone(datetime.UTC)
        except OverflowError:
            raise ValueError(_("The time must be within the years 1 to 9999 in UTC.")) from None
        return moment

    def filter_author(self, slug):
        return signed_by(Author.objects.filter(slug=slug))


@issues.get("/", response={200: list[IssueOut], 422: Invalid})
@paginate(Pages)
def list_issues(request, filters: Query[IssueFilters]):
    """Published issues, newest first."""
    return filters.filter(Issue.objects.published()).order_by("-date")


@issues.get("/{date}", response={200: IssueDetail, 404: NotFound, 422: Invalid})
def get_issue(request, date: datetime.date):
    """A published issue with its published articles in printed order."""
    return get_or_404(
        Issue.objects.published(), _("No issue of this date is published."), date=date
    )


@articles.get("/", response={200: list[ArticleSummary], 422: Invalid})
@paginate(Pages)
def list_articles(request, filters: Query[ArticleFilters]):
    """Published articles, newest issue first."""
    return filters.filter(Article.objects.published().for_listing()).newest_first()


@articles.get("/{id}", response={200: ArticleDetail, 404: NotFound, 422: Invalid})
def get_article(request, id: int):
    """A published article, whole, with its corrections."""
    articles = (
        Article.objects.published().for_listing().prefetch_related(prefetch_published_corrections())
    )
    return get_or_404(articles, _("No article with this id is published."), pk=id)


@authors.get("/", response={200: list[AuthorOut], 422: Invalid})
@paginate(Pages)
def list_authors(request):
    """Authors of published articles, by name."""
    return authors_in_print().order_by("name", "slug")


@authors.get("/{slug}", response={200: AuthorDetail, 404: NotFound, 422: Invalid})
def get_author(request, slug: Annotated[str, Path(pattern=SLUG)]):
    """An author of published articles, with their newest ones."""
    author = get_or_404(
        authors_in_print(), _("No author with this slug has published articles."), slug=slug
    )
    published = Article.objects.published().for_listing().by_author(author)
    author.latest_articles = published.newest_first()[:LATEST_ARTICLES]
    return author
