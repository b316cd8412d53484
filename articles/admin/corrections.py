"""Corrections (更正) in the admin: on their article's page and in a list of their own."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from newsroom.history_admin import GatedHistoryAdmin

from ..models import Correction
from .base import PartOfArticleAdmin, public_link


class CorrectionInline(admin.StackedInline):
    """The corrections (更正) readers see with a published article, oldest first."""

    model = Correction
    fields = ("published_at", "text")
    extra = 0
    verbose_name_plural = _("corrections (shown to readers with the article)")


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
