"""User accounts in the admin: the chief editor manages them, but only a superuser makes one.

Django's user form lets whoever may change users tick "superuser status" or hand out single
permissions, which would let a chief editor lift themselves above the groups. Roles are the
groups the migrations made; those two fields stay with superusers. An account with a right
its manager lacks (a superuser's, or one given more than the chief editor's groups) is out
of their reach altogether (``manageable_accounts``): it is not listed, and each of its pages
is refused, or its password would make them its holder.

It also composes the issues' admin with the import: ``IssueImportAdmin`` (in
``newsroom.importing.admin``) is the paper's ``IssueAdmin`` plus the import's page and link,
registered in its place, so that ``articles`` depends on neither the import nor the theatre.
"""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User

from articles.models import Issue
from articles.permissions import grantable_groups, manageable_accounts, may_manage_user

from .importing.admin import IssueImportAdmin

SUPERUSER_ONLY_FIELDS = ("is_superuser", "user_permissions")


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
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        """Keep the groups the account has that this user could not have granted: the form
        offers only grantable ones, and would otherwise drop the rest unseen."""
        kept = list(
            form.instance.groups.exclude(pk__in=grantable_groups(request.user, Group.objects.all()))
        )
        super().save_related(request, form, formsets, change)
        form.instance.groups.add(*kept)


admin.site.unregister(User)
admin.site.register(User, NewsroomUserAdmin)
admin.site.unregister(Issue)  # registered by articles.admin, which IssueImportAdmin imports
admin.site.register(Issue, IssueImportAdmin)
