"""The editors' admin for the theatre programme: performances, their acts and performers.

A performance is built on one page: its bill as inline acts, each with its piece (form and
title, typed as printed) and its performers (autocomplete, or added in place with "+").
Two actions ask a question on a page of their own before they change anything: duplicating
a performance to another date, and merging records of one performer.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.widgets import (
    AdminDateWidget,
    AdminTimeWidget,
    AutocompleteSelectMultiple,
    RelatedFieldWidgetWrapper,
)
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from newsroom.history_admin import GatedHistoryAdmin
from newsroom.submit_once import SubmitOnceAdmin

from .models import (
    Act,
    FormerPerformerSlug,
    Performance,
    Performer,
    Piece,
    Programme,
    strip_title_brackets,
)
from .services import duplicate_performance, merge_performers


def in_popup(request) -> bool:
    """Whether the admin page was opened from another's "+" (Django's related-object pop-up)."""
    return IS_POPUP_VAR in request.GET or IS_POPUP_VAR in request.POST


BRACKETS = "《》"
# Posted by an action's own page: the editor has answered its question, apply the action.
APPLY = "apply"


class BilledOrderAutocomplete(AutocompleteSelectMultiple):
    """Lists chosen performers in billed order (逗哏 before 捧哏), not alphabetically.

    ``billed`` are the performers the page already shows (those of the performance being
    edited): read once for the whole bill, instead of once per act as Django's widget does.
    Its copies in the act forms share that one queryset. Anyone else chosen, e.g. a performer
    just added with "+", is looked up.
    """

    def __init__(self, field, admin_site, billed, **kwargs):
        super().__init__(field, admin_site, **kwargs)
        self.billed = billed

    def optgroups(self, name, value, attr=None):
        chosen = [pk for pk in value if pk not in self.choices.field.empty_values]
        names = {str(performer.pk): str(performer) for performer in self.billed}
        unknown = [pk for pk in chosen if pk not in names]
        if unknown:
            names |= {str(p.pk): str(p) for p in self.choices.queryset.filter(pk__in=unknown)}
        options = [
            self.create_option(name, pk, names[pk], True, index)
            for index, pk in enumerate(pk for pk in chosen if pk in names)
        ]
        return [(None, options, 0)]


class BilledPerformersField(forms.ModelMultipleChoiceField):
    """The chosen performers as a list, in the order the editor put them."""

    def clean(self, value):
        chosen = {str(performer.pk): performer for performer in super().clean(value)}
        return [chosen[str(pk)] for pk in dict.fromkeys(value or ())]


def bare_title(typed):
    """The title without its 《》, or a clear error when the brackets hide a second title."""
    title = strip_title_brackets(typed)
    if any(bracket in title for bracket in BRACKETS):
        raise forms.ValidationError(
            _(
                "“%(value)s” has 《》 inside the title. Write one title without the "
                "brackets; a second piece is a separate act."
            ),
            code="brackets_in_title",
            params={"value": typed},
        )
    return title


class PerformanceAdminForm(forms.ModelForm):
    """A performance readers see stays announced by what they see: pointing it at an article
    not published yet (from its form or by restoring an old version) would take it off the
    programme, as an import is never allowed to."""

    def clean_article(self):
        article = self.cleaned_data["article"]
        shown = Performance.objects.visible().filter(pk=self.instance.pk).exists()
        if shown and article is not None and not article.is_published:
            raise ValidationError(
                _(
                    "Readers see this performance: it cannot be announced by an article they "
                    "do not see yet. Publish that article first."
                )
            )
        return article

    def clean(self):
        """An evening entered here without an article is public as soon as it is saved: its
        venue needs an address, without which search engines do not list an event. One
        already public is not held back by it (its bill may need a fix now)."""
        cleaned = super().clean()
        programme = cleaned.get("programme")
        becomes_public = self.instance._state.adding or self.instance.article_id is not None
        if (
            becomes_public
            and programme is not None
            and cleaned.get("article") is None
            and not programme.address
        ):
            self.add_error(
                "programme",
                _(
                    "%(venue)s has no address, and readers see an evening entered without an "
                    "article at once: add the address to the programme first."
                )
                % {"venue": programme},
            )
        return cleaned


class PieceAdminForm(forms.ModelForm):
    class Meta:
        model = Piece
        fields = ("form", "title")

    def clean_title(self):
        return bare_title(self.cleaned_data["title"])


class ActInlineForm(forms.ModelForm):
    """One act as printed: form, title and performers; catches the usual slips in typing."""

    form = forms.CharField(
        label=_("form"),
        max_length=Piece._meta.get_field("form").max_length,
        help_text=_("E.g. 相声, 快板书联唱, 小品."),
        error_messages={"required": _("Give the form of the act, e.g. 相声 or 小品.")},
    )
    title = forms.CharField(
        label=_("title"),
        max_length=Piece._meta.get_field("title").max_length,
        required=False,
        help_text=_("Without the 《》 brackets."),
    )
    performers = BilledPerformersField(
        label=_("performers"),
        queryset=Performer.objects.all(),
        required=False,
        help_text=_("In billed order: 逗哏 before 捧哏."),
    )

    class Meta:
        model = Act
        fields = ("order",)  # the piece and the performers are saved by hand, see save()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        if self.instance.pk:
            self.initial |= {
                "form": self.instance.piece.form,
                "title": self.instance.piece.title,
                "performers": [credit.performer_id for credit in self.instance.credits.all()],
            }

    def clean_form(self):
        form = self.cleaned_data["form"]
        if any(bracket in form for bracket in BRACKETS):
            raise forms.ValidationError(
                _(
                    "“%(value)s” contains a title in 《》: write only the form here "
                    "(e.g. 相声) and the title, without brackets, in the Title field."
                ),
                code="title_in_form",
                params={"value": form},
            )
        return form

    def clean_title(self):
        title = bare_title(self.cleaned_data["title"])
        self.brackets_removed = title != self.cleaned_data["title"].strip()
        return title

    def save(self, commit=True):
        form, title = self.cleaned_data["form"], self.cleaned_data["title"]
        self.instance.piece, _created = Piece.objects.get_or_create_printed(form, title)
        return super().save(commit)


class ActFormSet(forms.BaseInlineFormSet):
    """The bill as a whole: each act its own number; unnumbered acts go to the end."""

    def clean(self):
        super().clean()
        numbers = [
            form.cleaned_data.get("order")
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        numbered = [number for number in numbers if number is not None]
        repeated = sorted({number for number in numbered if numbered.count(number) > 1})
        if repeated:
            raise forms.ValidationError(
                _("Two acts have the number %(numbers)s: give each act its own number."),
                code="repeated_order",
                params={"numbers": "、".join(map(str, repeated))},
            )
        last = max(numbered, default=0)
        for form in self.forms:
            if form.cleaned_data and form.cleaned_data.get("order") is None:
                last += 1
                form.instance.order = form.cleaned_data["order"] = last


class DuplicatePerformanceForm(forms.Form):
    """Where the copy of a performance goes: another date, at the same time unless changed."""

    date = forms.DateField(label=_("new date"), widget=AdminDateWidget)
    time = forms.TimeField(
        label=_("time"),
        required=False,
        widget=AdminTimeWidget,
        help_text=_("Leave empty to keep the time of the performance."),
    )

    def __init__(self, *args, performance, **kwargs):
        super().__init__(*args, **kwargs)
        self.performance = performance

    def clean_time(self):
        return self.cleaned_data["time"] or self.performance.time


class MergePerformersForm(forms.Form):
    """Which of several records of one performer stays; the others are merged into it."""

    kept = forms.ModelChoiceField(
        label=_("record to keep"),
        queryset=Performer.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args, performers, **kwargs):
        """``performers``: the records chosen in the list, with their ``act_count``."""
        super().__init__(*args, **kwargs)
        self.fields["kept"].queryset = performers
        # the record billed most is usually the one readers know
        self.fields["kept"].initial = performers.order_by("-act_count", "name").first()


def action_page(model_admin, request, *, action, title, form, objects):
    """The page between choosing an action in a list and applying it, in the admin's look."""
    opts = model_admin.opts
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "title": title,
        "action": action,
        "apply": APPLY,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "form": form,
        "objects": objects,
        "media": model_admin.media + form.media,
    }
    request.current_app = model_admin.admin_site.name
    template = f"admin/{opts.app_label}/{opts.model_name}/{action}.html"
    return TemplateResponse(request, template, context)


# Programmes -----------------------------------------------------------------------------


@admin.register(Programme)
class ProgrammeAdmin(SubmitOnceAdmin):
    list_display = (
        "name",
        "organiser",
        "operator",
        "address",
        "default_start_time",
        "performance_count",
    )
    search_fields = ("name", "organiser", "operator")
    ordering = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # "www.x.cn" is https
    fieldsets = (
        (None, {"fields": ("name", "slug")}),
        (
            _("Who and where"),
            {
                "fields": (
                    "organiser",
                    "organiser_url",
                    "operator",
                    "address",
                    "free_admission",
                    "default_start_time",
                ),
                "description": _("As printed under the programme in the paper."),
            },
        ),
    )
    view_on_site = True

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(performance_count=Count("performances"))

    @admin.display(description=_("performances"), ordering="performance_count")
    def performance_count(self, obj):
        return obj.performance_count


# Performances ---------------------------------------------------------------------------


class ActInline(admin.TabularInline):
    """The bill of a performance, in order; renumber to reorder."""

    model = Act
    form = ActInlineForm
    formset = ActFormSet
    ordering = ("order", "pk")
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("piece").prefetch_related("credits")

    def get_formset(self, request, obj=None, **kwargs):
        performers = ActInlineForm.base_fields["performers"]
        field = BilledPerformersField(
            label=performers.label,
            queryset=performers.queryset,
            required=False,
            help_text=performers.help_text,
            widget=self.performers_widget(request, obj),
        )
        kwargs["form"] = type("ActInlineForm", (ActInlineForm,), {"performers": field})
        kwargs["fields"] = ActInlineForm.Meta.fields  # the rest are the form's own fields
        return super().get_formset(request, obj, **kwargs)

    def performers_widget(self, request, performance):
        """Autocomplete over all performers, with "+" to add one without leaving the page."""
        relation = Act._meta.get_field("performers")
        performer_admin = self.admin_site._registry[Performer]
        billed = (
            Performer.objects.filter(credits__act__performance=performance).distinct()
            if performance
            else Performer.objects.none()
        )
        return RelatedFieldWidgetWrapper(
            BilledOrderAutocomplete(relation, self.admin_site, billed),
            relation.remote_field,
            self.admin_site,
            can_add_related=performer_admin.has_add_permission(request),
            can_change_related=False,
            can_delete_related=False,
            can_view_related=False,
        )


@admin.register(Performance)
class PerformanceAdmin(SubmitOnceAdmin, GatedHistoryAdmin):
    list_display = ("date", "time", "programme", "act_count", "article_link")
    list_display_links = ("date", "time")
    list_filter = ("programme", "date")
    list_select_related = ("programme", "article")
    date_hierarchy = "date"
    ordering = ("-date", "-time")
    search_fields = (
        "programme__name",
        "acts__piece__form",
        "acts__piece__title",
        "acts__performers__name",
        "article__title",
    )
    search_help_text = _("Searches programme names, act titles, performers and the article.")
    autocomplete_fields = ("article",)
    form = PerformanceAdminForm
    fields = ("programme", ("date", "time"), "article")
    inlines = (ActInline,)
    actions = ("duplicate",)
    view_on_site = True

    class Media:
        css = {"all": ["admin/events/performance.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(act_count=Count("acts"))

    @admin.action(description=_("Duplicate to another date…"), permissions=["add"])
    def duplicate(self, request, queryset):
        """A rerun: the same bill on a new date, asked for on a page of its own."""
        chosen = list(queryset.with_acts()[:2])
        if len(chosen) != 1:
            message = gettext("Choose one performance to duplicate; it is copied to one date.")
            self.message_user(request, message, messages.WARNING)
            return None
        source = chosen[0]
        form = DuplicatePerformanceForm(
            request.POST if APPLY in request.POST else None, performance=source
        )
        if form.is_valid():
            try:
                copy = duplicate_performance(source, **form.cleaned_data)
            except ValidationError as clash:
                form.add_error(None, clash)
            else:
                self.log_addition(request, copy, [{"added": {}}])
                message = gettext(
                    "“%(source)s” was copied to %(copy)s with its acts. "
                    "No article announces the copy yet."
                )
                self.message_user(
                    request, message % {"source": source, "copy": copy}, messages.SUCCESS
                )
                return redirect(reverse("admin:events_performance_change", args=[copy.pk]))
        return action_page(
            self,
            request,
            action="duplicate",
            title=gettext("Duplicate a performance to another date"),
            form=form,
            objects=[source],
        )

    @admin.display(description=_("acts"), ordering="act_count")
    def act_count(self, obj):
        return obj.act_count

    def save_formset(self, request, form, formset, change):
        if formset.model is not Act:
            return super().save_formset(request, form, formset, change)
        replaced_pieces = [act.piece_id for act in formset.get_queryset()]
        super().save_formset(request, form, formset, change)
        for act_form in formset.forms:
            act = act_form.instance
            if act.pk and act_form.cleaned_data and not act_form.cleaned_data.get("DELETE"):
                act.set_performers(act_form.cleaned_data["performers"])
                if getattr(act_form, "brackets_removed", False):
                    self.report_removed_brackets(request, act.piece.title)
        form.instance.renumber_acts()
        Piece.objects.filter(pk__in=replaced_pieces).delete_unused()

    def report_removed_brackets(self, request, title):
        """Tell the editor which titles lost their 《》, so the change is no surprise."""
        message = gettext("The 《》 around “%(title)s” were removed: titles are kept without them.")
        self.message_user(request, message % {"title": title}, messages.INFO)

    @admin.display(description=_("announced in"), ordering="article__title")
    def article_link(self, obj):
        if obj.article is None:
            return "-"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_article_change", args=[obj.article_id]),
            obj.article,
        )


# Pieces and performers ------------------------------------------------------------------


@admin.register(Piece)
class PieceAdmin(SubmitOnceAdmin):
    """Correcting a piece's title here corrects it in every act that performs it."""

    form = PieceAdminForm
    list_display = ("form", "title", "act_count")
    list_filter = ("form",)
    search_fields = ("form", "title")
    ordering = ("form", "title")
    fields = ("form", "title")

    def view_on_site(self, obj):
        """Only a titled piece has a page: untitled 魔术 acts are not one piece."""
        return obj.get_absolute_url() if obj.title else None

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(act_count=Count("acts"))

    @admin.display(description=_("acts"), ordering="act_count")
    def act_count(self, obj):
        return obj.act_count


class FormerSlugInline(admin.TabularInline):
    """Addresses of performer records merged into this one, which lead readers here."""

    model = FormerPerformerSlug
    fields = ("slug",)
    extra = 0


@admin.register(Performer)
class PerformerAdmin(SubmitOnceAdmin):
    inlines = (FormerSlugInline,)
    list_display = ("name", "slug", "act_count")
    search_fields = ("name",)
    ordering = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug")
    actions = ("merge",)
    view_on_site = True

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(act_count=Count("credits"))

    def get_fields(self, request, obj=None):
        """One added from an act's bill (the pop-up) is given a name only: its address
        follows from it, as it does when left blank here."""
        return ("name",) if in_popup(request) else self.fields

    def get_prepopulated_fields(self, request, obj=None):
        return {} if in_popup(request) else self.prepopulated_fields

    @admin.display(description=_("acts"), ordering="act_count")
    def act_count(self, obj):
        return obj.act_count

    def has_merge_permission(self, request):
        """Merging changes one record and deletes the others: it needs both rights.

        (An action's ``permissions`` would let either one do.)
        """
        return self.has_change_permission(request) and self.has_delete_permission(request)

    @admin.action(description=_("Merge performers…"), permissions=["merge"])
    def merge(self, request, queryset):
        """One person entered twice (a typo, a variant name) becomes one record, acts and all."""
        if queryset.count() < 2:
            message = gettext("Choose two or more records of the same performer to merge.")
            self.message_user(request, message, messages.WARNING)
            return None
        form = MergePerformersForm(
            request.POST if APPLY in request.POST else None, performers=queryset
        )
        if not form.is_valid():
            return action_page(
                self,
                request,
                action="merge",
                title=gettext("Merge records of one performer"),
                form=form,
                objects=queryset,
            )
        kept = form.cleaned_data["kept"]
        merged = list(queryset.exclude(pk=kept.pk))
        with transaction.atomic():
            self.log_deletions(request, merged)
            moved = merge_performers(kept, merged)
            summary = ngettext(
                "%(merged)s merged into %(kept)s: %(count)d act moved over.",
                "%(merged)s merged into %(kept)s: %(count)d acts moved over.",
                moved,
            ) % {"merged": "、".join(p.name for p in merged), "kept": kept, "count": moved}
            self.log_change(request, kept, summary)
        self.message_user(request, summary, messages.SUCCESS)
        return None
