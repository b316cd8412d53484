"""An object's history in the admin, behind the same rules as its change form.

django-simple-history's views ask only whether the user may view or change the kind of
object, and its "Revert" saves every field of the old row, the workflow's state included.
Here the history of an object is shown only to whoever may open the object itself, a
revert is an edit (it needs the right to change that object as it is now), and it
restores only what the change form edits: the state, the publication time and every
field the form does not show stay as they are, since a state changes only by a recorded
step of the workflow. The restored version is saved as a new one, signed by the editor.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME


class GatedHistoryAdmin(SimpleHistoryAdmin):
    # Fields the change form may edit that a revert still leaves as they are: the workflow's.
    kept_on_revert: tuple[str, ...] = ()

    def history_view(self, request, object_id, extra_context=None):
        self.object_for_history(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        current = self.object_for_history(request, object_id)
        if request.method == "POST" and not self.has_change_permission(request, current):
            raise PermissionDenied
        request.revert_target = current  # read by get_form and the permission checks below
        return super().history_form_view(request, object_id, version_id, extra_context)

    def object_for_history(self, request, object_id):
        """The object as it is now, if this user may open it; 404 as for a missing one.

        A deleted object's history is not shown: there is nothing to open or restore onto.
        """
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(gettext("No such object."))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def has_change_history_permission(self, request, obj=None):
        """Asked of the object as it is now, not of the old version being looked at."""
        return super().has_change_history_permission(
            request, getattr(request, "revert_target", obj)
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        current = getattr(request, "revert_target", None)
        if current is None or obj is None:
            return form
        return reverting_form(form, current, self.kept_on_revert)


def reverting_form(form_class, current, kept_on_revert):
    """``form_class`` filled with an old version of ``current``, but for what it keeps: the
    fields the form does not edit, and ``kept_on_revert``."""

    class RevertForm(form_class):
        def __init__(self, *args, instance, **kwargs):
            edited = set(self.base_fields) - set(kept_on_revert)
            for field in instance._meta.concrete_fields:
                if field.name not in edited:
                    setattr(instance, field.attname, getattr(current, field.attname))
            version = getattr(instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME)
            instance._change_reason = gettext("Restored the version of %(time)s.") % {
                "time": timezone.localtime(version.history_date).strftime("%Y-%m-%d %H:%M")
            }
            super().__init__(*args, instance=instance, **kwargs)
            for name in kept_on_revert:
                if name in self.fields:  # shown as it is now, whatever is posted
                    self.fields[name].disabled = True

        def _post_clean(self):
            super()._post_clean()
            for name in kept_on_revert:  # exactly as stored, not as a form field rounds it
                attname = self.instance._meta.get_field(name).attname
                setattr(self.instance, attname, getattr(current, attname))

    return RevertForm
