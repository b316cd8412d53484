"""Issues (dated editions) and their printed pages, and when readers may see an issue."""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from newsroom.images import PhotoField
from newsroom.printed_pages import render_page, validate_page_pdf
from newsroom.uploads import validate_image

from ..states import IssueStatus

# What a re-import of an unchanged text writes to its issue (see Issue.save).
PROVENANCE_FIELDS = {"source_file", "source_sha256", "updated"}


class IssueQuerySet(models.QuerySet):
    def published(self):
        """Issues readers may see: published, and their publication time has come."""
        return self.filter(status=IssueStatus.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        """Issues published and due later: readers see them from their publication time."""
        return self.filter(status=IssueStatus.PUBLISHED, published_at__gt=timezone.now())

    def next_publication(self):
        """When the first of these not yet published becomes so as scheduled, or None."""
        return self.scheduled().aggregate(first=Min("published_at"))["first"]

    def months(self):
        """Every month with an issue, newest first, with its number of issues (one query)."""
        return (
            self.annotate(month=TruncMonth("date"))
            .values("month")
            .annotate(issues=Count("pk"))
            .order_by("-month")
        )

    def with_neighbour_dates(self):
        """Each issue with the dates of the published issues just before and after it."""
        published = Issue.objects.published()
        earlier = published.filter(date__lt=OuterRef("date")).order_by("-date")
        later = published.filter(date__gt=OuterRef("date")).order_by("date")
        return self.annotate(
            previous_date=Subquery(earlier.values("date")[:1]),
            next_date=Subquery(later.values("date")[:1]),
        )


class Issue(models.Model):
    """One dated edition of the paper (期)."""

    date = models.DateField(_("publication date"), unique=True)
    number = models.PositiveIntegerField(
        _("issue number"),
        null=True,
        blank=True,
        help_text=_("The number printed in the masthead, if known."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=IssueStatus, default=IssueStatus.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("Readers see the issue from this moment on (Asia/Shanghai)."),
    )
    lead = models.ForeignKey(
        "Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead story"),
        help_text=_(
            "Shown first and large on the front page and the issue page. Left empty, the "
            "first article by position leads."
        ),
    )
    source_file = models.CharField(_("source file"), max_length=255, blank=True, editable=False)
    source_sha256 = models.CharField(
        _("source checksum"), max_length=64, blank=True, editable=False
    )
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()  # every saved version, to compare and restore
    objects = IssueQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        get_latest_by = "date"
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=Q(number__isnull=False), name="unique_issue_number"
            ),
        ]
        indexes = [models.Index(fields=["status", "published_at"], name="issue_visibility")]
        permissions = [("publish_issue", _("Can publish or unpublish a whole issue"))]

    def __str__(self):
        date = self.date.isoformat()
        if self.number:
            return gettext("Issue of %(date)s (No. %(number)s)") % {
                "date": date,
                "number": self.number,
            }
        return gettext("Issue of %(date)s") % {"date": date}

    def save(self, *args, **kwargs):
        """A re-import that only records which file the issue came from is no new version."""
        provenance_only = set(kwargs.get("update_fields") or ["*"]) <= PROVENANCE_FIELDS
        if provenance_only and not hasattr(self, "skip_history_when_saving"):
            return self.save_without_historical_record(*args, **kwargs)
        return super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "articles:issue",
            kwargs={"year": self.date.year, "month": self.date.month, "day": self.date.day},
        )

    def clean(self):
        if self.lead is not None and self.lead.issue_id != self.pk:
            raise ValidationError({"lead": _("The lead story must be an article of this issue.")})

    @property
    def goes_public_at(self):
        """When readers see this issue: its publication time once it is published, else None."""
        return self.published_at if self.status == IssueStatus.PUBLISHED else None

    @property
    def is_published(self) -> bool:
        due = self.goes_public_at
        return due is not None and due <= timezone.now()


class Page(models.Model):
    """One printed page (版) of an issue: 第1版 要闻, 第2版 社区新闻 …"""

    issue = models.ForeignKey(
        Issue,
        on_delete=models.CASCADE,
        related_name="pages",
        verbose_name=_("issue"),
        db_index=False,  # unique_page_number leads with it
    )
    number = models.PositiveSmallIntegerField(
        _("page number"), help_text=_("As printed: 1 for the front page.")
    )
    name = models.CharField(
        _("page name"), max_length=50, blank=True, help_text=_("E.g. 要闻, 社区新闻, 评论.")
    )
    editor = models.CharField(
        _("page editor"),
        max_length=50,
        blank=True,
        help_text=_("责任编辑 as printed on the page."),
    )
    pdf = models.FileField(
        _("page PDF"),
        upload_to="pages/%Y/%m/",
        blank=True,
        validators=[validate_page_pdf],
        help_text=_("The page as the typesetting system exported it: one page, at most 32 MB."),
    )
    image = PhotoField(
        _("page image"),
        upload_to="pages/%Y/%m/",
        blank=True,
        validators=[validate_image],
        width_field="image_width",
        height_field="image_height",
        help_text=_("Made from the PDF when there is one; else a scan of the printed page."),
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # The file imported as this page: what a re-import of it compares (see newsroom/importing).
    source_file = models.CharField(_("source file"), max_length=255, blank=True, editable=False)
    source_sha256 = models.CharField(
        _("source checksum"), max_length=64, blank=True, editable=False
    )

    class Meta:
        ordering = ["issue", "number"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [
            models.UniqueConstraint(fields=["issue", "number"], name="unique_page_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="page_number_from_one"),
        ]
        indexes = [models.Index(fields=["source_sha256"], name="page_source")]

    def __str__(self):
        if self.name:
            return gettext("Page %(number)d: %(name)s") % {"number": self.number, "name": self.name}
        return gettext("Page %(number)d") % {"number": self.number}

    def save(self, *args, **kwargs):
        """A new PDF is drawn as the page image (its renditions follow, as photos' do); the
        regions of its stories are placed again after the save (``articles.models.regions``)."""
        if self.pdf_changed and self.pdf:
            stem = f"{self.issue.date:%Y%m%d}-{self.number:02d}"
            self.image.save(f"{stem}.jpg", ContentFile(render_page(self.pdf)), save=False)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {
                    *kwargs["update_fields"],
                    "image",
                    "image_width",
                    "image_height",
                }
        super().save(*args, **kwargs)
        self._stored_pdf = self.pdf.name if "pdf" in self.__dict__ else None

    def get_absolute_url(self):
        date = self.issue.date
        return reverse(
            "articles:page",
            kwargs={"year": date.year, "month": date.month, "day": date.day, "number": self.number},
        )

    @classmethod
    def from_db(cls, db, field_names, values):
        page = super().from_db(db, field_names, values)
        page._stored_pdf = page.__dict__.get("pdf")  # None when deferred
        return page

    @property
    def pdf_changed(self) -> bool:
        """Whether the PDF differs from the one stored (also true of a new page with one)."""
        if "pdf" not in self.__dict__:  # deferred and never set: unchanged
            return False
        return (self.pdf.name or "") != (getattr(self, "_stored_pdf", None) or "")


def publication_time(date: datetime.date) -> datetime.datetime:
    """Midnight of ``date`` in the paper's time zone: when a printed issue became public."""
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time()))
