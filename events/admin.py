"""The editors' admin for the theatre programme: performances, their acts and performers.

A performance's page lists its acts; each act's own page edits who performs in it.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Act, ActPerformer, Performance, Performer, Programme

BRACKETS = "《》"


def credits_prefetch():
    """An act's performers in billed order, for lists that show them."""
    return Prefetch("credits", queryset=ActPerformer.objects.select_related("performer"))


def performer_names(act):
    if act.pk is None:
        return "-"
    return "、".join(credit.performer.name for credit in act.credits.all()) or "-"


class ActAdminForm(forms.ModelForm):
    """Catches the usual slips when a printed bill is typed in by hand."""

    class Meta:
        model = Act
        fields = ("performance", "order", "form", "title")
        error_messages = {
            "form": {"required": _("Give the form of the act, e.g. 相声 or 小品.")},
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
        title = self.cleaned_data["title"].strip().strip(BRACKETS).strip()
        self.brackets_removed = title != self.cleaned_data["title"].strip()
        if any(bracket in title for bracket in BRACKETS):
            raise forms.ValidationError(
                _(
                    "“%(value)s” has 《》 inside the title. Write one title without the "
                    "brackets; a second piece is a separate act."
                ),
                code="brackets_in_title",
                params={"value": self.cleaned_data["title"]},
            )
        return title


def report_removed_brackets(model_admin, request, forms_):
    """Tell the editor which titles lost their 《》, so the change is no surprise."""
    for form in forms_:
        if getattr(form, "brackets_removed", False):
            model_admin.message_user(
                request,
                gettext("The 《》 around “%(title)s” were removed: titles are kept without them.")
                % {"title": form.cleaned_data["title"]},
                messages.INFO,
            )


# Programmes -----------------------------------------------------------------------------


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
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
    fieldsets = (
        (None, {"fields": ("name", "slug")}),
        (
            _("Who and where"),
            {
                "fields": ("organiser", "operator", "address", "default_start_time"),
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
    """The bill of a performance; open an act to edit its performers."""

    model = Act
    form = ActAdminForm
    fields = ("order", "form", "title", "performers_list")
    readonly_fields = ("performers_list",)
    ordering = ("order",)
    show_change_link = True
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(credits_prefetch())

    @admin.display(description=_("performers"))
    def performers_list(self, obj):
        return performer_names(obj)


@admin.register(Performance)
class PerformanceAdmin(admin.ModelAdmin):
    list_display = ("date", "time", "programme", "act_count", "article_link")
    list_display_links = ("date", "time")
    list_filter = ("programme", "date")
    list_select_related = ("programme", "article")
    date_hierarchy = "date"
    ordering = ("-date", "-time")
    search_fields = ("programme__name", "acts__title", "acts__performers__name", "article__title")
    search_help_text = _("Searches programme names, act titles, performers and the article.")
    autocomplete_fields = ("article",)
    fields = ("programme", ("date", "time"), "article")
    inlines = (ActInline,)
    view_on_site = True

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(act_count=Count("acts"))

    @admin.display(description=_("acts"), ordering="act_count")
    def act_count(self, obj):
        return obj.act_count

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        report_removed_brackets(self, request, formset.forms)

    @admin.display(description=_("announced in"), ordering="article__title")
    def article_link(self, obj):
        if obj.article is None:
            return "-"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_article_change", args=[obj.article_id]),
            obj.article,
        )


# Acts and performers --------------------------------------------------------------------


class ActPerformerInline(admin.TabularInline):
    model = ActPerformer
    fields = ("performer", "order")
    autocomplete_fields = ("performer",)
    extra = 1
    verbose_name_plural = _("performers (in billed order, 逗哏 before 捧哏)")


@admin.register(Act)
class ActAdmin(admin.ModelAdmin):
    form = ActAdminForm
    list_display = ("performance", "order", "form", "title", "performers_list")
    list_filter = ("performance__programme", ("performance__date", admin.DateFieldListFilter))
    list_select_related = ("performance__programme",)
    search_fields = ("form", "title", "performers__name")
    autocomplete_fields = ("performance",)
    fields = ("performance", "order", "form", "title")
    inlines = (ActPerformerInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(credits_prefetch())

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        report_removed_brackets(self, request, [form])

    @admin.display(description=_("performers"))
    def performers_list(self, obj):
        return performer_names(obj)


@admin.register(Performer)
class PerformerAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "act_count")
    search_fields = ("name",)
    ordering = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug")
    view_on_site = True

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(act_count=Count("credits"))

    @admin.display(description=_("acts"), ordering="act_count")
    def act_count(self, obj):
        return obj.act_count
