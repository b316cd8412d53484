"""Import a printed issue from the admin: upload, read the plan, confirm.

The same reading, plan and loading as ``manage.py import_issue``. Between preview and confirm
the file travels in the page itself, signed, with the changes the preview asked to confirm,
so nothing is stored until the editor confirms, and a tampered or stale form is refused. The
loader makes the plan again: work done since the preview is never lost unseen.

The page hangs under the issues' admin (``admin/articles/issue/import/``, URL name
``articles_issue_import``) through ``IssueImportAdmin``, the paper's ``IssueAdmin`` with the
import added, which ``newsroom/admin.py`` registers in its place: the paper's app knows
nothing of its import.
"""

import base64
import datetime

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.admin.issues import IssueAdmin
from articles.models import Issue
from articles.permissions import may_import, may_replace_on_import

from .decoding import DecodeError
from .issue_file import checksum, read_issue
from .loader import load_issue
from .pages import MAX_PAGE_NUMBER, PageError, PrintedPage, page_to_import
from .parser import ParseError
from .plan import ImportRefused, plan_import
from .report import describe_outcome, describe_plan, describe_warning

MAX_ISSUE_FILE_BYTES = 2 * 1024 * 1024  # a printed page is some 20 KB of text
SIGNING_SALT = "articles.admin_import"  # the module's old name: kept, so previews stay valid
CONFIRM_WITHIN = datetime.timedelta(hours=1)
PUBLISHING_REFUSED = _(
    "Only who may publish whole issues imports them published: import them as drafts."
)
SINCE_PREVIEW = _(
    "Nothing was imported: since the preview, it would also delete or overwrite the work "
    "listed below. Check it, and confirm again."
)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("issue file"),
        help_text=_("The text of one printed page, as OCR'd: UTF-8 or GB18030."),
    )
    date = forms.DateField(
        label=_("issue date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty to take it from the text."),
    )
    page = forms.IntegerField(
        label=_("page number"),
        required=False,
        min_value=1,
        max_value=MAX_PAGE_NUMBER,
        help_text=_(
            "Which page (版) of the issue the file is. Leave empty for the page its header "
            "names, else the page this file was imported as, else the page after the "
            "issue's last."
        ),
    )
    page_name = forms.CharField(
        label=_("page name"),
        required=False,
        max_length=50,
        help_text=_("E.g. 社区新闻; with a page number."),
    )
    draft = forms.BooleanField(
        label=_("import as drafts"),
        required=False,
        initial=True,
        help_text=_("Readers see nothing until the issue and its articles are published."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not may_import(user, published=True):  # drafts only: nothing to choose
            self.fields["draft"].widget = forms.HiddenInput()

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        if upload.size > MAX_ISSUE_FILE_BYTES:
            raise forms.ValidationError(
                _("%(name)s is larger than 2 MB: it is not the text of one page."),
                params={"name": upload.name},
            )
        if not cleaned["draft"] and not may_import(self.user, published=True):
            raise forms.ValidationError(PUBLISHING_REFUSED)
        number, name = cleaned.get("page"), (cleaned.get("page_name") or "").strip()
        if name and number is None:
            raise forms.ValidationError({"page_name": _("Give the page number with its name.")})
        page = PrintedPage(number, name) if number else None
        self.upload = Upload(
            upload.name, upload.read(), cleaned.get("date"), cleaned["draft"], page=page
        )
        self.parsed = self.upload.read()
        return cleaned


class ConfirmForm(forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)
    replace = forms.BooleanField(required=False)  # the preview's confirmation box

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.parsed = None  # until the payload is read

    def clean_payload(self):
        try:
            self.upload = Upload.from_payload(self.cleaned_data["payload"])
        except signing.SignatureExpired as exc:
            raise forms.ValidationError(
                _("This preview is more than an hour old: upload the file again.")
            ) from exc
        except signing.BadSignature as exc:
            raise forms.ValidationError(
                _("This preview was changed after it was made: upload the file again.")
            ) from exc
        self.parsed = self.upload.read()
        return self.cleaned_data["payload"]

    def clean(self):
        cleaned = super().clean()
        if self.parsed is None:
            return cleaned
        if not self.upload.draft and not may_import(self.user, published=True):
            raise forms.ValidationError(PUBLISHING_REFUSED)
        if self.upload.confirm and not may_replace_on_import(self.user):
            raise forms.ValidationError(
                _(
                    "You may not confirm deleting or overwriting work: ask someone who may "
                    "delete articles."
                )
            )
        if self.upload.confirm and not cleaned.get("replace"):
            raise forms.ValidationError(
                _("Tick the confirmation to delete or overwrite the work listed.")
            )
        return cleaned


class Upload:
    """An uploaded issue file with the editor's choices, readable again after a round trip;
    ``page``: the page it is, once given or decided by the preview; ``confirm``: the keys of
    the changes its preview listed for confirmation."""

    def __init__(self, name, data, date, draft, confirm=(), page=None):
        self.name, self.data, self.date, self.draft = name, data, date, draft
        self.confirm = list(confirm)
        self.page = page

    def read(self):
        """The parse, or a form error: one line naming the file and what is wrong with it."""
        try:
            parsed, self.encoding = read_issue(self.data, source=self.name, issue_date=self.date)
            self.page = page_to_import(self.page, parsed.page)
        except (DecodeError, ParseError, PageError) as exc:
            raise forms.ValidationError(f"{self.name}: {exc}") from exc
        return parsed

    def payload(self) -> str:
        return signing.dumps(
            {
                "name": self.name,
                "data": base64.b64encode(self.data).decode("ascii"),
                "date": self.date.isoformat() if self.date else None,
                "draft": self.draft,
                "confirm": self.confirm,
                "page": [self.page.number, self.page.name] if self.page else None,
            },
            salt=SIGNING_SALT,
            compress=True,
        )

    @classmethod
    def from_payload(cls, payload: str) -> "Upload":
        values = signing.loads(payload, salt=SIGNING_SALT, max_age=CONFIRM_WITHIN)
        date = datetime.date.fromisoformat(values["date"]) if values["date"] else None
        data = base64.b64decode(values["data"])
        page = PrintedPage(*values["page"]) if values.get("page") else None
        return cls(values["name"], data, date, values["draft"], values.get("confirm", ()), page)


def import_issue_view(model_admin):
    """The admin view behind Issues › Import an issue file (wrapped by ``admin_view``)."""

    def view(request):
        if not may_import(request.user):
            raise PermissionDenied
        context = {
            **model_admin.admin_site.each_context(request),
            "opts": Issue._meta,
            "title": gettext("Import an issue file"),
        }

        def page(form, **more):
            return TemplateResponse(
                request, "admin/importing/import_issue.html", {**context, "form": form, **more}
            )

        if request.method == "POST" and "payload" in request.POST:
            confirm = ConfirmForm(request.POST, user=request.user)
            if confirm.is_valid():
                try:
                    return confirmed(request, model_admin, confirm.upload, confirm.parsed)
                except ImportRefused as refusal:  # work done since the preview: show it
                    shown = preview(request, confirm.upload, confirm.parsed, refusal.plan)
                    errors = [gettext(SINCE_PREVIEW)] if refusal.changes else []
                    return page(UploadForm(user=request.user), **shown, confirm_errors=errors)
            errors = [*confirm.errors.get("payload", []), *confirm.non_field_errors()]
            shown = preview(request, confirm.upload, confirm.parsed) if confirm.parsed else {}
            return page(UploadForm(user=request.user), **shown, confirm_errors=errors)
        form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            return page(form, **preview(request, form.upload, form.parsed))
        return page(form)

    return view


def preview(request, upload, parsed, plan=None) -> dict:
    """What the editor checks before confirming: where the file goes, how its date was
    decided, every change, the work it would delete or overwrite, and the warnings."""
    plan = plan or plan_import(
        parsed,
        sha256=checksum(upload.data),
        draft=upload.draft,
        page=upload.page,
        after_last_page=True,
    )
    upload.page = upload.page or plan.target  # what the preview shows is what is imported
    upload.confirm = [change.key for change in plan.confirmations]
    return {
        "upload": upload,
        "parsed": parsed,
        "plan": plan,
        **describe_plan(plan),
        "may_replace": may_replace_on_import(request.user),
        "warnings": [describe_warning(warning) for warning in parsed.warnings],
        "payload": upload.payload(),
    }


def confirmed(request, model_admin, upload, parsed):
    report = load_issue(
        parsed,
        sha256=checksum(upload.data),
        draft=upload.draft,
        replace=frozenset(upload.confirm),
        page=upload.page,
    )
    issue = Issue.objects.get(date=report.issue_date)
    if report.changed:
        model_admin.log_change(
            request, issue, gettext("Imported from %(file)s.") % {"file": upload.name}
        )
    model_admin.message_user(
        request,
        describe_outcome(report, upload.name),
        messages.SUCCESS if report.changed else messages.INFO,
    )
    for warning in report.warnings:
        model_admin.message_user(request, describe_warning(warning), messages.WARNING)
    return redirect(reverse("admin:articles_issue_change", args=[issue.pk]))


class IssueImportAdmin(IssueAdmin):
    """The issues' admin with the import: its page at ``import/`` and a link to it on the
    list for who may import."""

    change_list_template = "admin/importing/issue_change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(import_issue_view(self))
        return [path("import/", view, name="articles_issue_import"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        can_import = may_import(request.user)
        return super().changelist_view(request, {"can_import": can_import, **(extra_context or {})})
