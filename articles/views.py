"""Reader pages of the printed paper: issues, articles, and the lists that lead to them.

Each view asks the models' QuerySet methods what readers may see (``published()``) and
what a page shows (``for_listing()``); none of them spells out the publication rule.
"""

import datetime
import hashlib

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from newsroom.caching import any_text_of, reader_page, shows
from newsroom.pagination import paginate
from newsroom.printed_pages import join_pages

from .archive import first_of_month, month_calendar
from .feeds import corrections_feeds
from .jsonld import month_page, profile_page
from .models import (
    Article,
    ArticlePart,
    Author,
    Column,
    Correction,
    Issue,
    IssuePart,
    Section,
    Series,
)
from .parts import (
    PAGE_OF,
    ListPage,
    article_page,
    article_whole,
    issue_page,
    kept_page,
    list_response,
    rendered_issue_page,
    rendered_page,
)
from .search import SearchForm, lists_newest_only, search_articles
from .segmentation import left_out_words, query_words


def front_page_order(article: Article):
    """Sort key for the home page: by section, then articles without a column, then columns."""
    column = article.column
    return (
        article.section.position,
        article.section.name,
        column is not None,
        column.name if column else "",
        article.position,
    )


def calendar_of(year, month):
    """The calendar of a month with its published issues on their days, and their pages."""
    issues = Issue.objects.published().filter(date__year=year, date__month=month)
    issues = issues.annotate(page_count=Count("pages"))
    return month_calendar(year, month, issues)


@reader_page
def issue_list(request):
    """The archive (往期回顾): the latest month as a calendar, then every month by year."""
    months = list(Issue.objects.published().months())
    latest = months[0]["month"] if months else None
    calendar = calendar_of(latest.year, latest.month) if latest else None
    return render(request, "articles/issue_list.html", {"months": months, "calendar": calendar})


@reader_page
def issue_month(request, year, month):
    """One month of the archive as a calendar, with the months before and after that have issues."""
    try:
        first = first_of_month(year, month)
    except (ValueError, OverflowError) as exc:
        raise Http404(_("No such month.")) from exc
    months = list(Issue.objects.published().months())
    context = {
        "calendar": calendar_of(year, month),
        "months": months,
        "previous_month": next((m["month"] for m in months if m["month"] < first), None),
        "next_month": next((m["month"] for m in reversed(months) if m["month"] > first), None),
        "structured_data": month_page(first),
    }
    return render(request, "articles/issue_month.html", context)


@reader_page
def issue_detail(request, year, month, day):
    """The whole issue laid out as printed, with the published issues around it: the
    issue's part, read as rendered when anything it shows last changed (``articles.parts``).

    A day without a published issue is a reader's guess, not a broken link: it goes to the
    issue before it, or to its month in the archive when there is none, saying so on the
    page it goes to, which is rendered for that reader.
    """
    date = date_or_404(year, month, day)
    note_waiting = bool(request.COOKIES.get("messages"))
    page = None if note_waiting else kept_page(IssuePart.objects.filter(issue__date=date))
    if page is not None:
        return HttpResponse(page)
    issue = Issue.objects.published().filter(date=date).values_list("pk", flat=True).first()
    if issue is None:
        return redirect_to_nearest_issue(request, date)
    if note_waiting:
        issue = get_object_or_404(Issue.objects.published().with_neighbour_dates(), pk=issue)
        context = issue_page(issue, issue.articles.published())
        return render(request, PAGE_OF[Issue], context)
    return HttpResponse(rendered_issue_page(issue))


@reader_page
def page_detail(request, year, month, day, number):
    """One printed page (版) as printed: its image with each story a link over the place it
    is printed, the same stories as a list, and the issue's other pages to move to."""
    issue = get_object_or_404(Issue.objects.published(), date=date_or_404(year, month, day))
    pages = list(issue.pages.order_by("number"))
    page = next((p for p in pages if p.number == number), None)
    if page is None:
        raise Http404(_("The issue has no such page."))
    articles = list(page.articles.published().for_listing().order_by("position"))
    regions = {r.article_id: r for r in page.regions.filter(article__in=articles)}
    at = pages.index(page)
    return render(
        request,
        "articles/page_detail.html",
        {
            "issue": issue,
            "page": page,
            "pages": pages,
            "previous_page": pages[at - 1] if at else None,
            "next_page": pages[at + 1] if at + 1 < len(pages) else None,
            "stories": [(article, regions.get(article.pk)) for article in articles],
        },
    )


def issue_pdf(request, year, month, day):
    """The whole issue as one PDF, its pages in order, when every page has its PDF.

    Joined once and kept under a name made from its pages' files, so a new PDF of any page
    makes a new file and readers never get an old one."""
    issue = get_object_or_404(Issue.objects.published(), date=date_or_404(year, month, day))
    pages = list(issue.pages.order_by("number"))
    if not pages or not all(page.pdf for page in pages):
        raise Http404(_("Not every page of this issue has its PDF."))
    digest = hashlib.sha256("\n".join(page.pdf.name for page in pages).encode()).hexdigest()
    name = f"issues/{issue.date:%Y/%m}/jfq-{issue.date:%Y%m%d}-{digest[:12]}.pdf"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(join_pages(page.pdf for page in pages)))
    return redirect(default_storage.url(name))


def date_or_404(year, month, day) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except (ValueError, OverflowError) as exc:
        raise Http404(_("No such date.")) from exc


def redirect_to_nearest_issue(request, date):
    """Redirect to the published issue before ``date``, or to its month, saying why."""
    day = date_format(date, "DATE_FORMAT")
    earlier = Issue.objects.published().filter(date__lt=date).order_by("-date").first()
    if earlier:
        messages.info(
            request,
            _("No issue came out on %(day)s. This is the issue before it.") % {"day": day},
        )
        return redirect(earlier)
    messages.info(request, _("No issue came out on %(day)s.") % {"day": day})
    return redirect("articles:issue_month", year=date.year, month=date.month)


@reader_page
def article_detail(request, pk):
    """An article with its way on: the issue around it, and more of its series, column, authors.

    The page is the article's part, read as rendered when it or anything it shows last
    changed (``articles.parts``).
    A withdrawn article keeps its page, which shows the public notice in place of the text.
    """
    page = kept_page(ArticlePart.objects.filter(article__pk=pk))  # a key out of range: none
    if page is None:
        get_object_or_404(Article.objects.readable().only("pk"), pk=pk)
        page = rendered_page(pk)
    return HttpResponse(page)


def article_page_context(request, articles, pk) -> dict:
    """What the article page shows of article ``pk`` of ``articles`` as it stands now; 404 if
    ``articles`` do not hold it.

    The article's previews (``articles.preview``) show a draft this way.
    """
    return article_page(article_whole(articles, pk))


@reader_page
def section_detail(request, slug):
    """A section's articles, newest first: a list kept whole (``articles.parts``)."""

    def section_page():
        section = get_object_or_404(Section, slug=slug)
        articles = Article.objects.filter(section=section)
        return ListPage(
            subject=f"section:{section.pk}",
            template="articles/section_detail.html",
            context={
                "section": section,
                "page_obj": paginate(request, articles.published().for_listing().newest_first()),
            },
            changes_at=articles.next_publication,
        )

    return list_response(request, section_page)


@reader_page
def column_detail(request, slug):
    """A column's articles, newest first; a column with nothing published yet is not shown."""

    def column_page():
        column = get_object_or_404(Column, slug=slug)
        articles = Article.objects.filter(column=column)
        page_obj = paginate(request, articles.published().for_listing().newest_first())
        if not page_obj.paginator.count:
            raise Http404(_("Nothing of this column is published yet."))
        return ListPage(
            subject=f"column:{column.pk}",
            template="articles/column_detail.html",
            context={"column": column, "page_obj": page_obj},
            changes_at=articles.next_publication,
        )

    return list_response(request, column_page)


@reader_page
def series_detail(request, slug):
    """A series in its own order; a series with nothing published yet is not shown."""

    def series_page():
        series = get_object_or_404(Series, slug=slug)
        articles = Article.objects.filter(series=series)
        page_obj = paginate(
            request,
            articles.published().for_listing().order_by("series_number", "issue__date", "position"),
            exact_count=True,  # the page says how many the series holds
        )
        if not page_obj.paginator.count:
            raise Http404(_("Nothing of this series is published yet."))
        return ListPage(
            subject=f"series:{series.pk}",
            template="articles/series_detail.html",
            context={"series": series, "page_obj": page_obj},
            changes_at=articles.next_publication,
        )

    return list_response(request, series_page)


@reader_page
def author_detail(request, slug):
    """An author's published articles by role (reporter, correspondent …), newest first in each.

    One who is known only from drafts is not shown. An article signed in two roles is
    listed under both.
    """

    def author_page():
        author = get_object_or_404(Author, slug=slug)
        page_obj = paginate(request, author.bylines.published().for_listing().in_role_order())
        if not page_obj.paginator.count:
            raise Http404(_("Nothing by this author is published yet."))
        return ListPage(
            subject=f"author:{author.pk}",
            template="articles/author_detail.html",
            context={
                "author": author,
                "page_obj": page_obj,
                "structured_data": profile_page(author.name, author.get_absolute_url()),
            },
            changes_at=Article.objects.by_author(author).next_publication,
        )

    return list_response(request, author_page)


@reader_page
def search(request):
    """Articles holding every word of ``q``, best first, narrowed by the valid filters."""
    shows(any_text_of(Article))  # which articles it lists changes with their text
    form = SearchForm(request.GET)
    criteria = form.criteria()
    # A search's results are a list of at most RANKED_MATCHES keys: counted exactly, for free.
    page_obj = paginate(request, search_articles(**criteria), exact_count=True)
    without_page = request.GET.copy()
    without_page.pop("page", None)
    context = {
        "form": form,
        "q": criteria["q"],
        "words": query_words(criteria["q"]),
        "left_out": left_out_words(criteria["q"]),  # words past those a search looks for
        "page_obj": page_obj,
        "page_query": without_page.urlencode(),
        "filtered": any(value for name, value in criteria.items() if name != "q"),
        # Only the newest matches are listed (articles.search): say so, and how to go back.
        "newest_only": lists_newest_only(page_obj.paginator.count),
    }
    return render(request, "articles/search.html", context)


@reader_page
def correction_list(request):
    """Every correction readers may see, newest first, each leading to the article it corrects."""
    corrections = (
        Correction.objects.published()
        .select_related("article__issue")
        .order_by("-published_at", "-pk")
    )
    page_obj = paginate(request, corrections)
    return render(
        request,
        "articles/correction_list.html",
        {"page_obj": page_obj, "feeds": corrections_feeds()},
    )
