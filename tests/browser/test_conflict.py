"""Two editors on one article in Chromium: the second to save keeps the first's other changes
and chooses, field by field, where both changed the same thing."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from articles.models import Article

from ..factories import PASSWORD
from .conftest import ARTIFACTS

# Transactional, so the live server's thread sees the data.
pytestmark = pytest.mark.django_db(transaction=True)


def signed_in(context, live_server, username):
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


@pytest.mark.parametrize("width", [1280, 390])
def test_the_second_editor_chooses_where_both_changed_and_keeps_the_rest(
    page, browser, live_server, seeded, width
):
    users = get_user_model()
    users.objects.create_superuser("wang", password=PASSWORD, first_name="编辑", last_name="王")
    users.objects.create_superuser("li", password=PASSWORD, first_name="编辑", last_name="李")
    article = Article.objects.get(position=2)
    url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"
    page.set_viewport_size({"width": width, "height": 900})
    other = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    try:
        first = signed_in(other, live_server, "wang")
        page.goto(f"{live_server.url}/admin/")
        page.fill("#id_username", "li")
        page.fill("#id_password", PASSWORD)
        page.locator("input[type=submit]").click()
        first.goto(url)
        page.goto(url)

        first.fill("#id_title", "王改的标题")
        first.fill("#id_dateline", "王改的电头")
        first.locator("input[name=_continue]").click()
        expect(first.locator("ul.messagelist")).to_contain_text("成功")

        page.fill("#id_title", "李改的标题")
        page.fill("#id_subtitles", "李加的副题")
        page.locator("input[name=_continue]").click()
        conflict = page.locator("#conflict")
        expect(conflict).to_contain_text("王改的标题")
        expect(conflict).to_contain_text("李改的标题")
        expect(conflict).not_to_contain_text("电头")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"conflict-screen-{width}.png")
        conflict.locator("input[name=keep-title][value=theirs]").check()
        page.locator("input[name=_continue]").click()
        expect(page.locator("ul.messagelist")).to_contain_text("成功")
    finally:
        other.close()

    article.refresh_from_db()
    assert (article.title, article.subtitles, article.dateline) == (
        "王改的标题",
        "李加的副题",
        "王改的电头",
    )
