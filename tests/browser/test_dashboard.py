"""The admin's front page in Chromium: each role finds what waits for it, at a desk and on a
phone, and an editor reviews from it in a few clicks."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import ArticleStatus, IssueStatus
from articles.workflow import publish_issue, transition

from ..factories import make_article, make_issue, make_member
from ..helpers import CHIEF, EDITOR, REPORTER, sign_in

# Transactional, so the live server's thread sees the data.
pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def newsroom(migration_data):
    """A reporter with a piece in review, one sent back and a draft; tomorrow's issue
    published tonight (so scheduled), and the day after's not yet published."""
    people = {
        role: make_member(role, username=name)
        for role, name in ((REPORTER, "reporter"), (EDITOR, "editor"), (CHIEF, "chief"))
    }
    people[REPORTER].first_name, people[REPORTER].last_name = "长松", "詹"
    people[REPORTER].save()
    today = timezone.localdate()
    tomorrow = make_issue(date=today + datetime.timedelta(days=1), status=IssueStatus.DRAFT)
    make_issue(date=today + datetime.timedelta(days=2), status=IssueStatus.DRAFT)
    make_article(
        issue=tomorrow, status=ArticleStatus.APPROVED, title="已批准的评论", published_at=None
    )
    publish_issue(tomorrow, people[CHIEF])
    reporter = people[REPORTER]
    review = make_article(
        issue=tomorrow, status=ArticleStatus.DRAFT, created_by=reporter, title="社区食堂开张"
    )
    transition(review, "submit", reporter)
    returned = make_article(
        issue=tomorrow, status=ArticleStatus.DRAFT, created_by=reporter, title="老街改造进展"
    )
    transition(returned, "submit", reporter)
    transition(returned, "send_back", people[EDITOR], note="请补上居民的说法。")
    make_article(
        issue=tomorrow, status=ArticleStatus.DRAFT, created_by=reporter, title="还在写的稿子"
    )
    return people


def test_an_editor_reviews_from_the_front_page(page, live_server, newsroom):
    sign_in(page, live_server, "editor")
    waiting = page.locator("#panel-submitted")
    expect(waiting).to_contain_text("社区食堂开张")
    expect(waiting).to_contain_text("詹长松")

    waiting.get_by_role("link", name="社区食堂开张").click()
    page.get_by_role("button", name="审核通过").click()
    expect(page.locator("ul.messagelist")).to_contain_text("审核通过")
    page.goto(f"{live_server.url}/admin/")

    expect(page.locator("#panel-submitted")).to_contain_text("没有待审的文章。")
    approved = page.locator("#panel-approved")
    expect(approved).to_contain_text("社区食堂开张")
    expect(page.locator("#panel-scheduled-issues")).to_contain_text("06:00")

    # … and schedules it from there: the article's page, 定时发布…, a time, back to the article.
    approved.get_by_role("link", name="社区食堂开张").click()
    page.get_by_role("button", name="定时发布…").click()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page.fill("#id_at_0", f"{tomorrow:%Y-%m-%d}")
    page.fill("#id_at_1", "07:30")
    page.get_by_role("button", name="定时发布").click()
    expect(page.locator("ul.messagelist")).to_contain_text("已定时")
    expect(page.locator("#id_title")).to_have_value("社区食堂开张")  # its own page again
    page.goto(f"{live_server.url}/admin/")
    expect(page.locator("#panel-scheduled")).to_contain_text("社区食堂开张")
    expect(page.locator("#panel-scheduled")).to_contain_text("07:30")


@pytest.mark.parametrize("viewport", ["desk", "phone"])
@pytest.mark.parametrize("username", ["reporter", "editor", "chief"])
def test_each_role_finds_its_panels_at_a_desk_and_on_a_phone(
    page, live_server, newsroom, username, viewport
):
    if viewport == "phone":
        page.set_viewport_size(PHONE)
    sign_in(page, live_server, username)
    panels = page.locator(".dashboard__panel")
    expect(panels.first).to_be_visible()
    if username == "reporter":
        expect(page.locator("#panel-sent-back")).to_contain_text("请补上居民的说法。")
        expect(page.locator("#panel-my-drafts")).to_contain_text("还在写的稿子")
    else:
        expect(page.locator("#panel-submitted")).to_contain_text("社区食堂开张")
    if username == "chief":
        expect(page.locator("#panel-unpublished-issues")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{overflow}px wider than the screen"
    box = panels.first.bounding_box()
    assert box["y"] < page.viewport_size["height"]  # the first panel is on the first screen
