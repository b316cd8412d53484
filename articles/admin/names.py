"""Sections, columns, series and authors in the admin: names with slugs, and how many
articles carry each.
"""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from newsroom.submit_once import SubmitOnceAdmin

from ..models import Author, Column, Section, Series
from .base import photo_preview


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
    fields = ("name", "slug", "is_pen_name", "account", "bio", ("photo", photo_preview))
    readonly_fields = (photo_preview,)
    article_lookup = "bylines__article"
