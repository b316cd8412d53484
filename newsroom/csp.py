"""Which Content-Security-Policy a response gets: strict for readers, looser where needed.

django-csp sends ``CONTENT_SECURITY_POLICY`` everywhere. The admin and CKEditor's upload
view (CKEditor 4 runs inline scripts and styles) get
``EDITOR_CONTENT_SECURITY_POLICY``, and the API docs (Swagger UI styles inline)
``API_DOCS_CONTENT_SECURITY_POLICY``, chosen by path, so that no reader page ever
allows inline script or style.
"""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.urls import reverse


def scoped_policies() -> list[tuple[str, dict]]:
    """(path prefix, policy) pairs; the first prefix a path starts with wins."""
    return [
        (reverse("admin:index"), settings.EDITOR_CONTENT_SECURITY_POLICY),
        (
            reverse("ckeditor_upload").removesuffix("upload/"),
            settings.EDITOR_CONTENT_SECURITY_POLICY,
        ),
        (reverse("api:openapi-view"), settings.API_DOCS_CONTENT_SECURITY_POLICY),
    ]


class ScopedCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the editors' and the API docs' policies on their paths."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only or parts.config is not None:  # a view's own decorator wins
            return parts
        for prefix, policy in scoped_policies():
            if request.path.startswith(prefix):
                parts.config = default_config(policy["DIRECTIVES"])
                break
        return parts
