"""articles/admin/regions.py: editors draw, adjust and clear where each story is printed."""

import json

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from articles.models import Page, PageRegion

from .factories import make_article, make_issue
from .helpers import EDITOR, PAGE_STORIES, REPORTER, client_of, messages_of, page_pdf, text_of

STORIES = PAGE_STORIES[:2]


@pytest.fixture
def page(media):
    issue = make_issue()
    page = Page.objects.create(issue=issue, number=2, name="社区新闻")
    for position, (title, body) in enumerate(STORIES, start=1):
        make_article(issue=issue, page=page, title=title, body=f"<p>{body}</p>", position=position)
    make_article(issue=issue, page=page, title="未印上的稿件", position=3)
    page.pdf = SimpleUploadedFile("p2.pdf", page_pdf(STORIES)[0])
    page.save()
    return page


def url(page) -> str:
    return reverse("admin:articles_issue_regions", args=[page.issue_id]) + f"?page={page.number}"


def article(page, title):
    return page.articles.get(title=title)


def form(page, **values) -> dict:
    """The form as shown, with ``values`` (by headline) in place of what it holds."""
    data = {}
    for a in page.articles.all():
        region = PageRegion.objects.filter(article=a).first()
        data[f"region-{a.pk}"] = json.dumps(region.rectangles) if region else ""
    for title, value in values.items():
        data[f"region-{article(page, title).pk}"] = value
    return data


def test_the_editor_sees_the_page_and_each_storys_region(client, members, page):
    response = client_of(client, members[EDITOR]).get(url(page))
    assert response.status_code == 200
    html = text_of(response)
    assert "1. 解放区召开防汛工作会议" in html and "3. 未印上的稿件" in html
    assert html.count("found in the page PDF") == 2 and "not on the page yet" in html
    assert page.image.largest.url in response.content.decode()


def test_a_drawn_region_is_the_editors_and_is_logged(client, members, page):
    client_of(client, members[EDITOR])
    drawn = "[[0.1, 0.2, 0.3, 0.4], [0.5, 0.2, 0.3, 0.1]]"
    response = client.post(url(page), form(page, 未印上的稿件=drawn))
    assert response.status_code == 302
    region = article(page, "未印上的稿件").page_region
    assert (region.placed_by, region.rectangles) == ("editor", json.loads(drawn))
    assert PageRegion.objects.filter(placed_by="import").count() == 2  # the others as they were
    entry = LogEntry.objects.get()
    assert entry.get_change_message() == "Regions on page 2 changed: 未印上的稿件."
    assert messages_of(client.get(response["Location"])) == [
        "The regions of Page 2: 社区新闻 are saved."
    ]


def test_a_cleared_region_is_gone(client, members, page):
    client_of(client, members[EDITOR])
    client.post(url(page), form(page, 解放区召开防汛工作会议=""))
    assert not PageRegion.objects.filter(article__title="解放区召开防汛工作会议").exists()
    assert PageRegion.objects.count() == 1


def test_saving_the_form_unchanged_writes_nothing(client, members, page):
    client_of(client, members[EDITOR])
    before = list(PageRegion.objects.values_list("pk", "rectangles", "placed_by"))
    response = client.post(url(page), form(page))
    assert list(PageRegion.objects.values_list("pk", "rectangles", "placed_by")) == before
    assert not LogEntry.objects.exists()
    assert messages_of(client.get(response["Location"])) == ["Nothing changed."]


@pytest.mark.parametrize(
    "value, says",
    [
        ("[[0.1, 0.2, 0.3", "Write the rectangles as [[left, top, width, height]]."),
        ('"a region"', "A region is one to 12 rectangles."),
        ("[[0.8, 0.2, 0.3, 0.1]]", "A rectangle lies within the page."),
        ("[[0.1, 0.2, 0, 0.1]]", "A rectangle lies within the page."),
        ('[["0.1", 0.2, 0.3, 0.1]]', "Each rectangle is [left, top, width, height]."),
        ("[[0.1, NaN, 0.3, 0.1]]", "Each rectangle is [left, top, width, height]."),
        ("[[0.1, 0.2, Infinity, 0.1]]", "Each rectangle is [left, top, width, height]."),
    ],
)
def test_a_bad_region_saves_nothing_and_says_why(client, members, page, value, says):
    client_of(client, members[EDITOR])
    before = list(PageRegion.objects.values_list("pk", "rectangles", "placed_by"))
    data = form(page, 未印上的稿件="[[0.1, 0.1, 0.1, 0.1]]", 民主路街道开展消防安全检查=value)
    response = client.post(url(page), data)
    assert response.status_code == 200
    html = text_of(response)
    assert says in html and "Nothing was saved: correct the regions marked below." in html
    assert list(PageRegion.objects.values_list("pk", "rectangles", "placed_by")) == before
    assert f'value="{escape(value)}"' in response.content.decode()  # kept to correct


def test_an_issue_without_page_images_says_so(client, members, db):
    issue = make_issue()
    response = client_of(client, members[EDITOR]).get(
        reverse("admin:articles_issue_regions", args=[issue.pk])
    )
    assert "No page of this issue has an image yet" in text_of(response)


def test_a_reporter_may_not_draw(client, members, page):
    client_of(client, members[REPORTER])
    assert client.post(url(page), form(page, 未印上的稿件="[[0, 0, 1, 1]]")).status_code == 403
    assert not PageRegion.objects.filter(article__title="未印上的稿件").exists()


def test_the_issue_form_links_to_the_regions_for_who_may_draw(client, members, page):
    change = reverse("admin:articles_issue_change", args=[page.issue_id])
    regions = reverse("admin:articles_issue_regions", args=[page.issue_id])
    assert regions in client_of(client, members[EDITOR]).get(change).content.decode()
    assert regions not in client_of(client, members[REPORTER]).get(change).content.decode()
