"""What the paper's admin pages share: links to reader pages, thumbnails, and the rule for
the rows that belong to one article.
"""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from newsroom.submit_once import SubmitOnceAdmin

from ..models import Article, state_label
from ..permissions import editable_articles, may_edit_article


def with_delete_last(actions: dict) -> dict:
    """The list's actions with "delete selected" last: the paper's steps come first, so the
    first choice in the menu publishes or submits, and never deletes."""
    delete = actions.pop("delete_selected", None)
    return actions | ({"delete_selected": delete} if delete else {})


@admin.display(description=_("status"), ordering="status")
def state(obj):
    """The status, or "scheduled" with its time while published but not yet due."""
    return state_label(obj)


class PublicationFilter(admin.SimpleListFilter):
    """Articles or issues by what readers see of them: public now, or scheduled."""

    title = _("readers")
    parameter_name = "readers"

    def lookups(self, request, model_admin):
        return [("public", _("Public")), ("scheduled", _("Scheduled"))]

    def queryset(self, request, queryset):
        if self.value() == "public":
            return queryset.published()
        if self.value() == "scheduled":
            return queryset.scheduled()
        return queryset


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
