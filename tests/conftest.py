from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from .factories import restart_numbering
from .seed_expectations import ROOT, SAMPLES, SEED  # noqa: F401  (re-exported for tests)


@pytest.fixture(autouse=True)
def numbered_from_one():
    restart_numbering()


@pytest.fixture
def seed_path() -> Path:
    return SEED


@pytest.fixture
def imported_seed(db):
    """The seed page imported as the issue of 2022-08-25, as `make run` does."""
    call_command("import_issue", str(SEED), "--date", "2022-08-25", stdout=StringIO())
