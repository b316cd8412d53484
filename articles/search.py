"""The read side of search: finding published articles by their words, and the form.

A query is cut into words as the articles were (``articles.segmentation``) and looked up
in the words stored beside each article (``articles.search_index``):

- PostgreSQL matches the weighted ``tsvector`` of the three columns (GIN index) and ranks
  with ``ts_rank`` the newest ``RANKED_MATCHES``.
- Any other database (SQLite in development) matches each word, space-padded, in the same
  columns and ranks with the same weights.

Both find whole words only: 相声 does not match 互相声援, 解放区 does not match 解放区域.
Results' headlines and snippets are marked in ``articles.highlight``.
"""

from collections.abc import Sequence

from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import Case, Expression, F, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from .models import Article, Author, Section
from .search_index import WEIGHTS
from .segmentation import MAX_QUERY_LENGTH, query_words

RANKED_MATCHES = 200  # the newest matches of a search that are ranked and listed


# Searching ----------------------------------------------------------------------------


def _match_postgresql(articles: QuerySet, words: list[str]) -> tuple[QuerySet, Expression]:
    """Every word in the weighted vector (GIN index), ranked by ``ts_rank``.

    ``plainto_tsquery`` ANDs the words and reads them with the parser that built the
    vector; it has no operators, so no input can make it fail.
    """
    query = SearchQuery(" ".join(words), search_type="plain", config="simple")
    return articles.filter(search_vector=query), SearchRank(F("search_vector"), query)


def _match_text(articles: QuerySet, words: list[str]) -> tuple[QuerySet, Expression]:
    """Every word, space-padded, in one of the columns; ranked with the same weights, in
    tenths: sums of floats differ with their order (1.0 + 0.4 + 0.2 < 1.0 + 0.2 + 0.4), and
    two articles that match alike must rank alike."""
    rank = Value(0)
    for word in words:
        padded = f" {word} "
        articles = articles.filter(
            Q(search_title__contains=padded)
            | Q(search_people__contains=padded)
            | Q(search_body__contains=padded)
        )
        for column, _letter, weight in WEIGHTS:
            rank += Case(
                When(**{f"{column}__contains": padded}, then=Value(round(weight * 10))),
                default=Value(0),
                output_field=IntegerField(),
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
        articles = articles.by_author(author)
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
        author = Author.objects.in_print().filter(Q(slug=name) | Q(name=name)).first()
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
