"""The article form in a real Chromium: unsaved changes are neither lost nor left silently."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from articles.models import Article

# Transactional, so the live server's thread sees the data.
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long test password 42"


@pytest.fixture
def article_form(page, live_server, seeded):
    """The change form of the seed's second article, opened by a logged-in editor."""
    get_user_model().objects.create_superuser("chief", password=PASSWORD)
    article = Article.objects.get(position=2)
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    expect(page.locator(".cke_wysiwyg_frame")).to_be_visible()  # CKEditor loaded
    return page


def test_leaving_an_edited_article_asks_first(article_form):
    page = article_form
    page.fill("#id_title", "改了一半的标题")
    dialogs = []

    def refuse_to_leave(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", refuse_to_leave)
    page.locator(".breadcrumbs a").first.click(no_wait_after=True)
    page.wait_for_timeout(500)

    assert dialogs == ["beforeunload"]
    expect(page.locator("#id_title")).to_have_value("改了一半的标题")


def test_an_unedited_article_is_left_without_a_question(article_form):
    page = article_form
    dialogs = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.type) or dialog.accept())
    page.locator(".breadcrumbs a").first.click()
    page.wait_for_url("**/admin/")
    assert dialogs == []


def test_typed_changes_are_offered_back_after_the_tab_is_closed(article_form):
    page = article_form
    url = page.url
    page.fill("#id_title", "没保存的标题")
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(url)  # the crash or closed tab: the copy stays in this browser

    expect(page.locator("#id_title")).not_to_have_value("没保存的标题")
    page.locator("[data-autosave=restore]").click()
    expect(page.locator("#id_title")).to_have_value("没保存的标题")
    expect(page.locator("#autosave-restore")).to_be_hidden()
