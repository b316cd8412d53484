"""User accounts in the admin: the chief editor manages them, but only a superuser makes one.

Django's user form lets whoever may change users tick "superuser status" or hand out single
permissions, which would let a chief editor lift themselves above the groups. Roles are the
groups the migrations made; those two fields stay with superusers. An account with a right
its manager lacks (a superuser's, or one given more than the chief editor's groups) is out
of their reach altogether (``manageable_accounts``): it is not listed, and each of its pages
is refused, or its password would make them its holder. Permissions are listed in the
reader's language (``permission_label``), not by the English names Django stores.

It also composes the issues' admin with the import: ``IssueImportAdmin`` (in
``newsroom.importing.admin``) is the paper's ``IssueAdmin`` plus the import's page and link,
registered in its place, so that ``articles`` depends on neither the import nor the theatre.
And its front page is the newsroom's: what waits for whoever signs in (``articles.dashboard``).
"""

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission, User
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Issue
from articles.permissions import grantable_groups, manageable_accounts, may_manage_user

from .importing.admin import IssueImportAdmin

SUPERUSER_ONLY_FIELDS = ("is_superuser", "user_permissions")
# Django stores its default permissions' names in English ("Can add article"): said again here,
# in the reader's language, from the model's own name.
DEFAULT_PERMISSIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def permission_label(permission: Permission) -> str:
    """A permission as the groups' and users' forms list it, translated: its app, its model
    and what it allows (ours are in the catalogue under the name they were declared with)."""
    model = permission.content_type.model_class()
    if model is None:  # a model no longer installed
        return str(permission)
    action, _sep, model_name = permission.codename.partition("_")
    if action in DEFAULT_PERMISSIONS and model_name == model._meta.model_name:
        allows = DEFAULT_PERMISSIONS[action] % {"model": model._meta.verbose_name}
    else:
        allows = gettext(permission.name)
    app = apps.get_app_config(model._meta.app_label).verbose_name
    return f"{app} | {model._meta.verbose_name} | {allows}"


def with_permission_labels(formfield):
    """``formfield`` (of permissions) listing them by ``permission_label``."""
    if formfield is not None:
        formfield.label_from_instance = permission_label
    return formfield


class ManageableUserList(ChangeList):
    """The list, and so what its actions act on, without the accounts the user may not manage."""

    def get_queryset(self, request, exclude_parameters=None):
        users = super().get_queryset(request, exclude_parameters)
        return manageable_accounts(request.user, users)


class NewsroomUserAdmin(UserAdmin):
    show_full_result_count = False  # "(N total)" would count the accounts left out of the list

    def get_changelist(self, request, **kwargs):
        return ManageableUserList

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._manages(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._manages(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._manages(request, obj)

    @staticmethod
    def _manages(request, account) -> bool:
        return account is None or may_manage_user(request.user, account)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return readonly
        return (*readonly, *SUPERUSER_ONLY_FIELDS)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = grantable_groups(request.user, Group.objects.all())
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        return (
            with_permission_labels(formfield) if db_field.name == "user_permissions" else formfield
        )

    def save_related(self, request, form, formsets, change):
        """Keep the groups the account has that this user could not have granted: the form
        offers only grantable ones, and would otherwise drop the rest unseen."""
        kept = list(
            form.instance.groups.exclude(pk__in=grantable_groups(request.user, Group.objects.all()))
        )
        super().save_related(request, form, formsets, change)
        form.instance.groups.add(*kept)


class NewsroomGroupAdmin(GroupAdmin):
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        return with_permission_labels(formfield) if db_field.name == "permissions" else formfield


admin.site.index_template = "admin/newsroom_index.html"
admin.site.unregister(User)
admin.site.register(User, NewsroomUserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, NewsroomGroupAdmin)
admin.site.unregister(Issue)  # registered by articles.admin, which IssueImportAdmin imports
admin.site.register(Issue, IssueImportAdmin)
