"""An issue file's bytes to a ParsedIssue: the one way in for the command and the admin."""

import datetime
import hashlib

from articles.models import Column

from .decoding import decode_issue
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
