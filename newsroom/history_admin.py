"""An object's history in the admin, behind the same rules as its change form.

django-simple-history's views ask only whether the user may view or change the kind of
object, and its "Revert" saves every field of the old row, the workflow's state included.
Here the history of an object is shown only to whoever may open the object itself, a
revert is an edit (it needs the right to change that object as it is now), and it
restores only what the change form edits: the state, the publication time and every
field the form does not show stay as they are, since a state changes only by a recorded
step of the workflow. The restored version is saved as a new one, signed by the editor.

Its changes read as an editor reads text (``ReadableChanges``): what changed in a headline
or a body is shown as the words taken out and put in, of the text as readers read it (the
markup taken away), with a little of what stands around them; a save that changed only the
markup (CKEditor's whitespace) shows no change of the text. Any two versions can be put side
by side the same way (``?compare=<one>&with=<other>`` on the history page).
"""

import html
import re
from difflib import SequenceMatcher

import rjieba
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME
from simple_history.template_utils import HistoricalRecordContextHelper

from .times import to_the_minute

CONTEXT_CHARS = 20  # of unchanged text shown on each side of a change


def plain(value: str) -> str:
    """Text as readers read it: without markup, entities read, whitespace as one space."""
    return re.sub(r"\s+", " ", html.unescape(strip_tags(value))).strip()


def text_changes(old: str, new: str):
    """The words of ``new`` that differ from ``old``, each run taken out in ``<del>`` and put
    in in ``<ins>``, with ``CONTEXT_CHARS`` of what stands around them; None when the words
    readers read are the same, whatever the spaces between them. Words are cut as jieba cuts
    Chinese."""
    before, after = list(rjieba.cut(plain(old or ""))), list(rjieba.cut(plain(new or "")))
    if [w for w in before if not w.isspace()] == [w for w in after if not w.isspace()]:
        return None  # a space between paragraphs is the markup's, not the text's
    runs = SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    shown = []
    for n, (tag, i1, i2, j1, j2) in enumerate(runs):
        if tag == "equal":
            shown.append(escape(unchanged("".join(before[i1:i2]), n == 0, n == len(runs) - 1)))
            continue
        if i2 > i1:
            shown.append(format_html("<del>{}</del>", "".join(before[i1:i2])))
        if j2 > j1:
            shown.append(format_html("<ins>{}</ins>", "".join(after[j1:j2])))
    return mark_safe("".join(shown))  # each piece escaped above


def unchanged(text: str, first: bool, last: bool) -> str:
    """A run of text that did not change, cut to what stands next to the changes."""
    head = "" if first else text[:CONTEXT_CHARS]
    tail = "" if last else text[-CONTEXT_CHARS:]
    if len(text) <= len(head) + len(tail) + 1:
        return text
    return f"{head}…{tail}"


class ReadableChanges(HistoricalRecordContextHelper):
    """A version's changes as an editor reads them: text as words taken out and put in (or
    nothing, when only the markup changed), other values as they were and are."""

    def context_for_delta_changes(self, delta):
        shown = []
        for change in delta.changes:
            field = self.model._meta.get_field(change.field)
            if field.choices:
                labels = dict(field.flatchoices)
                shown.append(
                    {
                        "field": capfirst(field.verbose_name),
                        "old": labels.get(change.old, change.old),
                        "new": labels.get(change.new, change.new),
                    }
                )
            elif isinstance(change.old or "", str) and isinstance(change.new or "", str):
                words = text_changes(change.old, change.new)
                if words is not None:
                    shown.append({"field": capfirst(field.verbose_name), "words": words})
            else:
                formatted = self.format_delta_change(change)
                shown.append({"field": formatted.field, "old": formatted.old, "new": formatted.new})
        return shown


class GatedHistoryAdmin(SimpleHistoryAdmin):
    # Fields the change form may edit that a revert still leaves as they are: the workflow's.
    kept_on_revert: tuple[str, ...] = ()
    object_history_template = "admin/newsroom_history.html"
    object_history_list_template = "admin/newsroom_history_list.html"

    def history_view(self, request, object_id, extra_context=None):
        obj = self.object_for_history(request, object_id)
        compared = self.compared_versions(request, obj)
        return super().history_view(request, object_id, {**(extra_context or {}), **compared})

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, **kwargs):
        """Each version's changes; None for the last of a page, whose older one is on the
        next (the first version says so instead)."""
        for record in historical_records:
            record.history_delta_changes = None
        super().set_history_delta_changes(request, historical_records, **kwargs)

    def compared_versions(self, request, obj) -> dict:
        """Two versions of ``obj`` chosen on its history page (``compare`` and ``with``, by
        their history ids), older first, and their changes; none when not both are its."""
        chosen = [request.GET.get("compare", ""), request.GET.get("with", "")]
        if not all(value.isdigit() for value in chosen):
            return {}
        versions = list(obj.history.filter(history_id__in=chosen).order_by("history_date"))
        if len(versions) != 2:
            return {}
        older, newer = versions
        helper = self.get_historical_record_context_helper(request, newer)
        changes = helper.context_for_delta_changes(newer.diff_against(older))
        return {"compared": {"older": older, "newer": newer, "changes": changes}}

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
                "time": to_the_minute(version.history_date)
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
