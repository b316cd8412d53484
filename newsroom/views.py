"""The front page, robots.txt and the error pages."""

from django.conf import settings
from django.http import HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.cache import never_cache

from articles.jsonld import website
from articles.models import Article, Issue
from articles.parts import EVERY_ARTICLE, ListPage, list_response
from articles.views import front_page_order
from events.models import Performance

from .addresses import absolute_url
from .caching import reader_page
from .times import next_midnight

PERFORMANCES_ON_FRONT = 3


@reader_page
def home(request):
    """The latest published issue by section and column, and the theatre's next evenings:
    a list kept whole (``articles.parts``) that any article's change moves on, as the
    theatre's do (``events.apps``).

    A lead story the editors pinned comes first, on its own; without one, the first
    article of the first section leads.
    """
    return list_response(request, front_page, subject=EVERY_ARTICLE)


def front_page() -> ListPage:
    """The home page as it stands."""
    issue = Issue.objects.published().first()
    articles = list(issue.articles.published().for_listing()) if issue else []
    lead = next((article for article in articles if article.pk == issue.lead_id), None)
    performances = Performance.objects.visible()
    upcoming = list(performances.upcoming().with_acts()[:PERFORMANCES_ON_FRONT])
    # The printed programmes are often over by the time readers look: then show the last ones.
    recent = [] if upcoming else list(performances.past().with_acts()[:2])
    context = {
        "issue": issue,
        "lead": lead,
        "articles": sorted((a for a in articles if a is not lead), key=front_page_order),
        "upcoming": upcoming,
        "recent": recent,
        "structured_data": website(),
    }
    return ListPage(EVERY_ARTICLE, "home.html", context, changes_at=front_page_changes_at)


def front_page_changes_at():
    """When the home page changes without an edit: an issue or an article (which may announce
    an evening) is published as scheduled, or midnight comes (evenings become past)."""
    due = (Article.objects.next_publication(), Issue.objects.next_publication())
    return min(filter(None, (*due, next_midnight())))


@never_cache
def switch_language(request):
    """Django's ``set_language`` for a GET form: remember the reader's language, go back.

    ``set_language`` takes a POST, whose form needs a CSRF token, which belongs to one
    visitor: in a cached page it would be wrong for every other. Choosing a language
    changes nothing but a preference, so a link or GET form may do it safely.
    """
    language = request.GET.get("language", "")
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


def robots_txt(request):
    """Crawlers may read all but search results; the sitemaps list the rest.

    The admin is not named: ADMIN_URL may be kept private, and its pages already tell
    robots to stay away.
    """
    context = {
        "sitemap_urls": [absolute_url(reverse(name)) for name in ("sitemap", "news_sitemap")],
    }
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")


def page_not_found(request, exception):
    return render(request, "404.html", {"request_path": request.path}, status=404)


def server_error(request):
    """500.html rendered without a request or the database, which may be what failed."""
    return HttpResponseServerError(loader.get_template("500.html").render())
