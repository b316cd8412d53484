"""The read-only JSON API for the district's apps and partners, mounted at /api/v1/.

It publishes what the reader pages publish and nothing more: every endpoint starts from
``Issue.objects.published()``, ``Article.objects.published()`` or
``Performance.objects.visible()``. The docs page uses the Swagger UI files that
django-ninja bundles (``ninja`` is an installed app for that), so it loads nothing from
another host.
"""

from django.http import Http404
from ninja import NinjaAPI, Swagger
from ninja.renderers import JSONRenderer

from . import paper, theatre

DESCRIPTION = """\
What 解放区报 has published, for the district's apps and partners: issues, articles,
authors and the theatre programme. Read-only; no key needed.

Lists are pages: `limit` (1–100, default 20) and `offset`; each page gives `count`
and absolute `next`/`previous` links. Times are in Asia/Shanghai (+08:00). Errors are
JSON with a `detail`: what is missing (404), or which parameters are refused and why (422).
"""


class UnescapedJSONRenderer(JSONRenderer):
    """UTF-8 as it is: Chinese stays readable, and half the size of ``\\uXXXX`` escapes."""

    json_dumps_params = {"ensure_ascii": False}


class Docs(Swagger):
    """Swagger UI in a page that says its language and fits a phone (``api/docs.html``)."""

    template = "api/docs.html"


class PaperAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation):
        """The endpoint's own name, e.g. list_articles: what generated clients will call."""
        return operation.view_func.__name__


api = PaperAPI(
    title="解放区报 API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    renderer=UnescapedJSONRenderer(),
    # No validator badge: it would fetch an image from validator.swagger.io.
    docs=Docs(settings={"validatorUrl": None}),
)
api.add_router("/issues/", paper.issues)
api.add_router("/articles/", paper.articles)
api.add_router("/authors/", paper.authors)
api.add_router("/performances/", theatre.performances)


@api.exception_handler(Http404)
def not_found(request, exc):
    """The endpoint's own message, in every setting; ninja's default shows it only with DEBUG."""
    return api.create_response(request, {"detail": str(exc)}, status=404)
