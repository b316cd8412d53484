"""Where each story is printed on its page: the 数字报's clickable regions.

Rectangles in fractions of the page image (``newsroom.printed_pages.Rect``), placed by the
import from the page PDF's text layer or drawn by an editor; a region an editor drew is
theirs, and placing regions again never moves it.
"""

from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from newsroom.printed_pages import Story, find_regions

from ..fields import RectanglesField
from ..sanitize import plain_text
from .articles import Article
from .issues import Page


class PageRegion(models.Model):
    """One story's place on its printed page."""

    class PlacedBy(models.TextChoices):
        IMPORT = "import", _("found in the page PDF")
        EDITOR = "editor", _("drawn by an editor")

    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="page_region",
        verbose_name=_("article"),
    )
    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="regions", verbose_name=_("page")
    )
    rectangles = RectanglesField(_("rectangles"))
    placed_by = models.CharField(_("placed by"), max_length=10, choices=PlacedBy)

    class Meta:
        verbose_name = _("region on the page")
        verbose_name_plural = _("regions on the page")

    def __str__(self):
        return str(self.article)


def place_regions(page: Page) -> list[Article]:
    """Find each story of ``page`` on its PDF, except those an editor drew; returns the
    articles found nowhere. Regions the import placed before are replaced."""
    articles = list(page.articles.only("pk", "page", "title", "body").order_by("position"))
    drawn = set(
        page.regions.filter(placed_by=PageRegion.PlacedBy.EDITOR).values_list("article", flat=True)
    )
    stories = [Story(a.pk, a.title, (plain_text(a.body),)) for a in articles if a.pk not in drawn]
    found = find_regions(page.pdf, stories) if page.pdf else {}
    PageRegion.objects.filter(page=page).exclude(article__in=drawn).delete()
    PageRegion.objects.filter(article__in=[story.key for story in stories]).delete()
    PageRegion.objects.bulk_create(
        PageRegion(
            article_id=key,
            page=page,
            rectangles=[rect.as_list()],
            placed_by=PageRegion.PlacedBy.IMPORT,
        )
        for key, rect in found.items()
        if rect is not None
    )
    return [a for a in articles if a.pk not in drawn and found.get(a.pk) is None]


@receiver(post_save, sender=Page)
def place_regions_of_a_new_pdf(sender, instance: Page, raw=False, **kwargs):
    if not raw and instance.pdf_changed and instance.pdf:
        place_regions(instance)
