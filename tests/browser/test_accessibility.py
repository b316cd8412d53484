"""axe-core finds no accessibility violation on the reader pages of the imported seed.

axe-playwright-python ships axe's script and runs it inside the page: no network needed.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from articles.models import Article

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = {
    "home": lambda: "/",
    "issue": lambda: "/2022/8/25/",
    "lead article": lambda: Article.objects.get(position=1).get_absolute_url(),
    "commentary": lambda: Article.objects.get(position=6).get_absolute_url(),
    "programme article": lambda: Article.objects.get(position=9).get_absolute_url(),
    "author": lambda: "/authors/詹长松/",
    "archive": lambda: "/issues/",
    "archive month": lambda: "/issues/2022/8/",
}


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("width", [390, 1280])
def test_reader_page_has_no_accessibility_violations(page, live_server, seeded, axe, name, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + PAGES[name]())

    results = axe.run(page)

    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("name", list(PAGES))
def test_reader_page_needs_no_sideways_scrolling_at_200_percent_zoom(
    page, live_server, seeded, name
):
    """A 1280px screen zoomed to 200% leaves 640 CSS pixels (WCAG 1.4.4 and 1.4.10)."""
    page.set_viewport_size({"width": 640, "height": 450})
    page.goto(live_server.url + PAGES[name]())

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{overflow}px too wide"


def test_axe_does_report_a_violation_when_there_is_one(page, axe):
    """Guards the guard: a page with an unlabelled image and field is not passed."""
    page.set_content('<html lang="en"><body><main><img src="data:,"><input></main></body></html>')

    results = axe.run(page)

    assert results.violations_count >= 2
