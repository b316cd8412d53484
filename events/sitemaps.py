"""The theatre's performances in ``sitemap.xml`` (put together in ``newsroom.urls``)."""

from django.contrib.sitemaps import Sitemap

from .models import Performance


class PerformanceSitemap(Sitemap):
    """Visible theatre evenings, changed when the article that announced them was."""

    def items(self):
        return Performance.objects.visible().for_sitemap()

    def lastmod(self, performance):
        return performance.article.updated if performance.article else None
