"""What the paper's admin pages share: links to reader pages, thumbnails, and the rule for
the rows that belong to one article.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.widgets import AdminSplitDateTime
from django.template.response import TemplateResponse
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


class PublicationTimeForm(forms.Form):
    """When what a publish action publishes goes public, as the editor chooses it."""

    at = forms.SplitDateTimeField(
        label=_("Public from"),
        widget=AdminSplitDateTime,
        help_text=_(
            "Asia/Shanghai. Readers see it from this moment on: a time ahead schedules it, "
            "and it appears by itself at that time."
        ),
    )


def action_form(model_admin, request, objects, *, action, title, form, rows, back=None):
    """The page between choosing ``action`` on ``objects`` and doing it, which asks for
    ``form`` and posts the action again with ``apply`` and the answer."""
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": model_admin.model._meta,
        "objects": objects,
        "rows": rows,
        "action": action,
        "form": form,
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        "next": back,
    }
    return TemplateResponse(request, "admin/articles/action_form.html", context)


def answered(form_class, request, **initial):
    """``form_class`` bound to the post when it answers an action's page, else unbound with
    ``initial`` to ask."""
    if "apply" in request.POST:
        return form_class(request.POST)
    return form_class(initial=initial)


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


class PlacementFilter(admin.SimpleListFilter):
    """Articles by whether make-up has placed them in an issue, or they wait in the pool."""

    title = _("placement")
    parameter_name = "placed"

    def lookups(self, request, model_admin):
        return [("no", _("In the pool (no issue)")), ("yes", _("In an issue"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.unplaced()
        if self.value() == "yes":
            return queryset.exclude(issue=None)
        return queryset


@admin.display(description=_("issue"), ordering="issue__date")
def placement(article):
    """The article's issue, or that it waits in the pool."""
    return str(article.issue) if article.issue_id else gettext("In the pool")


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
