"""``import_issue FILE|FOLDER …``: turn printed-issue text files into published issues.

The operator's side of the import (``newsroom.importing``), in English; editors import from
the issues' admin (``newsroom.importing.admin``). A file is one page of its issue; a folder
is one issue, a file per page named by its number (``01.txt``, ``02-社区新闻.txt``).
"""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import CommandError, no_translations

from newsroom.importing.decoding import DecodeError
from newsroom.importing.issue_file import PrintFile, checksum, read_issue
from newsroom.importing.loader import load_issue
from newsroom.importing.pages import (
    MAX_PAGE_NUMBER,
    PRINT_SUFFIXES,
    TEXT_SUFFIX,
    PageError,
    PrintedPage,
    page_of_file_name,
    page_to_import,
)
from newsroom.importing.parser import ParseError
from newsroom.importing.plan import IMPORTED_PAGE, ImportRefused, plan_import
from newsroom.management.operational import OperationalCommand, first_line
from newsroom.management.options import option_date
from newsroom.middleware import DATABASE_OUTAGES
from newsroom.progress import progress


class Command(OperationalCommand):
    help = (
        "Import printed issues from text files. Each file is one page of its issue, written in "
        "one transaction; importing a file again changes nothing, a corrected file updates what "
        "it made before, and what editors did since is deleted or overwritten only with "
        "--replace. A folder is one issue: a file per page, named by its number (01.txt, "
        "02-社区新闻.txt); the folder's name may be the issue's date (2022-08-25)."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE|FOLDER")
        parser.add_argument("--date", help="Issue date YYYY-MM-DD (default: inferred from text).")
        parser.add_argument(
            "--dates",
            type=Path,
            metavar="TSV",
            help="A file of 'NAME<TAB>YYYY-MM-DD' lines giving the dates of files or folders "
            "whose text does not show them (as seeds/dates.tsv does).",
        )
        parser.add_argument(
            "--page",
            type=int,
            help="The page of its issue the file is (default: as its page header says, else "
            "the page this file was imported as, else 1). One file only.",
        )
        parser.add_argument(
            "--page-name", help="The page's name, e.g. 社区新闻; with --page, one file only."
        )
        parser.add_argument(
            "--page-image",
            type=Path,
            metavar="PDF|IMAGE",
            help="The page as printed: its PDF (stories are found on it) or a scan. One file "
            "only; in a folder, 01.pdf or 01.jpg beside 01.txt.",
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

    @no_translations  # the operator's messages, those of the checks too, in English
    def handle(
        self,
        *args,
        files,
        date,
        dates,
        encoding,
        dry_run,
        as_json,
        draft,
        replace,
        page,
        page_name,
        page_image,
        **options,
    ):
        date = option_date("--date", date) if date else None
        known_dates = read_dates(dates) if dates else {}
        given = given_page(files, page, page_name)
        if page_image is not None and (len(files) != 1 or files[0].is_dir()):
            raise CommandError("--page-image is the printed page of one file")
        page_files = []  # every folder is checked before any file is imported
        for path in files:
            if path.is_dir():
                page_files += self.folder_pages(path, date or folder_date(path, known_dates))
            else:
                page_files.append(
                    PageFile(path, path.name, given, date or known_dates.get(path.name), page_image)
                )
        failures, results = [], []
        for page_file in progress(page_files, stream=self.stderr._out, unit="file", minimum=2):
            path = page_file.path
            try:
                result = self.import_file(
                    page_file,
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
                if len(page_files) > 1:
                    untried = len(page_files) - len(results) - len(failures) - 1
                    message += f"; {len(results)} files before it done, {untried} not tried"
                raise CommandError(message) from exc
            except (OSError, DecodeError, ParseError, PageError, ImportRefused) as exc:
                message = f"{path}: {exc.strerror if isinstance(exc, OSError) else exc}"
                if len(page_files) == 1:
                    raise CommandError(message) from exc
                self.stderr.write(message)
                failures.append(path)
        if as_json:
            self.stdout.write(dump_json(results[0] if len(page_files) == 1 else results))
        if failures:
            raise CommandError(f"{len(failures)} of {len(page_files)} files were not imported.")

    def folder_pages(self, folder: Path, date: datetime.date | None) -> list["PageFile"]:
        """A folder's page files in page order, each with its printed page if one is beside
        it; CommandError, before anything is imported, for a file not named by its page, two
        files of one page, or a printed page without its text."""
        prints = {}
        for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in PRINT_SUFFIXES):
            printed = page_of_file_name(path.name, PRINT_SUFFIXES)
            if printed is None:
                raise CommandError(
                    f"{path}: a printed page is named by its page number (01.pdf, "
                    "02-社区新闻.jpg); nothing imported"
                )
            if printed.number in prints:
                raise CommandError(
                    f"{folder}: {prints[printed.number].name} and {path.name} are both the "
                    f"printed page {printed.number}; nothing imported"
                )
            prints[printed.number] = path
        pages = {}
        for path in sorted(p for p in folder.iterdir() if p.suffix.lower() == TEXT_SUFFIX):
            try:
                page = page_of_file_name(path.name)
            except PageError as exc:
                raise CommandError(f"{folder}/{exc}; nothing imported") from exc
            if page is None or page.number > MAX_PAGE_NUMBER:
                raise CommandError(
                    f"{path}: a folder's files are named by their page number (01.txt, "
                    "02-社区新闻.txt); nothing imported"
                )
            if page.number in pages:
                raise CommandError(
                    f"{folder}: {pages[page.number].path.name} and {path.name} are both page "
                    f"{page.number}; nothing imported"
                )
            source = f"{folder.name}/{path.name}"
            pages[page.number] = PageFile(path, source, page, date, prints.pop(page.number, None))
        if prints:  # a printed page whose text is not there
            number, path = min(prints.items())
            raise CommandError(f"{path}: no text file of page {number}; nothing imported")
        if not pages:
            raise CommandError(f"{folder}: no page files (01.txt, 02-社区新闻.txt …) in it")
        missing = sorted(set(range(1, max(pages) + 1)) - set(pages))
        if missing:
            listed = ", ".join(str(number) for number in missing)
            self.stderr.write(f"{folder}: no file for page {listed}; the others keep their numbers")
        return [pages[number] for number in sorted(pages)]

    def import_file(self, page_file, *, encoding, dry_run, draft, replace, as_json):
        data = page_file.path.read_bytes()
        parsed, used_encoding = read_issue(
            data, source=page_file.source, issue_date=page_file.date, encoding=encoding
        )
        page = page_to_import(page_file.page, parsed.page)
        printed = None
        if page_file.printed is not None:
            printed = PrintFile(page_file.printed.name, page_file.printed.read_bytes()).check()
        result = parsed.to_json()
        result["page"] = (page or PrintedPage(IMPORTED_PAGE)).to_json()
        if dry_run:
            if not as_json:
                plan = plan_import(parsed, sha256=checksum(data), draft=draft, page=page)
                self.stdout.write(plan.summary(used_encoding))
            return result
        report = load_issue(
            parsed, sha256=checksum(data), draft=draft, replace=replace, page=page, printed=printed
        )
        if report.changed:
            self.saved.append(f"issue {report.issue_date.isoformat()}")
        if not as_json:
            style = self.style.SUCCESS if report.changed else self.style.NOTICE
            self.stdout.write(style(report.summary()))
        result["import"] = report.as_json()
        return result


@dataclass(frozen=True)
class PageFile:
    """One file to import: where it is, the name it is known by, its page and date if known."""

    path: Path
    source: str  # ``2022-08-25/02-社区新闻.txt`` for a file of a folder
    page: PrintedPage | None
    date: datetime.date | None
    printed: Path | None = None  # the page as printed: its PDF or a scan


def given_page(files: list[Path], number: int | None, name: str | None) -> PrintedPage | None:
    """The page ``--page`` and ``--page-name`` give, which only one file can be."""
    if number is None and name is None:
        return None
    if number is None:
        raise CommandError("--page-name needs --page")
    if len(files) != 1 or files[0].is_dir():
        raise CommandError(
            "--page names the page of one file; the files of a folder are named by their pages"
        )
    if not 1 <= number <= MAX_PAGE_NUMBER:
        raise CommandError(f"--page: pages are numbered 1 to {MAX_PAGE_NUMBER}")
    return PrintedPage(number, (name or "").strip())


def folder_date(folder: Path, known_dates: dict) -> datetime.date | None:
    """A folder's date from ``--dates``, else from its name if that is one (2022-08-25)."""
    if folder.name in known_dates:
        return known_dates[folder.name]
    try:
        return datetime.date.fromisoformat(folder.name)
    except ValueError:
        return None


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
