"""The printed paper's domain: issues, their sections and columns, articles and who wrote them."""

import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from newsroom.images import PhotoField
from newsroom.uploads import validate_image

from .fields import RichTextField
from .permissions import may_edit_any_article, may_make, may_publish_issues
from .sanitize import plain_text
from .workflow import TRANSITIONS, ArticleStatus, Status


def unique_slug(model, text: str, *, exclude_pk=None) -> str:
    """A Unicode slug for ``text`` that no other row of ``model`` has yet."""
    base = slugify(text, allow_unicode=True)[:80] or "item"
    slug, n = base, 1
    taken = model.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


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


# What a re-import of an unchanged text writes to its issue (see Issue.save).
PROVENANCE_FIELDS = {"source_file", "source_sha256", "updated"}


class IssueQuerySet(models.QuerySet):
    def published(self):
        """Issues readers may see: published, and their publication time has come."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

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
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
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
    def is_published(self) -> bool:
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def publish_with_articles(self, user) -> int:
        """Publish the issue and every article in it but the withdrawn; return how many
        articles changed. Each article's change of state is recorded."""
        return self._set_state_with_articles(
            user,
            Status.PUBLISHED,
            self.articles.exclude(status__in=[ArticleStatus.PUBLISHED, ArticleStatus.WITHDRAWN]),
            ArticleStatus.PUBLISHED,
        )

    def unpublish_with_articles(self, user) -> int:
        """Take the issue and its published articles back to draft; return how many articles."""
        return self._set_state_with_articles(
            user,
            Status.DRAFT,
            self.articles.filter(status=ArticleStatus.PUBLISHED),
            ArticleStatus.DRAFT,
        )

    def _set_state_with_articles(self, user, issue_status, articles, article_status) -> int:
        if not may_publish_issues(user):
            raise PermissionDenied(gettext("You may not publish or unpublish whole issues."))
        now = timezone.now()
        with transaction.atomic():
            self.status = issue_status
            self.published_at = self.published_at or now
            self.save(update_fields=["status", "published_at", "updated"])
            changed = list(articles.select_for_update())
            if article_status == ArticleStatus.PUBLISHED:
                check_publishable(changed)  # refused: the transaction undoes the issue's change
            for article in changed:
                article.state_changes.create(
                    from_state=article.status,
                    to_state=article_status,
                    user=user,
                    note=gettext("With the whole issue."),
                )
                article.status = article_status
                article.published_at = article.published_at or now
                article.save(update_fields=["status", "published_at", "updated"])
        return len(changed)


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

    class Meta(SluggedModel.Meta):
        verbose_name = _("column")
        verbose_name_plural = _("columns")
        constraints = [models.UniqueConstraint(fields=["name"], name="unique_column_name")]

    def get_absolute_url(self):
        return reverse("articles:column", kwargs={"slug": self.slug})


class Series(SluggedModel):
    """A numbered run of articles, e.g. 解放区优化营商环境系列评论."""

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

    class Meta(SluggedModel.Meta):
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        indexes = [models.Index(fields=["name"], name="author_name")]

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


def published_article(via: str = "", *, statuses=(ArticleStatus.PUBLISHED,)) -> Q:
    """The publication rule as a condition on an article reached by ``via`` (``"article__"``
    from a byline): in one of ``statuses``, in a published issue, and both due.

    From another model, a join on the rule lets PostgreSQL look each row's one article up by
    key; ``article__in=Article.objects.published()`` made it read every published article of
    the archive first.
    """
    now = timezone.now()
    return Q(
        **{
            f"{via}status__in": statuses,
            f"{via}published_at__lte": now,
            f"{via}issue__status": Status.PUBLISHED,
            f"{via}issue__published_at__lte": now,
        }
    )


class ArticleQuerySet(models.QuerySet):
    def readable(self):
        """Articles with a page: published or withdrawn, in a published issue, and both due.

        A withdrawn article keeps its address, where readers find the public notice that
        replaced it; everywhere else it is gone (see ``published()``).
        """
        return self.filter(
            published_article(statuses=(ArticleStatus.PUBLISHED, ArticleStatus.WITHDRAWN))
        )

    def published(self):
        """Articles readers may see in lists, feeds and search: readable and not withdrawn."""
        return self.filter(published_article())

    def open_to(self, user):
        """The articles ``user`` may open: all for editors, their own for reporters."""
        if may_edit_any_article(user):
            return self
        return self.filter(created_by=user)

    def set_positions_aside(self) -> int:
        """Move these articles past every position of their issues, all in one statement.

        Positions are unique per issue and rows are saved one at a time, so articles that
        swap places (a re-import, the editors' make-up) first step aside, then each takes
        its new place without meeting another.
        """
        top = Article.objects.filter(issue__in=self.values("issue")).aggregate(Max("position"))
        return self.update(position=F("position") + (top["position__max"] or 0) + 1)

    def for_listing(self):
        """Everything a list of articles shows, fetched in a fixed number of queries, and not
        the word-segmented copies of its text that only search reads (as long as the text)."""
        return (
            self.select_related("issue", "section", "column", "series")
            .prefetch_related(
                models.Prefetch("bylines", queryset=Byline.objects.select_related("author"))
            )
            .defer(*Article.SEARCH_COLUMNS)
        )

    def for_reading(self):
        """Everything a page printing articles whole shows: a list's, and the printed page
        each is on and its photo's photographer.

        Apart from ``for_listing()`` because lists show neither: two joins fewer for the
        planner and twenty fewer rows to build on a page of results.
        """
        return self.for_listing().select_related("page", "photographer")


class Article(models.Model):
    """One item printed in an issue: a report, a photo, a commentary or a programme."""

    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        PHOTO = "photo", _("Photo news")
        COMMENTARY = "commentary", _("Commentary")
        PROGRAMME = "programme", _("Programme")

    # The foreign keys below have no index of their own where one of Meta's leads with them:
    # a second index on the same column only slows writes and gives the planner more to weigh.
    issue = models.ForeignKey(
        Issue,
        on_delete=models.CASCADE,
        related_name="articles",
        verbose_name=_("issue"),
        db_index=False,  # unique_article_position
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("section"),
        db_index=False,  # article_section_recent
    )
    position = models.PositiveSmallIntegerField(
        _("position"), help_text=_("Order of the article in its issue, starting at 1.")
    )
    page = models.ForeignKey(
        Page,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("page"),
        help_text=_("The printed page (版) of its issue the article is on."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.NEWS)
    column = models.ForeignKey(
        Column,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("column"),
        db_index=False,  # article_column_recent
    )
    title = models.CharField(_("headline"), max_length=255)
    subtitles = models.TextField(
        _("subtitles"), blank=True, help_text=_("One subtitle (副题) per line, in printed order.")
    )
    series = models.ForeignKey(
        Series,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("series"),
        db_index=False,  # article_series_order
    )
    series_number = models.PositiveSmallIntegerField(_("number in series"), null=True, blank=True)
    dateline = models.CharField(
        _("dateline"), max_length=50, blank=True, help_text=_("E.g. 本报讯.")
    )
    body = RichTextField(_("body"), blank=True)
    photo = PhotoField(
        _("photo"),
        upload_to="photos/%Y/%m/",
        blank=True,
        validators=[validate_image],
        width_field="photo_width",
        height_field="photo_height",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_alt = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the photo shows, for readers who cannot see it (read aloud by screen "
            "readers). Required to publish an article with a photo."
        ),
    )
    photo_caption = models.TextField(_("photo caption"), blank=True)
    photographer = models.ForeignKey(
        Author,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="photographs",
        verbose_name=_("photographer"),
        help_text=_("The credit links to this author's page."),
    )
    photo_credit = models.CharField(
        _("photo credit"),
        max_length=100,
        blank=True,
        help_text=_("As printed, e.g. 本报记者 张三 摄."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ArticleStatus, default=ArticleStatus.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("Readers see the article from this moment on (Asia/Shanghai)."),
    )
    withdrawal_notice = models.TextField(
        _("withdrawal notice"),
        blank=True,
        help_text=_("Shown to readers in place of the text of a withdrawn article."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
        help_text=_("A reporter may edit only the drafts they created."),
    )
    source_line = models.PositiveIntegerField(
        _("source line"), null=True, blank=True, editable=False,
        help_text=_("Line of the headline in the imported file."),
    )  # fmt: skip
    source_page = models.ForeignKey(
        Page,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="imported_articles",
        verbose_name=_("imported as part of"),
        help_text=_(
            "The page whose imported file made this article; empty for one added by hand. "
            "Importing that file again changes only these articles."
        ),
    )
    # What the import last wrote, as a fingerprint: tells an editor's change from the file's.
    source_digest = models.CharField(max_length=64, blank=True, editable=False)
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    # Raised by each save of the editing form, which refuses to save over a version it has
    # not seen (two editors on one article: the second is told, nothing is lost).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # Chinese has no spaces between words, so search matches word-segmented copies of the
    # text, kept by articles.search_index whenever the text or its bylines change: " word word ".
    search_title = models.TextField(blank=True, default="", editable=False)  # and subtitles
    search_people = models.TextField(blank=True, default="", editable=False)  # bylines
    search_body = models.TextField(blank=True, default="", editable=False)
    # The three weighted A/B/C, on PostgreSQL only (GIN-indexed by migration 0003); null elsewhere.
    search_vector = SearchVectorField(null=True, editable=False)
    # What only search reads; pages that list or print articles defer them.
    SEARCH_COLUMNS = ("search_title", "search_people", "search_body", "search_vector")

    # Every saved version, to compare and restore; the search copies are remade from the rest,
    # and the fingerprint of what the import wrote is the import's own.
    history = HistoricalRecords(excluded_fields=[*SEARCH_COLUMNS, "version", "source_digest"])
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["issue", "position"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(fields=["issue", "position"], name="unique_article_position"),
            models.CheckConstraint(
                condition=Q(series__isnull=True) | Q(series_number__isnull=False),
                name="series_article_has_number",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "published_at"], name="article_visibility"),
            models.Index(fields=["section", "-published_at"], name="article_section_recent"),
            models.Index(fields=["column", "-published_at"], name="article_column_recent"),
            models.Index(fields=["series", "series_number"], name="article_series_order"),
        ]
        permissions = [
            ("submit_article", _("Can submit an article for review")),
            ("approve_article", _("Can approve an article or send it back to draft")),
            ("publish_article", _("Can publish an approved article")),
            ("withdraw_article", _("Can withdraw a published article")),
            ("edit_any_article", _("Can edit any article, whoever created it")),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:article", kwargs={"pk": self.pk})

    def clean(self):
        if self.page is not None and self.page.issue_id != self.issue_id:
            raise ValidationError({"page": _("The page belongs to another issue.")})

    @property
    def subtitle_list(self) -> list[str]:
        return [line.strip() for line in self.subtitles.splitlines() if line.strip()]

    @property
    def summary(self) -> str:
        """The start of the body as plain text, for listings and meta descriptions."""
        text = plain_text(self.body)
        return text if len(text) <= 120 else text[:119] + "…"

    @property
    def is_published(self) -> bool:
        return (
            self.status == ArticleStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
            and self.issue.is_published
        )

    @property
    def is_withdrawn(self) -> bool:
        return self.status == ArticleStatus.WITHDRAWN

    @property
    def lacks_alt_text(self) -> bool:
        """A photo without words for readers who cannot see it: it bars publication."""
        return bool(self.photo) and not self.photo_alt.strip()

    def make(self, name: str, user, note: str = "") -> "StateChange":
        """Move the article along transition ``name`` and record who did it, when and why.

        Publishing without a publication time uses the current time; withdrawing needs a
        public notice (``note``), which readers see in place of the text.
        """
        if not may_make(user, self, name):
            raise PermissionDenied(
                gettext("You may not do “%(action)s” to this article now.")
                % {"action": TRANSITIONS[name].label}
            )
        if name == "withdraw" and not note.strip():
            raise ValidationError(gettext("Say in a public notice why the article is withdrawn."))
        if TRANSITIONS[name].target == ArticleStatus.PUBLISHED:
            check_publishable([self])
        source, target = self.status, TRANSITIONS[name].target
        fields = ["status", "updated"]
        self.status = target
        if target == ArticleStatus.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
            fields.append("published_at")
        if target == ArticleStatus.WITHDRAWN:
            self.withdrawal_notice = note.strip()
            fields.append("withdrawal_notice")
        with transaction.atomic():
            self.save(update_fields=fields)
            return self.state_changes.create(
                from_state=source, to_state=target, user=user, note=note.strip()
            )


class StateChange(models.Model):
    """One step of an article through the newsroom: who moved it, when, and the note given."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="state_changes", verbose_name=_("article")
    )
    from_state = models.CharField(_("from"), max_length=20, choices=ArticleStatus)
    to_state = models.CharField(_("to"), max_length=20, choices=ArticleStatus)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        get_latest_by = "at"
        verbose_name = _("change of state")
        verbose_name_plural = _("changes of state")

    def __str__(self):
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"


class Byline(models.Model):
    """An author's credit on an article, in a role, in printed order."""

    class Role(models.TextChoices):
        REPORTER = "reporter", _("Reporter")
        CORRESPONDENT = "correspondent", _("Correspondent")
        COMMENTATOR = "commentator", _("Commentator")
        PHOTOGRAPHER = "photographer", _("Photographer")

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="bylines",
        verbose_name=_("article"),
        db_index=False,  # unique_byline_role leads with it
    )
    author = models.ForeignKey(
        Author, on_delete=models.PROTECT, related_name="bylines", verbose_name=_("author")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author", "role"], name="unique_byline_role"
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} {self.author}"


class ImportWarning(models.Model):
    """Something the importer found odd in an issue's text, kept until an editor settles it.

    Written by each import of the issue: a warning that comes again (same article position,
    kind and text) keeps its row and whether it was resolved.
    """

    issue = models.ForeignKey(
        Issue,
        on_delete=models.CASCADE,
        related_name="import_warnings",
        verbose_name=_("issue"),
        db_index=False,  # import_warning_open leads with it
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="import_warnings",
        verbose_name=_("article"),
    )
    position = models.PositiveSmallIntegerField(
        _("article position"), help_text=_("In the imported file; 0 for text outside articles.")
    )
    kind = models.CharField(_("kind"), max_length=50)
    text = models.TextField(_("text"))
    resolved = models.BooleanField(
        _("resolved"), default=False, help_text=_("Tick once the text has been mended or checked.")
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["issue", "position", "pk"]
        verbose_name = _("import warning")
        verbose_name_plural = _("import warnings")
        indexes = [models.Index(fields=["issue", "resolved"], name="import_warning_open")]

    def __str__(self):
        return f"{self.kind}: {self.text}"

    @property
    def key(self) -> tuple[int, str, str]:
        """What makes a warning the same one when the issue is imported again."""
        return (self.position, self.kind, self.text)

    def mark(self, resolved: bool, user) -> None:
        """Record who settled the warning and when, or forget it when it is reopened."""
        self.resolved = resolved
        self.resolved_by = user if resolved else None
        self.resolved_at = timezone.now() if resolved else None


def credited_photographer(credit: str, photographers):
    """The one of ``photographers`` (authors) whose name the printed ``credit`` names, such
    as 张三 in 本报记者 张三 摄; ``None`` when none or several are named."""
    named = [author for author in photographers if author.name and author.name in credit]
    return named[0] if len(named) == 1 else None


def check_publishable(articles) -> None:
    """Raise ``ValidationError``, naming each article, if any of ``articles`` may not be
    published yet: a photo needs its alt text."""
    problems = [
        gettext("“%(title)s” has a photo without alt text: describe the photo before publishing.")
        % {"title": article.title}
        for article in articles
        if article.lacks_alt_text
    ]
    if problems:
        raise ValidationError(problems, code="photo_alt")


def publication_time(date: datetime.date) -> datetime.datetime:
    """Midnight of ``date`` in the paper's time zone: when a printed issue became public."""
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time()))


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


def last_modified(article: Article) -> datetime.datetime:
    """When ``article`` last changed for readers: its latest edit or its latest correction
    (``published_corrections``, from ``prefetch_published_corrections()``)."""
    return max([article.updated, *(c.published_at for c in article.published_corrections)])
