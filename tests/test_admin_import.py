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
from .helpers import IMPORT_URL, payload_of, text_of
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
        f"{SEED.name}: page 1 of the issue of Aug. 25, 2022 imported: issue 1 created; "
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
        f"{SEED.name}：2022年8月25日这一期的第1版已导入：期次 新建1个；文章 新建9个；"
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


# Pages -------------------------------------------------------------------------------------

COMMUNITY = (SAMPLES / "variant_columns.txt").read_bytes()


def confirm(client, preview):
    return client.post(IMPORT_URL, {"payload": payload_of(preview)})


def test_a_second_file_goes_to_the_next_page_and_the_preview_says_so(editor):
    confirm(editor, seed_preview(editor, draft="on"))
    issue = Issue.objects.get()
    first = list(issue.articles.values_list("pk", "title", "body", "updated"))
    preview = upload(editor, COMMUNITY, "社区.txt", date=SEED_DATE.isoformat(), draft="on")
    assert "The file makes a new page of the issue of Aug. 25, 2022: page 2." in text_of(preview)
    assert "imported from another file" not in preview.content.decode()
    response = confirm(editor, preview)
    report = next(str(m) for m in get_messages(response.wsgi_request))
    assert report.startswith("社区.txt: page 2 of the issue of Aug. 25, 2022 imported")
    assert sorted(issue.pages.values_list("number", flat=True)) == [1, 2]
    assert issue.pages.get(number=2).articles.count() == 7
    assert (
        list(issue.pages.get(number=1).articles.values_list("pk", "title", "body", "updated"))
        == first
    )


def test_the_page_asked_for_is_the_page_imported_with_its_name(editor):
    preview = seed_preview(editor, draft="on", page="4", page_name="小剧场")
    assert "The file makes a new issue of Aug. 25, 2022: its page 4 小剧场." in text_of(preview)
    confirm(editor, preview)
    page = Issue.objects.get().pages.get()
    assert (page.number, page.name) == (4, "小剧场")


def test_the_same_file_again_goes_to_its_own_page_not_the_next(editor):
    confirm(editor, seed_preview(editor, draft="on"))
    preview = seed_preview(editor, draft="on")
    assert "already imported" in text_of(preview)
    assert "page 1" in text_of(preview)


@pytest.mark.parametrize(
    "fields, error",
    [
        ({"page": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"page": "100"}, "Ensure this value is less than or equal to 99."),
        ({"page": "二"}, "Enter a whole number."),
        ({"page_name": "评论"}, "Give the page number with its name."),
    ],
)
def test_a_bad_page_is_a_form_error_and_nothing_is_written(editor, fields, error):
    response = seed_preview(editor, draft="on", **fields)
    assert response.status_code == 200
    assert error in text_of(response)
    assert "payload" not in response.content.decode()
    assert not Issue.objects.exists()


def test_a_page_header_against_the_page_asked_for_is_a_form_error(editor):
    data = "第3版：评论\n".encode() + COMMUNITY
    response = upload(editor, data, "x.txt", date=SEED_DATE.isoformat(), draft="on", page="2")
    assert "x.txt: its page header names page 3, but it is imported as page 2" in text_of(response)
    assert not Issue.objects.exists()


def test_a_page_header_places_the_upload(editor):
    data = "2022年8月25日 星期四 第3版 评论 责任编辑：张三\n".encode() + COMMUNITY
    preview = upload(editor, data, "x.txt", draft="on")
    assert "The file makes a new issue of Aug. 25, 2022: its page 3 评论." in text_of(preview)
    confirm(editor, preview)
    page = Issue.objects.get().pages.get()
    assert (page.number, page.name, page.editor) == (3, "评论", "张三")
