"""Admin forms that save once, however often the same page is posted.

A save can commit and its page still fail (a lost connection, a proxy's timeout, an error
after the commit); the editor, shown an error, posts the form again, and without a guard
the paper would hold the same correction twice. So every admin change form (add and
change: a change form's inline rows are new rows too) carries a fresh random token in a
hidden field, and the token of a post that saved is recorded in the save's own
transaction. A post whose token is recorded is not saved again: it leads to what the first
post saved (when the editor may open it) and says so. Two posts of one page at the same
moment cannot both save: the token is the record's primary key, so the second insert fails
and its whole save is rolled back.

A post without a token (a tab opened before this guard, a script), or with one that is not
a UUID, is saved as before. Records older than ``KEPT_FOR`` are deleted whenever a new one
is written: one indexed delete, usually of nothing.
"""

import datetime
import uuid

from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.template.loader import select_template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from .models import FormSubmission

TOKEN_FIELD = "_submission_token"
TEMPLATE = "admin/submit_once/change_form.html"
KEPT_FOR = datetime.timedelta(days=7)  # far longer than anyone waits before a retry


class AlreadySaved(Exception):
    """Raised inside the admin's transaction to roll back a save that another post of the
    same form made first."""


def posted_token(request) -> uuid.UUID | None:
    """The token a POST carries; None for other requests and for a missing or malformed one."""
    if request.method != "POST":
        return None
    try:
        return uuid.UUID(request.POST.get(TOKEN_FIELD, ""))
    except ValueError:
        return None


def saved_submission(token) -> FormSubmission | None:
    """The record of a save made with ``token``, if one was made (and committed)."""
    return FormSubmission.objects.select_related("content_type").filter(token=token).first()


def record_submission(request, token, obj) -> None:
    """Record that ``obj`` was saved by the post carrying ``token``, in the save's transaction.

    Raises ``AlreadySaved`` when another post with the token got there first (it waits for
    that one to commit, on PostgreSQL, and then fails on the primary key).
    """
    now = timezone.now()
    try:
        with transaction.atomic():  # a savepoint: a failed insert leaves the rest usable
            FormSubmission.objects.filter(created_at__lt=now - KEPT_FOR).delete()
            FormSubmission.objects.create(
                token=token,
                user=request.user if request.user.is_authenticated else None,
                created_at=now,
                content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
                object_id=str(obj.pk),
            )
    except IntegrityError as duplicate:
        raise AlreadySaved from duplicate


class SubmitOnceAdmin(admin.ModelAdmin):
    """A ModelAdmin whose change and add forms each save once per page shown (see above)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        token = posted_token(request)
        if token is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        submission = saved_submission(token)
        if submission is not None and self.may_post(request, object_id):
            return self.already_saved(request, submission)
        request.submission_token = token  # read by render_change_form and response_*
        try:
            # Django's changeform_view saves inside transaction.atomic: an exception raised
            # in it rolls this post's save back before it reaches here.
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (AlreadySaved, IntegrityError):
            # Lost a race with another post of the same page; anything else is re-raised.
            submission = saved_submission(token)
            if submission is None:
                raise
            return self.already_saved(request, submission)

    def may_post(self, request, object_id) -> bool:
        """Whether this user may post this form: who may not is refused as without a token."""
        if object_id is None:
            return self.has_add_permission(request)
        obj = self.get_object(request, unquote(object_id))
        return obj is not None and self.has_change_permission(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """The form with its token: a fresh one, or the posted one when a post is shown
        again with its errors."""
        token = getattr(request, "submission_token", None)
        if token is not None and saved_submission(token) is not None:
            # A post of the same page saved while this one waited (for a row lock, say) and
            # this one now fails to validate against what that one saved.
            raise AlreadySaved
        response = super().render_change_form(request, context, add, change, form_url, obj)
        names = response.template_name
        response.context_data |= {
            "submission_token": token or uuid.uuid4(),
            "submission_token_field": TOKEN_FIELD,
            "submit_once_parent": select_template([names] if isinstance(names, str) else names),
        }
        response.template_name = TEMPLATE
        return response

    def response_add(self, request, obj, post_url_continue=None):
        self._record(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self._record(request, obj)
        return super().response_change(request, obj)

    def _record(self, request, obj):
        token = getattr(request, "submission_token", None)
        if token is not None:
            record_submission(request, token, obj)

    def already_saved(self, request, submission):
        """Lead to what the first post saved, if this user may open it; else to the list."""
        self.message_user(
            request,
            gettext("This form had already been saved; it was not saved again."),
            messages.WARNING,
        )
        return HttpResponseRedirect(self._saved_object_url(request, submission))

    def _saved_object_url(self, request, submission):
        model = submission.content_type.model_class()
        model_admin = self.admin_site._registry.get(model)
        if model_admin is not None:
            # get_object asks the admin's queryset, which holds only what the user may see.
            obj = model_admin.get_object(request, str(submission.object_id))
            if obj is not None and model_admin.has_view_or_change_permission(request, obj):
                return self._admin_url(model, "change", quote(obj.pk))
        if self.has_view_or_change_permission(request):
            return self._admin_url(self.model, "changelist")
        return reverse("admin:index", current_app=self.admin_site.name)

    def _admin_url(self, model, view, *args):
        name = admin_urlname(model._meta, view)
        return reverse(name, args=args, current_app=self.admin_site.name)
