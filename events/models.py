"""The theatre programme the paper prints: performances, their acts and performers."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, SluggedModel


class Programme(SluggedModel):
    """A stage and the programme it runs, e.g. 解放小剧场."""

    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    operator = models.CharField(_("operator"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    default_start_time = models.TimeField(
        _("default start time"),
        null=True,
        blank=True,
        help_text=_("Used when a printed programme gives no time."),
    )

    class Meta(SluggedModel.Meta):
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [models.UniqueConstraint(fields=["name"], name="unique_programme_name")]

    def get_absolute_url(self):
        return reverse("events:programme", kwargs={"slug": self.slug})


class Performer(SluggedModel):
    """An artist who appears in acts."""

    class Meta(SluggedModel.Meta):
        verbose_name = _("performer")
        verbose_name_plural = _("performers")
        indexes = [models.Index(fields=["name"], name="performer_name")]

    def get_absolute_url(self):
        return reverse("events:performer", kwargs={"slug": self.slug})


class PerformanceQuerySet(models.QuerySet):
    def visible(self):
        """Performances readers may see: announced by a published article, or entered by hand."""
        return self.filter(Q(article__isnull=True) | Q(article__in=Article.objects.published()))

    def upcoming(self):
        return self.filter(date__gte=timezone.localdate()).order_by("date", "time")

    def past(self):
        return self.filter(date__lt=timezone.localdate()).order_by("-date", "-time")

    def with_acts(self):
        """Acts and their performers in order, in a fixed number of queries."""
        return self.select_related("programme", "article").prefetch_related(
            models.Prefetch(
                "acts",
                queryset=Act.objects.prefetch_related(
                    models.Prefetch(
                        "credits", queryset=ActPerformer.objects.select_related("performer")
                    )
                ),
            )
        )


class Performance(models.Model):
    """One evening of a programme."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="performances",
        verbose_name=_("programme"),
    )
    date = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True)
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="performances",
        verbose_name=_("announced in"),
        help_text=_("The article that printed this programme."),
    )

    objects = PerformanceQuerySet.as_manager()

    class Meta:
        ordering = ["date", "time"]
        verbose_name = _("performance")
        verbose_name_plural = _("performances")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "date", "time"],
                name="unique_performance_time",
                condition=Q(time__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["programme", "date"],
                name="unique_performance_untimed",
                condition=Q(time__isnull=True),
            ),
        ]
        indexes = [models.Index(fields=["date", "time"], name="performance_when")]

    def __str__(self):
        when = f"{self.date:%Y-%m-%d} {self.time:%H:%M}" if self.time else f"{self.date:%Y-%m-%d}"
        return f"{self.programme} {when}"

    def get_absolute_url(self):
        return reverse("events:performance", kwargs={"pk": self.pk})


class Act(models.Model):
    """One item on a performance's bill: a form (相声, 小品 …), maybe a titled piece."""

    performance = models.ForeignKey(
        Performance, on_delete=models.CASCADE, related_name="acts", verbose_name=_("performance")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    form = models.CharField(_("form"), max_length=50, help_text=_("E.g. 相声, 快板书联唱, 小品."))
    title = models.CharField(
        _("title"), max_length=100, blank=True, help_text=_("Without the 《》 brackets.")
    )
    performers = models.ManyToManyField(
        Performer,
        through="ActPerformer",
        related_name="acts",
        blank=True,
        verbose_name=_("performers"),
    )

    class Meta:
        ordering = ["performance", "order"]
        verbose_name = _("act")
        verbose_name_plural = _("acts")
        constraints = [
            models.UniqueConstraint(fields=["performance", "order"], name="unique_act_order"),
        ]

    def __str__(self):
        return f"{self.form}《{self.title}》" if self.title else self.form

    def save(self, *args, **kwargs):
        self.title = self.title.strip().strip("《》").strip()
        super().save(*args, **kwargs)


class ActPerformer(models.Model):
    """A performer's place in an act, in billed order (逗哏 before 捧哏)."""

    act = models.ForeignKey(
        Act, on_delete=models.CASCADE, related_name="credits", verbose_name=_("act")
    )
    performer = models.ForeignKey(
        Performer, on_delete=models.PROTECT, related_name="credits", verbose_name=_("performer")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("performer in act")
        verbose_name_plural = _("performers in act")
        constraints = [
            models.UniqueConstraint(fields=["act", "performer"], name="unique_act_performer"),
        ]

    def __str__(self):
        return str(self.performer)
