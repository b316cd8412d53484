"""The names the paper prints and readers browse by: sections, columns, series, authors.

Each is a registry: one row per name, however many articles carry it, with a slug for its
page. ``SluggedModel`` is the base ``events`` uses for its own named things too.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from newsroom.images import PhotoField
from newsroom.uploads import validate_image

from .publication import published_article


def unique_slug(model, text: str, *, exclude_pk=None) -> str:
    """A Unicode slug for ``text`` that no other row of ``model`` has yet."""
    base = slugify(text, allow_unicode=True)[:80] or "item"
    slug, n = base, 1
    taken = model.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class InPrintQuerySet(models.QuerySet):
    """Names that readers meet: those with something published, through ``article_path``."""

    article_path = "articles__"

    def in_print(self):
        """The names carried by a published article; one known only from drafts is left out.

        Annotations added after this see only the published articles: they reuse its join.
        """
        return self.filter(published_article(self.article_path)).distinct()


class SignedQuerySet(InPrintQuerySet):
    article_path = "bylines__article__"


class SluggedModel(models.Model):
    """A named thing with a URL slug made from its name when left blank."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)


class Section(SluggedModel):
    """A part of the paper: 社区新闻, 评论, 小剧场."""

    position = models.PositiveSmallIntegerField(_("position"), default=0)
    description = models.TextField(_("description"), blank=True)

    class Meta(SluggedModel.Meta):
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})


class Column(SluggedModel):
    """A recurring rubric (栏目) such as 基层动态; the importer recognises these names."""

    description = models.TextField(_("description"), blank=True)

    objects = InPrintQuerySet.as_manager()

    class Meta(SluggedModel.Meta):
        verbose_name = _("column")
        verbose_name_plural = _("columns")
        constraints = [models.UniqueConstraint(fields=["name"], name="unique_column_name")]

    def get_absolute_url(self):
        return reverse("articles:column", kwargs={"slug": self.slug})


class Series(SluggedModel):
    """A numbered run of articles, e.g. 解放区优化营商环境系列评论."""

    objects = InPrintQuerySet.as_manager()

    class Meta(SluggedModel.Meta):
        verbose_name = _("series")
        verbose_name_plural = _("series")
        constraints = [models.UniqueConstraint(fields=["name"], name="unique_series_name")]

    def get_absolute_url(self):
        return reverse("articles:series", kwargs={"slug": self.slug})


class Author(SluggedModel):
    """A person or pen name who signs articles; one row however many articles they sign."""

    is_pen_name = models.BooleanField(
        _("pen name"), default=False, help_text=_("Signed with a pen name such as 强声.")
    )
    bio = models.TextField(_("short bio"), blank=True)
    photo = PhotoField(
        _("photo"),
        upload_to="authors/",
        blank=True,
        validators=[validate_image],
        width_field="photo_width",
        height_field="photo_height",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
        limit_choices_to={"is_staff": True},
        verbose_name=_("staff account"),
        help_text=_(
            "The member of the newsroom who signs as this author: their new articles "
            "are signed with this name."
        ),
    )

    objects = SignedQuerySet.as_manager()

    class Meta(SluggedModel.Meta):
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        indexes = [models.Index(fields=["name"], name="author_name")]

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})
