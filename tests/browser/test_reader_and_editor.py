"""What a reader and an editor see in a real Chromium, on the imported seed."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from articles.models import Article

# Transactional, so the live server's thread sees the data.
pytestmark = pytest.mark.django_db(transaction=True)

LEAD = "解放区以企招商“云推介”暨项目签约仪式举行"


def test_reader_goes_from_front_page_to_article_to_author(page, live_server, seeded):
    page.goto(live_server.url)
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.get_by_role("heading", name=LEAD)).to_be_visible()
    expect(page.get_by_text("签约项目68个,总投资118亿元").first).to_be_visible()

    page.get_by_role("link", name=LEAD).first.click()
    expect(page).to_have_title(re.compile("云推介"))
    expect(page.get_by_role("heading", level=1)).to_have_text(LEAD)
    expect(page.get_by_text("坚定两个依靠 闯出焦作新路")).to_be_visible()
    expect(page.locator("main")).to_contain_text("长期关心支持解放区发展")

    page.locator("main").get_by_role("link", name="詹长松").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("詹长松")
    expect(page.locator("main")).to_contain_text("解放区审计局")


def test_programme_shows_acts_in_order_with_performers(page, live_server, seeded):
    page.goto(f"{live_server.url}/theatre/")
    main = page.locator("main")
    expect(main).to_contain_text("学小曲")
    text = main.inner_text()
    assert text.index("学小曲") < text.index("对坐数来宝") < text.index("对春联")
    page.get_by_role("link", name="展奇").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("展奇")


def test_phone_reader_needs_no_sideways_scrolling(page, live_server, seeded):
    page.set_viewport_size({"width": 375, "height": 800})
    article = Article.objects.get(position=1)
    for path in ("/", article.get_absolute_url(), "/theatre/", "/issues/"):
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px too wide on a phone"


def test_language_switch_turns_the_interface_english_and_keeps_content(page, live_server, seeded):
    page.goto(live_server.url)
    expect(page.locator("nav").first).to_contain_text("往期")
    page.select_option("#language-select", "en")
    page.get_by_role("button", name=re.compile("切换|Change")).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("nav").first).to_contain_text("Past issues")
    expect(page.get_by_role("heading", name=LEAD)).to_be_visible()


def test_editor_corrects_a_headline_in_ckeditor_admin_and_readers_see_it(page, live_server, seeded):
    get_user_model().objects.create_superuser("chief", password="a long test password 42")
    article = Article.objects.get(position=2)
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "a long test password 42")
    page.locator("input[type=submit]").click()
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    expect(page.locator(".cke_wysiwyg_frame")).to_be_visible()  # CKEditor loaded

    corrected = "解放区召开十一届区委常委会第52次会议"
    page.fill("#id_title", corrected)
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()

    page.goto(live_server.url + article.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(corrected)
