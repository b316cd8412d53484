"""An import running beside another import, or beside an editor saving the same issue.

Each test makes the import reach its point of waiting before the other side lets go: it holds
a lock in its own transaction, waits until the import process is blocked on it, then commits.
Needs a real server with committed data between processes, so PostgreSQL only.
"""

import io
import os
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from articles.models import Article, Issue

from .helpers import save_as
from .seed_expectations import ROOT, SEED, SEED_TEXT

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


def start_import(path=SEED) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url(), "CONN_MAX_AGE": "0"}
    return subprocess.Popen(
        [sys.executable, "manage.py", "import_issue", str(path), "--date", "2022-08-25"],
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


def wait_until_blocked(cursor, imports, count: int) -> None:
    """Return once ``count`` other sessions wait for a lock; fail if an import ends first."""
    deadline = time.monotonic() + WAIT_SECONDS
    while sessions_waiting_for_a_lock(cursor) < count:
        finished = [p for p in imports if p.poll() is not None]
        assert not finished, finished[0].communicate()
        assert time.monotonic() < deadline, "the imports never reached their writes"
        time.sleep(0.1)


def test_two_simultaneous_imports_of_a_new_issue_leave_one_issue_and_both_succeed(imports):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {Issue._meta.db_table} IN SHARE MODE")  # reads only
        imports += [start_import(), start_import()]
        wait_until_blocked(cursor, imports, 2)
    results = [p.communicate(timeout=WAIT_SECONDS) for p in imports]

    assert [p.returncode for p in imports] == [0, 0], results
    outputs = sorted(out for out, _err in results)
    assert "already imported from this file; nothing changed." in outputs[0]
    assert "issue 2022-08-25 page 1 imported: issue 1 created" in outputs[1]
    assert [err for _out, err in results] == ["", ""]
    assert Issue.objects.count() == 1
    assert Article.objects.filter(issue__date="2022-08-25").count() == 9


def test_an_import_waits_for_an_issue_being_saved_and_then_sees_the_editors_work(
    imports, members, tmp_path
):
    """The issue's row is the import's from its plan to its commit: an editor's save of the
    issue form in progress (the issue, then its articles' rows) is planned with, not over."""
    call_command("import_issue", str(SEED), "--date", "2022-08-25", stdout=io.StringIO())
    corrected = tmp_path / SEED.name
    corrected.write_text(
        SEED_TEXT.replace("# 解放区一志愿服务项目荣获省级大奖", "# 解放区一项志愿服务项目获奖"),
        encoding="utf-8",
    )
    editor = members["编辑"]
    with transaction.atomic(), connection.cursor() as cursor:
        issue = Issue.objects.get()
        save_as(editor, issue)
        save_as(editor, issue.articles.get(position=4), title="志愿服务项目荣获省级大奖")
        imports.append(start_import(corrected))
        wait_until_blocked(cursor, imports, 1)
    out, err = imports[0].communicate(timeout=WAIT_SECONDS)

    assert imports[0].returncode != 0, out
    assert "overwrite article 4" in err
    assert editor.username in err
    assert Article.objects.get(position=4).title == "志愿服务项目荣获省级大奖"


def test_a_dry_run_plans_without_holding_the_issues_row():
    """Only the loader's plan, in its transaction, holds the issue's row: a dry run (and the
    admin's preview, which plans the same way) runs outside one, where PostgreSQL refuses
    ``SELECT … FOR UPDATE``."""
    call_command("import_issue", str(SEED), "--date", "2022-08-25", stdout=io.StringIO())
    assert connection.get_autocommit()
    out = io.StringIO()
    call_command("import_issue", str(SEED), "--date", "2022-08-25", "--dry-run", stdout=out)
    assert "already imported from this file: nothing would change" in out.getvalue()
