"""Data migrations carry existing rows over, both ways, and run their own frozen code."""

import ast
import datetime
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_PIECES = [("events", "0002_jiefang_theatre")]
PIECES = [("events", "0003_pieces")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def events_before_pieces(transactional_db):
    apps = migrate(BEFORE_PIECES)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_acts_become_pieces_and_back(events_before_pieces):
    apps = events_before_pieces
    programme, _created = apps.get_model("events", "Programme").objects.get_or_create(
        name="解放小剧场"
    )
    performance = apps.get_model("events", "Performance").objects.create(
        programme=programme, date=datetime.date(2022, 9, 3)
    )
    Act = apps.get_model("events", "Act")
    for order, (form, title) in enumerate(
        [("相声", "《学小曲》"), ("相声", " 学小曲 "), ("大返场", "")], start=1
    ):
        Act.objects.create(performance=performance, order=order, form=form, title=title)

    apps = migrate(PIECES)
    acts = apps.get_model("events", "Act").objects.order_by("order")
    assert [(act.piece.form, act.piece.title) for act in acts] == [
        ("相声", "学小曲"),
        ("相声", "学小曲"),
        ("大返场", ""),
    ]
    assert apps.get_model("events", "Piece").objects.count() == 2

    apps = migrate(BEFORE_PIECES)
    acts = apps.get_model("events", "Act").objects.order_by("order")
    assert [(act.form, act.title) for act in acts] == [
        ("相声", "学小曲"),
        ("相声", "学小曲"),
        ("大返场", ""),
    ]


# A migration runs again years later, on a new database or a restored archive, and must do
# then what it did the day it was written: it uses historical models (apps.get_model) and
# its own copies of the functions it needs, never the application's code, which changes.
APPLICATION = {"articles", "events", "newsroom"}
# Except the modules makemigrations names for the custom fields, validators and upload
# paths of the models' state (``import newsroom.uploads``): they are part of the schema,
# whose changes ``makemigrations --check`` reports, and no migration's function calls them.
FIELD_DEFINITIONS = {
    "articles.fields",
    "newsroom.images",
    "newsroom.printed_pages",
    "newsroom.uploads",
}
MIGRATIONS = sorted((Path(__file__).resolve().parent.parent).glob("*/migrations/[0-9]*.py"))


def is_application(module: str) -> bool:
    """``module`` is the application's code: not Django, a library or a migrations package."""
    parts = module.split(".")
    return module.startswith("..") or (parts[0] in APPLICATION and parts[1:2] != ["migrations"])


def application_code(source: str) -> list[str]:
    """Where a migration imports the application's code, or a function of it uses a field
    definition's module."""
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names if alias.name not in FIELD_DEFINITIONS]
        elif isinstance(node, ast.ImportFrom):
            modules = ["." * node.level + (node.module or "")]
        else:
            continue
        found += [f"line {node.lineno}: imports {m}" for m in modules if is_application(m)]
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            found += [
                f"line {node.lineno}: {getattr(function, 'name', 'lambda')} uses {used}"
                for node in ast.walk(function)
                if isinstance(node, ast.Attribute)
                for used in [ast.unparse(node)]
                if any(used.startswith(f"{module}.") for module in FIELD_DEFINITIONS)
            ]
    return sorted(set(found))


def test_every_app_has_its_migrations_checked():
    assert {path.parent.parent.name for path in MIGRATIONS} == APPLICATION


@pytest.mark.parametrize(
    "path", MIGRATIONS, ids=lambda path: f"{path.parent.parent.name}/{path.stem}"
)
def test_a_migration_runs_its_own_code_not_the_applications(path):
    assert application_code(path.read_text(encoding="utf-8")) == []


BEFORE_PAGES = [("articles", "0014_import_provenance")]


@pytest.fixture
def articles_before_pages(transactional_db):
    apps = migrate(BEFORE_PAGES)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_an_issues_import_warnings_become_its_first_pages(articles_before_pages):
    """Before issues had pages of their own files, each issue's warnings were its one page's."""
    apps = articles_before_pages
    Issue, Page = apps.get_model("articles", "Issue"), apps.get_model("articles", "Page")
    ImportWarning = apps.get_model("articles", "ImportWarning")
    issue = Issue.objects.create(date=datetime.date(2022, 8, 25))
    second = Page.objects.create(issue=issue, number=2)
    first = Page.objects.create(issue=issue, number=1)
    without_pages = Issue.objects.create(date=datetime.date(2022, 9, 1))
    for on in (issue, issue, without_pages):
        ImportWarning.objects.create(issue=on, position=1, kind="duplicate-text", text="重复")
    apps = migrate([("articles", "0015_pages_of_an_issue")])
    warnings = apps.get_model("articles", "ImportWarning").objects.order_by("pk")
    assert [w.page_id for w in warnings] == [first.pk, first.pk, None]
    assert second.pk != first.pk
