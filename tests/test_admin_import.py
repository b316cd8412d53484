"""Importing an issue file from the admin: upload, preview (nothing written), confirm."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, ArticleStatus, Issue, IssueStatus
from articles.permissions import IMPORT_PERMISSIONS
from newsroom.importing.admin import Upload

from .factories import make_staff_user
from .helpers import IMPORT_URL, payload_of
from .seed_expectations import SAMPLES, SEED, SEED_ARTICLES, SEED_DATE


@pytest.fixture
def editor(client, db):
    """A staff member with exactly the permissions an import needs, publishing it included,
    reading English."""
    client.force_login(make_staff_user(*IMPORT_PERMISSIONS, "articles.publish_issue"))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def upload(client, data: bytes, name="page.txt", **fields):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data), **fields})


def seed_preview(client, **fields):
    return upload(client, SEED.read_bytes(), SEED.name, date=SEED_DATE.isoformat(), **fields)


def test_the_issue_list_offers_the_import_to_those_who_may(editor, admin_client):
    changelist = reverse("admin:articles_issue_changelist")
    assert IMPORT_URL in editor.get(changelist).content.decode()
    assert editor.get(IMPORT_URL).status_code == 200


def test_staff_without_the_permissions_are_refused(client, db):
    client.force_login(make_staff_user("articles.view_issue", "articles.change_issue"))
    assert client.get(IMPORT_URL).status_code == 403
    assert IMPORT_URL not in client.get(reverse("admin:articles_issue_changelist")).content.decode()
    assert seed_preview(client).status_code == 403
    assert not Issue.objects.exists()


def test_preview_shows_every_article_and_warning_and_writes_nothing(editor):
    response = seed_preview(editor)
    html = response.content.decode()
    assert response.status_code == 200
    for article in SEED_ARTICLES:
        assert article[1] in html
    assert "Article 6: a passage printed twice (check the column breaks): 就往哪里流" in html
    assert "9 articles, read as utf-8" in html
    assert not Issue.objects.exists()
    assert not Article.objects.exists()


def test_confirming_imports_the_issue_as_drafts_with_a_report_and_a_log_entry(editor):
    response = editor.post(IMPORT_URL, {"payload": payload_of(seed_preview(editor, draft="on"))})
    issue = Issue.objects.get(date=SEED_DATE)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_issue_change", args=[issue.pk])
    assert issue.status == IssueStatus.DRAFT
    assert issue.articles.count() == len(SEED_ARTICLES)
    assert set(issue.articles.values_list("status", flat=True)) == {ArticleStatus.DRAFT}
    assert issue.source_file == SEED.name
    assert all(article.source_line for article in issue.articles.all())
    messages = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    assert messages[0] == (
        "success",
        f"{SEED.name}: the issue of Aug. 25, 2022 imported: issue 1 created; "
        "articles 9 created; bylines 11 created; authors 7 created; series 1 created; "
        "performances 2 created; acts 11 created; pieces 10 created; performers 7 created.",
    )
    assert (
        "warning",
        "Article 6: a passage printed twice (check the column breaks): "
        "就往哪里流、项目就在哪里建、产业就在哪里兴",
    ) in messages
    assert LogEntry.objects.get(object_id=str(issue.pk)).get_change_message() == (
        f"Imported from {SEED.name}."
    )


def test_the_report_speaks_the_editors_language(editor):
    editor.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    response = editor.post(IMPORT_URL, {"payload": payload_of(seed_preview(editor, draft="on"))})
    report, *warnings = [str(m) for m in get_messages(response.wsgi_request)]
    assert report.startswith(
        f"{SEED.name}：2022年8月25日这一期已导入：期次 新建1个；文章 新建9个；"
    )
    assert (
        "第6篇：有一段文字印了两遍（请检查分栏）：就往哪里流、项目就在哪里建、产业就在哪里兴"
    ) in warnings


def test_unticking_drafts_publishes_the_issue(editor):
    editor.post(IMPORT_URL, {"payload": payload_of(seed_preview(editor))})
    assert Issue.objects.published().filter(date=SEED_DATE).exists()
    assert Article.objects.published().count() == len(SEED_ARTICLES)


def test_the_same_file_again_is_announced_and_changes_nothing(editor):
    editor.post(IMPORT_URL, {"payload": payload_of(seed_preview(editor, draft="on"))})
    response = seed_preview(editor, draft="on")
    assert "already imported" in response.content.decode()
    response = editor.post(IMPORT_URL, {"payload": payload_of(response)})
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert "already imported from this file; nothing changed" in messages[0]
    assert LogEntry.objects.count() == 1


def test_a_date_is_inferred_when_none_is_given(editor):
    response = upload(editor, (SAMPLES / "variant_new_year.txt").read_bytes())
    assert "The date was taken from the text" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "The submitted file is empty."),
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "page.txt: binary data, not text"),
        ("只有一行字，没有标题。".encode(), "page.txt: no articles found"),
    ],
)
def test_a_bad_file_gets_one_line_and_nothing_is_written(editor, data, says):
    response = upload(editor, data, date="2022-08-25")
    assert response.status_code == 200
    assert says in response.content.decode()
    assert not Issue.objects.exists()


def test_a_file_too_large_for_a_page_is_refused(editor):
    response = upload(editor, b"# x\n" + b"a" * (2 * 1024 * 1024), date="2022-08-25")
    assert "larger than 2 MB" in response.content.decode()


def test_gb18030_files_are_read_like_the_command_reads_them(editor):
    response = upload(editor, SEED.read_text(encoding="utf-8").encode("gb18030"))
    assert "read as gb18030" in response.content.decode()


def test_a_changed_preview_is_refused_and_nothing_is_written(editor):
    payload = payload_of(seed_preview(editor))
    tampered = Upload("page.txt", "# 假标题\n\n假正文。".encode(), None, False).payload()
    forged = tampered[: tampered.rindex(":")] + payload[payload.rindex(":") :]
    response = editor.post(IMPORT_URL, {"payload": forged})
    assert "changed after it was made" in response.content.decode()
    assert not Issue.objects.exists()


def test_a_stale_preview_is_refused(editor, monkeypatch):
    payload = payload_of(seed_preview(editor))
    monkeypatch.setattr("newsroom.importing.admin.CONFIRM_WITHIN", -1)
    response = editor.post(IMPORT_URL, {"payload": payload})
    assert "more than an hour old" in response.content.decode()
    assert not Issue.objects.exists()
