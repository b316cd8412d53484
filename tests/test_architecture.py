"""Dependencies point one way, as the README's Design section draws them:

    newsroom's infrastructure ◄─ articles ◄─ events ◄─ the project's composition

The infrastructure (caching, images, uploads, pagination, the admin's shared behaviour …)
knows neither app; ``articles`` knows neither the theatre nor the import; ``events`` may
refer to ``articles``; the composition (the import, the API, URLs, the project's views and
admin, commands, settings) puts them together. Every import statement of the project is
read, those inside functions too.
"""

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("articles", "events", "newsroom")
# The modules of ``newsroom`` that compose the apps; every other one is infrastructure.
COMPOSITION = (
    "newsroom.admin",
    "newsroom.api",
    "newsroom.editor_uploads",
    "newsroom.importing",
    "newsroom.management.commands",
    "newsroom.settings",
    "newsroom.urls",
    "newsroom.views",
    "newsroom.wsgi",
)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """The project modules ``path`` imports, by absolute name (``from . import x`` as ``pkg.x``)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", None) == "get_model"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.add(str(node.args[0].value).partition(".")[0])  # a model looked up by name
    return {module for module in found if module.partition(".")[0] in APPS}


def is_under(module: str, packages) -> bool:
    return any(module == package or module.startswith(f"{package}.") for package in packages)


def layer(module: str) -> int:
    """0 infrastructure, 1 articles, 2 events, 3 composition."""
    if is_under(module, COMPOSITION):
        return 3
    return {"newsroom": 0, "articles": 1, "events": 2}[module.partition(".")[0]]


def project_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:  # see test_migrations: they import no app code
                yield path


def importers_of_later_layers() -> list[str]:
    wrong = []
    for path in project_modules():
        module = module_name(path)
        for imported in sorted(imported_modules(path)):
            if layer(imported) > layer(module):
                wrong.append(f"{module} imports {imported}")
    return wrong


def test_dependencies_point_one_way():
    assert importers_of_later_layers() == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from events.models import Act", "events.models"),
        ("import events.models", "events.models"),
        ("from django.apps import apps\napps.get_model('events', 'Act')", "events"),
        ("def later():\n    from newsroom.importing import loader", "newsroom.importing.loader"),
        ("from ..models import Article", "articles.models.Article"),
        ("from . import issues", "articles.admin.issues"),
    ],
)
def test_the_walk_finds_an_import_however_it_is_written(tmp_path, monkeypatch, source, expected):
    probe = tmp_path / "articles" / "admin" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text(source, encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert expected in imported_modules(probe)


@pytest.mark.parametrize(
    ("module", "imported", "wrong"),
    [
        ("articles.views", "events.models", True),
        ("articles.admin.issues", "newsroom.importing.loader", True),
        ("articles.views", "newsroom.caching", False),
        ("events.models", "articles.models", False),
        ("events.views", "newsroom.api", True),
        ("newsroom.caching", "articles.models", True),
        ("newsroom.importing.loader", "events.models", False),
        ("newsroom.urls", "articles.sitemaps", False),
    ],
)
def test_which_way_is_wrong(module, imported, wrong):
    assert (layer(imported) > layer(module)) is wrong


def test_every_composing_package_exists():
    """A renamed package would silently leave the list and turn into infrastructure."""
    for package in COMPOSITION:
        path = ROOT / package.replace(".", "/")
        assert path.is_dir() or path.with_suffix(".py").is_file(), package
