"""Reader search over published articles, in Chinese.

Chinese has no spaces between words, and no parser for it ships with PostgreSQL here, so
the words are cut in Python with rjieba (jieba's dictionary and results, in Rust) and
stored beside each article as " word word " text: headline and subtitles, bylines, body.

- PostgreSQL matches a weighted ``tsvector`` of those three columns (A, B, C; ``simple``
  configuration, GIN index) and ranks with ``ts_rank`` the newest ``RANKED_MATCHES``.
- Any other database (SQLite in development) matches each word, space-padded, in the same
  columns and ranks with the same weights.

Both find whole words only: 相声 does not match 互相声援, 解放区 does not match 解放区域.
Snippets and highlighted headlines are made here in Python, so both look alike.
"""

import functools
import operator
import re
import unicodedata
from collections.abc import Sequence

import rjieba
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import Case, Expression, F, FloatField, Q, QuerySet, Value, When
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from .models import Article, Author, Byline, Section, published_article
from .sanitize import plain_text

# A word is a run of letters or digits: punctuation, spaces and control characters never
# match, and "50%" is indexed and searched as "50", as PostgreSQL's own parser would.
WORD = re.compile(r"[^\W_]+")
MAX_QUERY_LENGTH = 100  # characters of a query that are read; the rest is ignored
# Words of a query that are searched for; the rest are left out, and the page says so. A
# database matches each word on its own (SQLite overflowed its parser at 27 of them).
MAX_QUERY_WORDS = 10
REFRESH_BATCH = 200
RANKED_MATCHES = 200  # the newest matches of a search that are ranked and listed

# Column and weight: PostgreSQL's setweight() letters and ts_rank()'s default weights for them.
WEIGHTS = (("search_title", "A", 1.0), ("search_people", "B", 0.4), ("search_body", "C", 0.2))
SEARCH_FIELDS = [column for column, _letter, _weight in WEIGHTS]

# Tags after which the text of a new block starts: their words must not run together.

SNIPPET_LENGTH = 120
SNIPPET_LEAD = 30  # characters shown before the first match
SEGMENT_MARGIN = 20  # characters segmented either side of a passage, for its edge words


# Words --------------------------------------------------------------------------------


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


# Keeping the stored words fresh ---------------------------------------------------------


def search_texts(article, names: list[str] | None = None) -> dict[str, str]:
    """What each search column of ``article`` holds.

    ``names`` are its bylines' authors in order; by default read from ``article.bylines``
    (prefetched with authors), given by the importer for articles not saved yet.
    """
    if names is None:
        names = [byline.author.name for byline in article.bylines.all()]
    return {
        "search_title": index_text(f"{article.title}\n{article.subtitles}"),
        "search_people": index_text(" ".join(names)),
        "search_body": index_text(plain_text(article.body)),
    }


def weighted_vector() -> SearchVector:
    """The PostgreSQL ``tsvector`` of the stored words, weighted A (headline) to C (body)."""
    vectors = (
        SearchVector(column, weight=letter, config="simple") for column, letter, _ in WEIGHTS
    )
    return functools.reduce(operator.add, vectors)


def refresh_search_vectors(articles: QuerySet) -> None:
    """Remake the weighted vector of ``articles`` from their stored words (PostgreSQL only)."""
    if connections[articles.db].vendor == "postgresql":
        articles.update(search_vector=weighted_vector())


def refresh_search_text(articles: QuerySet) -> int:
    """Segment ``articles`` again and store the words that changed; returns how many did.

    Called by the signals of ``articles.search_index`` whenever an article, a byline or an
    author's name is saved or deleted, and by paths that write without signals (the
    import's bulk insert, ``restore_archive``, ``rebuild_search_index``). It writes only rows
    whose words changed (a re-import of the same text writes nothing), in batches, without
    touching ``updated``. Takes any queryset of articles, a migration's historical one too.
    """
    manager = articles.model._default_manager.db_manager(articles.db)
    pks = list(articles.order_by("pk").values_list("pk", flat=True))
    changed = 0
    for start in range(0, len(pks), REFRESH_BATCH):
        batch = (
            manager.filter(pk__in=pks[start : start + REFRESH_BATCH])
            .only("title", "subtitles", "body", *SEARCH_FIELDS)
            .prefetch_related("bylines__author")
        )
        stale = []
        for article in batch:
            texts = search_texts(article)
            if any(getattr(article, column) != text for column, text in texts.items()):
                for column, text in texts.items():
                    setattr(article, column, text)
                stale.append(article)
        if not stale:
            continue
        manager.bulk_update(stale, SEARCH_FIELDS)
        refresh_search_vectors(manager.filter(pk__in=[a.pk for a in stale]))
        changed += len(stale)
    return changed


# Searching ----------------------------------------------------------------------------


def _match_postgresql(articles: QuerySet, words: list[str]) -> tuple[QuerySet, Expression]:
    """Every word in the weighted vector (GIN index), ranked by ``ts_rank``.

    ``plainto_tsquery`` ANDs the words and reads them with the parser that built the
    vector; it has no operators, so no input can make it fail.
    """
    query = SearchQuery(" ".join(words), search_type="plain", config="simple")
    return articles.filter(search_vector=query), SearchRank(F("search_vector"), query)


def _match_text(articles: QuerySet, words: list[str]) -> tuple[QuerySet, Expression]:
    """Every word, space-padded, in one of the columns; ranked with the same weights."""
    rank = Value(0.0)
    for word in words:
        padded = f" {word} "
        articles = articles.filter(
            Q(search_title__contains=padded)
            | Q(search_people__contains=padded)
            | Q(search_body__contains=padded)
        )
        for column, _letter, weight in WEIGHTS:
            rank += Case(
                When(**{f"{column}__contains": padded}, then=Value(weight)),
                default=Value(0.0),
                output_field=FloatField(),
            )
    return articles, rank


MATCHERS = {"postgresql": _match_postgresql}


class SearchResults(Sequence):
    """The articles a search found, best first, as a paginator takes them: the keys in rank
    order, and for each page its articles, read by key (one query, and one for bylines)
    without the stored search columns, which result pages never show.

    Its length is known without asking the database, and the page query looks up twenty
    keys instead of sorting two hundred rows again.
    """

    def __init__(self, keys: list[int]):
        self.keys = keys

    def __len__(self):
        return len(self.keys)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._articles(self.keys[index])
        return self._articles([self.keys[index]])[0]

    def __iter__(self):
        return iter(self[:])

    @staticmethod
    def _articles(keys: list[int]) -> list[Article]:
        found = Article.objects.for_listing().in_bulk(keys)
        return [found[key] for key in keys if key in found]


def search_articles(q, section=None, author=None, date_from=None, date_to=None) -> SearchResults:
    """The newest ``RANKED_MATCHES`` published articles holding every word of ``q``, best
    first; none for a query without words.

    Only the newest matches are ranked: a word such as 解放区 is in nearly every article of
    the paper, and ranking them all would cost a read of the whole archive per search. The
    newest are found through the publication-time index and ranked in one query (made
    here), so a search costs the same whatever the archive's size; the dates narrow it to
    older years.

    ``section`` and ``author`` are model instances, the dates bound the issue date (both
    included).
    """
    words = query_words(q)
    if not words:
        return SearchResults([])
    articles = Article.objects.published()
    if section is not None:
        articles = articles.filter(section=section)
    if author is not None:
        articles = articles.filter(pk__in=Byline.objects.filter(author=author).values("article"))
    if date_from is not None:
        articles = articles.filter(issue__date__gte=date_from)
    if date_to is not None:
        articles = articles.filter(issue__date__lte=date_to)
    match = MATCHERS.get(connections[articles.db].vendor, _match_text)
    matches, rank = match(articles, words)
    newest = matches.order_by("-published_at", "-pk").values("pk")[:RANKED_MATCHES]
    best_first = (
        Article.objects.filter(pk__in=newest)
        .annotate(rank=rank)
        .order_by("-rank", "-issue__date", "position")
    )
    return SearchResults(list(best_first.values_list("pk", flat=True)))


def lists_newest_only(count: int) -> bool:
    """Whether a search that found ``count`` articles stopped at the newest it ranks."""
    return count >= RANKED_MATCHES


# Highlighting ---------------------------------------------------------------------------


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


# The search form ------------------------------------------------------------------------


class SearchForm(forms.Form):
    """The search page's GET parameters: q, section, author, from, to.

    Every field is optional and checked on its own: a bad filter is dropped from
    ``cleaned_data`` and its field says why, while the rest of the search still runs.
    """

    PARAMETERS = {"date_from": "from", "date_to": "to"}  # field name → name in the URL

    q = forms.CharField(
        label=_("Words to search for"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH}),
    )
    section = forms.ModelChoiceField(
        label=_("Section"),
        queryset=Section.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All sections"),
        error_messages={
            "invalid_choice": _("There is no such section; results are from all sections.")
        },
    )
    author = forms.CharField(
        label=_("Author"),
        required=False,
        help_text=_("The name as printed in the byline."),
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={"invalid": _("Enter the date as YYYY-MM-DD; this filter is ignored.")},
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={"invalid": _("Enter the date as YYYY-MM-DD; this filter is ignored.")},
    )

    def add_prefix(self, field_name):
        return super().add_prefix(self.PARAMETERS.get(field_name, field_name))

    def clean_author(self):
        """An author of published articles, by slug or name; unknown names are a message."""
        name = self.cleaned_data["author"]
        if not name:
            return None
        author = (
            Author.objects.filter(Q(slug=name) | Q(name=name))
            .filter(published_article("bylines__article__"))
            .first()
        )
        if author is None:
            raise forms.ValidationError(
                _("No articles by “%(name)s” are published; results are from all authors."),
                params={"name": name},
            )
        return author

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("The end date is before the start date; it is ignored."))
        return cleaned

    def criteria(self) -> dict:
        """The valid part of the request, as keyword arguments of ``search_articles``."""
        self.is_valid()
        return {"q": "", **self.cleaned_data}
