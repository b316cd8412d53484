"""Search results' headlines and snippets, with the words a search matched in ``<mark>``.

Words are marked where search matched them: whole words as ``articles.segmentation`` cuts
them, so 相声 is not marked inside 互相声援. Done here in Python, so results look alike on
PostgreSQL and SQLite.
"""

import re

import rjieba
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .sanitize import plain_text
from .segmentation import WORD, normalise

SNIPPET_LENGTH = 120
SNIPPET_LEAD = 30  # characters shown before the first match
SEGMENT_MARGIN = 20  # characters segmented either side of a passage, for its edge words


def match_spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where the words occur in ``text`` as whole words (as search matched them), merged."""
    wanted = set(words)
    spans = sorted(
        (start + part.start(), start + part.end())
        for token, start, _end in rjieba.tokenize(text, mode="search")
        for part in WORD.finditer(token)
        if normalise(part.group()) in wanted
    )
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _marked(text: str, spans) -> SafeString:
    pieces, position = [], 0
    for start, end in spans:
        pieces += [escape(text[position:start]), format_html("<mark>{}</mark>", text[start:end])]
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # every piece is escaped above


def highlight(text: str, words: list[str]) -> SafeString:
    """``text`` escaped, with the query's words in ``<mark>``."""
    return _marked(text, match_spans(text, words))


def spans_between(text: str, words: list[str], start: int, end: int) -> list[tuple[int, int]]:
    """``match_spans`` of ``text[start:end]`` only, in ``text``'s positions.

    Segmenting a whole article for each of a page's results cost more than the search; a
    passage is segmented with ``SEGMENT_MARGIN`` characters of text either side, so that the
    words at its edges are cut as in the whole text.
    """
    low = max(0, start - SEGMENT_MARGIN)
    return [
        (s + low, e + low)
        for s, e in match_spans(text[low : end + SEGMENT_MARGIN], words)
        if s + low < end and e + low > start
    ]


def first_match(text: str, words: list[str]) -> tuple[int, int] | None:
    """The first place one of ``words`` occurs in ``text`` as a whole word, or None.

    Only the places where a word occurs as a substring are segmented, first to last.
    """
    folded = normalise(text)
    if len(folded) != len(text):  # folding changed lengths: its positions are not text's
        spans = match_spans(text, words)
        return spans[0] if spans else None
    places = sorted(
        (place, place + len(word))
        for word in set(words)
        for place in (m.start() for m in re.finditer(re.escape(word), folded))
    )
    for start, end in places:
        for span in spans_between(text, words, start, end):
            if span[0] == start:
                return span
    return None


def snippet(body: str, words: list[str]) -> SafeString:
    """About 120 characters of the body's text around the first match, highlighted.

    Without a match in the body (the headline or a byline matched) it is the body's start.
    """
    text = plain_text(body)
    match = first_match(text, words)
    start = max(0, match[0] - SNIPPET_LEAD) if match else 0
    end = min(len(text), start + SNIPPET_LENGTH)
    start = max(0, end - SNIPPET_LENGTH)  # near the end, still a full passage
    inside = [
        (max(s, start) - start, min(e, end) - start)
        for s, e in spans_between(text, words, start, end)
    ]
    passage = _marked(text[start:end], inside)
    return format_html("{}{}{}", "…" if start > 0 else "", passage, "…" if end < len(text) else "")
