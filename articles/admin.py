"""The editors' admin for the paper: issues with their articles, articles with their bylines.

Every list is built to run a fixed number of queries however long it is (annotated counts,
``list_select_related`` and prefetches), and every form says in its own words what is wrong.
"""

import datetime
import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from newsroom.history_admin import GatedHistoryAdmin
from newsroom.submit_once import SubmitOnceAdmin

from .admin_import import import_issue_view
from .admin_preview import preview_link_view
from .checklist import issue_checklist
from .import_report import WARNINGS
from .models import (
    TRANSITIONS,
    Article,
    ArticleStatus,
    Author,
    Byline,
    Column,
    Correction,
    ImportWarning,
    Issue,
    Page,
    Section,
    Series,
    Status,
)
from .permissions import (
    editable_articles,
    may_edit_article,
    may_import,
    may_make,
    may_make_up_issues,
    may_publish_issues,
)


class NoteForm(forms.Form):
    """The note that goes with sending an article back, or the notice that replaces its text."""

    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}))


def has_permission_for(permission):
    """An admin ``has_<name>_permission`` method that asks for ``permission``."""

    def has_permission(self, request):
        return request.user.has_perm(permission)

    return has_permission


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


@admin.display(description=_("preview"))
def photo_preview(obj):
    """The thumbnail made of ``obj.photo`` when it was uploaded (see ``newsroom.images``)."""
    thumbnail = obj.photo.thumbnail if obj.photo else None
    if thumbnail is None:
        return "-"
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="">',
        thumbnail.url,
        thumbnail.width,
        thumbnail.height,
    )


# Issues ---------------------------------------------------------------------------------


class ArticleInlineForm(forms.ModelForm):
    """A row of the issue's make-up.

    Its position is compared with the other rows of the issue (the formset's check), not
    with the stored positions: two articles that swap places would each find the other's
    old place taken. ``IssueAdmin.save_formset`` then saves the swap.
    """

    def validate_unique(self):
        try:
            self.instance.validate_unique(exclude={*self._get_validation_exclusions(), "position"})
        except ValidationError as error:
            self._update_errors(error)


class ArticleInline(admin.TabularInline):
    """The issue's make-up: its articles in printed order, each on its page, in its section
    and column; each links to its full form. Only who may edit every article makes it up."""

    model = Article
    form = ArticleInlineForm
    fields = ("position", "title", "page", "section", "kind", "column", "status")
    readonly_fields = ("status",)  # changed only by the recorded steps of the workflow
    ordering = ("position",)
    show_change_link = True
    extra = 0
    verbose_name_plural = _("articles in this issue")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        page = formset.form.base_fields.get("page")
        if page is not None:  # absent when the rows are read-only
            page.queryset = obj.pages.all() if obj else Page.objects.none()
            page.choices = list(page.choices)  # read once for all rows
        return formset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name in {"section", "column"}:
            # They are few: read them once for all rows of the issue, not once per row.
            field.choices = list(field.choices)
        return field

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and may_make_up_issues(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and may_make_up_issues(request.user)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and may_make_up_issues(request.user)


class PartOfIssueInline(admin.TabularInline):
    """Rows that belong to their issue, which have no permissions of their own given to the
    groups: who may read the issue reads them, who makes it up changes them."""

    extra = 0

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_issue") or may_make_up_issues(request.user)

    def has_add_permission(self, request, obj=None):
        return may_make_up_issues(request.user)

    def has_change_permission(self, request, obj=None):
        return may_make_up_issues(request.user)

    def has_delete_permission(self, request, obj=None):
        return may_make_up_issues(request.user)


class PageInline(PartOfIssueInline):
    """The issue's printed pages (版); each article row above says which one it is on."""

    model = Page
    fields = ("number", "name")
    verbose_name_plural = _("pages (版) of this issue")


class ImportWarningInline(PartOfIssueInline):
    """What the importer found odd in the issue's text; an editor ticks each once settled."""

    model = ImportWarning
    fields = ("position", "article_link", "what", "text", "resolved", "resolved_by", "resolved_at")
    readonly_fields = ("position", "article_link", "what", "text", "resolved_by", "resolved_at")
    can_delete = False  # they go when a re-import no longer finds them
    verbose_name_plural = _("import warnings")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article", "resolved_by")

    def has_add_permission(self, request, obj=None):
        return False  # only the importer finds them

    @admin.display(description=_("kind"))
    def what(self, obj):
        return WARNINGS.get(obj.kind, obj.kind)

    @admin.display(description=_("article"))
    def article_link(self, obj):
        if obj.article is None:
            return "-"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_article_change", args=[obj.article_id]),
            obj.article,
        )


# Dates as editors type them: 2022-08-25, 2022/8/25, 2022.8.25, 2022年8月25日.
DATE_TERM = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


@admin.register(Issue)
class IssueAdmin(SubmitOnceAdmin, GatedHistoryAdmin):
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
    inlines = (ArticleInline, PageInline, ImportWarningInline)

    def get_urls(self):
        view = self.admin_site.admin_view(import_issue_view(self))
        return [path("import/", view, name="articles_issue_import"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        can_import = may_import(request.user)
        return super().changelist_view(request, {"can_import": can_import, **(extra_context or {})})

    readonly_fields = ("source_file", "source_sha256", "created", "updated")
    fieldsets = (
        (None, {"fields": ("date", "number")}),
        (_("Front page"), {"fields": ("lead",)}),
        (
            _("Publication"),
            {
                "fields": ("status", "published_at"),
                "description": _(
                    "Readers see the issue when it is published and its publication time has "
                    "come (times are Asia/Shanghai). Each article also needs to be published; "
                    "the chief editor publishes an issue with all its articles from the list."
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
                    "changes nothing; a corrected file updates only what the import made, and "
                    "asks before it deletes or overwrites an editor's work."
                ),
            },
        ),
    )
    view_on_site = True
    actions = ("publish_with_articles", "unpublish_with_articles")
    kept_on_revert = ("status", "published_at")  # a revert restores contents, not publication

    def has_publish_issue_permission(self, request):
        return may_publish_issues(request.user)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    def get_view_on_site_url(self, obj=None):
        """An issue readers cannot see yet is viewed as its preview, with all its articles."""
        if obj is not None and not obj.is_published:
            return reverse("articles:issue_preview", args=[obj.pk])
        return super().get_view_on_site_url(obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        lead = form.base_fields.get("lead")
        if lead is not None:  # absent when the form is read-only
            lead.queryset = obj.articles.order_by("position") if obj else Article.objects.none()
            # A lead is chosen among the issue's articles, not made or deleted from here.
            lead.widget.can_add_related = lead.widget.can_delete_related = False
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """The issue's checklist above its form, so problems are seen while making it up."""
        if obj is not None:
            context["checklist"] = issue_checklist(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_readonly_fields(self, request, obj=None):
        """Only who may publish whole issues decides when an issue is public."""
        readonly = super().get_readonly_fields(request, obj)
        if may_publish_issues(request.user):
            return readonly
        return (*readonly, "status", "published_at")

    def save_model(self, request, obj, form, change):
        """A published issue without a publication time would never be shown: use now."""
        if obj.status == Status.PUBLISHED and obj.published_at is None:
            obj.published_at = timezone.now()
            self.message_user(
                request,
                gettext("The publication time was empty and has been set to now."),
                messages.INFO,
            )
        super().save_model(request, obj, form, change)

    @admin.action(
        description=_("Publish selected issues with all their articles"),
        permissions=["publish_issue"],
    )
    def publish_with_articles(self, request, queryset):
        """Publish at once when the issues' checklists are empty; else show them first, and
        publish only when the chief editor, having read them, chooses to publish anyway."""
        if "publish_anyway" not in request.POST:
            checklists = [(issue, issue_checklist(issue)) for issue in queryset]
            if any(problems for _issue, problems in checklists):
                context = {
                    **self.admin_site.each_context(request),
                    "title": gettext("Publish despite open problems?"),
                    "opts": self.model._meta,
                    "checklists": checklists,
                    "action_checkbox_name": ACTION_CHECKBOX_NAME,
                }
                return TemplateResponse(
                    request, "admin/articles/issue/publish_checklist.html", context
                )
        self._whole_issues(request, queryset, Issue.publish_with_articles)
        return None

    @admin.action(
        description=_("Unpublish selected issues with all their articles"),
        permissions=["publish_issue"],
    )
    def unpublish_with_articles(self, request, queryset):
        self._whole_issues(request, queryset, Issue.unpublish_with_articles)

    def _whole_issues(self, request, queryset, change_issue):
        pks = list(queryset.values_list("pk", flat=True))  # the list's counts forbid FOR UPDATE
        try:
            with transaction.atomic():
                issues = list(Issue.objects.select_for_update().filter(pk__in=pks))
                articles = sum(change_issue(issue, request.user) for issue in issues)
                for issue in issues:
                    self.log_change(request, issue, [{"changed": {"fields": ["status"]}}])
        except ValidationError as refusal:
            self.message_user(
                request,
                gettext("No issue changed state. %(reasons)s")
                % {"reasons": " ".join(refusal.messages)},
                messages.ERROR,
            )
            return
        self.message_user(
            request,
            gettext("%(issues)s and %(articles)s changed state.")
            % {
                "issues": ngettext("%d issue", "%d issues", len(issues)) % len(issues),
                "articles": ngettext("%d article", "%d articles", articles) % articles,
            },
            messages.SUCCESS,
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is Article:
            self._save_makeup(request, form, formset, change)
        elif formset.model is ImportWarning:
            for warning_form in formset.initial_forms:
                if "resolved" in warning_form.changed_data:
                    warning_form.instance.mark(warning_form.instance.resolved, request.user)
            super().save_formset(request, form, formset, change)
        else:
            super().save_formset(request, form, formset, change)

    def _save_makeup(self, request, form, formset, change):
        """Save the article rows, however their positions were swapped or rotated.

        The rows are saved one by one and positions are unique per issue, so the articles
        that move (or go) step aside first. Each changed article counts as a new version,
        so an article form left open elsewhere cannot silently save over the change.
        """
        deleted = formset.deleted_forms
        changed = [f for f in formset.initial_forms if f.has_changed() or f in deleted]
        moving = [f.instance.pk for f in changed if "position" in f.changed_data or f in deleted]
        if moving:
            Article.objects.filter(pk__in=moving).set_positions_aside()
        for article_form in changed:
            article_form.instance.version += 1
        super().save_formset(request, form, formset, change)

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


class CorrectionInline(admin.StackedInline):
    """The corrections (更正) readers see with a published article, oldest first."""

    model = Correction
    fields = ("published_at", "text")
    extra = 0
    verbose_name_plural = _("corrections (shown to readers with the article)")


class ArticleAdminForm(forms.ModelForm):
    """The article's form, which refuses to save over a version its editor has not seen."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = (
            "title",
            "subtitles",
            "issue",
            "section",
            "page",
            "position",
            "kind",
            "column",
            "series",
            "series_number",
            "dateline",
            "body",
            "photo",
            "photo_alt",
            "photo_caption",
            "photographer",
            "photo_credit",
            "published_at",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "page" in self.fields:  # the pages of the article's own issue, not every issue's
            self.fields["page"].queryset = Page.objects.filter(issue=self.instance.issue_id)
        if self.instance.pk:
            # The version now stored: a restored old version is saved over the present one.
            self.fields["seen_version"].initial = self._stored_version()
            self.fields["seen_version"].required = True

    def _stored_version(self, *, lock=False):
        articles = Article.objects.select_for_update() if lock else Article.objects
        return articles.filter(pk=self.instance.pk).values_list("version", flat=True).get()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "seen_version" in cleaned:
            with transaction.atomic():  # the lock lasts as long as the admin's transaction
                stored = self._stored_version(lock=True)
            if cleaned["seen_version"] != stored:
                # Saving again, after reading the message, replaces the other version.
                self.data = self.data.copy()
                self.data[self.add_prefix("seen_version")] = stored
                self.add_error(None, self._conflict_message())
        if (
            self.instance.status == ArticleStatus.PUBLISHED
            and cleaned.get("photo")
            and not cleaned.get("photo_alt")
        ):
            self.add_error(
                "photo_alt",
                _("The article is published: describe its photo for readers who cannot see it."),
            )
        series, number = cleaned.get("series"), cleaned.get("series_number")
        if series and number is None and "series_number" not in self.errors:
            self.add_error(
                "series_number",
                _("The article belongs to the series “%(series)s”: give its number in it.")
                % {"series": series},
            )
        return cleaned

    def _conflict_message(self):
        latest = self.instance.history.select_related("history_user").first()
        return format_html(
            '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
            gettext(
                "Someone else saved this article at %(time)s (%(user)s); your changes were not "
                "saved. Compare with their version, then save again to replace it with yours."
            )
            % {
                "time": timezone.localtime(latest.history_date).strftime("%H:%M"),
                "user": latest.history_user or gettext("unknown"),
            },
            reverse("admin:articles_article_history", args=[self.instance.pk]),
            gettext("Open the other version in a new tab"),
        )


@admin.register(Article)
class ArticleAdmin(SubmitOnceAdmin, GatedHistoryAdmin):
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
    autocomplete_fields = ("issue", "column", "series", "photographer")
    inlines = (BylineInline,)
    readonly_fields = (
        photo_preview,
        "status",
        "withdrawal_notice",
        "state_history",
        "source_line",
        "created",
        "updated",
    )
    actions = ("submit", "approve", "publish", "send_back", "withdraw")
    kept_on_revert = ("published_at",)  # a revert restores contents, not publication
    fieldsets = (
        (
            _("Headline"),
            {
                "fields": ("title", "subtitles", "seen_version"),
                "description": _("The headline and its subtitles (副题), as printed."),
            },
        ),
        (
            _("Placement"),
            {
                "fields": (
                    "issue",
                    ("section", "page", "position"),
                    ("kind", "column"),
                    ("series", "series_number"),
                ),
                "description": _(
                    "Where the article stands in the paper: its issue, section, printed page "
                    "(版) and order in the issue, and the column (栏目) or numbered series it "
                    "belongs to, if any. An issue's pages are added on its own form."
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
                "fields": (
                    ("photo", photo_preview),
                    "photo_alt",
                    "photo_caption",
                    ("photographer", "photo_credit"),
                ),
                "description": _(
                    "The picture (its GPS position and other camera data are removed when it "
                    "is saved), its alt text for readers who cannot see it, its caption, and "
                    "its credit: the photographer's author page, and the credit as printed."
                ),
            },
        ),
        (
            _("Publication"),
            {
                "fields": ("status", "published_at", "withdrawal_notice", "state_history"),
                "description": _(
                    "Readers see the article when it and its issue are both published and the "
                    "publication time (Asia/Shanghai) has come: a time in the future schedules "
                    "it. Publishing without a time uses the current time. The state changes "
                    "only by the actions of the article list: submit, approve, publish, send "
                    "back, withdraw."
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

    class Media:
        js = ("articles/admin/unsaved-changes.js",)

    has_submit_permission = has_permission_for(TRANSITIONS["submit"].permission)
    has_approve_permission = has_permission_for(TRANSITIONS["approve"].permission)
    has_publish_permission = has_permission_for(TRANSITIONS["publish"].permission)
    has_withdraw_permission = has_permission_for(TRANSITIONS["withdraw"].permission)

    def get_urls(self):
        view = self.admin_site.admin_view(preview_link_view(self))
        return [
            path("<path:object_id>/preview-link/", view, name="articles_article_preview_link"),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .open_to(request.user)
            .prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("author")))
        )

    def has_change_permission(self, request, obj=None):
        """Editors change any article; a reporter only a draft of their own."""
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_edit_article(request.user, obj))

    def get_inlines(self, request, obj):
        """Corrections are for what readers have seen: only a published article has them."""
        if obj is not None and obj.is_published:
            return (*self.inlines, CorrectionInline)
        return self.inlines

    def save_formset(self, request, form, formset, change):
        if formset.model is Correction:
            stamp_new_corrections(request, formset.forms)
        super().save_formset(request, form, formset, change)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Offer as buttons the steps this user may take from the article's present state."""
        article = self.get_object(request, object_id)
        steps = [
            (name, transition.label)
            for name, transition in TRANSITIONS.items()
            if article is not None and may_make(request.user, article, name)
        ]
        extra_context = {**(extra_context or {}), "workflow_steps": steps}
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("changes of state"))
    def state_history(self, obj):
        changes = obj.state_changes.select_related("user") if obj.pk else []
        return (
            format_html_join(
                "\n",
                "<div>{} · {} · {}{}</div>",
                (
                    (
                        timezone.localtime(change.at).strftime("%Y-%m-%d %H:%M"),
                        change.user or "-",
                        change,
                        f" · {change.note}" if change.note else "",
                    )
                    for change in changes
                ),
            )
            or "-"
        )

    @admin.action(description=TRANSITIONS["submit"].label, permissions=["submit"])
    def submit(self, request, queryset):
        self._make(request, queryset, "submit")

    @admin.action(description=TRANSITIONS["approve"].label, permissions=["approve"])
    def approve(self, request, queryset):
        self._make(request, queryset, "approve")

    @admin.action(description=TRANSITIONS["publish"].label, permissions=["publish"])
    def publish(self, request, queryset):
        self._make(request, queryset, "publish")

    @admin.action(description=_("Send back to draft, with a note"), permissions=["approve"])
    def send_back(self, request, queryset):
        return self._make_with_note(
            request,
            queryset,
            "send_back",
            _("Say what the author should change; the note is kept with the article's history."),
        )

    @admin.action(description=_("Withdraw, with a public notice"), permissions=["withdraw"])
    def withdraw(self, request, queryset):
        return self._make_with_note(
            request,
            queryset,
            "withdraw",
            _(
                "Readers see this notice at the article's address in place of its text; the "
                "article leaves every list, feed and search."
            ),
        )

    def _make_with_note(self, request, queryset, name, help_text):
        """Ask for the note on an intermediate page, then make the step with it."""
        form = NoteForm(request.POST if "apply" in request.POST else None)
        form.fields["note"].help_text = help_text
        if form.is_valid():
            self._make(request, queryset, name, form.cleaned_data["note"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": TRANSITIONS[name].label,
            "opts": self.model._meta,
            "articles": queryset,
            "action": name,
            "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/article/state_note.html", context)

    def _make(self, request, queryset, name, note=""):
        made = left = 0
        for article in queryset:
            if not may_make(request.user, article, name):
                left += 1
                continue
            try:
                article.make(name, request.user, note)
            except ValidationError as refusal:
                self.message_user(request, " ".join(refusal.messages), messages.ERROR)
                continue
            self.log_change(request, article, [{"changed": {"fields": ["status"]}}])
            made += 1
        self.message_user(
            request,
            ngettext("%(action)s: %(count)d article.", "%(action)s: %(count)d articles.", made)
            % {"action": TRANSITIONS[name].label, "count": made},
            messages.SUCCESS if made else messages.INFO,
        )
        if left:
            self.message_user(
                request,
                ngettext(
                    "%(count)d article was left as it was: that step is not open from its "
                    "state, or not to you.",
                    "%(count)d articles were left as they were: that step is not open from "
                    "their state, or not to you.",
                    left,
                )
                % {"count": left},
                messages.WARNING,
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
        super().save_related(request, form, formsets, change)
        self._sign_photographer(request, form.instance)

    def _sign_photographer(self, request, article):
        """The credited photographer also signs as one: their author page, where the
        credit links, lists the photo."""
        if article.photographer is None:
            return
        _byline, added = Byline.objects.get_or_create(
            article=article,
            author=article.photographer,
            role=Byline.Role.PHOTOGRAPHER,
            defaults={"order": article.bylines.count() + 1},
        )
        if added:
            self.message_user(
                request,
                gettext("%(author)s was added to the bylines as the photographer.")
                % {"author": article.photographer},
                messages.INFO,
            )

    def save_model(self, request, obj, form, change):
        if change:
            obj.version = form.cleaned_data["seen_version"] + 1
        else:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if obj.status == ArticleStatus.PUBLISHED and not obj.issue.is_published:
            self.message_user(
                request,
                gettext(
                    "The article is published, but readers will not see it until its issue "
                    "(%(issue)s) is published."
                )
                % {"issue": obj.issue},
                messages.WARNING,
            )


# Rows of an article ---------------------------------------------------------------------


class PartOfArticleAdmin(SubmitOnceAdmin):
    """Rows that belong to one article (its bylines, its corrections), also listed on their
    own: whoever may edit the article changes them, nobody else, and a new one goes only on
    an article its editor may edit."""

    def get_queryset(self, request):
        articles = Article.objects.open_to(request.user)
        return super().get_queryset(request).filter(article__in=articles)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_edit_article(request.user, obj.article))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or may_edit_article(request.user, obj.article))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            kwargs["queryset"] = editable_articles(request.user, Article.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# Corrections ----------------------------------------------------------------------------


def stamp_new_corrections(request, forms):
    """A new correction is signed by the editor who adds it."""
    for correction_form in forms:
        if correction_form.instance._state.adding:
            correction_form.instance.created_by = request.user


@admin.register(Correction)
class CorrectionAdmin(PartOfArticleAdmin, GatedHistoryAdmin):
    """Every correction, newest first, each with its article; added here or on the article."""

    list_display = ("published_at", "article", "text", "created_by", public_link)
    list_display_links = ("published_at",)
    list_select_related = ("article", "created_by")
    date_hierarchy = "published_at"
    ordering = ("-published_at", "-pk")
    search_fields = ("text", "article__title")
    search_help_text = _("Searches the corrections' text and the headlines of their articles.")
    autocomplete_fields = ("article",)
    fields = ("article", "published_at", "text", "created_by", "created")
    readonly_fields = ("created_by", "created")
    view_on_site = True

    def get_readonly_fields(self, request, obj=None):
        """A correction stays with the article it corrects."""
        readonly = super().get_readonly_fields(request, obj)
        return readonly if obj is None else ("article", *readonly)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


# Sections, columns, series, authors ----------------------------------------------------


class SluggedAdmin(SubmitOnceAdmin):
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
    fields = ("name", "slug", "is_pen_name", "bio", ("photo", photo_preview))
    readonly_fields = (photo_preview,)
    article_lookup = "bylines__article"


@admin.register(Byline)
class BylineAdmin(PartOfArticleAdmin):
    list_display = ("article", "author", "role", "order")
    list_filter = ("role",)
    list_select_related = ("article", "author")
    search_fields = ("author__name", "article__title")
    autocomplete_fields = ("article", "author")
