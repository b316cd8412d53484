"""The theatre programme the paper prints: performances, their acts and performers."""

import datetime

from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Least
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from articles.models import Article, SluggedModel, published_article
from articles.parts import rows_changed

CALENDAR_HISTORY = datetime.timedelta(days=90)  # past evenings a subscriber still sees


class Programme(SluggedModel):
    """A stage and the programme it runs, e.g. 解放小剧场."""

    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    operator = models.CharField(_("operator"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    organiser_url = models.URLField(
        _("organiser's website"),
        blank=True,
        help_text=_("Search engines link the organiser to it."),
    )
    free_admission = models.BooleanField(
        _("free admission"),
        default=False,
        help_text=_("Entry is free: search engines show the evenings as free events."),
    )
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


class PerformerQuerySet(models.QuerySet):
    def visible(self):
        """Performers billed in a visible performance, once per act billing them (a subquery)."""
        return self.filter(credits__act__performance__in=Performance.objects.visible())

    def partners_of(self, performer):
        """Who shared visible acts with ``performer``, with how many, most frequent first."""
        return (
            self.filter(credits__act__in=Act.objects.billing(performer).visible())
            .exclude(pk=performer.pk)
            .annotate(shared_acts=models.Count("credits"))
            .order_by("-shared_acts", "name")
        )


class Performer(SluggedModel):
    """An artist who appears in acts."""

    objects = PerformerQuerySet.as_manager()

    class Meta(SluggedModel.Meta):
        verbose_name = _("performer")
        verbose_name_plural = _("performers")
        indexes = [models.Index(fields=["name"], name="performer_name")]

    def get_absolute_url(self):
        return reverse("events:performer", kwargs={"slug": self.slug})


class FormerPerformerSlugQuerySet(models.QuerySet):
    def visible(self):
        """Former addresses readers may follow, with the performer each leads on to: only to
        one they may see, as the new address would name a hidden one."""
        return self.select_related("performer").filter(performer__in=Performer.objects.visible())


class FormerPerformerSlug(models.Model):
    """The address of a performer record merged into another: it leads on to the kept one,
    so links readers shared and pages search engines know keep working."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    performer = models.ForeignKey(
        Performer,
        on_delete=models.CASCADE,
        related_name="former_slugs",
        verbose_name=_("performer"),
    )

    objects = FormerPerformerSlugQuerySet.as_manager()

    class Meta:
        verbose_name = _("former address of a performer")
        verbose_name_plural = _("former addresses of performers")

    def __str__(self):
        return self.slug


class PerformanceQuerySet(models.QuerySet):
    def visible(self):
        """Performances readers may see: announced by a published article, or entered by hand.

        The rule as a join (``published_article``): as ``article__in=published()`` (or
        ``EXISTS``), PostgreSQL hashed every published article of the archive first, on
        every page. tests/test_performance_visibility.py checks that both give the same ones.
        """
        return self.filter(Q(article__isnull=True) | published_article("article__"))

    def upcoming(self):
        """Evenings from today on, soonest first."""
        return self.filter(date__gte=timezone.localdate()).order_by("date", "time")

    def past(self):
        """Evenings before today, latest first."""
        return self.filter(date__lt=timezone.localdate()).order_by("-date", "-time")

    def in_months(self, first: datetime.date, last: datetime.date):
        """Evenings of the months from ``first`` to ``last`` (each its 1st): a page of months."""
        return self.filter(date__gte=first, date__lt=first_of_next_month(last))

    def in_calendar(self):
        """Evenings the calendar feed carries: upcoming ones and those of ``CALENDAR_HISTORY``,
        or the last evening's when there is none of these, for subscribers to see what was
        last on rather than an empty calendar."""
        last = self.order_by("-date").values("date")[:1]
        return self.filter(date__gte=Least(Value(timezone.localdate() - CALENDAR_HISTORY), last))

    def for_sitemap(self):
        """Only what a sitemap entry needs, the address and when the announcing article
        changed; oldest first, the key breaking ties so the sitemap's pages stay put."""
        return (
            self.select_related("article").only("date", "article__updated").order_by("date", "pk")
        )

    def with_acts(self):
        """Acts and their performers in order, in a fixed number of queries; of the article
        that announced each, not its text (a page of evenings links to it by headline)."""
        announcing = (f"article__{name}" for name in ("body", *Article.SEARCH_COLUMNS))
        return (
            self.select_related("programme", "article")
            .defer(*announcing)
            .prefetch_related(models.Prefetch("acts", queryset=Act.objects.with_credits()))
        )


def first_of_next_month(month: datetime.date) -> datetime.date:
    """2022-09-01 → 2022-10-01: where the month of ``month`` ends."""
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


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
    # What the import last wrote of the bill, as a fingerprint: tells an editor's change of
    # the acts from the file's (the article's own leaves the bill out).
    source_digest = models.CharField(max_length=64, blank=True, editable=False)

    # Every saved version, to compare and restore; the fingerprint is the import's own.
    history = HistoricalRecords(excluded_fields=["source_digest"])
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
                violation_error_message=_(
                    "This programme already has a performance on that date at that time."
                ),
            ),
            models.UniqueConstraint(
                fields=["programme", "date"],
                name="unique_performance_untimed",
                condition=Q(time__isnull=True),
                violation_error_message=_(
                    "This programme already has a performance on that date with no time given."
                ),
            ),
        ]
        indexes = [models.Index(fields=["date", "time"], name="performance_when")]

    def __str__(self):
        when = f"{self.date:%Y-%m-%d} {self.time:%H:%M}" if self.time else f"{self.date:%Y-%m-%d}"
        return f"{self.programme} {when}"

    def get_absolute_url(self):
        return reverse("events:performance", kwargs={"pk": self.pk})

    @property
    def start_time(self):
        """The printed time, else the programme's usual one; None when neither is known."""
        return self.time or self.programme.default_start_time

    @property
    def starts_at(self):
        """When the curtain rises (Asia/Shanghai), or None when only the date is known."""
        if self.start_time is None:
            return None
        return datetime.datetime.combine(
            self.date, self.start_time, tzinfo=timezone.get_default_timezone()
        )

    def renumber_acts(self):
        """Number the bill 1, 2, 3 … in its current order, whatever numbers editors typed."""
        acts = list(self.acts.order_by("order", "pk"))
        for number, act in enumerate(acts, start=1):
            act.order = number
        Act.objects.bulk_update(acts, ["order"])


class PieceQuerySet(models.QuerySet):
    def titled(self):
        """Pieces with a title of their own: an untitled 魔术 is not one piece but many."""
        return self.exclude(title="")

    def get_or_create_printed(self, form: str, title: str = ""):
        """The piece as printed, e.g. ("相声", "《学小曲》"); created on first mention."""
        return self.get_or_create(form=form.strip(), title=strip_title_brackets(title))

    def delete_unused(self):
        """Drop pieces no act performs any more, e.g. after a title was corrected."""
        return self.filter(acts__isnull=True).delete()

    def performed_by(self, performer):
        """The titled pieces ``performer`` played in visible acts, with how often each was
        played (``times``), most often first."""
        return (
            self.titled()
            .filter(acts__in=Act.objects.billing(performer).visible())
            .annotate(times=models.Count("acts"))
            .order_by("-times", "form", "title")
        )


class Piece(models.Model):
    """What is performed: a form and, usually, a title (相声《学小曲》), across performances.

    The print sometimes omits the form (▶《对春联》), so only the admin insists on one.
    """

    form = models.CharField(_("form"), max_length=50, help_text=_("E.g. 相声, 快板书联唱, 小品."))
    title = models.CharField(
        _("title"), max_length=100, blank=True, help_text=_("Without the 《》 brackets.")
    )

    objects = PieceQuerySet.as_manager()

    class Meta:
        ordering = ["form", "title"]
        verbose_name = _("piece")
        verbose_name_plural = _("pieces")
        constraints = [
            models.UniqueConstraint(fields=["form", "title"], name="unique_piece"),
        ]

    def __str__(self):
        return f"{self.form}《{self.title}》" if self.title else self.form

    def save(self, *args, **kwargs):
        self.form = self.form.strip()
        self.title = strip_title_brackets(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:piece", kwargs={"pk": self.pk})


def strip_title_brackets(title: str) -> str:
    """《学小曲》 → 学小曲: titles are stored bare and printed with brackets."""
    return title.strip().strip("《》").strip()


class ActQuerySet(models.QuerySet):
    """Acts as readers find them: ``visible()``, ``upcoming()`` and ``past()`` keep to the
    bills of ``Performance.objects.visible()``, as a subquery on it."""

    def visible(self):
        """Acts on the bill of a performance readers may see."""
        return self.filter(performance__in=Performance.objects.visible())

    def upcoming(self):
        """Visible acts from today on: soonest evening first, each bill in order."""
        return self.filter(performance__in=Performance.objects.visible().upcoming()).order_by(
            "performance__date", "performance__time", "performance", "order"
        )

    def past(self):
        """Visible acts before today: latest evening first, each bill in order."""
        return self.filter(performance__in=Performance.objects.visible().past()).order_by(
            "-performance__date", "-performance__time", "performance", "order"
        )

    def billing(self, performer):
        """The acts that bill ``performer``."""
        return self.filter(credits__performer=performer)

    def announced_in(self, articles):
        """The bills ``articles`` printed: evening by evening, each act by act in order."""
        return self.filter(performance__article__in=articles).order_by(
            "performance__date", "performance__time", "order", "pk"
        )

    def with_credits(self):
        """Each act's piece and its performers in billed order, these in one query more."""
        credits = ActPerformer.objects.select_related("performer")
        return self.select_related("piece").prefetch_related(
            models.Prefetch("credits", queryset=credits)
        )

    def for_listing(self):
        """Everything a list of acts shows: a bill's, and each act's evening and programme."""
        return self.with_credits().select_related("performance__programme")


class Act(models.Model):
    """One item on a performance's bill: a piece and who performs it."""

    performance = models.ForeignKey(
        Performance,
        on_delete=models.CASCADE,
        related_name="acts",
        verbose_name=_("performance"),
        db_index=False,  # act_order leads with it
    )
    order = models.PositiveSmallIntegerField(_("order"))
    piece = models.ForeignKey(
        Piece, on_delete=models.PROTECT, related_name="acts", verbose_name=_("piece")
    )
    performers = models.ManyToManyField(
        Performer,
        through="ActPerformer",
        related_name="acts",
        blank=True,
        verbose_name=_("performers"),
    )

    objects = ActQuerySet.as_manager()

    class Meta:
        ordering = ["performance", "order", "pk"]
        verbose_name = _("act")
        verbose_name_plural = _("acts")
        indexes = [models.Index(fields=["performance", "order"], name="act_order")]

    def __str__(self):
        return str(self.piece)

    def set_performers(self, performers):
        """Bill ``performers`` in this act in the order given, replacing whoever was there."""
        performers = list(performers)
        billed = [credit.performer_id for credit in self.credits.order_by("order", "pk")]
        if billed == [performer.pk for performer in performers]:
            return
        self.credits.all().delete()
        ActPerformer.objects.bulk_create(
            ActPerformer(act=self, performer=performer, order=n)
            for n, performer in enumerate(performers, start=1)
        )
        rows_changed(Act, [self.pk])  # bulk writes send no signal


class ActPerformer(models.Model):
    """A performer's place in an act, in billed order (逗哏 before 捧哏)."""

    act = models.ForeignKey(
        Act,
        on_delete=models.CASCADE,
        related_name="credits",
        verbose_name=_("act"),
        db_index=False,  # unique_act_performer leads with it
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
