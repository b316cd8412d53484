"""Reader pages rendered whole and kept with what they show (``articles.parts``): an
article's, an issue's, and the lists of them."""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .articles import Article
from .issues import Issue


class KeptPartQuerySet(models.QuerySet):
    def current(self, language: str, release: str):
        """The parts for ``language`` by ``release`` that are rendered at their edition and
        unexpired: what a page may show as kept."""
        unexpired = Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
        return self.filter(
            unexpired, language=language, release=release, rendered_edition=F("edition")
        )


class KeptPart(models.Model):
    """A reader page, rendered whole in one language by one release of the site
    (``newsroom.release``), and valid while ``rendered_edition`` is ``edition``.

    ``edition`` moves on whenever anything the part shows changes (``articles.parts``); its
    ``page`` is that of ``rendered_edition``, or none yet (-1). Nothing of it depends on the
    request, so a reader is served it as it is kept.
    """

    language = models.CharField(max_length=16)
    release = models.CharField(max_length=16)  # the code and site address that rendered it
    edition = models.PositiveIntegerField(default=0)
    rendered_edition = models.IntegerField(default=-1)
    expires_at = models.DateTimeField(null=True)  # a correction, an article or an issue due then
    shows = models.TextField(blank=True)  # the rows it read, for the page cache (caching.shows)
    page = models.TextField(blank=True)

    objects = KeptPartQuerySet.as_manager()

    class Meta:
        abstract = True


class ArticlePart(KeptPart):
    """The article page: the site's frame around its description, Open Graph tags and
    JSON-LD; the story with its bylines, photo, corrections and programme; the links around
    it."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="parts",
        db_index=False,  # one_part_per_language_and_release leads with it
    )

    class Meta:
        verbose_name = _("kept article page")
        verbose_name_plural = _("kept article pages")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language", "release"], name="one_part_per_language_and_release"
            )
        ]

    def __str__(self):
        return f"{self.article_id} {self.language} {self.release} @{self.rendered_edition}"


class IssuePart(KeptPart):
    """The issue page: the site's frame around its heading, its printed pages, its contents
    and every article as printed, and the links to the published issues around it."""

    issue = models.ForeignKey(
        Issue,
        on_delete=models.CASCADE,
        related_name="parts",
        db_index=False,  # one_issue_part_per_language_and_release leads with it
    )

    class Meta:
        verbose_name = _("kept issue page")
        verbose_name_plural = _("kept issue pages")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "language", "release"],
                name="one_issue_part_per_language_and_release",
            )
        ]

    def __str__(self):
        return f"{self.issue_id} {self.language} {self.release} @{self.rendered_edition}"


class ListPart(KeptPart):
    """A page of a reader list (a section's, a column's, a series', an author's articles, the
    home page), kept at its address with the page number it shows.

    Its ``subject`` names the list (``section:3``, ``author:17``, ``every-article``): a change
    of any row a list shows moves on the parts of every subject the row is listed under."""

    # As links give it, and ?page=N past the first: a slug of 100 Chinese characters is 900.
    path = models.CharField(max_length=1000)
    subject = models.CharField(max_length=64, db_index=True)

    class Meta:
        verbose_name = _("kept list page")
        verbose_name_plural = _("kept list pages")
        constraints = [
            models.UniqueConstraint(
                fields=["path", "language", "release"],
                name="one_list_part_per_language_and_release",
            )
        ]

    def __str__(self):
        return f"{self.path} {self.language} {self.release} @{self.rendered_edition}"
