"""Which printed page (版) of its issue a file is: from the header a 数字报 text export prints
on a page's first line, or from the file's name in a folder of one issue.

Pure, as the parser is: text in, plain data out (docs/seed-format.md, "Issues of many pages").
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass

# More pages than any issue of a district paper has; also what a file name's two digits hold.
MAX_PAGE_NUMBER = 99


class PageError(ValueError):
    """A page header or page file name that names no possible page; the message says why."""


@dataclass(frozen=True)
class PrintedPage:
    number: int
    name: str = ""  # 社区新闻
    editor: str = ""  # 责任编辑: the page's editor, never a byline
    date: datetime.date | None = None  # the date the header prints, if it prints one

    def to_json(self) -> dict:
        return {"number": self.number, "name": self.name or None}


_CHINESE_NUMBER = "[一二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九]"
_PAGE = rf"第\s*(?P<number>[0-9０-９]{{1,3}}|{_CHINESE_NUMBER})\s*版"
_HEADER = re.compile(
    r"#*\s*"
    r"(?:(?P<year>\d{4})\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日\s*"
    r"(?:(?:星期|周)[一二三四五六日天])?\s*)?" + _PAGE + r"\s*[：:]?\s*(?P<name>[^\s：:]{1,12}?)?"
    r"\s*(?:责任编辑\s*[：:]?\s*(?P<editor>[^\s：:]{1,12}))?\s*"
)
_FILE_NAME = re.compile(
    r"(?P<number>\d{1,2})(?:\s*[-_ ]\s*(?P<name>[^.]+?))?(?P<suffix>\.[a-z]+)", re.IGNORECASE
)
TEXT_SUFFIX = ".txt"
# The printed page beside its text: the typesetting system's PDF, or a scan.
PRINT_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png", ".webp")


def read_page_header(line: str) -> PrintedPage | None:
    """The page a header line such as ``2022年8月25日 星期四 第2版 社区新闻 责任编辑：张三``
    or ``第02版：社区新闻`` names; None when the line is no page header.

    Raises PageError for a header of a page that cannot be (第0版), or of an impossible date.
    """
    match = _HEADER.fullmatch(line.strip())
    if match is None:
        return None
    number = _page_number(match["number"])
    if not 1 <= number <= MAX_PAGE_NUMBER:
        raise PageError(f"the page header {line.strip()!r} names page {number}")
    date = None
    if match["year"]:
        try:
            date = datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))
        except ValueError as exc:
            raise PageError(f"the page header {line.strip()!r} prints no real date") from exc
    return PrintedPage(number, match["name"] or "", match["editor"] or "", date)


def page_of_file_name(name: str, suffixes=(TEXT_SUFFIX,)) -> PrintedPage | None:
    """The page a file in a folder of one issue is by its name: ``01.txt`` is page 1,
    ``02-社区新闻.txt`` page 2 named 社区新闻, and with PRINT_SUFFIXES ``02.pdf`` is page 2's
    printed page; None for any other name."""
    match = _FILE_NAME.fullmatch(name)
    if match is None or match["suffix"].lower() not in suffixes:
        return None
    number = int(match["number"])
    if number < 1:
        raise PageError(f"{name}: page numbers start at 1")
    return PrintedPage(number, (match["name"] or "").strip())


def _page_number(text: str) -> int:
    """02, ２, 二, 十二 → int."""
    if text.isdecimal():
        return int(unicodedata.normalize("NFKC", text))
    tens, ten, ones = text.partition("十")
    if not ten:
        return int(unicodedata.numeric(text))
    return (int(unicodedata.numeric(tens)) if tens else 1) * 10 + (
        int(unicodedata.numeric(ones)) if ones else 0
    )


def page_to_import(given: PrintedPage | None, header: PrintedPage | None) -> PrintedPage | None:
    """The page a file is: the one the operator gives (``--page``, the file's name), with
    what its header adds; PageError when the two name different pages."""
    if given is None or header is None:
        return given or header
    if given.number != header.number:
        raise PageError(
            f"its page header names page {header.number}, but it is imported as page {given.number}"
        )
    return PrintedPage(given.number, given.name or header.name, header.editor, header.date)
