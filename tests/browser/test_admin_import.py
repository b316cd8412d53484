"""Importing an issue file from the admin, in a real Chromium, as an editor of 编辑 would."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from articles.models import Issue, IssueStatus

from ..conftest import SEED
from ..seed_expectations import SEED_ARTICLES

# Transactional, so the live server's thread sees the data.
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long test password 42"


@pytest.fixture
def editor_page(page, live_server, migration_data):
    """The admin, logged in as a member of the 编辑 group, reading Chinese."""
    user = get_user_model().objects.create_user("bianji", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="编辑"))
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "bianji")
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    return page


def test_editor_uploads_previews_and_confirms_an_issue_file(editor_page, live_server):
    page = editor_page
    page.goto(f"{live_server.url}/admin/articles/issue/")
    page.get_by_role("link", name="导入报纸文件").click()
    page.set_input_files("input[type=file]", str(SEED))
    page.fill("input[type=date]", "2022-08-25")
    page.get_by_role("button", name="预览").click()

    # The preview: every article, the warning in Chinese, and nothing written yet.
    rows = page.locator("table.import-preview tbody tr")
    expect(rows).to_have_count(len(SEED_ARTICLES))
    expect(rows.first).to_contain_text(SEED_ARTICLES[0][1])
    expect(page.locator(".messagelist")).to_contain_text("第6篇：有一段文字印了两遍")
    assert not Issue.objects.exists()

    page.get_by_role("button", name="作为草稿导入").click()
    report = page.locator(".messagelist .success")
    expect(report).to_contain_text("2022年8月25日这一期的第1版已导入")
    expect(page.locator(".messagelist .warning").first).to_contain_text("第6篇")
    issue = Issue.objects.get(date="2022-08-25")
    assert issue.status == IssueStatus.DRAFT
    assert issue.articles.count() == len(SEED_ARTICLES)
    assert page.url.endswith(f"/admin/articles/issue/{issue.pk}/change/")
