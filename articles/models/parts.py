"""Pages but for the site's frame, rendered and kept with what they show (``articles.parts``):
an article's, and an issue's."""

from django.db import models
from django.db.models import FilteredRelation, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .articles import Article
from .issues import Issue


class KeptPart(models.Model):
    """A page but the site's frame, rendered in one language by one release of the site
    (``newsroom.release``), and valid while ``rendered_edition`` is ``edition``.

    ``edition`` moves on whenever anything the part shows changes (``articles.parts``); the
    text of its pieces is that of ``rendered_edition``, or none yet (-1).
    """

    language = models.CharField(max_length=16)
    release = models.CharField(max_length=16)  # the code and site address that rendered it
    edition = models.PositiveIntegerField(default=0)
    rendered_edition = models.IntegerField(default=-1)
    expires_at = models.DateTimeField(null=True)  # a correction or an article due then
    head = models.TextField(blank=True)
    body = models.TextField(blank=True)
    shows = models.TextField(blank=True)  # the rows it read, for the page cache (caching.shows)

    class Meta:
        abstract = True


class ArticlePart(KeptPart):
    """What the article page shows but the site's frame: its description, Open Graph tags and
    JSON-LD; the story with its bylines, photo, corrections and programme; the links around
    it."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="parts",
        db_index=False,  # one_part_per_language_and_release leads with it
    )
    description = models.TextField(blank=True)
    og = models.TextField(blank=True)

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
    """What the issue page shows but the site's frame and the links to the issues around
    it: its heading, its printed pages, its contents and every article as printed."""

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


def unexpired_part(language: str, release: str) -> FilteredRelation:
    """The part for ``language`` by ``release`` unless expired, whatever its edition: a join
    for querysets of ``Article`` or ``Issue``, whose parts are both their ``parts``."""
    return FilteredRelation(
        "parts",
        condition=Q(parts__language=language, parts__release=release)
        & (Q(parts__expires_at__isnull=True) | Q(parts__expires_at__gt=timezone.now())),
    )
