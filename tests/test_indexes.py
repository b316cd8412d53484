"""Every index of the paper's tables earns its keep: none repeats the leading columns of another.

An index whose columns begin another index of the same table serves no lookup the longer
one does not, and each costs a write per row and a path for the planner to weigh on every
query that touches the table (about half the planning of the article page's query on
PostgreSQL, before the foreign keys' own indexes were dropped).
"""

import pytest
from django.apps import apps
from django.db import connection

PAPER_APPS = ("articles", "events")


def partial(table: str) -> set[str]:
    """The names of the table's indexes and constraints that hold only some rows."""
    model = next(model for model in apps.get_models() if model._meta.db_table == table)
    declared = [*model._meta.indexes, *model._meta.constraints]
    return {item.name for item in declared if getattr(item, "condition", None) is not None}


def ordered_indexes(table: str) -> dict[str, tuple[tuple[str, ...], bool]]:
    """Name → (columns, unique) of the table's whole b-tree indexes and unique constraints,
    but the primary key's."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    some_rows = partial(table)
    return {
        name: (tuple(info["columns"]), bool(info["unique"]))
        for name, info in constraints.items()
        if (info["index"] or info["unique"])
        and not info["primary_key"]
        and name not in some_rows
        and info.get("type") in (None, "idx")  # not GIN
        and all(info["columns"])  # not an expression
    }


def paper_tables() -> list[str]:
    return sorted(
        model._meta.db_table
        for name in PAPER_APPS
        for model in apps.get_app_config(name).get_models()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("table", paper_tables())
def test_no_index_repeats_the_start_of_another(table):
    indexes = ordered_indexes(table)
    repeated = [
        (name, other)
        for name, (columns, unique) in indexes.items()
        for other, (longer, _unique) in indexes.items()
        if not unique and len(longer) > len(columns) and longer[: len(columns)] == columns
    ]
    assert repeated == []


@pytest.mark.django_db
def test_the_article_tables_foreign_keys_are_still_indexed_by_composites():
    """Dropping the foreign keys' own indexes left each column at the head of an index."""
    leading = {columns[0] for columns, _unique in ordered_indexes("articles_article").values()}
    assert {"issue_id", "section_id", "column_id", "series_id"} <= leading
