"""Reader pages of the printed paper: issues, articles, and the lists that lead to them.

Each view asks the models' QuerySet methods what readers may see (``published()``) and
what a page shows (``for_listing()``); none of them spells out the publication rule.
"""

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from newsroom.pagination import paginate

from .models import Article, Author, Byline, Column, Issue, Section, Series
from .search import SearchForm, query_words, search_articles


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


def issue_list(request):
    page_obj = paginate(request, Issue.objects.published())
    return render(request, "articles/issue_list.html", {"page_obj": page_obj})


def issue_detail(request, year, month, day):
    try:
        date = datetime.date(year, month, day)
    except (ValueError, OverflowError) as exc:
        raise Http404(_("No such date.")) from exc
    issues = Issue.objects.published()
    issue = get_object_or_404(issues, date=date)
    context = {
        "issue": issue,
        "articles": issue.articles.published().for_listing(),
        "previous_issue": issues.filter(date__lt=date).order_by("-date").first(),
        "next_issue": issues.filter(date__gt=date).order_by("date").first(),
    }
    return render(request, "articles/issue_detail.html", context)


def article_detail(request, pk):
    article = get_object_or_404(Article.objects.published().for_listing(), pk=pk)
    siblings = article.issue.articles.published()
    context = {
        "article": article,
        # The theatre app's performances, reached by their link to the article that printed them.
        "performances": article.performances.with_acts(),
        "previous_article": siblings.filter(position__lt=article.position)
        .order_by("-position")
        .first(),
        "next_article": siblings.filter(position__gt=article.position).order_by("position").first(),
    }
    return render(request, "articles/article_detail.html", context)


def section_detail(request, slug):
    section = get_object_or_404(Section, slug=slug)
    articles = Article.objects.published().for_listing().filter(section=section)
    page_obj = paginate(request, articles.order_by("-issue__date", "position"))
    return render(
        request, "articles/section_detail.html", {"section": section, "page_obj": page_obj}
    )


def column_detail(request, slug):
    column = get_object_or_404(Column, slug=slug)
    articles = Article.objects.published().for_listing().filter(column=column)
    page_obj = paginate(request, articles.order_by("-issue__date", "position"))
    return render(request, "articles/column_detail.html", {"column": column, "page_obj": page_obj})


def series_detail(request, slug):
    """A series in its own order; a series with nothing published yet is not shown."""
    series = get_object_or_404(Series, slug=slug)
    articles = Article.objects.published().for_listing().filter(series=series)
    page_obj = paginate(request, articles.order_by("series_number", "issue__date", "position"))
    if not page_obj.paginator.count:
        raise Http404(_("Nothing of this series is published yet."))
    return render(request, "articles/series_detail.html", {"series": series, "page_obj": page_obj})


def author_detail(request, slug):
    """An author's published articles, newest first; one known only from drafts is not shown."""
    author = get_object_or_404(Author, slug=slug)
    signed = Byline.objects.filter(author=author).values("article")
    articles = Article.objects.published().for_listing().filter(pk__in=signed)
    page_obj = paginate(request, articles.order_by("-issue__date", "position"))
    if not page_obj.paginator.count:
        raise Http404(_("Nothing by this author is published yet."))
    return render(request, "articles/author_detail.html", {"author": author, "page_obj": page_obj})


def search(request):
    """Articles holding every word of ``q``, best first, narrowed by the valid filters."""
    form = SearchForm(request.GET)
    criteria = form.criteria()
    page_obj = paginate(request, search_articles(**criteria).for_listing())
    without_page = request.GET.copy()
    without_page.pop("page", None)
    context = {
        "form": form,
        "q": criteria["q"],
        "words": query_words(criteria["q"]),
        "page_obj": page_obj,
        "page_query": without_page.urlencode(),
        "filtered": any(value for name, value in criteria.items() if name != "q"),
    }
    return render(request, "articles/search.html", context)
