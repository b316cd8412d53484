"""An editor builds a performance's bill in the admin, in a real Chromium."""

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from events.models import Performance, Performer, Programme

from .conftest import ARTIFACTS

# Transactional, so the live server's thread sees the data.
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long test password 42"


@pytest.fixture
def editor_page(page, live_server, transactional_db):
    """The admin, logged in as an editor, with 解放小剧场 (which a flush removes) and 展奇."""
    import_module("events.migrations.0002_jiefang_theatre").create(apps, schema_editor=None)
    Performer.objects.create(name="展奇")
    get_user_model().objects.create_superuser("chief", password=PASSWORD)
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page.locator("#user-tools")).to_be_visible()
    return page


def test_editor_builds_a_bill_with_an_existing_and_a_new_performer(editor_page, live_server):
    Programme.objects.update(address="焦作市解放区民主路")  # an evening made public needs it
    page = editor_page
    page.goto(f"{live_server.url}/admin/events/performance/add/")
    page.select_option("#id_programme", label="解放小剧场")
    page.fill("#id_date", "2022-12-24")
    page.fill("#id_time", "19:30")
    page.fill("#id_acts-0-form", "相声")
    page.fill("#id_acts-0-title", "《学小曲》")

    # A performer the paper has never printed, added without leaving the page: billed first.
    with page.expect_popup() as opened:
        page.click("#add_id_acts-0-performers")
    popup = opened.value
    popup.fill("#id_name", "杨森")
    popup.click("input[name=_save]")
    popup.wait_for_event("close")

    # One it knows, found by typing part of the name.
    row = page.locator("#acts-0")
    row.locator(".field-performers .select2-selection").click()
    page.locator(".select2-search__field:focus").fill("展")
    page.locator(".select2-results__option", has_text="展奇").click()
    chosen = row.locator(".select2-selection__choice")
    expect(chosen).to_have_count(2)
    expect(chosen.first).to_contain_text("杨森")
    box = row.locator(".select2-container").bounding_box()
    add = page.locator("#add_id_acts-0-performers").bounding_box()
    assert box["width"] >= 360, "room for a 快板书联唱's four or five performers"
    assert add["x"] > box["x"] + box["width"] and add["y"] < box["y"] + box["height"]

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "theatre_admin_bill.png", full_page=True)
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    performance = Performance.objects.get(date="2022-12-24")
    act = performance.acts.select_related("piece").get()
    assert (act.order, act.piece.form, act.piece.title) == (1, "相声", "学小曲")
    assert [credit.performer.name for credit in act.credits.all()] == ["杨森", "展奇"]

    page.goto(f"{live_server.url}/admin/events/performance/{performance.pk}/change/")
    expect(page.locator("#acts-0 .select2-selection__choice").first).to_contain_text("杨森")
    page.screenshot(path=ARTIFACTS / "theatre_admin_saved_bill.png", full_page=True)
