"""The front page, robots.txt and the error pages."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse

from articles.models import Issue
from articles.views import front_page_order
from events.models import Performance

PERFORMANCES_ON_FRONT = 3


def home(request):
    """The latest published issue by section and column, and the theatre's next evenings."""
    issue = Issue.objects.published().first()
    articles = issue.articles.published().for_listing() if issue else []
    performances = Performance.objects.visible()
    upcoming = list(performances.upcoming().with_acts()[:PERFORMANCES_ON_FRONT])
    # The printed programmes are often over by the time readers look: then show the last ones.
    recent = [] if upcoming else list(performances.past().with_acts()[:2])
    context = {
        "issue": issue,
        "articles": sorted(articles, key=front_page_order),
        "upcoming": upcoming,
        "recent": recent,
    }
    return render(request, "home.html", context)


def robots_txt(request):
    """Crawlers may read all but search results; the sitemaps list the rest.

    The admin is not named: ADMIN_URL may be kept private, and its pages already tell
    robots to stay away.
    """
    context = {
        "sitemap_urls": [
            request.build_absolute_uri(reverse(name)) for name in ("sitemap", "news_sitemap")
        ],
    }
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")


def page_not_found(request, exception):
    return render(request, "404.html", {"request_path": request.path}, status=404)


def server_error(request):
    """500.html rendered without a request or the database, which may be what failed."""
    return HttpResponseServerError(loader.get_template("500.html").render())
