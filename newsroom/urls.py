from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from articles.sitemaps import NEWS_SITEMAPS, SITEMAPS
from events.sitemaps import SITEMAPS as THEATRE_SITEMAPS

from . import editor_uploads, health, views
from .api import api

# The paper's name is a name, not an interface string: only the rest is translated.
admin.site.site_header = admin.site.site_title = format_lazy("解放区报 · {}", _("Newsroom"))
admin.site.index_title = _("Content management")

urlpatterns = [
    path("", views.home, name="home"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Liveness: a static template, no database (and the baseline of bench/). Readiness, with
    # the database and the cache checked, is /healthz.
    path(
        "health/",
        TemplateView.as_view(template_name="health.txt", content_type="text/plain"),
        name="health",
    ),
    path("healthz", health.healthz, name="healthz"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {**SITEMAPS, **THEATRE_SITEMAPS}},
        name="sitemap",
    ),
    path(
        "sitemap-news.xml",
        sitemap,
        {"sitemaps": NEWS_SITEMAPS, "template_name": "articles/sitemap_news.xml"},
        name="news_sitemap",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    # django-ckeditor's widget sends pictures to the URL of this name; its own views (an
    # upload that checks only the file name, a file browser) are not routed.
    path("ckeditor/upload/", editor_uploads.editor_image_upload, name="ckeditor_upload"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("language/", views.switch_language, name="switch_language"),
    path("api/v1/", api.urls),
    path("", include("articles.urls")),
    path("theatre/", include("events.urls")),
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]

handler404 = "newsroom.views.page_not_found"
handler500 = "newsroom.views.server_error"
