"""User accounts in the admin: the chief editor manages them, but only a superuser makes one.

Django's user form lets whoever may change users tick "superuser status" or hand out single
permissions, which would let a chief editor lift themselves above the groups. Roles are the
groups the migrations made; those two fields stay with superusers.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

SUPERUSER_ONLY_FIELDS = ("is_superuser", "user_permissions")


class NewsroomUserAdmin(UserAdmin):
    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return readonly
        return (*readonly, *SUPERUSER_ONLY_FIELDS)


admin.site.unregister(User)
admin.site.register(User, NewsroomUserAdmin)
