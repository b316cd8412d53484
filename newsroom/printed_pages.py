"""The printed page as a file: the PDF the typesetting system exports, read with PDFium.

``validate_page_pdf`` accepts a whole, unencrypted PDF of exactly one page of a plausible
size; ``render_page`` draws it as a picture for readers (the page image and its renditions
come from that, as photos' do); ``find_regions`` finds where each story is printed, from the
PDF's text layer, as rectangles in fractions of the page (origin top left), so they hold at
every size the image is shown.
"""

import io
from collections.abc import Iterable
from dataclasses import dataclass

import pypdfium2 as pdfium
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_PDF_BYTES = 32 * 1024 * 1024  # a typeset page with its photos; deploy/nginx.conf allows it
# A page between a postcard and a broadsheet's double spread, in points (1/72 inch).
MIN_PAGE_POINTS, MAX_PAGE_POINTS = 200, 3000
RENDER_WIDTH = 2000  # pixels: the widest rendition (1600) and some to spare
FRAGMENT_LENGTH = 8  # characters of a paragraph looked for: short enough to sit on one line


@dataclass(frozen=True)
class Rect:
    """A rectangle on the page in fractions of its width and height, from its top left."""

    left: float
    top: float
    width: float
    height: float

    def as_list(self) -> list[float]:
        return [round(value, 4) for value in (self.left, self.top, self.width, self.height)]

    def contains(self, other: "Rect") -> bool:
        return (
            self.left <= other.left
            and self.top <= other.top
            and other.left + other.width <= self.left + self.width
            and other.top + other.height <= self.top + self.height
        )


@dataclass(frozen=True)
class Story:
    """What is looked for on the page: a story's key, its headline and some of its text."""

    key: int
    headline: str
    paragraphs: tuple[str, ...] = ()


def validate_page_pdf(file) -> None:
    """Raise ``ValidationError`` unless ``file`` is a PDF of one printed page."""
    if file.size > MAX_PDF_BYTES:
        raise ValidationError(
            _("The file is %(size)s; a page's PDF may be at most %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(MAX_PDF_BYTES)},
            code="too_large",
        )
    try:
        document = _open(file)
    except pdfium.PdfiumError:
        raise ValidationError(
            _("The file is not a whole PDF, or it is protected by a password."), code="not_a_pdf"
        ) from None
    try:
        if len(document) != 1:
            raise ValidationError(
                _("The PDF has %(count)d pages; attach each printed page on its own.")
                % {"count": len(document)},
                code="pages",
            )
        width, height = document[0].get_size()
        if not all(MIN_PAGE_POINTS <= side <= MAX_PAGE_POINTS for side in (width, height)):
            raise ValidationError(
                _("The PDF's page is %(width)d × %(height)d points: not a printed page.")
                % {"width": width, "height": height},
                code="page_size",
            )
    finally:
        document.close()


def render_page(file, width: int = RENDER_WIDTH) -> bytes:
    """The page drawn ``width`` pixels wide, as a JPEG (white where the PDF is transparent)."""
    document = _open(file)
    try:
        page = document[0]
        bitmap = page.render(scale=width / page.get_width(), fill_color=(255, 255, 255, 255))
        image = bitmap.to_pil().convert("RGB")
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def find_regions(file, stories: Iterable[Story]) -> dict[int, Rect | None]:
    """Where each story is printed: the box around its headline and the first and last
    words of its text that the page's text layer holds; None when its headline is not found
    (a page without a text layer, a headline set as a picture)."""
    document = _open(file)
    try:
        page = document[0]
        page_width, page_height = page.get_size()
        text = page.get_textpage()
        found = {}
        for story in stories:
            headline = _boxes(text, [story.headline])
            if not headline:
                found[story.key] = None
                continue
            words = "".join("".join(story.paragraphs).split())
            first = _boxes(text, _fragments(words))
            last = _boxes(text, _fragments(words, from_end=True), last=True)
            found[story.key] = _fraction(_union(headline + first + last), page_width, page_height)
    finally:
        document.close()
    return found


def _fragments(words: str, *, from_end: bool = False) -> list[str]:
    """A few FRAGMENT_LENGTH pieces of ``words`` from its start (or end), in order: the first
    that is not broken over two lines on the page is the one found."""
    step, tries = FRAGMENT_LENGTH, 4
    if from_end:
        ends = range(len(words), max(len(words) - tries * step, step - 1), -step)
        return [words[end - step : end] for end in ends]
    return [words[start : start + step] for start in range(0, len(words) - step + 1, step)][:tries]


def _open(file) -> pdfium.PdfDocument:
    if file.closed:
        file.open("rb")
    file.seek(0)
    return pdfium.PdfDocument(file.read())


def _boxes(text: "pdfium.PdfTextPage", needles: list[str], *, last: bool = False) -> list:
    """The boxes (left, bottom, right, top in points) of where the first of ``needles``
    that is printed is printed (its first place, or with ``last`` its last); empty when none
    is. Spaces and line breaks in a needle are left out: the page breaks lines its own way."""
    for needle in needles:
        needle = "".join(needle.split())
        if not needle:
            continue
        searcher = text.search(needle, match_case=False)
        try:
            hit = place = searcher.get_next()
            while last and place is not None:
                hit, place = place, searcher.get_next()
        finally:
            searcher.close()
        if hit is not None:
            start, count = hit
            return [text.get_charbox(i, loose=True) for i in range(start, start + count)]
    return []


def _union(boxes):
    return (
        min(box[0] for box in boxes),
        min(box[1] for box in boxes),
        max(box[2] for box in boxes),
        max(box[3] for box in boxes),
    )


def _fraction(box, page_width: float, page_height: float) -> Rect:
    left, bottom, right, top = box
    left, right = max(0.0, left), min(page_width, right)
    bottom, top = max(0.0, bottom), min(page_height, top)
    return Rect(
        left / page_width,
        1 - top / page_height,
        (right - left) / page_width,
        (top - bottom) / page_height,
    )


def join_pages(files) -> bytes:
    """One PDF of the pages ``files`` hold, in their order: the whole issue to download."""
    joined = pdfium.PdfDocument.new()
    try:
        for file in files:
            document = _open(file)
            try:
                joined.import_pages(document)
            finally:
                document.close()
        buffer = io.BytesIO()
        joined.save(buffer)
    finally:
        joined.close()
    return buffer.getvalue()
