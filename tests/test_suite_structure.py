"""The test suite's own rule: no test module imports another.

What two test modules share lives once, where both can import it: plain functions and
constants in helpers.py, fixtures and scenarios in conftest.py, row builders in
factories.py, what the seed page must give in seed_expectations.py, hostile inputs in
xss_vectors.py. A test module importing another runs that module's import (its fixtures and
tests appear in the importer's namespace) and ties one file's tests to another's internals.
"""

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent


def imported_test_modules(source: str) -> list[str]:
    """The test modules (``test_*``) that ``source`` imports, as written, in order."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            names = [f"{module}.{alias.name}" if module else alias.name for alias in node.names]
            if module:
                names.append(module)
        else:
            continue
        for name in names:
            if any(part.startswith("test_") for part in name.split(".")):
                found.append(name)
    return list(dict.fromkeys(found))


# Sources the check reads, with ``{t}`` for a test module's name: spelled out, they would be
# what a search of the suite for such imports finds.
@pytest.mark.parametrize(
    ("source", "imported"),
    [
        ("from .{t} import main_html", ["{t}.main_html", "{t}"]),
        ("from ..{t} import main_html", ["{t}.main_html", "{t}"]),
        ("from tests.{t} import admin_url", ["tests.{t}.admin_url", "tests.{t}"]),
        ("from . import {t}", ["{t}"]),
        ("import tests.{t}", ["tests.{t}"]),
        ("def f():\n    from .{t} import camera_jpeg", ["{t}.camera_jpeg", "{t}"]),
        ("from .helpers import main_html\nfrom .factories import make_article", []),
        ("from .conftest import SEED\nfrom tests import helpers\nimport pytest", []),
        ("from articles.models import Article", []),
    ],
)
def test_the_check_sees_every_way_of_importing_a_test_module(source, imported):
    name = "test_views"
    expected = [module.format(t=name) for module in imported]
    assert imported_test_modules(source.format(t=name)) == expected


def test_no_test_module_imports_another():
    files = sorted(TESTS.rglob("*.py"))
    assert TESTS / "test_views.py" in files  # the check reads the suite it guards
    offenders = {
        str(path.relative_to(TESTS)): modules
        for path in files
        if (modules := imported_test_modules(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, (
        "move what test modules share to helpers.py (functions, constants), conftest.py "
        "(fixtures), factories.py or xss_vectors.py"
    )
