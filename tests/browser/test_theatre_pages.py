"""A reader plans an evening in a real Chromium: programme, performance, performer, piece.

On the imported seed (two past evenings) plus one upcoming evening; each page is also
photographed at phone and desktop width into test-artifacts/ for a person to look at.
"""

import datetime
import json
import re
from importlib import import_module
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from ..conftest import SEED
from ..factories import make_performance
from .conftest import ARTIFACTS

# Transactional, so the live server's thread sees the data.
pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def seeded(transactional_db):
    """The seed imported (after the rows the data migrations made, which a flush removes),
    and an evening next week with two of its performers, so the programme has a future."""
    for migration in (
        "articles.migrations.0002_sections_and_columns",
        "events.migrations.0002_jiefang_theatre",
    ):
        import_module(migration).create(apps, schema_editor=None)
    call_command("import_issue", str(SEED), "--date", "2022-08-25", stdout=StringIO())
    make_performance(
        date=timezone.localdate() + datetime.timedelta(days=7),
        time=datetime.time(19, 30),
        acts=[("相声", "学小曲", ["展奇", "杨森"]), ("魔术", "", ["志博"])],
    )


def photograph(page, name: str) -> None:
    """The whole page at phone and at desktop width; the phone must not scroll sideways."""
    ARTIFACTS.mkdir(exist_ok=True)
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        page.screenshot(path=ARTIFACTS / f"theatre-{name}-{label}.png", full_page=True)
        if label == "phone":
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{name} is {overflow}px too wide on a phone"


def test_reader_goes_from_programme_to_evening_to_performer_to_piece(page, live_server, seeded):
    page.goto(f"{live_server.url}/theatre/")
    main = page.locator("main")
    expect(page.get_by_role("heading", level=1)).to_have_text("演出安排")
    upcoming = main.locator("section", has=page.get_by_role("heading", name="近期演出"))
    expect(upcoming).to_contain_text("学小曲")
    expect(upcoming).not_to_contain_text("2022")
    september = page.get_by_role("heading", level=3, name="2022年9月")
    expect(september).to_be_visible()
    past = main.locator("section.performance-month")
    expect(past).to_have_count(1)
    text = past.inner_text()
    assert text.index("9月4日") < text.index("《哪吒闹海》") < text.index("9月3日")
    photograph(page, "programme")

    past.get_by_role("link", name=re.compile("2022年9月3日")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2022年9月3日")
    bill = page.locator(".programme-box")
    expect(bill.locator(".act")).to_have_count(6)
    expect(bill.locator(".act").nth(1)).to_contain_text("相声《学小曲》")
    event = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert event["@type"] == "TheaterEvent"
    assert event["startDate"] == "2022-09-03"
    assert [performer["name"] for performer in event["performer"]][:3] == ["丁艺", "展奇", "杨森"]
    expect(page.get_by_role("link", name="“解放小剧场” 场场都精彩")).to_be_visible()
    photograph(page, "performance")

    bill.get_by_role("link", name="展奇").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("展奇")
    partners = page.locator('section[aria-labelledby="partners-heading"]')
    expect(partners.get_by_role("listitem").first).to_contain_text("杨森")
    expect(partners).to_contain_text("张鑫")
    expect(page.locator(".appearance")).to_have_count(5)  # 1 upcoming, 4 past acts
    photograph(page, "performer")

    page.locator("main .appearance").first.get_by_role("link", name="相声《学小曲》").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("相声《学小曲》")
    expect(page.locator("main article.performance")).to_have_count(2)  # next week, 2022-09-03
    expect(page.locator("main")).to_contain_text("展奇")
    photograph(page, "piece")

    page.locator("main .performance__programme a").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("解放小剧场")
    expect(page.locator("main")).to_contain_text("解放区融媒体中心")


def test_keyboard_reader_sees_where_the_focus_is(page, live_server, seeded):
    page.goto(f"{live_server.url}/theatre/")
    link = page.locator("main .act a").first
    link.focus()
    outline = link.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline == "solid"
