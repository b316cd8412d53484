"""``import_issue FILE …``: turn printed-issue text files into published issues.

The operator's side of the import (``newsroom.importing``), in English; editors import from
the issues' admin (``newsroom.importing.admin``).
"""

import datetime
import json
from pathlib import Path

from django.core.management.base import CommandError

from newsroom.importing.decoding import DecodeError
from newsroom.importing.issue_file import checksum, read_issue
from newsroom.importing.loader import load_issue
from newsroom.importing.parser import ParseError
from newsroom.importing.plan import ImportRefused, plan_import
from newsroom.management.operational import OperationalCommand, first_line
from newsroom.management.options import option_date
from newsroom.middleware import DATABASE_OUTAGES
from newsroom.progress import progress


class Command(OperationalCommand):
    help = (
        "Import printed issues from text files. Each file is one page of its issue, written in "
        "one transaction; importing a file again changes nothing, a corrected file updates what "
        "it made before, and what editors did since is deleted or overwritten only with --replace."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument("--date", help="Issue date YYYY-MM-DD (default: inferred from text).")
        parser.add_argument(
            "--dates",
            type=Path,
            metavar="TSV",
            help="A file of 'FILE-NAME<TAB>YYYY-MM-DD' lines giving the dates of files "
            "whose text does not show them (as seeds/dates.tsv does).",
        )
        parser.add_argument(
            "--encoding", help="Text encoding (default: UTF-8 or GB18030, detected)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Parse only; write nothing.")
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="Print the parse as JSON."
        )
        parser.add_argument("--draft", action="store_true", help="Import as unpublished drafts.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Also delete or overwrite what editors did since the last import of the file "
            "(without it, such an import is refused, saying what it would remove).",
        )

    def handle(
        self, *args, files, date, dates, encoding, dry_run, as_json, draft, replace, **options
    ):
        date = option_date("--date", date) if date else None
        known_dates = read_dates(dates) if dates else {}
        failures, results = [], []
        for path in progress(files, stream=self.stderr._out, unit="file", minimum=2):
            try:
                result = self.import_file(
                    path,
                    date=date or known_dates.get(path.name),
                    encoding=encoding,
                    dry_run=dry_run,
                    draft=draft,
                    replace=replace,
                    as_json=as_json,
                )
                results.append(result)
            except DATABASE_OUTAGES as exc:  # the files after it would fail the same way
                message = (
                    f"{path}: not imported, nothing of it written: the database is unavailable "
                    f"({first_line(exc)})"
                )
                if len(files) > 1:
                    untried = len(files) - len(results) - len(failures) - 1
                    message += f"; {len(results)} files before it done, {untried} not tried"
                raise CommandError(message) from exc
            except (OSError, DecodeError, ParseError, ImportRefused) as exc:
                message = f"{path}: {exc.strerror if isinstance(exc, OSError) else exc}"
                if len(files) == 1:
                    raise CommandError(message) from exc
                self.stderr.write(message)
                failures.append(path)
        if as_json:
            self.stdout.write(dump_json(results[0] if len(files) == 1 else results))
        if failures:
            raise CommandError(f"{len(failures)} of {len(files)} files were not imported.")

    def import_file(self, path, *, date, encoding, dry_run, draft, replace, as_json):
        data = path.read_bytes()
        parsed, used_encoding = read_issue(
            data, source=path.name, issue_date=date, encoding=encoding
        )
        result = parsed.to_json()
        if dry_run:
            if not as_json:
                plan = plan_import(parsed, sha256=checksum(data), draft=draft)
                self.stdout.write(plan.summary(used_encoding))
            return result
        report = load_issue(parsed, sha256=checksum(data), draft=draft, replace=replace)
        if report.changed:
            self.saved.append(f"issue {report.issue_date.isoformat()}")
        if not as_json:
            style = self.style.SUCCESS if report.changed else self.style.NOTICE
            self.stdout.write(style(report.summary()))
        result["import"] = report.as_json()
        return result


def read_dates(path: Path) -> dict[str, datetime.date]:
    """Issue dates by file name, from lines 'NAME<TAB>YYYY-MM-DD' ('#' starts a comment)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CommandError(f"{path}: {exc.strerror}") from exc
    dates = {}
    for number, line in enumerate(lines, start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, _, value = line.rpartition("\t") if "\t" in line else line.rpartition(" ")
        try:
            dates[name.strip()] = datetime.date.fromisoformat(value.strip())
        except ValueError as exc:
            raise CommandError(f"{path}:{number}: expected 'FILE-NAME<TAB>YYYY-MM-DD'") from exc
    return dates


def dump_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
