"""Articles, their bylines, and the rule that says which ones readers see."""

import hashlib

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, CharField, F, Max, Min, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from newsroom.images import PhotoField
from newsroom.uploads import validate_image

from ..fields import RichTextField
from ..permissions import may_edit_any_article
from ..sanitize import plain_text
from ..states import ArticleStatus
from .issues import Issue, Page
from .names import Author, Column, Section, Series
from .publication import in_print, publication_due, published_article

# The states of an article that may wait in the pool, outside any issue: not yet public.
UNPLACED_STATES = (ArticleStatus.DRAFT, ArticleStatus.SUBMITTED, ArticleStatus.APPROVED)

# What ``ArticleQuerySet.around`` relates an article's neighbours by, in the order it tries.
RELATIONS = ("series", "column", "authors")


def signed_by(authors) -> Q:
    """Articles signed by any of ``authors`` (instances, keys or a query of them): a subquery,
    not a join, so an article signed in two roles is one row."""
    return Q(pk__in=Byline.objects.filter(author__in=authors).values("article"))


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

    def unplaced(self):
        """Articles in the pool: filed in no issue yet, waiting for make-up to place them."""
        return self.filter(issue__isnull=True)

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

    def newest_first(self):
        """Newest issue first and, within an issue, in printed order: as readers' lists go."""
        return self.order_by("-issue__date", "position")

    def near(self, article):
        """These articles sharing an issue, a series, a column or an author with ``article``:
        those its links are chosen from (``around()``), and it among them."""
        near = Q(issue=article.issue_id) | signed_by(
            Byline.objects.filter(article=article).values("author")
        )
        for name in ("series", "column"):
            if getattr(article, f"{name}_id"):
                near |= Q(**{name: getattr(article, f"{name}_id")})
        return self.filter(near)

    def scheduled(self):
        """These articles published, in a published issue, and due later (``due``: the later
        of their time and their issue's): readers see them from then on."""
        return (
            self.filter(in_print()).annotate(due=publication_due()).filter(due__gt=timezone.now())
        )

    def next_publication(self):
        """When the first of these not yet published becomes so as scheduled, or None.

        Asked of those due later by their own time, then of those due later by their
        issue's: each is a range of its table's publication index (``article_visibility``,
        ``issue_visibility``), where their later-of-the-two due time read every article of
        a section of the archive."""
        now = timezone.now()
        firsts = (
            self.scheduled().filter(**{later: now}).aggregate(first=Min("due"))["first"]
            for later in ("published_at__gt", "issue__published_at__gt")
        )
        return min(filter(None, firsts), default=None)

    def by_author(self, *authors):
        """These articles signed by any of ``authors``, each once however many roles."""
        return self.filter(signed_by(authors))

    def around(self, article, per_group: int):
        """The links around ``article`` among these articles, in one query: the ones just
        before and after it in its issue, and the newest ``per_group`` sharing its series, its
        column, its authors. No other is read: a cached page is stamped with each it read.

        Each row's ``relation`` names the first of these it shares with ``article``
        (``RELATIONS``), or is empty for one only in the same issue. Each group is a short
        limited subquery, and the query their union, not an OR of them, so that each keeps
        to its own index: the cost does not grow with an author's or a column's archive.
        """
        others = self.exclude(pk=article.pk)
        authors = [byline.author_id for byline in article.bylines.all()]
        shared = {
            "series": article.series_id and Q(series=article.series_id),
            "column": article.column_id and Q(column=article.column_id),
            "authors": authors and signed_by(authors),
        }
        groups = {name: shared[name] for name in RELATIONS if shared[name]}
        newest, earlier = {}, Q()
        for name, condition in groups.items():
            rows = others.filter(condition).exclude(earlier).newest_first()
            newest[name] = Q(pk__in=rows[:per_group].values("pk"))
            earlier |= condition
        # An article of the pool (a preview) has no neighbours in print.
        in_issue = others.filter(issue=article.issue_id) if article.issue_id else others.none()
        neighbours = (
            in_issue.filter(position__lt=article.position or 0).order_by("-position"),
            in_issue.filter(position__gt=article.position or 0).order_by("position"),
        )
        previous, following, *short_lists = (
            Article.objects.filter(group).order_by().values("pk")
            for group in (
                *(Q(pk__in=rows[:1].values("pk")) for rows in neighbours),
                *newest.values(),
            )
        )
        relation = Case(
            *(When(condition, then=Value(name)) for name, condition in newest.items()),
            default=Value(""),
            output_field=CharField(),
        )
        return (
            Article.objects.filter(pk__in=previous.union(following, *short_lists, all=True))
            .select_related("issue")
            .only("title", "position", "series_number", "issue__date")  # what the links show
            .annotate(relation=relation)
            .newest_first()
        )


# What readers read of an article: a change to any of it is a change of its content.
READER_TEXT = (
    "title",
    "subtitles",
    "dateline",
    "body",
    "photo",
    "photo_alt",
    "photo_caption",
    "photo_credit",
    "withdrawal_notice",
)


class Article(models.Model):
    """One item printed in an issue: a report, a photo, a commentary or a programme."""

    # Fields whose change alters the article only as shown, never which lists hold it nor
    # their order: the page cache (newsroom.caching) renders again only the pages showing it.
    TEXT_FIELDS = frozenset(
        {
            *READER_TEXT,
            "photo_width",
            "photo_height",
            "source_digest",
            "updated",
            "version",
            "text_changed_at",
            "text_digest",
            "search_title",
            "search_people",
            "search_body",
            "search_vector",
        }
    )

    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        PHOTO = "photo", _("Photo news")
        COMMENTARY = "commentary", _("Commentary")
        PROGRAMME = "programme", _("Programme")

    # The foreign keys below have no index of their own where one of Meta's leads with them:
    # a second index on the same column only slows writes and gives the planner more to weigh.
    # Without an issue (and so a position), an article waits in the pool that make-up
    # draws from: filed without deciding where it goes, never public until placed.
    issue = models.ForeignKey(
        Issue,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("issue"),
        help_text=_("Leave empty to file the article to the pool; make-up places it."),
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
        _("position"),
        null=True,
        blank=True,
        help_text=_(
            "Order of the article in its issue, starting at 1; left empty, the next after "
            "the issue's last."
        ),
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
    # When what readers read of it (READER_TEXT) last changed after it was first written, and
    # a fingerprint of that text to tell: its ``dateModified`` (``last_modified``), which a
    # change of state or place, or an import that finds the text as it was, leaves alone.
    text_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    text_digest = models.CharField(max_length=32, blank=True, editable=False)
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
    history = HistoricalRecords(
        excluded_fields=[*SEARCH_COLUMNS, "version", "source_digest", "text_digest"]
    )
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
            models.CheckConstraint(
                condition=Q(issue__isnull=True, position__isnull=True, page__isnull=True)
                | Q(issue__isnull=False, position__isnull=False),
                name="placed_article_has_position",
            ),
            models.CheckConstraint(
                condition=Q(issue__isnull=False) | Q(status__in=UNPLACED_STATES),
                name="public_article_is_placed",
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

    def save(self, *args, **kwargs):
        """Saved, with ``text_changed_at`` moved on if what readers read changed (not when
        the text is written first: ``text_digest`` is empty then, as after a bulk create)."""
        update_fields = kwargs.get("update_fields")
        written = update_fields is None or not set(update_fields).isdisjoint(READER_TEXT)
        if written and set(READER_TEXT).isdisjoint(self.get_deferred_fields()):
            digest = self.reader_text_digest()
            if digest != self.text_digest:
                if self.text_digest:
                    self.text_changed_at = timezone.now()
                self.text_digest = digest
                if update_fields is not None:
                    kwargs["update_fields"] = {*update_fields, "text_digest", "text_changed_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:article", kwargs={"pk": self.pk})

    def clean(self):
        """An article in an issue has a position there (the next free one if none is given);
        one in the pool has neither, nor a page, and is not public, nor was it printed."""
        if self.issue_id is None and self.issue is None:  # nor an issue added with them
            self._clean_unplaced()
        elif self.position is None:
            self.position = self.next_free_position()
        if self.page is not None and self.page.issue_id != self.issue_id:
            raise ValidationError({"page": _("The page belongs to another issue.")})

    def _clean_unplaced(self):
        if self.status not in UNPLACED_STATES:
            raise ValidationError(
                {"issue": _("A published or withdrawn article stays in its issue.")}
            )
        if self.source_page_id is not None:
            raise ValidationError(
                {"issue": _("The article was imported as printed in its issue: it stays there.")}
            )
        errors = {}
        if self.position is not None:
            errors["position"] = _("An article in no issue has no position: choose its issue.")
        if self.page_id is not None:
            errors["page"] = _("An article in no issue is on no printed page.")
        if errors:
            raise ValidationError(errors)

    def next_free_position(self) -> int:
        """The position after the last of this article's issue (1 in an issue not saved)."""
        if self.issue_id is None:
            return 1
        others = Article.objects.filter(issue=self.issue_id).exclude(pk=self.pk)
        return (others.aggregate(last=Max("position"))["last"] or 0) + 1

    def unique_error_message(self, model_class, unique_check):
        """A taken position named with the article that holds it and a free one, where
        Django would say that an article with this issue and position exists."""
        if model_class is not Article or tuple(unique_check) != ("issue", "position"):
            return super().unique_error_message(model_class, unique_check)
        others = Article.objects.filter(issue=self.issue_id).exclude(pk=self.pk)
        holder = others.filter(position=self.position).values_list("title", flat=True).first()
        free = self.next_free_position()
        return ValidationError(
            gettext(
                "Position %(position)s of this issue is taken by “%(title)s”: choose another, "
                "such as %(free)s."
            )
            % {"position": self.position, "title": holder, "free": free},
            code="unique_together",
        )

    def reader_text_digest(self) -> str:
        text = "\0".join(str(getattr(self, name)) for name in READER_TEXT)
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    @property
    def subtitle_list(self) -> list[str]:
        return [line.strip() for line in self.subtitles.splitlines() if line.strip()]

    @property
    def summary(self) -> str:
        """The start of the body as plain text, for listings and meta descriptions."""
        text = plain_text(self.body)
        return text if len(text) <= 120 else text[:119] + "…"

    @property
    def goes_public_at(self):
        """When readers see this article, once it and its issue are published: the later of
        their times. None while either is not."""
        issue_at = self.issue.goes_public_at if self.issue_id else None
        if self.status != ArticleStatus.PUBLISHED or None in (self.published_at, issue_at):
            return None
        return max(self.published_at, issue_at)

    @property
    def is_published(self) -> bool:
        due = self.goes_public_at
        return due is not None and due <= timezone.now()

    @property
    def is_withdrawn(self) -> bool:
        return self.status == ArticleStatus.WITHDRAWN

    @property
    def lacks_alt_text(self) -> bool:
        """A photo without words for readers who cannot see it: it bars publication."""
        return bool(self.photo) and not self.photo_alt.strip()


class BylineQuerySet(models.QuerySet):
    def published(self):
        """Bylines on the articles readers may see in lists (``ArticleQuerySet.published``)."""
        return self.filter(published_article("article__"))

    def for_listing(self):
        """What a list of these bylines' articles shows, as ``ArticleQuerySet.for_listing``."""
        parts = ("issue", "section", "column", "series")
        signers = Byline.objects.select_related("author")
        return (
            self.select_related(*(f"article__{name}" for name in parts))
            .defer(*(f"article__{name}" for name in Article.SEARCH_COLUMNS))
            .prefetch_related(models.Prefetch("article__bylines", queryset=signers))
        )

    def in_role_order(self):
        """By role in the order of ``Byline.Role`` (reporter first), newest first in each."""
        roles = Byline.Role.values
        role_order = Case(
            *(When(role=role, then=Value(n)) for n, role in enumerate(roles)),
            default=Value(len(roles)),
        )
        return self.order_by(role_order, "-article__issue__date", "article__position")


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

    objects = BylineQuerySet.as_manager()

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


def credited_photographer(credit: str, photographers):
    """The one of ``photographers`` (authors) whose name the printed ``credit`` names, such
    as 张三 in 本报记者 张三 摄; ``None`` when none or several are named."""
    named = [author for author in photographers if author.name and author.name in credit]
    return named[0] if len(named) == 1 else None
