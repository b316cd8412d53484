"""A preview link in a real Chromium: made by an editor in the admin, opened by someone without
an account."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from playwright.sync_api import expect

from articles.models import ArticleStatus, IssueStatus

from ..factories import make_article, make_issue, make_member

# Transactional, so the live server's thread sees the data.
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long test password 42"  # the factories'
HEADLINE = "尚未发表的稿件"


def test_an_editor_shares_a_draft_that_a_reader_without_account_opens(
    page, browser, live_server, migration_data
):
    draft = make_article(
        issue=make_issue(status=IssueStatus.DRAFT),
        status=ArticleStatus.DRAFT,
        title=HEADLINE,
        body="<p>初稿的正文。</p>",
    )
    make_member("编辑", username="editor")
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    page.goto(f"{live_server.url}/admin/articles/article/{draft.pk}/change/")

    page.locator("a[href$='/preview-link/']").click()
    page.locator("input[name=days][value='1']").check()
    page.locator("input[type=submit].default").click()
    link = page.locator("#preview-link").input_value()
    assert link.startswith(f"{live_server.url}/preview/")

    reader = browser.new_context(locale="zh-CN")  # no cookies: no session, no account
    policy_violations = []
    reader_page = reader.new_page()
    reader_page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and policy_violations.append(message.text)
        ),
    )
    try:
        reader_page.goto(link)
        expect(reader_page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
        expect(reader_page.locator("main")).to_contain_text("初稿的正文。")
        expect(reader_page.locator(".preview-banner")).to_be_visible()
        with translation.override("zh-hans"):  # the reader's language, whatever ran before
            state = draft.get_status_display()
        expect(reader_page.locator(".preview-banner")).to_contain_text(state)
        assert policy_violations == []
        accessibility = Axe().run(reader_page)
        assert accessibility.violations_count == 0, accessibility.generate_report()
    finally:
        reader.close()
