"""Import a printed issue from the admin: upload, read the parsed preview, confirm.

The same reading and loading as ``manage.py import_issue``. Between preview and confirm the
file travels in the page itself, signed, so nothing is stored until the editor confirms and
a tampered or stale form is refused.
"""

import base64
import datetime

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from newsroom.importing.decoding import DecodeError
from newsroom.importing.issue_file import checksum, read_issue
from newsroom.importing.loader import load_issue
from newsroom.importing.parser import ParseError

from .import_report import describe_outcome, describe_warning
from .models import Issue, Section

MAX_ISSUE_FILE_BYTES = 2 * 1024 * 1024  # a printed page is some 20 KB of text
SIGNING_SALT = "articles.admin_import"
CONFIRM_WITHIN = datetime.timedelta(hours=1)
NEEDED_PERMISSIONS = (
    "articles.add_issue",
    "articles.change_issue",
    "articles.add_article",
    "articles.change_article",
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
    draft = forms.BooleanField(
        label=_("import as drafts"),
        required=False,
        initial=True,
        help_text=_("Readers see nothing until the issue and its articles are published."),
    )

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
        self.upload = Upload(upload.name, upload.read(), cleaned.get("date"), cleaned["draft"])
        self.parsed = self.upload.read()
        return cleaned


class ConfirmForm(forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)

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


class Upload:
    """An uploaded issue file with the editor's choices, readable again after a round trip."""

    def __init__(self, name, data, date, draft):
        self.name, self.data, self.date, self.draft = name, data, date, draft

    def read(self):
        """The parse, or a form error: one line naming the file and what is wrong with it."""
        try:
            parsed, self.encoding = read_issue(self.data, source=self.name, issue_date=self.date)
        except (DecodeError, ParseError) as exc:
            raise forms.ValidationError(f"{self.name}: {exc}") from exc
        return parsed

    def payload(self) -> str:
        return signing.dumps(
            {
                "name": self.name,
                "data": base64.b64encode(self.data).decode("ascii"),
                "date": self.date.isoformat() if self.date else None,
                "draft": self.draft,
            },
            salt=SIGNING_SALT,
            compress=True,
        )

    @classmethod
    def from_payload(cls, payload: str) -> "Upload":
        values = signing.loads(payload, salt=SIGNING_SALT, max_age=CONFIRM_WITHIN)
        date = datetime.date.fromisoformat(values["date"]) if values["date"] else None
        return cls(values["name"], base64.b64decode(values["data"]), date, values["draft"])


def import_issue_view(model_admin):
    """The admin view behind Issues › Import an issue file (wrapped by ``admin_view``)."""

    def view(request):
        if not request.user.has_perms(NEEDED_PERMISSIONS):
            raise PermissionDenied
        context = {
            **model_admin.admin_site.each_context(request),
            "opts": Issue._meta,
            "title": gettext("Import an issue file"),
        }
        if request.method == "POST" and "payload" in request.POST:
            form = ConfirmForm(request.POST)
            if form.is_valid():
                return confirmed(request, model_admin, form.upload, form.parsed)
            return TemplateResponse(
                request,
                "admin/articles/issue/import.html",
                {**context, "form": UploadForm(), "confirm_errors": form.errors["payload"]},
            )
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            context |= preview_context(form.upload, form.parsed)
        return TemplateResponse(
            request, "admin/articles/issue/import.html", {**context, "form": form}
        )

    return view


def preview_context(upload, parsed) -> dict:
    """What the editor checks before confirming: every article, the warnings, the outcome."""
    existing = Issue.objects.filter(date=parsed.date).first()
    sections = dict(Section.objects.values_list("slug", "name"))
    return {
        "upload": upload,
        "parsed": parsed,
        "existing": existing,
        "unchanged": existing is not None and existing.source_sha256 == checksum(upload.data),
        "articles": [
            (article, sections.get(article.section, article.section)) for article in parsed.articles
        ],
        "warnings": [describe_warning(warning) for warning in parsed.warnings],
        "payload": upload.payload(),
    }


def confirmed(request, model_admin, upload, parsed):
    report = load_issue(parsed, sha256=checksum(upload.data), draft=upload.draft)
    issue = Issue.objects.get(date=parsed.date)
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
