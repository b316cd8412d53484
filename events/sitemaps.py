"""The theatre's pages in ``sitemap.xml`` (put together in ``newsroom.urls``): the programme,
each theatre's, each evening, and the performers and pieces readers may see."""

from django.urls import reverse

from articles.sitemaps import SiteSitemap

from .models import Performance, Performer, Piece, Programme


class PerformanceSitemap(SiteSitemap):
    """Visible theatre evenings, changed when the article that announced them was."""

    def items(self):
        return Performance.objects.visible().for_sitemap()

    def lastmod(self, performance):
        return performance.article.updated if performance.article else None


class TheatreSitemap(SiteSitemap):
    """The programme of every theatre, and each theatre's with a visible evening."""

    def items(self):
        visible = Programme.objects.filter(performances__in=Performance.objects.visible())
        return [None, *visible.distinct().order_by("name")]

    def location(self, programme):
        return reverse("events:index") if programme is None else programme.get_absolute_url()


class PerformerSitemap(SiteSitemap):
    """Performers billed in a visible evening: another's page is not found."""

    def items(self):
        return Performer.objects.visible().distinct().order_by("name").only("slug")


class PieceSitemap(SiteSitemap):
    """Pieces with a title of their own, played in a visible evening."""

    def items(self):
        played = Piece.objects.titled().filter(acts__performance__in=Performance.objects.visible())
        return played.distinct().order_by("pk").only("pk")


SITEMAPS = {
    "theatre": TheatreSitemap,
    "performances": PerformanceSitemap,
    "performers": PerformerSitemap,
    "pieces": PieceSitemap,
}
