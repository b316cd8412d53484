"""Chinese word segmentation, the one way both sides of search cut text into words.

Chinese has no spaces between words, and no parser for it ships with PostgreSQL here, so
the words are cut in Python with rjieba (jieba's dictionary and results, in Rust). The
index stores an article's words as ``index_text`` gives them (``articles.search_index``),
a search looks for the words ``query_words`` gives (``articles.search``), and highlighting
marks the same words (``articles.highlight``): all three normalise and cut alike here.
"""

import re
import unicodedata

import rjieba

# A word is a run of letters or digits: punctuation, spaces and control characters never
# match, and "50%" is indexed and searched as "50", as PostgreSQL's own parser would.
WORD = re.compile(r"[^\W_]+")
MAX_QUERY_LENGTH = 100  # characters of a query that are read; the rest is ignored
# Words of a query that are searched for; the rest are left out, and the page says so. A
# database matches each word on its own (SQLite overflowed its parser at 27 of them).
MAX_QUERY_WORDS = 10


def normalise(text: str) -> str:
    """Full-width letters and digits as ASCII, and lower case: how readers type is not a match."""
    return unicodedata.normalize("NFKC", text).lower()


def _words(tokens) -> list[str]:
    return [word for token in tokens for word in WORD.findall(token)]


def index_text(text: str) -> str:
    """The words of ``text`` to store, space-separated and space-padded.

    ``cut_for_search`` also gives the words inside long ones (志愿服务队 → 志愿, 服务, 服务队),
    so a query finds them; padding lets the fallback match " word " at either end.
    """
    words = _words(rjieba.cut_for_search(normalise(text)))
    return f" {' '.join(words)} " if words else ""


def _all_query_words(q: str) -> list[str]:
    return list(dict.fromkeys(_words(rjieba.cut(normalise(q[:MAX_QUERY_LENGTH])))))


def query_words(q: str) -> list[str]:
    """The words a query asks for, in order, each once, the first ``MAX_QUERY_WORDS`` of them;
    empty if it holds no word at all."""
    return _all_query_words(q)[:MAX_QUERY_WORDS]


def left_out_words(q: str) -> list[str]:
    """The words of a query past the first ``MAX_QUERY_WORDS``, which are not searched for."""
    return _all_query_words(q)[MAX_QUERY_WORDS:]
