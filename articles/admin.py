"""The editors' admin for the paper: issues with their articles, articles with their bylines.

Every list is built to run a fixed number of queries however long it is (annotated counts,
``list_select_related`` and prefetches), and every form says in its own words what is wrong.
"""

import datetime
import re

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Prefetch
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .admin_import import NEEDED_PERMISSIONS as IMPORT_PERMISSIONS
from .admin_import import import_issue_view
from .models import Article, Author, Byline, Column, Issue, Section, Series, Status
from .search import refresh_search_text


class PublishActionsMixin:
    """Actions to publish and unpublish selected rows of a model with ``status``/``published_at``.

    Publishing stamps ``published_at`` with the current time when it is empty, so the item
    becomes visible at once; an item that already has a time keeps it (an issue imported
    from the archive stays dated to its printed day).
    """

    actions = ("publish", "unpublish")

    @admin.action(description=_("Publish selected %(verbose_name_plural)s"))
    def publish(self, request, queryset):
        now = timezone.now()
        changed = 0
        for obj in queryset:
            if obj.status == Status.PUBLISHED and obj.published_at is not None:
                continue
            fields = ["status"] if obj.published_at else ["status", "published_at"]
            obj.status = Status.PUBLISHED
            obj.published_at = obj.published_at or now
            obj.save(update_fields=[*fields, "updated"])
            self.log_change(request, obj, [{"changed": {"fields": fields}}])
            changed += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d %(name)s was published.",
                "%(count)d %(name)s were published.",
                changed,
            )
            % {"count": changed, "name": self._name(changed)},
            messages.SUCCESS if changed else messages.INFO,
        )

    @admin.action(description=_("Unpublish selected %(verbose_name_plural)s"))
    def unpublish(self, request, queryset):
        changed = 0
        for obj in queryset.exclude(status=Status.DRAFT):
            obj.status = Status.DRAFT
            obj.save(update_fields=["status", "updated"])
            self.log_change(request, obj, [{"changed": {"fields": ["status"]}}])
            changed += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d %(name)s was unpublished; readers no longer see it.",
                "%(count)d %(name)s were unpublished; readers no longer see them.",
                changed,
            )
            % {"count": changed, "name": self._name(changed)},
            messages.SUCCESS if changed else messages.INFO,
        )

    def _name(self, count):
        opts = self.model._meta
        return opts.verbose_name if count == 1 else opts.verbose_name_plural

    def save_model(self, request, obj, form, change):
        """A published item without a publication time would never be shown: use now."""
        if obj.status == Status.PUBLISHED and obj.published_at is None:
            obj.published_at = timezone.now()
            self.message_user(
                request,
                gettext("The publication time was empty and has been set to now."),
                messages.INFO,
            )
        super().save_model(request, obj, form, change)


@admin.display(description=_("public page"))
def public_link(obj):
    """A link to the reader's page of ``obj``, opened in a new tab."""
    if obj.pk is None:
        return "-"
    return format_html(
        '<a href="{}" target="_blank" rel="noopener">{}</a>',
        obj.get_absolute_url(),
        gettext("View"),
    )


# Issues ---------------------------------------------------------------------------------


class ArticleInline(admin.TabularInline):
    """The articles of an issue in printed order; each links to its full form."""

    model = Article
    fields = ("position", "title", "section", "kind", "column", "status")
    ordering = ("position",)
    show_change_link = True
    extra = 0
    verbose_name_plural = _("articles in this issue")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name in {"section", "column"}:
            # They are few: read them once for all rows of the issue, not once per row.
            field.choices = list(field.choices)
        return field


# Dates as editors type them: 2022-08-25, 2022/8/25, 2022.8.25, 2022年8月25日.
DATE_TERM = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


@admin.register(Issue)
class IssueAdmin(PublishActionsMixin, admin.ModelAdmin):
    list_display = (
        "date",
        "number",
        "status",
        "published_at",
        "article_count",
        "is_published",
        public_link,
    )
    list_display_links = ("date", "number")
    list_filter = ("status",)
    date_hierarchy = "date"
    ordering = ("-date",)
    search_fields = ("date", "number__exact")
    search_help_text = _("A date such as 2022-08-25 or 2022年8月25日, or an issue number.")
    inlines = (ArticleInline,)

    def get_urls(self):
        view = self.admin_site.admin_view(import_issue_view(self))
        return [path("import/", view, name="articles_issue_import"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        can_import = request.user.has_perms(IMPORT_PERMISSIONS)
        return super().changelist_view(request, {"can_import": can_import, **(extra_context or {})})

    readonly_fields = ("source_file", "source_sha256", "created", "updated")
    fieldsets = (
        (None, {"fields": ("date", "number")}),
        (
            _("Publication"),
            {
                "fields": ("status", "published_at"),
                "description": _(
                    "Readers see the issue when it is published and its publication time has "
                    "come. Each article also needs to be published."
                ),
            },
        ),
        (
            _("Import"),
            {
                "classes": ("collapse",),
                "fields": ("source_file", "source_sha256", "created", "updated"),
                "description": _(
                    "The text file this issue was imported from. Importing the same file again "
                    "changes nothing; a corrected file updates the issue in place."
                ),
            },
        ),
    )
    view_on_site = True

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    def save_related(self, request, form, formsets, change):
        """Headlines edited in the inline are searched under their new words."""
        super().save_related(request, form, formsets, change)
        refresh_search_text(form.instance.articles.all())

    def get_search_results(self, request, queryset, search_term):
        match = DATE_TERM.match(search_term)
        if match:
            try:
                date = datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                return queryset.none(), False
            return queryset.filter(date=date), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, obj):
        return obj.article_count

    @admin.display(description=_("visible to readers"), boolean=True)
    def is_published(self, obj):
        return obj.is_published


# Articles -------------------------------------------------------------------------------


class BylineInline(admin.TabularInline):
    """Who signed the article, in printed order (记者 before 通讯员)."""

    model = Byline
    fields = ("author", "role", "order")
    autocomplete_fields = ("author",)
    extra = 1
    verbose_name_plural = _("bylines (authors in printed order)")


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = (
            "title",
            "subtitles",
            "issue",
            "section",
            "position",
            "kind",
            "column",
            "series",
            "series_number",
            "dateline",
            "body",
            "photo",
            "photo_caption",
            "photo_credit",
            "status",
            "published_at",
        )

    def clean(self):
        cleaned = super().clean()
        series, number = cleaned.get("series"), cleaned.get("series_number")
        if series and number is None and "series_number" not in self.errors:
            self.add_error(
                "series_number",
                _("The article belongs to the series “%(series)s”: give its number in it.")
                % {"series": series},
            )
        return cleaned


@admin.register(Article)
class ArticleAdmin(PublishActionsMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = (
        "title",
        "issue",
        "position",
        "section",
        "kind",
        "column",
        "series_with_number",
        "byline_summary",
        "status",
        "is_published",
    )
    list_filter = (
        "status",
        "section",
        "kind",
        "column",
        "series",
        ("issue__date", admin.DateFieldListFilter),
    )
    list_select_related = ("issue", "section", "column", "series")
    search_fields = ("title", "subtitles", "body", "bylines__author__name")
    search_help_text = _("Searches headlines, subtitles, body text and author names.")
    date_hierarchy = "published_at"
    autocomplete_fields = ("issue", "column", "series")
    inlines = (BylineInline,)
    readonly_fields = ("source_line", "created", "updated")
    fieldsets = (
        (
            _("Headline"),
            {
                "fields": ("title", "subtitles"),
                "description": _("The headline and its subtitles (副题), as printed."),
            },
        ),
        (
            _("Placement"),
            {
                "fields": (
                    "issue",
                    ("section", "position"),
                    ("kind", "column"),
                    ("series", "series_number"),
                ),
                "description": _(
                    "Where the article stands in the paper: its issue, section and order in the "
                    "issue, and the column (栏目) or numbered series it belongs to, if any."
                ),
            },
        ),
        (
            _("Text"),
            {
                "fields": ("dateline", "body"),
                "description": _(
                    "Scripts, event handlers and javascript: links are removed from the body "
                    "when it is saved."
                ),
            },
        ),
        (
            _("Photo"),
            {
                "fields": ("photo", "photo_caption", "photo_credit"),
                "description": _("For photo news: the picture, its caption and its credit."),
            },
        ),
        (
            _("Publication"),
            {
                "fields": ("status", "published_at"),
                "description": _(
                    "Readers see the article when it and its issue are both published and the "
                    "publication time has come. Publishing without a time uses the current time."
                ),
            },
        ),
        (
            _("Provenance"),
            {
                "classes": ("collapse",),
                "fields": ("source_line", "created", "updated"),
                "description": _("Where the importer found the article in the source file."),
            },
        ),
    )
    view_on_site = True

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("author")))
        )

    @admin.display(description=_("series"), ordering="series__name")
    def series_with_number(self, obj):
        if obj.series is None:
            return "-"
        if obj.series_number is None:
            return str(obj.series)
        return gettext("%(series)s No. %(number)d") % {
            "series": obj.series,
            "number": obj.series_number,
        }

    @admin.display(description=_("bylines"))
    def byline_summary(self, obj):
        return "、".join(str(byline) for byline in obj.bylines.all()) or "-"

    @admin.display(description=_("visible to readers"), boolean=True)
    def is_published(self, obj):
        return obj.is_published

    def save_related(self, request, form, formsets, change):
        """Refresh the searched words once the article and its bylines are both saved."""
        super().save_related(request, form, formsets, change)
        refresh_search_text(Article.objects.filter(pk=form.instance.pk))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.status == Status.PUBLISHED and not obj.issue.is_published:
            self.message_user(
                request,
                gettext(
                    "The article is published, but readers will not see it until its issue "
                    "(%(issue)s) is published."
                )
                % {"issue": obj.issue},
                messages.WARNING,
            )


# Sections, columns, series, authors ----------------------------------------------------


class SluggedAdmin(admin.ModelAdmin):
    """Named things with a slug made from the name; the list shows how many articles each has."""

    list_display = ("name", "slug", "article_count")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    view_on_site = True
    article_lookup = "articles"  # the path from the model to the articles it counts

    def get_ordering(self, request):
        # Explicit, because a counted (GROUP BY) queryset drops the model's default ordering
        # and the autocomplete view pages it.
        return self.ordering or self.model._meta.ordering

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(article_count=Count(self.article_lookup, distinct=True))
        )

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, obj):
        return obj.article_count

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "slug":
            field.help_text = _(
                "The name in the page's web address. Chinese characters are allowed; "
                "left empty, it is made from the name."
            )
        return field


@admin.register(Section)
class SectionAdmin(SluggedAdmin):
    list_display = ("name", "slug", "position", "article_count")
    list_editable = ("position",)
    fields = ("name", "slug", "position", "description")


@admin.register(Column)
class ColumnAdmin(SluggedAdmin):
    fields = ("name", "slug", "description")


@admin.register(Series)
class SeriesAdmin(SluggedAdmin):
    fields = ("name", "slug")


@admin.register(Author)
class AuthorAdmin(SluggedAdmin):
    list_display = ("name", "slug", "is_pen_name", "article_count")
    list_filter = ("is_pen_name",)
    search_fields = ("name",)
    fields = ("name", "slug", "is_pen_name", "bio", "photo")
    article_lookup = "bylines__article"

    def save_model(self, request, obj, form, change):
        """A renamed author's articles are found under the new name, no longer the old."""
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            refresh_search_text(Article.objects.filter(bylines__author=obj).distinct())


@admin.register(Byline)
class BylineAdmin(admin.ModelAdmin):
    list_display = ("article", "author", "role", "order")
    list_filter = ("role",)
    list_select_related = ("article", "author")
    search_fields = ("author__name", "article__title")
    autocomplete_fields = ("article", "author")

    def save_model(self, request, obj, form, change):
        """Refresh the article signed now and, if the byline moved, the one it left."""
        super().save_model(request, obj, form, change)
        signed = {obj.article_id, form.initial.get("article")} - {None}
        refresh_search_text(Article.objects.filter(pk__in=signed))

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        refresh_search_text(Article.objects.filter(pk=obj.article_id))

    def delete_queryset(self, request, queryset):
        signed = set(queryset.values_list("article", flat=True))
        super().delete_queryset(request, queryset)
        refresh_search_text(Article.objects.filter(pk__in=signed))
