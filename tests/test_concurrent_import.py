"""Two `import_issue` processes on the same new file at the same moment leave one issue.

Both are made to reach the point of writing before either may write: the test holds a lock
on the issue table that lets them read but not insert, waits until both are blocked, then
lets go. Without the loader's import lock both would insert the date and one would fail.
Needs a real server with committed data between processes, so PostgreSQL only.
"""

import os
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from django.db import connection, transaction

from articles.models import Article, Issue

from .seed_expectations import ROOT, SEED

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]

WAIT_SECONDS = 60


def database_url() -> str:
    """The test database (not the one DATABASE_URL names) as a URL for another process."""
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{quote(db['USER'])}{password}@{db['HOST']}{port}/{db['NAME']}"


def start_import() -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url(), "CONN_MAX_AGE": "0"}
    return subprocess.Popen(
        [sys.executable, "manage.py", "import_issue", str(SEED), "--date", "2022-08-25"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def sessions_waiting_for_a_lock(cursor) -> int:
    cursor.execute("SELECT pg_stat_clear_snapshot()")  # else a transaction sees one snapshot
    cursor.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
    )
    return cursor.fetchone()[0]


@pytest.fixture
def imports():
    """Import processes the test starts; killed if the test fails before they end."""
    processes = []
    yield processes
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_two_simultaneous_imports_of_a_new_issue_leave_one_issue_and_both_succeed(imports):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {Issue._meta.db_table} IN SHARE MODE")  # reads only
        imports += [start_import(), start_import()]
        deadline = time.monotonic() + WAIT_SECONDS
        while sessions_waiting_for_a_lock(cursor) < 2:
            finished = [p for p in imports if p.poll() is not None]
            assert not finished, finished[0].communicate()
            assert time.monotonic() < deadline, "the imports never both reached their writes"
            time.sleep(0.1)
    results = [p.communicate(timeout=WAIT_SECONDS) for p in imports]

    assert [p.returncode for p in imports] == [0, 0], results
    outputs = sorted(out for out, _err in results)
    assert "already imported from this file; nothing changed." in outputs[0]
    assert "issue 2022-08-25 page 1 imported: issue 1 created" in outputs[1]
    assert [err for _out, err in results] == ["", ""]
    assert Issue.objects.count() == 1
    assert Article.objects.filter(issue__date="2022-08-25").count() == 9
