"""The printed paper's domain, one module per concept; every model is importable from here.

- ``names``: sections, columns, series and authors, the registries readers browse by;
- ``issues``: dated issues and their printed pages;
- ``publication``: the rule of what readers see, which every other one derives from;
- ``articles``: articles, their bylines, and the lists readers meet them in;
- ``corrections``: the public notes on what a published article got wrong;
- ``imports``: what an import found odd, for the editors to settle;
- ``regions``: where each story is printed on its page;
- ``parts``: the article page but for the site's frame, rendered and kept with its article.

The changes of an article's state are recorded by ``articles.workflow``.
"""

from ..states import ArticleStatus, IssueStatus
from ..workflow import StateChange
from .articles import RELATIONS, Article, ArticleQuerySet, Byline, credited_photographer, signed_by
from .corrections import Correction, last_modified, prefetch_published_corrections
from .imports import ImportWarning
from .issues import PROVENANCE_FIELDS, Issue, Page, publication_time
from .names import Author, Column, Section, Series, SluggedModel, unique_slug
from .parts import ArticlePart, IssuePart, ListPart
from .publication import published_article, state_label
from .regions import PageRegion

__all__ = [
    "PROVENANCE_FIELDS",
    "RELATIONS",
    "Article",
    "ArticlePart",
    "ArticleQuerySet",
    "ArticleStatus",
    "Author",
    "Byline",
    "Column",
    "Correction",
    "ImportWarning",
    "Issue",
    "IssuePart",
    "IssueStatus",
    "ListPart",
    "Page",
    "PageRegion",
    "Section",
    "Series",
    "SluggedModel",
    "StateChange",
    "credited_photographer",
    "last_modified",
    "prefetch_published_corrections",
    "publication_time",
    "published_article",
    "signed_by",
    "state_label",
    "unique_slug",
]
