"""The printed page (版) in Chromium: a reader moves through an issue's pages, opens a story
from the page image, finds an article's place on its page; axe finds nothing on the page view
at a phone's width and a desk's. Screenshots go to test-artifacts/ for a person to look at."""

from io import StringIO

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article

from ..helpers import page_pdf
from ..seed_expectations import SAMPLES, SEED, SEED_ARTICLES
from .conftest import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}
FIRST_PAGE, SECOND_PAGE = "/2022/8/25/pages/1/", "/2022/8/25/pages/2/"


@pytest.fixture
def printed(migration_data, settings, tmp_path):
    """The seed as page 1 and another page as page 2 of 2022-08-25, each with its PDF."""
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_stories = [(title, "") for _position, title, *_rest in SEED_ARTICLES[:4]]
    community = [("解放区部署防汛备汛工作", ""), ("民主路街道开展消防安全检查", "")]
    folder = tmp_path / "2022-08-25"
    folder.mkdir()
    (folder / "01.txt").write_bytes(SEED.read_bytes())
    (folder / "01.pdf").write_bytes(page_pdf(seed_stories)[0])
    (folder / "02-社区新闻.txt").write_bytes((SAMPLES / "variant_columns.txt").read_bytes())
    (folder / "02.pdf").write_bytes(page_pdf(community)[0])
    call_command("import_issue", str(folder), stdout=StringIO())
    return settings.MEDIA_ROOT


@pytest.fixture
def reader(page, printed):
    """The page, its media (which the test server does not serve) read from their folder."""

    def from_media(route):
        path = printed / route.request.url.split("/media/", 1)[1]
        route.fulfill(path=path) if path.is_file() else route.fulfill(status=404)

    page.route("**/media/**", from_media)
    return page


def region_of(page, title):
    return page.locator(f'.printed-page__regions a[aria-label="{title}"]')


def test_a_reader_moves_through_the_pages_and_opens_a_story_on_the_page(reader, live_server):
    reader.set_viewport_size(DESK)
    reader.goto(live_server.url + FIRST_PAGE)
    expect(reader.get_by_role("heading", level=1)).to_have_text("第1版")
    expect(reader.locator(".printed-page__image img")).to_be_visible()
    reader.get_by_role("link", name="下一版").click()
    expect(reader).to_have_url(live_server.url + SECOND_PAGE)
    expect(reader.get_by_role("heading", level=1)).to_have_text("第2版 社区新闻")
    expect(reader.locator('.page-nav a[aria-current="page"]')).to_contain_text("第2版")
    reader.get_by_role("link", name="上一版").click()
    expect(reader).to_have_url(live_server.url + FIRST_PAGE)
    reader.wait_for_load_state("load")  # the regions are laid over the image once it is in
    headline = SEED_ARTICLES[1][1]
    region = region_of(reader, headline)
    box = region.bounding_box()
    assert box["width"] > 50 and box["height"] > 10
    region.click()  # where the story is printed, once it stands still
    expect(reader.get_by_role("heading", level=1)).to_have_text(headline)


def test_a_story_on_the_page_is_reached_by_keyboard(reader, live_server):
    reader.set_viewport_size(DESK)
    reader.goto(live_server.url + FIRST_PAGE)
    region = region_of(reader, SEED_ARTICLES[0][1])
    region.focus()
    expect(region).to_be_focused()
    stroke = region.locator("rect").evaluate("rect => getComputedStyle(rect).stroke")
    assert stroke != "rgba(0, 0, 0, 0)" and stroke != "none"
    reader.keyboard.press("Enter")
    expect(reader.get_by_role("heading", level=1)).to_have_text(SEED_ARTICLES[0][1])


def test_an_article_opens_its_page_with_its_place_lit(reader, live_server):
    reader.set_viewport_size(PHONE)
    article = Article.objects.get(title=SEED_ARTICLES[2][1])
    reader.goto(live_server.url + article.get_absolute_url())
    reader.get_by_role("link", name="在版面中查看（第1版）").click()
    expect(reader).to_have_url(f"{live_server.url}{FIRST_PAGE}#story-{article.pk}")
    reader.wait_for_load_state("load")  # the stylesheet that lights it, on a busy machine too
    lit = (
        region_of(reader, article.title)
        .locator("rect")
        .evaluate("rect => getComputedStyle(rect).stroke")
    )
    other = (
        region_of(reader, SEED_ARTICLES[0][1])
        .locator("rect")
        .evaluate("rect => getComputedStyle(rect).stroke")
    )
    assert lit != other


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["phone", "desk"])
def test_the_page_view_has_no_accessibility_violations_and_fits(reader, live_server, viewport):
    reader.set_viewport_size(viewport)
    reader.goto(live_server.url + FIRST_PAGE)
    expect(reader.locator(".printed-page__image img")).to_be_visible()
    results = Axe().run(reader)
    assert results.violations_count == 0, results.generate_report()
    overflow = reader.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{overflow}px too wide"
    stories_first = reader.evaluate(
        "document.querySelector('.printed-page__stories').getBoundingClientRect().top"
        " < document.querySelector('.printed-page__sheet').getBoundingClientRect().top"
    )
    assert stories_first is (viewport is PHONE)  # the list first on a phone, beside on a desk
    reader.screenshot(path=ARTIFACTS / f"printed-page-{viewport['width']}.png", full_page=True)
