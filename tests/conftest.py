from collections import Counter
from importlib import import_module
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from newsroom import caching
from newsroom.shared_cache import SharedCache

from .factories import restart_numbering
from .seed_expectations import ROOT, SAMPLES, SEED, SEED_ARTICLES  # noqa: F401  (re-exported)


@pytest.fixture(autouse=True)
def numbered_from_one():
    restart_numbering()


@pytest.fixture(autouse=True)
def fresh_shared_cache(monkeypatch):
    """Each test starts with a shared cache that has seen no error, nothing counted and no
    page kept by the process (which another test's database rendered)."""
    monkeypatch.setattr(caching, "shared_cache", SharedCache(caching.CONTENT_VERSION_KEY))
    monkeypatch.setattr(caching, "counts", Counter())
    caching.process_pages.pages.clear()
    caching.process_pages.forget_version()


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    """Tests make hundreds of staff users: PBKDF2's deliberate slowness would be most of
    their time. Logins and password checks work the same with a quick hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seed_path() -> Path:
    return SEED


@pytest.fixture
def imported_seed(db):
    """The seed page imported as the issue of 2022-08-25, as `make run` does."""
    call_command("import_issue", str(SEED), "--date", "2022-08-25", stdout=StringIO())


DATA_MIGRATIONS = (
    "articles.migrations.0002_sections_and_columns",
    "events.migrations.0002_jiefang_theatre",
    "articles.migrations.0006_newsroom_groups",
    "articles.migrations.0010_corrections",
)


@pytest.fixture
def lead(imported_seed):
    """The seed page's lead story."""
    from articles.models import Article

    return Article.objects.get(title=SEED_ARTICLES[0][1])


@pytest.fixture
def migration_data(transactional_db):
    """The rows the data migrations made (sections, the theatre, the groups) made again.

    A transactional test ends by emptying every table, so the next one starts without them.
    """
    for migration in DATA_MIGRATIONS:
        import_module(migration).create(apps, schema_editor=None)
