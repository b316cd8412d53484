"""Reader search: the word-segmented text of each article, its weighted vector and GIN index.

The vector and its index exist for PostgreSQL only: SQLite has neither ``tsvector`` nor
GIN (Django's GinIndex would emit ``USING gin`` there), so the index is created by an
operation that does nothing on other databases, as Django's own CreateExtension does.
Existing articles are filled with the same code the import and the admin use.
"""

import django.contrib.postgres.search
from django.db import migrations, models

from articles.search import refresh_search_text


class RunSQLOnPostgreSQL(migrations.RunSQL):
    """``RunSQL`` that is skipped on databases other than PostgreSQL."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


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
