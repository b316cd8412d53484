"""The issue as printed, on a phone and on a desk, and the ways from it to other issues.

Screenshots go to test-artifacts/ (see conftest.py) for a person to look at.
"""

import datetime

import pytest
from playwright.sync_api import expect

from articles.models import Article, Issue

from ..factories import make_article, make_issue
from .conftest import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}


@pytest.fixture
def three_issues(seeded):
    """The seed's issue of 2022-08-25 between a short one a week before and one a week after."""
    for date in (datetime.date(2022, 8, 18), datetime.date(2022, 9, 1)):
        make_article(issue=make_issue(date=date), title=f"{date:%m月%d日}的头条")


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["phone", "desk"])
def test_issue_reads_as_the_printed_page(page, live_server, seeded, viewport):
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/2022/8/25/")

    expect(page.get_by_role("heading", level=1)).to_contain_text("2022")
    lead = page.locator(".printed--lead")
    expect(lead.get_by_role("heading", level=2)).to_contain_text("签约仪式举行")
    expect(lead).to_contain_text("坚定两个依靠 闯出焦作新路")
    expect(page.locator(".epaper__column")).to_contain_text("解放区妇联")
    expect(page.locator(".theatre-bill")).to_contain_text("《哪吒闹海》")
    assert overflow(page) <= 0, f"{overflow(page)}px too wide"
    paragraph_lefts = page.locator(".printed--lead .story__body").evaluate(
        "body => new Set([...body.querySelectorAll('p')]"
        ".map(p => Math.round(p.getBoundingClientRect().left))).size"
    )
    assert paragraph_lefts == 1 if viewport is PHONE else paragraph_lefts >= 2  # columns on a desk
    page.screenshot(path=ARTIFACTS / f"epaper-{viewport['width']}.png", full_page=True)


def test_previous_and_next_issue_and_the_calendar_lead_from_issue_to_issue(
    page, live_server, three_issues
):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/2022/8/25/")

    page.get_by_role("link", name="下一期").click()
    expect(page).to_have_url(f"{live_server.url}/2022/9/1/")
    expect(page.get_by_role("link", name="下一期")).to_have_count(0)
    page.get_by_role("link", name="上一期").click()
    page.get_by_role("link", name="上一期").click()
    expect(page).to_have_url(f"{live_server.url}/2022/8/18/")

    page.get_by_role("link", name="2022年8月", exact=False).first.click()
    expect(page).to_have_url(f"{live_server.url}/issues/2022/8/")
    calendar = page.get_by_role("table", name="2022年8月")
    expect(calendar.get_by_role("columnheader")).to_have_count(7)
    expect(calendar.get_by_role("link")).to_have_count(2)
    page.screenshot(path=ARTIFACTS / "archive-month-390.png", full_page=True)
    calendar.get_by_role("link", name="2022年8月25日").click()
    expect(page).to_have_url(f"{live_server.url}/2022/8/25/")

    page.goto(f"{live_server.url}/issues/2022/8/")
    page.get_by_role("link", name="2022年9月").first.click()
    expect(page).to_have_url(f"{live_server.url}/issues/2022/9/")
    page.get_by_role("table").get_by_role("link", name="2022年9月1日").click()
    expect(page).to_have_url(f"{live_server.url}/2022/9/1/")


def test_a_day_without_an_issue_leads_to_the_one_before(page, live_server, three_issues):
    page.goto(f"{live_server.url}/2022/8/30/")

    expect(page).to_have_url(f"{live_server.url}/2022/8/25/")
    expect(page.get_by_role("status")).to_contain_text("2022年8月30日")


def test_article_share_box_draws_its_qr_code_inline(page, live_server, seeded):
    article = Article.objects.get(position=1)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + article.get_absolute_url())

    share_box = page.locator(".share-box")
    expect(share_box.locator("svg.qr-code")).to_be_visible()
    expect(share_box.locator("img")).to_have_count(0)
    expect(share_box.locator("input#share-url")).to_have_value(
        live_server.url + article.get_absolute_url()
    )
    assert overflow(page) <= 0
    page.screenshot(path=ARTIFACTS / "article-390.png", full_page=True)
    page.emulate_media(media="print")
    expect(share_box).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    page.screenshot(path=ARTIFACTS / "article-print.png", full_page=True)


def test_no_request_leaves_the_site(page, live_server, three_issues):
    """conftest's page fixture fails the test on any request to another host."""
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    article = Article.objects.filter(issue__date=datetime.date(2022, 8, 25)).first()
    for path in ("/", "/2022/8/25/", "/issues/", "/issues/2022/8/", article.get_absolute_url()):
        page.goto(live_server.url + path)
    assert requested and all(url.startswith(live_server.url) for url in requested)
    assert Issue.objects.count() == 3
