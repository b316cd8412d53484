"""An editor corrects a published article in a real Chromium; readers find the correction."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from articles.models import Article

from ..factories import make_member

# Transactional, so the live server's thread sees the data.
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long test password 42"
CORRECTION = "本文第二段中“签约项目86个”有误，应为“签约项目68个”。"


@pytest.fixture
def corrected(page, live_server, seeded):
    """The seed's lead article, corrected on its form by an editor (编辑)."""
    make_member("编辑", username="editor")
    article = Article.objects.get(position=1)
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.locator("#corrections-group .add-row a").click()
    page.fill("#id_corrections-0-text", CORRECTION)
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    return article


def test_the_correction_an_editor_adds_is_on_the_article_and_the_corrections_page(
    page, live_server, corrected
):
    page.goto(live_server.url + corrected.get_absolute_url())
    box = page.locator("section.corrections")
    expect(box).to_contain_text(CORRECTION)
    expect(box.get_by_role("heading")).to_have_text(re.compile("^(更正|Corrections)$"))
    page.locator(".corrected-flag").click()
    expect(page).to_have_url(f"{live_server.url}{corrected.get_absolute_url()}#corrections")

    page.locator('.site-footer a[href="/corrections/"]').click()
    page.get_by_role("link", name=corrected.title).click()
    expect(page.locator("section.corrections")).to_contain_text(CORRECTION)


@pytest.mark.parametrize("width", [390, 1280])
def test_corrections_have_no_accessibility_violations(page, live_server, corrected, width):
    page.set_viewport_size({"width": width, "height": 900})
    axe = Axe()
    for path in (corrected.get_absolute_url(), "/corrections/"):
        page.goto(live_server.url + path)
        results = axe.run(page)
        assert results.violations_count == 0, results.generate_report()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px too wide"
