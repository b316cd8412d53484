"""articles/models/regions.py: each story's place on its printed page, found or drawn.

A page given a PDF draws its image from it and places its stories' regions by itself
(``Page.save`` and a ``post_save`` receiver), so no path that attaches a PDF can forget them;
a region an editor drew is never moved by placing them again.
"""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.fields import MAX_RECTANGLES, validate_rectangles
from articles.models import Page, PageRegion
from articles.models.regions import place_regions
from newsroom.images import RENDITION_WIDTHS

from .factories import make_article, make_issue
from .helpers import PAGE_STORIES, page_pdf

STORIES = PAGE_STORIES


@pytest.fixture
def page(media):
    """A page of three stories, two of them printed on its PDF and one not."""
    issue = make_issue()
    page = Page.objects.create(issue=issue, number=2, name="社区新闻")
    for headline, body in STORIES:
        make_article(issue=issue, page=page, title=headline, body=f"<p>{body}</p>")
    make_article(issue=issue, page=page, title="没有印在这一版上的稿件")
    return page


def attach(page, stories=STORIES[:2]):
    data, _boxes = page_pdf(stories)
    page.pdf = SimpleUploadedFile("p2.pdf", data, content_type="application/pdf")
    page.save()
    return page


def regions(page) -> dict[str, tuple]:
    return {
        r.article.title: (r.placed_by, r.rectangles)
        for r in PageRegion.objects.filter(page=page).select_related("article")
    }


def test_a_pdf_gives_the_page_its_image_and_renditions(page, media):
    attach(page)
    page.refresh_from_db()
    assert page.image.name.endswith(".jpg")
    assert (page.image_width, page.image_height) == (2000, 2829)
    assert [r.width for r in page.image.renditions] == list(RENDITION_WIDTHS)
    assert all((media / r.name).exists() for r in page.image.renditions)


def test_a_pdf_places_the_stories_it_prints_and_only_those(page):
    attach(page)
    placed = regions(page)
    assert set(placed) == {STORIES[0][0], STORIES[1][0]}
    for placed_by, rectangles in placed.values():
        assert placed_by == PageRegion.PlacedBy.IMPORT
        assert len(rectangles) == 1
        validate_rectangles(rectangles)


def test_placing_again_says_which_stories_are_nowhere_on_the_page(page):
    attach(page)
    missing = place_regions(page)
    assert [a.title for a in missing] == [STORIES[2][0], "没有印在这一版上的稿件"]


def test_a_region_an_editor_drew_stays_when_a_new_pdf_comes(page):
    drawn = page.articles.get(title=STORIES[0][0])
    PageRegion.objects.create(
        article=drawn, page=page, rectangles=[[0.5, 0.5, 0.2, 0.2]], placed_by="editor"
    )
    attach(page, STORIES)
    placed = regions(page)
    assert placed[STORIES[0][0]] == ("editor", [[0.5, 0.5, 0.2, 0.2]])
    assert placed[STORIES[2][0]][0] == "import"


def test_a_new_pdf_replaces_the_regions_the_last_one_placed(page):
    attach(page, STORIES[:2])
    attach(page, STORIES[1:])
    assert set(regions(page)) == {STORIES[1][0], STORIES[2][0]}


def test_a_story_moved_to_another_page_leaves_its_region_on_this_one(page):
    attach(page, STORIES[:2])
    moved = page.articles.get(title=STORIES[0][0])
    moved.page = Page.objects.create(issue=page.issue, number=3)
    moved.save()
    attach(page, STORIES[1:])
    assert set(regions(page)) == {STORIES[1][0], STORIES[2][0]}


def test_a_region_reaches_down_over_its_storys_text(page):
    attach(page)
    _data, headlines = page_pdf(STORIES[:2])
    for title, (_placed_by, [[_left, top, _width, height]]) in regions(page).items():
        _headline_left, headline_top, _headline_width, headline_height = headlines[title]
        assert top <= headline_top
        assert height > 2 * headline_height  # the lines of its text, not the headline alone


def test_a_page_without_a_pdf_has_none_of_its_stories_found(page):
    missing = place_regions(page)
    assert missing == list(page.articles.order_by("position"))
    assert regions(page) == {}


def test_a_region_is_named_after_its_story(page):
    attach(page)
    region = PageRegion.objects.get(article__title=STORIES[0][0])
    assert str(region) == STORIES[0][0]


def test_saving_a_page_without_a_new_pdf_draws_nothing_again(page, django_assert_max_num_queries):
    attach(page)
    page = Page.objects.get(pk=page.pk)
    image = page.image.name
    page.name = "社区"
    # Whether it leaves its issue, the update, and the parts of its articles and of its issue
    # moved on; no regions.
    with django_assert_max_num_queries(4):
        page.save()
    assert Page.objects.get(pk=page.pk).image.name == image


def test_a_page_loaded_without_its_pdf_is_saved_without_drawing(page):
    attach(page)
    deferred = Page.objects.only("pk", "name").get(pk=page.pk)
    deferred.name = "社区"
    deferred.save(update_fields=["name"])
    assert len(regions(page)) == 2


# The shape of a region --------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        [[0, 0, 1, 1]],
        [[0.5, 0, 0.50005, 1]],  # rounding at the right edge
        [[0.1, 0.1, 0.1, 0.1]] * MAX_RECTANGLES,
        [[0, 0, 0.5, 0.5], [0.5, 0.5, 0.5, 0.5]],
    ],
)
def test_a_region_within_the_page_is_valid(value):
    validate_rectangles(value)


@pytest.mark.parametrize(
    "value, code",
    [
        ([], "rectangles"),
        ({}, "rectangles"),
        ([[0.1, 0.1, 0.1, 0.1]] * (MAX_RECTANGLES + 1), "rectangles"),
        ([[0, 0, 1]], "rectangle"),
        ([[0, 0, 1, 1, 1]], "rectangle"),
        ([["0", 0, 1, 1]], "rectangle"),
        ([[True, 0, 1, 1]], "rectangle"),
        ([[0, float("nan"), 1, 1]], "rectangle"),
        ([[0, 0, float("inf"), 1]], "rectangle"),
        ([None], "rectangle"),
        ([[0, 0, 0, 1]], "outside"),
        ([[0, 0, 1, -0.1]], "outside"),
        ([[-0.01, 0, 0.5, 0.5]], "outside"),
        ([[0.5, 0, 0.6, 1]], "outside"),
        ([[0, 0.9, 1, 0.2]], "outside"),
    ],
)
def test_a_region_outside_the_page_or_misshapen_is_refused(value, code):
    with pytest.raises(ValidationError) as refused:
        validate_rectangles(value)
    assert refused.value.code == code


def test_placing_the_stories_costs_the_same_queries_however_many_there_are(page):
    attach(page)
    with CaptureQueriesContext(connection) as four:
        place_regions(page)
    for n in range(3):
        make_article(issue=page.issue, page=page, title=f"又一篇稿件{n}")
    with CaptureQueriesContext(connection) as seven:
        place_regions(page)
    assert len(seven) == len(four)
