"""`manage.py import_issue` as a user runs it: files in, rows and a printed summary out.

Most tests go through call_command; a few run the command as a real subprocess, on their own
SQLite file, to check the exit status and that a bad file gives one line and no traceback.
"""

import datetime
import json
import os
import sqlite3
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, Author, Byline, Issue
from events.models import Act, Performance, Performer

from .seed_expectations import ROOT, SAMPLES, SEED, SEED_TEXT

pytestmark = pytest.mark.django_db

DATES = ROOT / "seeds" / "dates.tsv"
SEED_BYTES = SEED.read_bytes()


def run(*args) -> tuple[str, str]:
    """Run import_issue; return (stdout, stderr). CommandError and others propagate."""
    out, err = StringIO(), StringIO()
    call_command("import_issue", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args) -> tuple[str, str, str]:
    """Run import_issue expecting a CommandError; return (message, stdout, stderr)."""
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_issue", *[str(a) for a in args], stdout=out, stderr=err)
    return str(failure.value), out.getvalue(), err.getvalue()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Issue, Article, Author, Byline, Performance, Act, Performer)
    }


NOTHING = dict.fromkeys(
    ["Issue", "Article", "Author", "Byline", "Performance", "Act", "Performer"], 0
)


# ---------------------------------------------------------------------------------------------
# The seed.


def test_seed_import_prints_file_date_counts_and_the_duplicate_text_warning():
    out, err = run(SEED, "--date", "2022-08-25")
    first = out.splitlines()[0]
    assert first.startswith("000_9095635fa0921b51.txt: issue 2022-08-25 page 1 imported:")
    for phrase in (
        "issue 1 created",
        "articles 9 created",
        "authors 7 created",
        "performers 7 created",
        "performances 2 created",
        "acts 11 created",
    ):
        assert phrase in first
    assert "warning: article 6 duplicate-text: 就往哪里流、项目就在哪里建、产业就在哪里兴" in out
    assert "inferred" not in out
    assert err == ""
    assert Issue.objects.get().date == datetime.date(2022, 8, 25)
    assert counts() == {
        "Issue": 1,
        "Article": 9,
        "Author": 7,
        "Byline": 11,
        "Performance": 2,
        "Act": 11,
        "Performer": 7,
    }


def test_second_import_of_same_file_changes_nothing():
    run(SEED, "--date", "2022-08-25")
    before = counts()
    updated = list(Article.objects.order_by("pk").values_list("updated", flat=True))
    out, _err = run(SEED, "--date", "2022-08-25")
    assert out.splitlines()[0] == (
        "000_9095635fa0921b51.txt: issue 2022-08-25 page 1 already imported from this file; "
        "nothing changed."
    )
    assert "created" not in out
    assert counts() == before
    assert list(Article.objects.order_by("pk").values_list("updated", flat=True)) == updated


def test_without_date_the_date_is_inferred_and_the_command_says_so():
    out, _err = run(SEED)
    assert "000_9095635fa0921b51.txt: issue date 2022-08-23 inferred from the text" in out
    assert "--date" in out
    assert "issue 2022-08-23 page 1 imported" in out
    assert Issue.objects.get().date == datetime.date(2022, 8, 23)


def test_dates_file_gives_the_date_by_file_name():
    out, _err = run(SEED, "--dates", DATES)
    assert "inferred" not in out
    assert "issue 2022-08-25 page 1 imported" in out
    assert Issue.objects.get().date == datetime.date(2022, 8, 25)


def test_dates_file_without_the_file_name_falls_back_to_inference(tmp_path):
    dates = tmp_path / "dates.tsv"
    dates.write_text("# name\tdate\nother.txt\t2020-01-01\n", encoding="utf-8")
    out, _err = run(SEED, "--dates", dates)
    assert "issue date 2022-08-23 inferred" in out
    assert Issue.objects.get().date == datetime.date(2022, 8, 23)


def test_malformed_dates_file_is_reported_with_its_line(tmp_path):
    dates = tmp_path / "dates.tsv"
    dates.write_text("000_9095635fa0921b51.txt\t25.08.2022\n", encoding="utf-8")
    message, _out, _err = run_failing(SEED, "--dates", dates)
    assert message == f"{dates}:1: expected 'FILE-NAME<TAB>YYYY-MM-DD'"
    assert counts() == NOTHING


# ---------------------------------------------------------------------------------------------
# JSON.


def test_dry_run_json_prints_the_parse_in_the_documented_shape_and_writes_nothing():
    out, _err = run(SEED, "--date", "2022-08-25", "--dry-run", "--json")
    assert "解放区" in out  # UTF-8 as is, not \u-escaped
    assert "\\u" not in out
    parsed = json.loads(out)
    assert parsed["source"] == "000_9095635fa0921b51.txt"
    assert parsed["issue"]["date"] == "2022-08-25"
    assert "import" not in parsed
    articles = parsed["articles"]
    assert [a["position"] for a in articles] == list(range(1, 10))
    keys = {
        "position",
        "section",
        "kind",
        "column",
        "title",
        "subtitles",
        "series",
        "dateline",
        "bylines",
        "paragraphs",
        "performances",
    }
    assert all(keys <= set(a) for a in articles)
    first = articles[0]
    assert {k: first[k] for k in keys - {"paragraphs"}} == {
        "position": 1,
        "section": "community-news",
        "kind": "news",
        "column": None,
        "title": "解放区以企招商“云推介”暨项目签约仪式举行",
        "subtitles": ["签约项目68个,总投资118亿元", "坚定两个依靠 闯出焦作新路"],
        "series": None,
        "dateline": "本报讯",
        "bylines": [
            {"name": "詹长松", "role": "reporter"},
            {"name": "王孟阳", "role": "correspondent"},
            {"name": "李秀娟", "role": "correspondent"},
        ],
        "performances": [],
    }
    assert first["paragraphs"][0].startswith("8月23日上午,")
    assert articles[5]["series"] == {"name": "解放区优化营商环境系列评论", "number": 4}
    assert articles[6]["column"] == articles[7]["column"] == "基层动态"
    programme = articles[8]
    assert (programme["section"], programme["kind"]) == ("theatre", "programme")
    assert [p["date"] for p in programme["performances"]] == ["2022-09-03", "2022-09-04"]
    assert programme["performances"][0]["acts"][1] == {
        "form": "相声",
        "title": "学小曲",
        "performers": ["展奇", "杨森"],
    }
    assert programme["performances"][0]["acts"][-1] == {
        "form": "大返场",
        "title": None,
        "performers": [],
    }
    assert {"article": 6, "kind": "duplicate-text"} in [
        {"article": w["article"], "kind": w["kind"]} for w in parsed["warnings"]
    ]
    assert all(w["article"] == 6 for w in parsed["warnings"])
    assert Issue.objects.count() == 0
    assert counts() == NOTHING


def test_dry_run_without_json_says_what_it_would_import():
    out, _err = run(SEED, "--date", "2022-08-25", "--dry-run")
    assert "000_9095635fa0921b51.txt: would import issue 2022-08-25 page 1 with 9 articles" in out
    assert "nothing written" in out
    assert "warning: article 6 duplicate-text" in out
    assert counts() == NOTHING


def test_json_without_dry_run_imports_and_adds_the_import_counts():
    out, _err = run(SEED, "--date", "2022-08-25", "--json")
    parsed = json.loads(out)
    assert len(parsed["articles"]) == 9
    assert parsed["import"]["issue_date"] == "2022-08-25"
    assert parsed["import"]["page"] == {"number": 1, "name": None}
    assert parsed["import"]["already_imported"] is False
    assert parsed["import"]["not_found_on_page_pdf"] == []
    assert parsed["import"]["counts"]["articles"] == {"created": 9}
    assert parsed["import"]["counts"]["authors"] == {"created": 7}
    assert Article.objects.count() == 9
    again = json.loads(run(SEED, "--date", "2022-08-25", "--json")[0])
    assert again["import"]["already_imported"] is True


# ---------------------------------------------------------------------------------------------
# Encodings.


def test_bom_and_crlf_copy_imports_the_same_nine_articles(tmp_path):
    copy = tmp_path / "bom_crlf.txt"
    copy.write_bytes(b"\xef\xbb\xbf" + SEED_TEXT.replace("\n", "\r\n").encode("utf-8"))
    run(copy, "--date", "2022-08-25")
    titles = list(Article.objects.order_by("position").values_list("title", flat=True))
    assert len(titles) == 9
    assert titles[0] == "解放区以企招商“云推介”暨项目签约仪式举行"  # no BOM in the first headline
    assert not Article.objects.filter(body__contains="\r").exists()


def test_bom_and_crlf_copy_of_an_imported_seed_changes_nothing(tmp_path):
    run(SEED, "--date", "2022-08-25")
    updated = list(Article.objects.order_by("pk").values_list("updated", flat=True))
    copy = tmp_path / "bom_crlf.txt"
    copy.write_bytes(b"\xef\xbb\xbf" + SEED_TEXT.replace("\n", "\r\n").encode("utf-8"))
    out, _err = run(copy, "--date", "2022-08-25")
    assert "bom_crlf.txt: issue 2022-08-25 page 1 unchanged" in out
    assert list(Article.objects.order_by("pk").values_list("updated", flat=True)) == updated
    assert Issue.objects.count() == 1


def test_gb18030_copy_is_detected_by_itself(tmp_path):
    copy = tmp_path / "gb.txt"
    copy.write_bytes(SEED_TEXT.encode("gb18030"))
    run(copy, "--date", "2022-08-25")
    assert Article.objects.count() == 9
    assert Author.objects.filter(name="詹长松").exists()
    assert Article.objects.get(position=5).body.count("社会组织撬动") == 1


def test_gb18030_copy_with_encoding_option(tmp_path):
    copy = tmp_path / "gb.txt"
    copy.write_bytes(SEED_TEXT.encode("gb18030"))
    run(copy, "--date", "2022-08-25", "--encoding", "gb18030")
    assert list(Article.objects.order_by("position").values_list("position", flat=True)) == list(
        range(1, 10)
    )


def test_gb18030_bytes_read_as_utf8_fail_cleanly(tmp_path):
    copy = tmp_path / "gb.txt"
    copy.write_bytes(SEED_TEXT.encode("gb18030"))
    message, _out, _err = run_failing(copy, "--date", "2022-08-25", "--encoding", "utf-8")
    assert message.startswith(f"{copy}: undecodable bytes at byte offset ")
    assert "utf-8" in message
    assert counts() == NOTHING


def test_unknown_encoding_is_reported():
    message, _out, _err = run_failing(SEED, "--date", "2022-08-25", "--encoding", "klingon")
    assert message == f"{SEED}: unknown encoding 'klingon'"
    assert counts() == NOTHING


# ---------------------------------------------------------------------------------------------
# Bad input: a non-zero exit, one line naming the file and the problem, nothing written.


def stray_ff() -> tuple[bytes, int]:
    offset = SEED_BYTES.index("会议还研究".encode())
    return SEED_BYTES[:offset] + b"\xff" + SEED_BYTES[offset:], offset


BAD_FILES = {
    "empty": (b"", "empty file"),
    "whitespace-only": (b" \n\t\r\n\n  \n", "empty file"),
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary data, not text"),
    "nul-bytes": (SEED_BYTES[:200] + b"\x00\x00\x00" + SEED_BYTES[200:], "binary data, not text"),
    "stray-0xff": (
        stray_ff()[0],
        f"undecodable bytes at byte offset {stray_ff()[1]} (damaged UTF-8)",
    ),
    "furniture-only": (
        (SAMPLES / "variant_furniture_only.txt").read_bytes(),
        "no articles found (no headline followed by text)",
    ),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_bad_file_is_refused_with_one_line_naming_it(tmp_path, kind):
    data, problem = BAD_FILES[kind]
    path = tmp_path / f"bad_{kind}.txt"
    path.write_bytes(data)
    message, out, _err = run_failing(path, "--date", "2022-08-25")
    assert message == f"{path}: {problem}"
    assert "\n" not in message
    assert out == ""
    assert counts() == NOTHING


def test_missing_file_is_refused():
    path = ROOT / "seeds" / "no_such_issue.txt"
    message, _out, _err = run_failing(path, "--date", "2022-08-25")
    assert message == f"{path}: No such file or directory"
    assert counts() == NOTHING


def test_a_folder_without_page_files_is_refused(tmp_path):
    (tmp_path / "notes.md").write_text("# not a page", encoding="utf-8")
    message, _out, _err = run_failing(tmp_path, "--date", "2022-08-25")
    assert message == f"{tmp_path}: no page files (01.txt, 02-社区新闻.txt …) in it"
    assert counts() == NOTHING


def test_text_without_a_year_needs_a_date(tmp_path):
    path = tmp_path / "no_year.txt"
    path.write_text("# 解放区召开会议\n\n本报讯(记者詹长松)8月22日,解放区召开会议。\n", "utf-8")
    message, _out, _err = run_failing(path)
    assert message.startswith(f"{path}: cannot infer the issue date")
    assert "--date YYYY-MM-DD" in message
    assert counts() == NOTHING
    run(path, "--date", "2022-08-23")
    assert Issue.objects.get().date == datetime.date(2022, 8, 23)


@pytest.mark.parametrize("value", ["2022-13-01", "25.08.2022", "yesterday"])
def test_invalid_date_option_is_refused(value):
    message, _out, _err = run_failing(SEED, "--date", value)
    assert message == f"--date {value!r} is not a date in the form YYYY-MM-DD"
    assert counts() == NOTHING


def test_with_one_bad_file_among_several_the_good_ones_are_imported(tmp_path):
    empty = tmp_path / "bad_empty.txt"
    empty.write_bytes(b"")
    fullwidth = SAMPLES / "variant_fullwidth.txt"
    message, out, err = run_failing(SEED, empty, fullwidth, "--dates", DATES)
    assert message == "1 of 3 files were not imported."
    assert err.splitlines() == [f"{empty}: empty file"]
    assert "000_9095635fa0921b51.txt: issue 2022-08-25 page 1 imported" in out
    assert "variant_fullwidth.txt: issue 2023-03-14 page 1 imported" in out
    assert sorted(Issue.objects.values_list("date", flat=True)) == [
        datetime.date(2022, 8, 25),
        datetime.date(2023, 3, 14),
    ]


# ---------------------------------------------------------------------------------------------
# Atomicity.


def test_file_that_fails_halfway_writes_nothing(monkeypatch):
    def fail(*args, **kwargs):
        assert Article.objects.count() == 9  # halfway: the articles were written
        raise RuntimeError("disk full")

    monkeypatch.setattr(Act.objects, "create", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        run(SEED, "--date", "2022-08-25")
    assert counts() == NOTHING


def test_file_that_fails_halfway_keeps_the_files_before_it(monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Performer.objects, "create", fail)
    fullwidth = SAMPLES / "variant_fullwidth.txt"  # no programme: needs no performer
    with pytest.raises(RuntimeError, match="disk full"):
        run(fullwidth, SEED, "--dates", DATES)
    assert list(Issue.objects.values_list("date", flat=True)) == [datetime.date(2023, 3, 14)]
    assert Article.objects.count() == 4
    assert not Article.objects.filter(issue__date="2022-08-25").exists()
    assert not Author.objects.filter(name="强声").exists()


# ---------------------------------------------------------------------------------------------
# As a real process: exit status, one line on stderr, no traceback. Own SQLite database.


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    """Run manage.py in a subprocess against a migrated SQLite file of its own."""
    database = tmp_path_factory.mktemp("cli") / "cli.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "PYTHONIOENCODING": "utf-8"}

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *[str(a) for a in args]],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
        )

    migrated = manage("migrate", "--no-input")
    assert migrated.returncode == 0, migrated.stderr
    manage.database = database
    return manage


def rows(database: Path, table: str) -> int:
    with sqlite3.connect(database) as db:
        return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_cli_bad_files_exit_1_with_one_line_and_no_traceback(cli, tmp_path):
    damaged, offset = stray_ff()
    bad = tmp_path / "bad_damaged.txt"
    bad.write_bytes(damaged)
    cases = [
        (bad, f"{bad}: undecodable bytes at byte offset {offset} (damaged UTF-8)"),
        (tmp_path / "missing.txt", f"{tmp_path / 'missing.txt'}: No such file or directory"),
    ]
    for path, problem in cases:
        result = cli("import_issue", path, "--date", "2022-08-25")
        assert result.returncode == 1
        assert result.stderr.splitlines() == [f"CommandError: {problem}"]
        assert "Traceback" not in result.stderr
        assert result.stdout == ""
    assert rows(cli.database, "articles_issue") == 0
    assert rows(cli.database, "articles_article") == 0
    assert rows(cli.database, "articles_author") == 0


def test_cli_invalid_date_exits_1_with_one_line_and_no_traceback(cli):
    result = cli("import_issue", SEED, "--date", "2022-13-01")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "CommandError: --date '2022-13-01' is not a date in the form YYYY-MM-DD"
    ]
    assert "Traceback" not in result.stderr
    assert rows(cli.database, "articles_issue") == 0


def test_cli_imports_the_good_file_and_exits_1_for_the_bad_one(cli, tmp_path):
    empty = tmp_path / "bad_empty.txt"
    empty.write_bytes(b"")
    result = cli("import_issue", "--dates", DATES, SEED, empty)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"{empty}: empty file",
        "CommandError: 1 of 2 files were not imported.",
    ]
    assert "000_9095635fa0921b51.txt: issue 2022-08-25 page 1 imported" in result.stdout
    assert rows(cli.database, "articles_issue") == 1
    assert rows(cli.database, "articles_article") == 9
    again = cli("import_issue", "--dates", DATES, SEED)
    assert again.returncode == 0
    assert "already imported" in again.stdout
    assert again.stderr == ""
    assert rows(cli.database, "articles_article") == 9
