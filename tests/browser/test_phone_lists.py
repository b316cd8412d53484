"""The lists of articles and issues on a 390 px phone: filters within reach, headlines that
read as lines, not a character a line."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from ..factories import PASSWORD

# Transactional, so the live server's thread sees the data.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(("path", "first_column"), [("article", "title"), ("issue", "date")])
def test_a_list_on_a_phone_offers_its_filters_first_and_keeps_headlines_readable(
    page, live_server, seeded, path, first_column
):
    get_user_model().objects.create_superuser("chief", password=PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    page.goto(f"{live_server.url}/admin/articles/{path}/")

    filters = page.locator("#changelist-filter")
    expect(filters).to_be_visible()
    assert filters.bounding_box()["y"] < 844, "the filters are below the first screen"
    assert filters.bounding_box()["height"] <= 844 * 0.4 + 1
    cells = page.locator(f"#result_list .field-{first_column}")
    assert cells.count() > 0
    narrowest = min(cells.nth(n).bounding_box()["width"] for n in range(cells.count()))
    assert narrowest >= 100, f"{first_column} cells {narrowest}px wide"
