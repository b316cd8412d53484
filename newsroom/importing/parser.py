"""Parse the text of one printed issue into plain data: text in, frozen dataclasses out.

The text is a page of the paper after OCR (see docs/seed-format.md): `# ` headlines, `## `
subtitles or column articles, `本报讯(记者…)` leads, `□` commentary bylines, photo captions,
theatre programmes as `▶` lists, and the noise of a multi-column layout (paragraphs split by
column breaks, repeated passages, mixed full-width and ASCII punctuation, QR-code prompts).

Nothing here knows Django or the database; the loader turns a `ParsedIssue` into rows.
"""

import datetime
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .pages import PageError, PrintedPage, read_page_header

COMMUNITY_NEWS, COMMENTARY, THEATRE = "community-news", "commentary", "theatre"
NEWS, PHOTO, PROGRAMME = "news", "photo", "programme"  # kinds; commentary's kind is COMMENTARY
REPORTER, CORRESPONDENT, COMMENTATOR, PHOTOGRAPHER = (
    "reporter",
    "correspondent",
    "commentator",
    "photographer",
)

DUPLICATE_MIN_LENGTH = 16  # shorter repeats are set phrases (高质量巡察工作推进会议精神 is 13)
# A passage printed more often is a pattern (哈哈哈…, ——…), not a column mix-up; skipping it
# also keeps the search linear, where a long line of 哈 would take time growing as its square.
DUPLICATE_MAX_COPIES = 8
FIRST_PLAUSIBLE_YEAR = 1949
# More parts than a district paper's series runs to (系列谈2023 is a year, not part 2023);
# also within the database's small integer.
SERIES_MAX_NUMBER = 999


class ParseError(ValueError):
    """The text is not an issue (e.g. no articles). str() is one clear line."""


@dataclass(frozen=True)
class Byline:
    name: str
    role: str  # REPORTER, CORRESPONDENT, COMMENTATOR or PHOTOGRAPHER


@dataclass(frozen=True)
class Series:
    name: str
    number: int


@dataclass(frozen=True)
class Act:
    form: str  # 相声, 快板书联唱, 小品, 魔术 …
    title: str | None  # the piece, without 《》
    performers: tuple[str, ...]


@dataclass(frozen=True)
class Performance:
    date: datetime.date
    acts: tuple[Act, ...]


@dataclass(frozen=True)
class ParsedArticle:
    position: int
    section: str
    kind: str
    column: str | None
    title: str
    subtitles: tuple[str, ...]
    series: Series | None
    dateline: str | None
    bylines: tuple[Byline, ...]
    paragraphs: tuple[str, ...]
    performances: tuple[Performance, ...]
    photo_credit: str | None
    programme: str | None
    line: int

    def to_json(self) -> dict:
        return {
            "position": self.position,
            "section": self.section,
            "kind": self.kind,
            "column": self.column,
            "title": self.title,
            "subtitles": list(self.subtitles),
            "series": {"name": self.series.name, "number": self.series.number}
            if self.series
            else None,
            "dateline": self.dateline,
            "bylines": [{"name": b.name, "role": b.role} for b in self.bylines],
            "paragraphs": list(self.paragraphs),
            "performances": [
                {
                    "date": p.date.isoformat(),
                    "acts": [
                        {"form": a.form, "title": a.title, "performers": list(a.performers)}
                        for a in p.acts
                    ],
                }
                for p in self.performances
            ],
            "photo_credit": self.photo_credit,
            "programme": self.programme,
            "line": self.line,
        }


@dataclass(frozen=True)
class ParseWarning:
    article: int  # the article's position; 0 for text that belongs to no article
    kind: str  # "duplicate-text", "text-outside-article", "headline-without-body", "bad-date" …
    text: str

    def __str__(self):
        return f"article {self.article} {self.kind}: {self.text}"


@dataclass(frozen=True)
class ParsedIssue:
    source: str
    date: datetime.date
    date_inferred: bool
    articles: tuple[ParsedArticle, ...]
    warnings: tuple[ParseWarning, ...]
    page: PrintedPage | None = None  # what the file's page header says, if it has one

    def to_json(self) -> dict:
        """The shape `import_issue --dry-run --json` prints (docs/seed-format.md)."""
        return {
            "source": self.source,
            "issue": {"date": self.date.isoformat(), "date_inferred": self.date_inferred},
            "page": self.page.to_json() if self.page else None,
            "articles": [article.to_json() for article in self.articles],
            "warnings": [
                {"article": w.article, "kind": w.kind, "text": w.text} for w in self.warnings
            ],
        }


def parse_issue(
    text: str,
    *,
    source: str,
    issue_date: datetime.date | None = None,
    columns: Iterable[str] = ("基层动态",),
) -> ParsedIssue:
    """Parse one issue's text. `columns` are the column names editors keep.

    Without `issue_date` the date is the one the page header prints, else inferred from the
    text; ParseError when it can't be, or when the text holds no article.
    """
    page, text = _page_header(_normalise(text))
    drafts, warnings = _split_articles(_blocks(text), _column_names(columns))
    if not drafts:
        raise ParseError("no articles found (no headline followed by text)")
    bodies = [_read_body(draft) for draft in drafts]
    date_inferred = issue_date is None
    if issue_date is None:
        issue_date = page.date if page and page.date else _infer_issue_date(text, bodies)
    articles = []
    for position, (draft, body) in enumerate(zip(drafts, bodies, strict=True), start=1):
        performances, programme_warnings = _performances(body, issue_date, position)
        articles.append(_article(position, draft, body, performances))
        warnings += programme_warnings
        warnings += _duplicate_warnings(position, articles[-1].paragraphs)
    return ParsedIssue(
        source=source,
        date=issue_date,
        date_inferred=date_inferred,
        articles=tuple(articles),
        warnings=tuple(sorted(warnings, key=lambda w: w.article)),
        page=page,
    )


def _page_header(text: str) -> tuple[PrintedPage | None, str]:
    """The page the first line names as a 数字报 export prints it, and the text without that
    line (left blank, so line numbers hold): a page header is never an article."""
    first, newline, rest = text.lstrip("\n").partition("\n")
    try:
        page = read_page_header(first)
    except PageError as exc:
        raise ParseError(str(exc)) from exc
    if page is None:
        return None, text
    skipped = len(text) - len(text.lstrip("\n"))
    return page, "\n" * skipped + newline + rest


# ---------------------------------------------------------------------------------------------
# Lines into blocks: headings, list items and text lines, page furniture dropped.

_HEADING = re.compile(r"#{1,6}")
_LIST_ITEM = re.compile(r"[-*+•]\s+")
_FURNITURE = re.compile(r"扫一扫|扫码|扫描.{0,4}二维码|长按.{0,4}二维码|关注(?:我们|公众号)")
_FURNITURE_MAX_LENGTH = 40


@dataclass(frozen=True)
class _Block:
    """One non-blank line: a heading, a list item or a line of text."""

    kind: str  # "heading" | "item" | "text"
    text: str
    line: int
    level: int = 0  # heading level: 1 for `# `
    blanks_before: int = 0  # blank lines above it (a photo leaves a gap)


def _normalise(text: str) -> str:
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _blocks(text: str) -> list[_Block]:
    blocks, blanks = [], 0
    for number, raw in enumerate(text.split("\n"), start=1):
        block = _block(raw.strip(), number, blanks)
        if block is None:
            blanks += 1
        elif not _is_furniture(block):
            blocks.append(block)
            blanks = 0
    return blocks


def _block(line: str, number: int, blanks: int) -> _Block | None:
    if heading := _HEADING.match(line):
        text = line[heading.end() :].strip()
        level = len(heading.group())
        return _Block("heading", text, number, level, blanks) if text else None
    if item := _LIST_ITEM.match(line):
        return _Block("item", line[item.end() :].strip(), number, 0, blanks)
    return _Block("text", line, number, 0, blanks) if line else None


def _is_furniture(block: _Block) -> bool:
    """A QR-code prompt of the page ("扫一扫 关注我们"), not the paper's content.

    A heading must use a prompt's words: one that only mentions 二维码 (a story about QR-code
    door plates) is news.
    """
    text = block.text
    return (
        len(text) <= _FURNITURE_MAX_LENGTH
        and not _ends_sentence(text)
        and (_FURNITURE.search(text) is not None or (block.kind != "heading" and "二维码" in text))
    )


# ---------------------------------------------------------------------------------------------
# Blocks into articles: headlines, columns and subtitles.


@dataclass
class _Draft:
    """An article's headline and the blocks under it, before their meaning is read."""

    headline: str
    line: int
    column: str | None
    subtitles: list[str] = field(default_factory=list)
    body: list[_Block] = field(default_factory=list)


def _column_key(name: str) -> str:
    return re.sub(r"\s+", "", name)


def _column_names(columns: Iterable[str]) -> dict[str, str]:
    """Registered column names by their spelling without spaces (`基层 动态` is 基层动态)."""
    return {_column_key(name): name for name in columns}


def _split_articles(
    blocks: list[_Block], columns: dict[str, str]
) -> tuple[list[_Draft], list[ParseWarning]]:
    drafts: list[_Draft] = []
    warnings: list[ParseWarning] = []
    column = None
    for index, block in enumerate(blocks):
        current = drafts[-1] if drafts else None
        if block.kind == "heading" and block.level == 1:
            column = _column_opened(blocks, index, columns)
            if column is None:
                drafts.append(_Draft(block.text, block.line, None))
        elif block.kind == "heading" and block.level == 2 and column:
            drafts.append(_Draft(block.text, block.line, column))
        elif current is None:
            warnings.append(ParseWarning(0, "text-outside-article", block.text))
        elif block.kind == "heading" and not current.body:
            current.subtitles.append(block.text)
        else:
            current.body.append(block)
    for draft in drafts:
        if not draft.body:
            warnings.append(ParseWarning(0, "headline-without-body", draft.headline))
    return [draft for draft in drafts if draft.body], warnings


def _column_opened(blocks: list[_Block], index: int, columns: dict[str, str]) -> str | None:
    """The column that the `# ` heading at `index` opens, or None if it is a headline.

    A column is a registered name followed by `## ` articles, or a heading with no text of
    its own followed by two or more `## ` headings that each have text.
    """
    heading = blocks[index]
    section = []
    for block in blocks[index + 1 :]:
        if block.kind == "heading" and block.level == 1:
            break
        section.append(block)
    if not section or not (section[0].kind == "heading" and section[0].level == 2):
        return None
    if registered := columns.get(_column_key(heading.text)):
        return registered
    articles = []  # for each `## ` heading: whether text follows it
    for block in section:
        if block.kind == "heading" and block.level == 2:
            articles.append(False)
        elif block.kind != "heading":
            articles[-1] = True
    return heading.text if len(articles) >= 2 and all(articles) else None


# ---------------------------------------------------------------------------------------------
# An article's body: lead, bylines, paragraphs, photo credit, programme.

_ROLE_WORD = re.compile(r"(?:本报)?(?:特约|首席|见习)?(记者|通讯员)")
_ROLES = {"记者": REPORTER, "通讯员": CORRESPONDENT}
_NAME_SEPARATORS = re.compile(r"[、,，;；]")
_PERSON_NAME = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff·]{1,5}")
_LEAD = re.compile(r"本报讯\s*(?:[(（](?P<credits>[^()（）]*)[)）])?\s*(?P<rest>.*)")
_DATELINE_DATE = re.compile(r"(?:\d{4}年)?(?P<month>\d{1,2})月(?P<day>\d{1,2})日")
_BYLINE_LINE = re.compile(r"(?:本报)?(?:特约|首席|见习)?(?:记者|通讯员)[^。！？，,:：]{1,36}")
_COMMENTATOR = re.compile(r"[□■]\s*(?P<name>[^。！？，,:：]{1,12})")
_PHOTO_CREDIT = re.compile(
    r"(?P<open>[(（])?\s*(?P<names>[^()（）]+?)(?P<space>\s*)摄\s*(?(open)[)）])"
)
_CAPTION_AND_CREDIT = re.compile(
    r"(?P<caption>.*[。！？…!?][”’」』）)】》\"']*)\s*(?P<credit>[^。！？…!?]+)"
)
_SENTENCE_END = frozenset("。！？…!?")
_CLOSERS = "”’」』）)】》\"'"
_PERFORMANCE_DATE = re.compile(
    r"(?P<month>\d{1,2})月(?P<day>\d{1,2})日[^。，,]{0,12}?节目单?[:：]?"
)
_ACT = re.compile(r"[▶►]\s*(?P<act>.*)")
_ACT_TITLE = re.compile(r"《(?P<title>[^》]*)》")


@dataclass
class _ProgrammeDay:
    """One `M月D日节目单` and its acts, before the year is known."""

    month: int
    day: int
    acts: list[Act] = field(default_factory=list)


@dataclass
class _Body:
    """What an article's body says once its lines are read: lead, bylines, text, programme."""

    dateline: str | None = None
    dateline_date: tuple[int, int] | None = None  # (month, day) right after the lead
    reported: bool = False  # has a 本报讯 lead or a reporter's byline line: a report
    gap_before: int = 0  # blank lines between headline and body
    bylines: list[Byline] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    photo_credit: str | None = None
    programme: list[_ProgrammeDay] = field(default_factory=list)
    undated_acts: list[str] = field(default_factory=list)  # ▶ lines before any date line


class _Paragraphs:
    """Collects paragraphs, joining a paragraph that a column break cut off mid-sentence."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self._open = False  # the last paragraph stops mid-sentence and may continue

    def add(self, text: str) -> None:
        if self._open:
            self.paragraphs[-1] += text
        else:
            self.paragraphs.append(text)
        self._open = not _ends_sentence(self.paragraphs[-1])

    def add_closed(self, text: str) -> None:
        """A heading or list item in the body: its own paragraph, never joined."""
        self.paragraphs.append(text)
        self._open = False

    def stop(self) -> None:
        """A byline, credit or programme line: the paragraph before it ends there."""
        self._open = False


def _ends_sentence(text: str) -> bool:
    """Whether `text` ends a sentence; a closing quote alone (`无私奉献”`) does not."""
    without_closers = text.rstrip().rstrip(_CLOSERS)
    return bool(without_closers) and without_closers[-1] in _SENTENCE_END


def _read_body(draft: _Draft) -> _Body:
    body = _Body(gap_before=draft.body[0].blanks_before)
    paragraphs = _Paragraphs()
    for block in draft.body:
        is_text = block.kind == "text"
        if is_text and (photographers := _photographers(block.text)):
            _add_photo_credit(block.text, photographers, body)
            paragraphs.stop()
        elif (
            is_text
            and not (paragraphs.paragraphs or body.reported)
            and ((rest := _read_lead(block.text, body)) is not None)
        ):
            if rest:
                paragraphs.add(rest)
        elif _read_programme_line(block.text, body):
            paragraphs.stop()
        elif is_text and (commentator := _COMMENTATOR.fullmatch(block.text)):
            body.bylines.append(Byline(re.sub(r"\s+", "", commentator["name"]), COMMENTATOR))
            paragraphs.stop()
        elif is_text:
            paragraphs.add(block.text)
        else:
            paragraphs.add_closed(block.text)
    body.paragraphs = paragraphs.paragraphs
    if body.paragraphs and body.photo_credit is None:
        _split_trailing_credit(body)
    return body


def _read_lead(text: str, body: _Body) -> str | None:
    """Read a `本报讯(记者A 通讯员B、C)…` lead or a `本报记者 A 通讯员 B` line into `body`.

    Returns the text after the lead ("" for a byline line), or None if `text` is no lead.
    """
    if lead := _LEAD.fullmatch(text):
        body.dateline, body.reported = "本报讯", True
        body.bylines += _credited_names(lead["credits"] or "", default_role=REPORTER)
        if date := _DATELINE_DATE.match(lead["rest"]):
            body.dateline_date = (int(date["month"]), int(date["day"]))
        return lead["rest"]
    if _BYLINE_LINE.fullmatch(text):
        bylines = _credited_names(text, default_role=REPORTER)
        if bylines and all(_PERSON_NAME.fullmatch(b.name) for b in bylines):
            body.reported = True
            body.bylines += bylines
            return ""
    return None


def _credited_names(credits: str, *, default_role: str) -> list[Byline]:
    """Names after each role word (记者, 通讯员) in printed order, split by 、 , or spaces."""
    bylines = []
    role, start = default_role, 0
    for word in _ROLE_WORD.finditer(credits):
        bylines += [Byline(n, role) for n in _names(credits[start : word.start()])]
        role, start = _ROLES[word.group(1)], word.end()
    bylines += [Byline(n, role) for n in _names(credits[start:])]
    return bylines


def _names(text: str) -> list[str]:
    """Split a run of names; single characters between spaces are one spaced-out name (张 三)."""
    names = []
    for part in _NAME_SEPARATORS.split(text):
        previous = ""
        for piece in part.split():
            if len(piece) == 1 and len(previous) == 1:
                names[-1] += piece
            else:
                names.append(piece)
            previous = piece
    return names


def _photographers(text: str) -> list[str] | None:
    """The names in a photo credit (`本报记者 张三 摄`, `（张三摄）`), None if `text` is none.

    A bare `…摄` needs a space, brackets or a role word before it, so that a sentence cut by
    a column break (`…由专业团队拍摄`) is not taken for a credit.
    """
    credit = _PHOTO_CREDIT.fullmatch(text.strip())
    if credit is None:
        return None
    if not (credit["open"] or credit["space"] or _ROLE_WORD.search(credit["names"])):
        return None
    names = [b.name for b in _credited_names(credit["names"], default_role=PHOTOGRAPHER)]
    if names and all(_PERSON_NAME.fullmatch(name) for name in names):
        return names
    return None


def _add_photo_credit(credit: str, photographers: list[str], body: _Body) -> None:
    """Keep the first credit as printed; every credited name is a photographer."""
    if body.photo_credit is None:
        body.photo_credit = credit.strip()
    body.bylines += [Byline(name, PHOTOGRAPHER) for name in photographers]


def _split_trailing_credit(body: _Body) -> None:
    """A credit printed at the end of the last paragraph (`…宣传牌。 本报记者 张三 摄`)."""
    split = _CAPTION_AND_CREDIT.fullmatch(body.paragraphs[-1])
    if split and (photographers := _photographers(split["credit"])):
        body.paragraphs[-1] = split["caption"]
        _add_photo_credit(split["credit"], photographers, body)


def _read_programme_line(text: str, body: _Body) -> bool:
    """Read a `M月D日节目单` line or a `▶` act line into `body`, if `text` is one."""
    if date := _PERFORMANCE_DATE.fullmatch(text):
        body.programme.append(_ProgrammeDay(int(date["month"]), int(date["day"])))
        return True
    if act := _ACT.match(text):
        if body.programme:
            body.programme[-1].acts.append(_act(act["act"]))
        else:
            body.undated_acts.append(text)
        return True
    return False


def _act(text: str) -> Act:
    """`相声《学小曲》 展奇 杨森` → form, title, performers; `快板书联唱 丁艺` has no title."""
    if title := _ACT_TITLE.search(text):
        return Act(
            form=text[: title.start()].strip(),
            title=title["title"].strip(),
            performers=tuple(_names(text[title.end() :])),
        )
    form, *performers = text.split() or [""]
    return Act(form=form, title=None, performers=tuple(_names(" ".join(performers))))


# ---------------------------------------------------------------------------------------------
# Headlines: series and programme names.

_CIRCLED_NUMBERS = "\u2460-\u249b\u24eb-\u24f4\u2776-\u2793\u3251-\u325f\u32b1-\u32bf"
_CHINESE_NUMBER = "[一二两三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九]"
_SERIES = re.compile(
    rf"(?P<name>\S.*?系列[\u4e00-\u9fff]{{0,4}}?)\s*"
    rf"(?:(?P<circled>[{_CIRCLED_NUMBERS}])"
    rf"|[(（]\s*(?P<bracketed>\d+|{_CHINESE_NUMBER})\s*[)）]"
    rf"|之(?P<ordinal>\d+|{_CHINESE_NUMBER})"
    rf"|第(?P<numbered>\d+|{_CHINESE_NUMBER})[篇期讲]?"
    rf"|(?P<digits>\d+)(?=[\s:：·|丨—-]|$))"
    rf"[\s:：·|丨—-]*(?P<title>.*)"
)
_SERIES_NUMBER_GROUPS = ("circled", "bracketed", "ordinal", "numbered", "digits")
_VENUE = re.compile(r"“(?P<name>[^“”]{1,20}?(?:剧场|剧院|戏院|舞台|书场|茶馆|曲苑|剧社))”")


def _series(text: str) -> tuple[Series | None, str]:
    """Split `…系列评论④ 转变作风 优化环境` into the series and the title after it."""
    match = _SERIES.fullmatch(text.strip().lstrip("—-").strip())
    if match is None:
        return None, text
    number = _number(next(match[group] for group in _SERIES_NUMBER_GROUPS if match[group]))
    if number > SERIES_MAX_NUMBER:
        return None, text
    return Series(match["name"].strip(), number), match["title"].strip()


def _number(text: str) -> int:
    """①, ⑫, 12, １２, 五, 十二, 二十 → int."""
    if text.isdecimal():
        return int(text)
    text = text.replace("两", "二")
    if "十" not in text:
        return int(unicodedata.numeric(text))
    tens, _, ones = text.partition("十")
    return (int(unicodedata.numeric(tens)) if tens else 1) * 10 + (
        int(unicodedata.numeric(ones)) if ones else 0
    )


def _headline_series(draft: _Draft) -> tuple[Series | None, str, tuple[str, ...]]:
    """The series named in the headline, or in a subtitle such as `——…系列评论④`."""
    series, title = _series(draft.headline)
    if series:
        return series, title or draft.headline, tuple(draft.subtitles)
    for index, subtitle in enumerate(draft.subtitles):
        series, rest = _series(subtitle)
        if series and not rest:
            others = draft.subtitles[:index] + draft.subtitles[index + 1 :]
            return series, draft.headline, tuple(others)
    return None, draft.headline, tuple(draft.subtitles)


def _programme_name(title: str, paragraphs: list[str]) -> str | None:
    """The venue a programme belongs to, quoted in its headline or text (“解放小剧场”)."""
    for text in (title, *paragraphs):
        if venue := _VENUE.search(text):
            return venue["name"]
    return None


# ---------------------------------------------------------------------------------------------
# Dates.

_YEAR = re.compile(r"(?<!\d)(?P<year>\d{4})\s*年")


def _infer_issue_date(text: str, bodies: list[_Body]) -> datetime.date:
    """The year from the latest plausible year the text names, the day from its latest dateline."""
    this_year = datetime.date.today().year
    years = [int(m["year"]) for m in _YEAR.finditer(text)]
    years = [year for year in years if FIRST_PLAUSIBLE_YEAR <= year <= this_year]
    if not years:
        raise ParseError(
            "cannot infer the issue date: the text names no year; give it with --date YYYY-MM-DD"
        )
    dates = []
    for body in bodies:
        if body.dateline_date:
            try:
                dates.append(datetime.date(max(years), *body.dateline_date))
            except ValueError:
                continue
    if not dates:
        raise ParseError(
            "cannot infer the issue date: no dateline such as 本报讯(…)8月23日; "
            "give it with --date YYYY-MM-DD"
        )
    return max(dates)


def _performances(
    body: _Body, issue_date: datetime.date, position: int
) -> tuple[tuple[Performance, ...], list[ParseWarning]]:
    """Date each programme day; a day before the issue date falls in the next year."""
    performances = []
    warnings = [ParseWarning(position, "act-without-date", act) for act in body.undated_acts]
    for day in body.programme:
        try:
            date = datetime.date(issue_date.year, day.month, day.day)
            if date < issue_date:
                date = date.replace(year=issue_date.year + 1)
        except ValueError:
            warnings.append(ParseWarning(position, "bad-date", f"{day.month}月{day.day}日节目单"))
            continue
        performances.append(Performance(date, tuple(day.acts)))
    return tuple(performances), warnings


# ---------------------------------------------------------------------------------------------
# The article, its section and kind, and its warnings.


def _article(
    position: int, draft: _Draft, body: _Body, performances: tuple[Performance, ...]
) -> ParsedArticle:
    series, title, subtitles = _headline_series(draft)
    has_commentator = any(b.role == COMMENTATOR for b in body.bylines)
    if performances:
        section, kind = THEATRE, PROGRAMME
    elif has_commentator or (series and not body.reported):
        section, kind = COMMENTARY, COMMENTARY
    elif _is_photo(body):
        section, kind = COMMUNITY_NEWS, PHOTO
    else:
        section, kind = COMMUNITY_NEWS, NEWS
    return ParsedArticle(
        position=position,
        section=section,
        kind=kind,
        column=draft.column,
        title=title,
        subtitles=subtitles,
        series=series,
        dateline=body.dateline,
        bylines=tuple(body.bylines),
        paragraphs=tuple(body.paragraphs),
        performances=performances,
        photo_credit=body.photo_credit,
        programme=_programme_name(title, body.paragraphs) if performances else None,
        line=draft.line,
    )


def _is_photo(body: _Body) -> bool:
    """One caption and no lead, with a credit or the gap the missing picture left."""
    return (
        not body.reported
        and len(body.paragraphs) == 1
        and (body.photo_credit is not None or body.gap_before >= 2)
    )


def _duplicate_warnings(position: int, paragraphs: tuple[str, ...]) -> list[ParseWarning]:
    return [ParseWarning(position, "duplicate-text", p) for p in _repeated_passages(paragraphs)]


def _repeated_passages(paragraphs: tuple[str, ...]) -> list[str]:
    """Passages of at least DUPLICATE_MIN_LENGTH characters that the text prints twice.

    Equal windows at distance d extend along the same diagonal; each maximal run of them is
    one repeated passage, reported once, in the order of its first appearance.
    """
    text = "\n".join(paragraphs)
    size = DUPLICATE_MIN_LENGTH
    starts: dict[str, list[int]] = defaultdict(list)
    for start in range(len(text) - size + 1):
        window = text[start : start + size]
        if "\n" not in window:
            starts[window].append(start)
    runs: dict[tuple[int, int], int] = {}  # (distance, first start of the run) → last start
    open_runs: dict[int, int] = {}  # distance → first start of the run it is extending
    for start in range(len(text) - size + 1):
        copies = starts.get(text[start : start + size], ())
        if len(copies) > DUPLICATE_MAX_COPIES:
            continue
        for other in copies:
            distance = other - start
            if distance < size:  # the same place, or overlapping itself (哈哈哈哈)
                continue
            first = open_runs.get(distance)
            if first is None or runs[(distance, first)] != start - 1:
                first = open_runs[distance] = start
            runs[(distance, first)] = start
    passages = {}
    for (_distance, first), last in sorted(runs.items(), key=lambda item: item[0][1]):
        passages.setdefault(text[first : last + size], first)
    return list(passages)
