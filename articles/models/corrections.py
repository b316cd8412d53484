"""Corrections (更正): dated public notes on what a published article got wrong."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .articles import Article


class CorrectionQuerySet(models.QuerySet):
    def published(self):
        """Corrections readers may see: their time has come and their article has a page.

        A withdrawn article keeps its corrections on its page and on the corrections page:
        the record of what the paper got wrong is not rewritten by a later withdrawal.
        """
        return self.filter(published_at__lte=timezone.now(), article__in=Article.objects.readable())


class Correction(models.Model):
    """A dated note on a published article saying what it got wrong and what is right (更正).

    The article's text may be fixed as well; the note tells readers that it was, and how.
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("article")
    )
    published_at = models.DateTimeField(
        _("date"),
        default=timezone.now,
        help_text=_(
            "The date readers see with the correction (Asia/Shanghai); a time in the future "
            "keeps it hidden until then."
        ),
    )
    text = models.TextField(
        _("correction"),
        help_text=_("What the article got wrong and what is right, in plain text."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    history = HistoricalRecords()  # an edited correction keeps what it said before
    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["published_at", "pk"]
        get_latest_by = "published_at"
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        indexes = [models.Index(fields=["-published_at"], name="correction_recent")]

    def __str__(self):
        return gettext("Correction of %(date)s to “%(article)s”") % {
            "date": timezone.localdate(self.published_at).isoformat(),
            "article": self.article,
        }

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#correction-{self.pk}"

    def clean(self):
        """Only what readers have seen is corrected; an article they have not is just edited."""
        adding = self._state.adding and self.article_id is not None
        if adding and not Article.objects.published().filter(pk=self.article_id).exists():
            raise ValidationError(
                gettext(
                    "Only a published article can be corrected: edit an article readers "
                    "have not seen yet instead."
                )
            )


def prefetch_published_corrections() -> models.Prefetch:
    """The corrections readers may see of each article, oldest first, fetched in one query
    for all of them as ``article.published_corrections``."""
    return models.Prefetch(
        "corrections", queryset=Correction.objects.published(), to_attr="published_corrections"
    )


def last_modified(article: Article) -> datetime.datetime | None:
    """When ``article`` last changed for readers: its publication, a later change of its text
    (``text_changed_at``), or its latest correction (``published_corrections``, from
    ``prefetch_published_corrections()``); None for a draft never changed or corrected."""
    times = [
        article.published_at,
        article.text_changed_at,
        *(c.published_at for c in article.published_corrections),
    ]
    return max(filter(None, times), default=None)
