"""Reader search: the word-segmented text of each article, its weighted vector and GIN index.

The vector and its index exist for PostgreSQL only: SQLite has neither ``tsvector`` nor
GIN (Django's GinIndex would emit ``USING gin`` there), so the index is created by an
operation that does nothing on other databases, as Django's own CreateExtension does.
Existing articles are filled with a copy of the code the import and the admin used when
this migration was written (``articles.search``, ``articles.sanitize``), so that a later
change to how articles are segmented cannot change what this migration does.
"""

import functools
import html
import operator
import re
import unicodedata

import django.contrib.postgres.search
import rjieba
from django.db import connections, migrations, models
from django.utils.html import strip_tags


class RunSQLOnPostgreSQL(migrations.RunSQL):
    """``RunSQL`` that is skipped on databases other than PostgreSQL."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


# The search columns' words, as articles.search and articles.sanitize made them ---------

# A word is a run of letters or digits; stored as " word word ", space-padded.
WORD = re.compile(r"[^\W_]+")
REFRESH_BATCH = 200
# Column and weight: PostgreSQL's setweight() letters and ts_rank()'s default weights for them.
WEIGHTS = (("search_title", "A", 1.0), ("search_people", "B", 0.4), ("search_body", "C", 0.2))
SEARCH_FIELDS = [column for column, _letter, _weight in WEIGHTS]
BLOCK_BOUNDARY = re.compile(
    r"<(?:br|/?(?:p|div|h[1-6]|li|ul|ol|blockquote|figure|figcaption|tr|td|th))\b[^>]*>",
    re.IGNORECASE,
)


def plain_text(body):
    """The body's text as readers see it: no tags, entities decoded, blocks kept apart."""
    return " ".join(html.unescape(strip_tags(BLOCK_BOUNDARY.sub(" ", body))).split())


def normalise(text):
    """Full-width letters and digits as ASCII, and lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def _words(tokens):
    return [word for token in tokens for word in WORD.findall(token)]


def index_text(text):
    """The words of ``text`` and the words inside long ones, space-separated and -padded."""
    words = _words(rjieba.cut_for_search(normalise(text)))
    return f" {' '.join(words)} " if words else ""


def search_texts(article):
    """What each search column of ``article`` holds."""
    names = [byline.author.name for byline in article.bylines.all()]
    return {
        "search_title": index_text(f"{article.title}\n{article.subtitles}"),
        "search_people": index_text(" ".join(names)),
        "search_body": index_text(plain_text(article.body)),
    }


def weighted_vector():
    """The PostgreSQL ``tsvector`` of the stored words, weighted A (headline) to C (body)."""
    vectors = (
        django.contrib.postgres.search.SearchVector(column, weight=letter, config="simple")
        for column, letter, _ in WEIGHTS
    )
    return functools.reduce(operator.add, vectors)


def refresh_search_vectors(articles):
    if connections[articles.db].vendor == "postgresql":
        articles.update(search_vector=weighted_vector())


def refresh_search_text(articles):
    """Segment ``articles`` again and store the words that changed, in batches."""
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


def fill(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    refresh_search_text(Article.objects.using(schema_editor.connection.alias).all())


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_sections_and_columns")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_title",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="article",
            name="search_people",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="article",
            name="search_body",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        RunSQLOnPostgreSQL(
            'CREATE INDEX "article_search_vector" ON "articles_article" '
            'USING gin ("search_vector")',
            'DROP INDEX IF EXISTS "article_search_vector"',
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
