"""An issue file's bytes to a ParsedIssue: the one way in for the command and the admin."""

import datetime
import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from articles.models import Column
from newsroom.printed_pages import validate_page_pdf
from newsroom.uploads import validate_image

from .decoding import decode_issue
from .pages import PageError
from .parser import ParsedIssue, parse_issue


def read_issue(
    data: bytes,
    *,
    source: str,
    issue_date: datetime.date | None = None,
    encoding: str | None = None,
) -> tuple[ParsedIssue, str]:
    """Decode and parse ``data`` against the columns editors keep; (parse, encoding used).

    Raises DecodeError or ParseError, each a one-line message.
    """
    text, used_encoding = decode_issue(data, encoding)
    columns = Column.objects.values_list("name", flat=True)
    return parse_issue(text, source=source, issue_date=issue_date, columns=columns), used_encoding


def checksum(data: bytes) -> str:
    """What the loader compares to tell a file it has already imported."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class PrintFile:
    """The page as printed, beside its text: the typesetting system's PDF, or a scan."""

    name: str
    data: bytes

    @property
    def is_pdf(self) -> bool:
        return self.name.lower().endswith(".pdf")

    def check(self) -> "PrintFile":
        """Itself, once checked as the admin checks uploads; PageError saying what is wrong."""
        validate = validate_page_pdf if self.is_pdf else validate_image
        try:
            validate(ContentFile(self.data, name=self.name))
        except ValidationError as exc:
            raise PageError(f"{self.name}: {' '.join(exc.messages)}") from exc
        return self
