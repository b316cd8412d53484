"""Articles in the admin: the editing form that refuses to overwrite a version its editor
has not seen, bylines, the workflow's actions with their notes, and previews.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Prefetch
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from newsroom.history_admin import GatedHistoryAdmin, plain
from newsroom.kept_uploads import keep_upload, kept_upload
from newsroom.submit_once import SubmitOnceAdmin
from newsroom.times import to_the_minute

from ..models import Article, ArticleStatus, Byline, Correction, Page, state_label
from ..parts import render_parts_when_committed
from ..permissions import may_edit_article, may_transition
from ..presence import RENEW_SECONDS, gone, here
from ..states import TRANSITIONS
from ..workflow import transition
from .base import (
    PartOfArticleAdmin,
    PlacementFilter,
    PublicationFilter,
    PublicationTimeForm,
    action_form,
    answered,
    photo_preview,
    placement,
    state,
    with_delete_last,
)
from .corrections import CorrectionInline, stamp_new_corrections
from .preview import preview_link_view


def back_to(request) -> str | None:
    """The page of this site a workflow step was asked from (``next``: an article's own
    page), to return to once it is taken; None for the list."""
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return None


class NoteForm(forms.Form):
    """The note that goes with sending an article back, or the notice that replaces its text."""

    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}))


def has_permission_for(permission):
    """An admin ``has_<name>_permission`` method that asks for ``permission``."""

    def has_permission(self, request):
        return request.user.has_perm(permission)

    return has_permission


class OwnBylineForm(forms.ModelForm):
    """A byline of the article's form; the one filled in for its writer (``initial``) is
    saved as it stands unless taken away, where Django would take an untouched extra form
    for an empty one."""

    def has_changed(self):
        filled_in = self.instance.pk is None and bool(self.initial.get("author"))
        return super().has_changed() or filled_in


class BylineInline(admin.TabularInline):
    """Who signed the article, in printed order (记者 before 通讯员)."""

    model = Byline
    form = OwnBylineForm
    fields = ("author", "role", "order")
    autocomplete_fields = ("author",)
    extra = 1
    verbose_name_plural = _("bylines (authors in printed order)")


# What the article's form edits.
EDITED = (
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
# Of those, what is merged with another editor's save, field by field: all but the
# publication time and the photo. When the other save changed one of these, or the bylines
# posted are not those stored, nothing is merged and every difference is the editor's to
# choose.
UNMERGED = ("published_at", "photo")
MERGED = tuple(name for name in EDITED if name not in UNMERGED)
BYLINE_FIELDS = ("id", "author", "role", "order")


def field_value(row, name):
    """The value of field ``name`` of ``row`` (an article, a version, or a form's cleaned
    data), as stored: a related row by its key."""
    value = (
        row.get(name)
        if isinstance(row, dict)
        else getattr(row, Article._meta.get_field(name).attname)
    )
    if isinstance(value, models.Model):
        value = value.pk
    return value


def same(a, b) -> bool:
    """Equal as stored, text whatever its markup's spaces (CKEditor's own)."""
    if isinstance(a, str) and isinstance(b, str):
        return plain(a) == plain(b)
    return (a if a != "" else None) == (b if b != "" else None)


def display(value) -> str:
    """A value as the conflict screen shows it."""
    if value in (None, ""):
        return gettext("(empty)")
    return plain(value) if isinstance(value, str) else str(value)


class ArticleAdminForm(forms.ModelForm):
    """The article's form, which never saves over a version its editor has not seen without
    merging it: another editor's changes are kept, and where both changed a field the
    editor chooses (``_merge``)."""

    seen_version = forms.IntegerField(
        label=_("version opened"), widget=forms.HiddenInput, required=False
    )
    # A photo chosen in a post that was refused, kept for this one (newsroom.kept_uploads).
    kept_photo = forms.CharField(
        label=_("photo kept from the last try"), widget=forms.HiddenInput, required=False
    )
    # The record of that version in the history: what the form showed, to merge from.
    opened_record = forms.IntegerField(
        label=_("record of the version opened"), widget=forms.HiddenInput, required=False
    )

    class Meta:
        model = Article
        fields = EDITED

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "page" in self.fields:  # the pages of the article's own issue, not every issue's
            self.fields["page"].queryset = Page.objects.filter(issue=self.instance.issue_id)
        if self.instance.pk:
            # The version now stored: a restored old version is saved over the present one.
            self.fields["seen_version"].initial = self._stored_version()
            self.fields["seen_version"].required = True
            latest = self.instance.history.values_list("history_id", flat=True).first()
            self.fields["opened_record"].initial = latest

    def _stored_version(self, *, lock=False):
        articles = Article.objects.select_for_update() if lock else Article.objects
        return articles.filter(pk=self.instance.pk).values_list("version", flat=True).get()

    def clean(self):
        cleaned = super().clean()
        self.merged, self.conflicts, self.sides = [], [], []
        if not self.files.get(self.add_prefix("photo")) and cleaned.get("kept_photo"):
            kept = kept_upload(cleaned["kept_photo"])
            if kept is not None:
                cleaned["photo"] = kept
        if self.instance.pk and "seen_version" in cleaned:
            with transaction.atomic():  # the lock lasts as long as the admin's transaction
                self.stored_version = self._stored_version(lock=True)
            if cleaned["seen_version"] != self.stored_version:
                self._merge(cleaned)
            else:
                self._take_chosen(cleaned)
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

    def _merge(self, cleaned):
        """Another editor saved since this form was opened: what only they changed is taken
        (``merged``); what both changed, differently, is shown side by side (``conflicts``)
        for the editor to choose, field by field, and saving again keeps their choice. With
        no field changed by both, the save goes through, theirs and this editor's together."""
        opened = self.instance.history.filter(history_id=cleaned.get("opened_record")).first()
        stored = Article.objects.get(pk=self.instance.pk)
        if opened is not None and self._changed_beyond_merge(opened, stored):
            opened = None
        self.data = self.data.copy()
        self.data[self.add_prefix("seen_version")] = self.stored_version
        for name in MERGED:
            if name not in self.fields or name in self.errors:
                continue
            theirs, mine = field_value(stored, name), field_value(cleaned, name)
            # Without a record of what this editor saw, every difference is theirs to judge.
            before = field_value(opened, name) if opened is not None else object()
            if same(theirs, before) or same(mine, theirs):
                continue
            if same(mine, before):
                cleaned[name] = getattr(stored, name)
                self.data[self.add_prefix(name)] = theirs if theirs is not None else ""
                self.merged.append(self.fields[name].label)
            else:
                self.conflicts.append(name)
        if self.conflicts or opened is None:
            self.add_error(None, self._conflict_message())
        self.sides = [
            (self[name], display(getattr(stored, name)), display(cleaned.get(name)))
            for name in self.conflicts
        ]

    def _changed_beyond_merge(self, opened, stored) -> bool:
        """Whether the other save changed what is not merged (the publication time, the
        photo), or the bylines posted are not those stored now."""
        if any(not same(field_value(opened, n), field_value(stored, n)) for n in UNMERGED):
            return True
        prefix, posted = "bylines", set()
        for n in range(int(self.data.get(f"{prefix}-INITIAL_FORMS") or 0)):
            row = [self.data.get(f"{prefix}-{n}-{name}", "") for name in BYLINE_FIELDS]
            posted.add(tuple(str(value) for value in row))
        stored_bylines = Byline.objects.filter(article=stored).values_list(*BYLINE_FIELDS)
        return posted != {tuple(str(value) for value in row) for row in stored_bylines}

    def _take_chosen(self, cleaned):
        """The other editor's value of each field the editor chose it for on the conflict
        screen (``keep-<field>``: ``theirs``), as it is stored."""
        chosen = [name for name in MERGED if self.data.get(f"keep-{name}") == "theirs"]
        if chosen:
            stored = Article.objects.get(pk=self.instance.pk)
            for name in chosen:
                if name in self.fields:
                    cleaned[name] = getattr(stored, name)

    def _conflict_message(self):
        latest = self.instance.history.select_related("history_user").first()
        return format_html(
            '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
            gettext(
                "Someone else saved this article at %(time)s (%(user)s) and changed what you "
                "changed: nothing was saved. Choose below whose version of each field to keep, "
                "then save again; their other changes are kept."
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
        placement,
        "position",
        "section",
        "kind",
        "column",
        "series_with_number",
        "byline_summary",
        state,
        "is_published",
    )
    list_filter = (
        "status",
        PublicationFilter,
        PlacementFilter,
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
    actions = ("submit", "approve", "publish", "publish_at", "send_back", "withdraw")

    def get_actions(self, request):
        return with_delete_last(super().get_actions(request))

    kept_on_revert = ("published_at",)  # a revert restores contents, not publication
    fieldsets = (
        (
            _("Headline"),
            {
                "fields": ("title", "subtitles", "seen_version", "opened_record", "kept_photo"),
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
                    "belongs to, if any. An issue's pages are added on its own form. Without "
                    "an issue the article waits in the pool, where make-up finds it."
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
        js = ("articles/admin/unsaved-changes.js", "articles/admin/presence.js")
        css = {"all": ["articles/admin/lists.css"]}  # filters reachable on a phone

    has_submit_permission = has_permission_for(TRANSITIONS["submit"].permission)
    has_approve_permission = has_permission_for(TRANSITIONS["approve"].permission)
    has_publish_permission = has_permission_for(TRANSITIONS["publish"].permission)
    has_withdraw_permission = has_permission_for(TRANSITIONS["withdraw"].permission)

    def get_urls(self):
        view = self.admin_site.admin_view(preview_link_view(self))
        presence = self.admin_site.admin_view(self.presence_view)
        return [
            path("<path:object_id>/preview-link/", view, name="articles_article_preview_link"),
            path("<path:object_id>/presence/", presence, name="articles_article_presence"),
            *super().get_urls(),
        ]

    def presence_view(self, request, object_id):
        """The open form's renewal of its member's presence (``articles.presence``): who
        else has the article open, for whoever may open it."""
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return JsonResponse({"others": here(article.pk, request.user)})  # never cached: admin_view

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

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """A form shown again after a refused post keeps the photo it was given, and says so."""
        form = context["adminform"].form
        if request.method == "POST" and (kept := keep_upload(form, "photo", "kept_photo")):
            self.message_user(
                request,
                gettext("The photo %(name)s is kept: it is saved with the article when you save.")
                % {"name": kept},
                messages.INFO,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Offer as buttons the steps this user may take from the article's present state,
        publishing at a chosen time beside publishing now."""
        article = self.get_object(request, object_id)
        steps = [
            (name, transition.label)
            for name, transition in TRANSITIONS.items()
            if article is not None and may_transition(request.user, article, name)
        ]
        if any(name == "publish" for name, _label in steps):
            steps.append(("publish_at", gettext("Publish at a chosen time…")))
        extra_context = {**(extra_context or {}), "workflow_steps": steps}
        if article is not None and request.method == "GET":
            extra_context["editing_now"] = here(article.pk, request.user)
            extra_context["renew_seconds"] = RENEW_SECONDS
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
                        to_the_minute(change.at),
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
        return self._transition(request, queryset, "submit")

    @admin.action(description=TRANSITIONS["approve"].label, permissions=["approve"])
    def approve(self, request, queryset):
        return self._transition(request, queryset, "approve")

    @admin.action(description=TRANSITIONS["publish"].label, permissions=["publish"])
    def publish(self, request, queryset):
        return self._transition(request, queryset, "publish")

    @admin.action(description=_("Send back to draft, with a note"), permissions=["approve"])
    def send_back(self, request, queryset):
        return self._transition_with_note(
            request,
            queryset,
            "send_back",
            _("Note to the author"),
            _("Say what the author should change; the note is kept with the article's history."),
        )

    @admin.action(description=_("Withdraw, with a public notice"), permissions=["withdraw"])
    def withdraw(self, request, queryset):
        return self._transition_with_note(
            request,
            queryset,
            "withdraw",
            _("Public notice"),
            _(
                "Readers see this notice at the article's address in place of its text; the "
                "article leaves every list, feed and search."
            ),
        )

    @admin.action(description=_("Publish at a chosen time…"), permissions=["publish"])
    def publish_at(self, request, queryset):
        """Publish with the time the editor picks: ahead, it schedules the articles."""
        in_an_hour = timezone.localtime() + datetime.timedelta(hours=1)
        form = answered(PublicationTimeForm, request, at=in_an_hour.replace(minute=0, second=0))
        if form.is_valid():
            return self._transition(request, queryset, "publish", at=form.cleaned_data["at"])
        return self._ask(request, queryset, "publish_at", gettext("Publish at a chosen time"), form)

    def _transition_with_note(self, request, queryset, name, label, help_text):
        """Ask for the note on an intermediate page, then make the step with it."""
        form = answered(NoteForm, request)
        form.fields["note"].label, form.fields["note"].help_text = label, help_text
        if form.is_valid():
            return self._transition(request, queryset, name, form.cleaned_data["note"])
        return self._ask(request, queryset, name, TRANSITIONS[name].label, form)

    def _ask(self, request, queryset, action, title, form):
        rows = [f"{article.title}（{state_label(article)}）" for article in queryset]
        return action_form(
            self,
            request,
            queryset,
            action=action,
            title=title,
            form=form,
            rows=rows,
            back=back_to(request),
        )

    def _transition(self, request, queryset, name, note="", at=None):
        """Take step ``name`` for each article that may take it (publishing at ``at`` when
        given), say how many did and when those scheduled go public, and go back where the
        step was asked from: the article's page, or the list."""
        made = left = 0
        for article in queryset:
            if not may_transition(request.user, article, name):
                left += 1
                continue
            try:
                transition(article, name, request.user, note, at=at)
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
        if made and at is not None and at > timezone.now():
            self.message_user(
                request,
                gettext(
                    "Scheduled: readers see them from %(time)s, or from their issue's time "
                    "if that is later."
                )
                % {"time": to_the_minute(at)},
                messages.INFO,
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
        back = back_to(request)
        return HttpResponseRedirect(back) if back else None

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

    def get_formset_kwargs(self, request, obj, inline, prefix):
        """A new article is signed by who writes it, as a reporter, when their account is
        linked to an author (``Author.account``)."""
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        author = getattr(request.user, "author", None)
        if isinstance(inline, BylineInline) and obj.pk is None and author is not None:
            kwargs["initial"] = [{"author": author.pk, "role": Byline.Role.REPORTER, "order": 1}]
        return kwargs

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._sign_photographer(request, form.instance)
        # Last of the save, so after every change it made: readers find the page rendered.
        render_parts_when_committed(Article.objects.filter(pk=form.instance.pk))

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
            gone(obj.pk, request.user)
            obj.version = max(form.cleaned_data["seen_version"], form.stored_version) + 1
            if form.merged:
                self.message_user(
                    request,
                    gettext("Saved with another editor's changes to %(fields)s.")
                    % {"fields": "、".join(str(label) for label in form.merged)},
                    messages.INFO,
                )
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


@admin.register(Byline)
class BylineAdmin(PartOfArticleAdmin):
    list_display = ("article", "author", "role", "order")
    list_filter = ("role",)
    list_select_related = ("article", "author")
    search_fields = ("author__name", "article__title")
    autocomplete_fields = ("article", "author")
