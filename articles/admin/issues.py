"""Issues in the admin: their make-up (articles, pages, positions, the lead), the import's
warnings, and publishing a whole issue after its checklist.

The import's own page (upload, preview, confirm) is not the paper's: the project adds it to
this admin, and its link to the list's tools (the ``issue-tools-items`` block).
"""

import datetime
import re
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from newsroom.history_admin import GatedHistoryAdmin
from newsroom.submit_once import SubmitOnceAdmin
from newsroom.times import to_the_minute

from ..checklist import issue_checklist
from ..models import Article, ImportWarning, Issue, Page, state_label
from ..permissions import may_make_up_issues, may_publish_issues
from ..states import IssueStatus
from ..workflow import going_public, publish_issue, unpublish_issue
from .base import (
    PublicationFilter,
    PublicationTimeForm,
    action_form,
    answered,
    public_link,
    state,
    with_delete_last,
)
from .regions import page_regions_view


class ArticleInlineForm(forms.ModelForm):
    """A row of the issue's make-up.

    Its position is needed (an article with none is the pool's) and compared with the other
    rows of the issue (the formset's check), not with the stored positions: two articles
    that swap places would each find the other's old place taken. ``IssueAdmin.save_formset``
    then saves the swap.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "position" in self.fields:  # make-up decides the places: each row gives its own
            self.fields["position"].required = True

    def validate_unique(self):
        try:
            self.instance.validate_unique(exclude={*self._get_validation_exclusions(), "position"})
        except ValidationError as error:
            self._update_errors(error)


class PoolChoice(forms.ModelMultipleChoiceField):
    """Articles of the pool, each named with its state and who filed it."""

    def label_from_instance(self, article):
        label = gettext("“%(title)s” · %(section)s · %(state)s") % {
            "title": article.title,
            "section": article.section,
            "state": article.get_status_display(),
        }
        if article.created_by is None:
            return label
        return gettext("%(article)s · by %(member)s") % {
            "article": label,
            "member": article.created_by,
        }


class IssueAdminForm(forms.ModelForm):
    """The issue's form, with the articles of the pool to draw into the issue."""

    from_pool = PoolChoice(
        label=_("Place from the pool"),
        queryset=Article.objects.unplaced()
        .select_related("section", "created_by")
        .order_by("-updated", "-pk"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _(
                "An article ticked is no longer in the pool: someone placed it meanwhile."
            )
        },
        help_text=_(
            "Articles filed in no issue. Those ticked join this issue after its last article; "
            "give each its page and place in the rows above."
        ),
    )


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
    """The issue's printed pages (版), each with its PDF or scan; each article row above says
    which one it is on. A PDF draws the page image and finds the stories on it."""

    model = Page
    fields = ("number", "name", "editor", "pdf", "image")
    verbose_name_plural = _("pages (版) of this issue")


class ImportWarningInline(PartOfIssueInline):
    """What the importer found odd in the issue's text; an editor ticks each once settled."""

    model = ImportWarning
    fields = (
        "page",
        "position",
        "article_link",
        "what",
        "text",
        "resolved",
        "resolved_by",
        "resolved_at",
    )
    readonly_fields = (
        "page",
        "position",
        "article_link",
        "what",
        "text",
        "resolved_by",
        "resolved_at",
    )
    can_delete = False  # they go when a re-import no longer finds them
    verbose_name_plural = _("import warnings")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("page", "article", "resolved_by")

    def has_add_permission(self, request, obj=None):
        return False  # only the importer finds them

    @admin.display(description=_("kind"))
    def what(self, obj):
        return obj.kind_label

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
    form = IssueAdminForm

    class Media:
        # filters reachable on a phone; the pool's articles on a line each
        css = {"all": ["articles/admin/lists.css", "articles/admin/pool.css"]}

    list_display = (
        "date",
        "number",
        state,
        "published_at",
        "article_count",
        "is_published",
        public_link,
    )
    list_display_links = ("date", "number")
    list_filter = ("status", PublicationFilter)
    date_hierarchy = "date"
    ordering = ("-date",)
    search_fields = ("date", "number__exact")
    search_help_text = _("A date such as 2022-08-25 or 2022年8月25日, or an issue number.")
    inlines = (ArticleInline, PageInline, ImportWarningInline)
    readonly_fields = ("source_file", "source_sha256", "created", "updated")

    def get_urls(self):
        regions = self.admin_site.admin_view(page_regions_view(self))
        return [
            path("<path:object_id>/regions/", regions, name="articles_issue_regions"),
            *super().get_urls(),
        ]

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
    actions = ("publish_with_articles", "publish_at_with_articles", "unpublish_with_articles")

    def get_actions(self, request):
        return with_delete_last(super().get_actions(request))

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

    def get_fieldsets(self, request, obj=None):
        """Who makes issues up may draw articles from the pool into one, on its form."""
        fieldsets = super().get_fieldsets(request, obj)
        if not may_make_up_issues(request.user) or hasattr(request, "revert_target"):
            return fieldsets  # a revert restores the issue, and places nothing
        return (*fieldsets, (_("The pool"), {"fields": ("from_pool",)}))

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "from_pool" not in flatten_fieldsets(self.get_fieldsets(request, obj)):
            # a declared field is on the form whatever the fieldsets show: not to post here
            form.base_fields.pop("from_pool", None)
        lead = form.base_fields.get("lead")
        if lead is not None:  # absent when the form is read-only
            lead.queryset = obj.articles.order_by("position") if obj else Article.objects.none()
            # A lead is chosen among the issue's articles, not made or deleted from here.
            lead.widget.can_add_related = lead.widget.can_delete_related = False
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """The issue's checklist above its form, so problems are seen while making it up, and
        the way to its stories' regions on the page images for who makes issues up."""
        if obj is not None:
            context["checklist"] = issue_checklist(obj)
            context["may_edit_regions"] = self.has_change_permission(
                request, obj
            ) and may_make_up_issues(request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_readonly_fields(self, request, obj=None):
        """Only who may publish whole issues decides when an issue is public."""
        readonly = super().get_readonly_fields(request, obj)
        if may_publish_issues(request.user):
            return readonly
        return (*readonly, "status", "published_at")

    def save_model(self, request, obj, form, change):
        """A published issue without a publication time would never be shown: it goes public
        as one published from the list does (``going_public``)."""
        if obj.status == IssueStatus.PUBLISHED and obj.published_at is None:
            obj.published_at = going_public(obj.date)
            self.message_user(
                request,
                gettext("The publication time was empty: the issue goes public at %(time)s.")
                % {"time": to_the_minute(obj.published_at)},
                messages.INFO,
            )
        super().save_model(request, obj, form, change)

    @admin.action(
        description=_("Publish selected issues with all their articles"),
        permissions=["publish_issue"],
    )
    def publish_with_articles(self, request, queryset):
        """Publish each at its own time or the paper's morning hour of its day."""
        return self._publish_whole(request, queryset, "publish_with_articles")

    @admin.action(
        description=_("Publish selected issues with all their articles at a chosen time…"),
        permissions=["publish_issue"],
    )
    def publish_at_with_articles(self, request, queryset):
        """Publish at the time the chief editor picks, offered the paper's morning hour of
        the first issue's day."""
        first = queryset.order_by("date").first()
        if first is None:  # deleted meanwhile: nothing to publish
            return None
        form = answered(PublicationTimeForm, request, at=going_public(first.date))
        if not form.is_valid():
            return action_form(
                self,
                request,
                queryset,
                action="publish_at_with_articles",
                title=gettext("Publish at a chosen time"),
                form=form,
                rows=[f"{issue}（{state_label(issue)}）" for issue in queryset],
            )
        return self._publish_whole(
            request, queryset, "publish_at_with_articles", form.cleaned_data["at"]
        )

    def _publish_whole(self, request, queryset, action, at=None):
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
                    "action": action,
                    "at": at and timezone.localtime(at),
                    "action_checkbox_name": ACTION_CHECKBOX_NAME,
                }
                return TemplateResponse(
                    request, "admin/articles/issue/publish_checklist.html", context
                )
        self._whole_issues(request, queryset, partial(publish_issue, at=at))
        return None

    @admin.action(
        description=_("Unpublish selected issues with all their articles"),
        permissions=["publish_issue"],
    )
    def unpublish_with_articles(self, request, queryset):
        self._whole_issues(request, queryset, unpublish_issue)

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

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.cleaned_data.get("from_pool"):
            self._place_from_pool(request, form.instance, form.cleaned_data["from_pool"])

    def _place_from_pool(self, request, issue, chosen):
        """Place the ``chosen`` articles of the pool after the issue's last, in the order
        they were filed; one another editor placed since the form was checked stays where
        they put it, and is not named as placed."""
        with transaction.atomic():
            free = Article.objects.unplaced().select_for_update().filter(pk__in=chosen)
            placed = []
            for article in free.order_by("created", "pk"):
                article.issue = issue
                article.position = article.next_free_position()
                article.version += 1
                article.save()
                placed.append(article)
        if placed:
            self.message_user(
                request,
                gettext("Placed in this issue from the pool: %(titles)s.")
                % {"titles": "、".join(f"《{article.title}》" for article in placed)},
                messages.SUCCESS,
            )

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
