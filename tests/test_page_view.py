"""The printed page (版) for readers: its image with each story a link over its place, the
same stories as a list, and the way to the issue's other pages (issue 18)."""

import re

import pypdfium2 as pdfium
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import ArticleStatus, IssueStatus, Page
from articles.models.regions import PageRegion

from .factories import make_article, make_issue
from .helpers import PAGE_STORIES, main_html, page_pdf

PAGE_MAX_QUERIES = 7  # issue, pages, stories, bylines, regions, the nav; the session

STORIES = PAGE_STORIES[:2]


@pytest.fixture
def issue(media):
    """A published issue of three pages: page 1 as text only, page 2 with its PDF."""
    issue = make_issue()
    first = Page.objects.create(issue=issue, number=1, name="要闻")
    make_article(issue=issue, page=first, title="头版头条", position=1)
    second = Page.objects.create(issue=issue, number=2, name="社区新闻", editor="张三")
    for position, (title, body) in enumerate(STORIES, start=2):
        make_article(
            issue=issue, page=second, title=title, body=f"<p>{body}</p>", position=position
        )
    make_article(
        issue=issue, page=second, title="尚未发表的稿件", status=ArticleStatus.DRAFT, position=9
    )
    Page.objects.create(issue=issue, number=3, name="评论")
    second.pdf = SimpleUploadedFile("p2.pdf", page_pdf([*STORIES, ("尚未发表的稿件", "")])[0])
    second.save()
    return issue


def url(issue, number) -> str:
    return issue.pages.get(number=number).get_absolute_url()


def test_the_page_shows_its_image_with_each_published_story_a_link_over_it(client, issue):
    response = client.get(url(issue, 2))
    assert response.status_code == 200
    html = main_html(response)
    assert "<h1>第2版 社区新闻</h1>" in html
    assert "责任编辑：张三" in html
    page = issue.pages.get(number=2)
    regions = re.findall(r'<a href="(/articles/\d+/)" id="story-(\d+)" aria-label="([^"]+)">', html)
    published = page.articles.filter(status=ArticleStatus.PUBLISHED).order_by("position")
    assert [(href, label) for href, _pk, label in regions] == [
        (a.get_absolute_url(), a.title) for a in published
    ]
    assert html.count("<rect ") == 2
    assert "尚未发表的稿件" not in html  # neither listed nor linked, though it is placed
    assert PageRegion.objects.filter(article__title="尚未发表的稿件").exists()
    assert f'href="{page.pdf.url}" download' in html
    assert "srcset=" in html and 'alt="第2版 社区新闻版面"' in html


def test_the_stories_are_listed_in_printed_order_for_keyboards_and_screen_readers(client, issue):
    html = main_html(client.get(url(issue, 2)))
    listed = re.findall(r'<li><a href="/articles/\d+/">([^<]+)</a>', html)
    assert listed == [title for title, _body in STORIES]


def test_a_page_without_its_image_is_its_list_of_stories(client, issue):
    html = main_html(client.get(url(issue, 1)))
    assert "头版头条" in html
    assert "<svg" not in html and "<img" not in html.split('class="page-nav"')[0]


def test_previous_and_next_page_and_every_page_of_the_issue(client, issue):
    html = main_html(client.get(url(issue, 2)))
    assert f'href="{url(issue, 1)}" rel="prev"' in html
    assert f'href="{url(issue, 3)}" rel="next"' in html
    nav = html.split('class="page-nav"')[1]
    assert nav.count("<li") == 3
    assert f'<a href="{url(issue, 2)}" aria-current="page">' in nav
    first = main_html(client.get(url(issue, 1)))
    assert 'rel="prev"' not in first
    last = main_html(client.get(url(issue, 3)))
    assert 'rel="next"' not in last


def test_the_page_of_an_unpublished_issue_is_not_found(client, issue):
    issue.status = IssueStatus.DRAFT
    issue.save()
    assert client.get(url(issue, 2)).status_code == 404


@pytest.mark.parametrize("path", ["pages/4/", "pages/0/", "pages/99999999999/"])
def test_a_page_the_issue_does_not_have_is_not_found(client, issue, path):
    assert client.get(f"{issue.get_absolute_url()}{path}").status_code == 404


def test_a_page_of_a_date_that_cannot_be_is_not_found(client, db):
    assert client.get("/2022/2/30/pages/1/").status_code == 404


def test_an_article_links_to_its_place_on_the_printed_page(client, issue):
    article = issue.articles.get(title=STORIES[0][0])
    html = main_html(client.get(article.get_absolute_url()))
    assert f'href="{url(issue, 2)}#story-{article.pk}">在版面中查看（第2版 社区新闻）</a>' in html
    text_only = issue.articles.get(title="头版头条")
    html = main_html(client.get(text_only.get_absolute_url()))
    assert f'href="{url(issue, 1)}">第1版 要闻</a>' in html


def test_the_issue_page_leads_to_its_pages(client, issue):
    html = main_html(client.get(issue.get_absolute_url()))
    nav = html.split('class="page-nav"')[1]
    assert all(url(issue, n) in nav for n in (1, 2, 3))
    assert "aria-current" not in nav


def test_the_page_costs_the_same_queries_however_many_stories(
    client, issue, django_assert_max_num_queries
):
    with django_assert_max_num_queries(PAGE_MAX_QUERIES):
        client.get(url(issue, 2))
    page = issue.pages.get(number=2)
    for n in range(10):
        article = make_article(issue=issue, page=page, position=20 + n)
        PageRegion.objects.create(
            article=article, page=page, rectangles=[[0, n / 10, 0.5, 0.05]], placed_by="editor"
        )
    with django_assert_max_num_queries(PAGE_MAX_QUERIES):
        response = client.get(url(issue, 2))
    assert main_html(response).count("<rect ") == 12


# The API -------------------------------------------------------------------------------------


def test_the_api_lists_the_pages_with_their_images_and_published_regions(client, issue):
    response = client.get(f"/api/v1/issues/{issue.date.isoformat()}")
    pages = response.json()["pages"]
    assert [(p["number"], p["name"]) for p in pages] == [(1, "要闻"), (2, "社区新闻"), (3, "评论")]
    second = pages[1]
    page = issue.pages.get(number=2)
    assert second["editor"] == "张三"
    assert second["url"] == f"http://localhost:8000{page.get_absolute_url()}"
    assert second["image"] == f"http://localhost:8000{page.image.largest.url}"
    assert second["pdf"] == f"http://localhost:8000{page.pdf.url}"
    published = page.articles.filter(status=ArticleStatus.PUBLISHED).order_by("position")
    regions = sorted(second["regions"], key=lambda r: r["article"])
    assert [r["article"] for r in regions] == sorted(a.pk for a in published)
    assert all(len(r["rectangles"][0]) == 4 for r in regions)
    assert pages[0]["image"] is None and pages[0]["regions"] == []


def test_the_api_issue_costs_the_same_queries_however_many_pages(
    client, issue, django_assert_max_num_queries
):
    url = f"/api/v1/issues/{issue.date.isoformat()}"
    for number in range(4, 10):
        Page.objects.create(issue=issue, number=number)
    with django_assert_max_num_queries(5):
        assert len(client.get(url).json()["pages"]) == 9


# The whole issue as one PDF ------------------------------------------------------------------


def pdf_pages(data: bytes) -> list[str]:
    document = pdfium.PdfDocument(data)
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


def test_the_whole_issue_is_one_pdf_once_every_page_has_its_own(client, issue, media):
    pdf_url = reverse(
        "articles:issue_pdf",
        kwargs={"year": issue.date.year, "month": issue.date.month, "day": issue.date.day},
    )
    assert client.get(pdf_url).status_code == 404  # pages 1 and 3 have none
    assert pdf_url not in main_html(client.get(issue.get_absolute_url()))
    for number, headline in ((1, "头版头条"), (3, "评论版的标题")):
        page = issue.pages.get(number=number)
        page.pdf = SimpleUploadedFile(f"p{number}.pdf", page_pdf([(headline, "正文。")])[0])
        page.save()
    assert f'href="{pdf_url}" download' in main_html(client.get(issue.get_absolute_url()))
    response = client.get(pdf_url)
    assert response.status_code == 302
    joined = (media / response["Location"].removeprefix(settings.MEDIA_URL)).read_bytes()
    texts = pdf_pages(joined)
    assert len(texts) == 3
    assert "头版头条" in texts[0] and STORIES[0][0] in texts[1] and "评论版的标题" in texts[2]
    assert client.get(pdf_url)["Location"] == response["Location"]  # joined once
    page = issue.pages.get(number=3)
    page.pdf = SimpleUploadedFile("p3b.pdf", page_pdf([("改过的评论版", "正文。")])[0])
    page.save()
    again = client.get(pdf_url)["Location"]
    assert again != response["Location"]
    assert (
        "改过的评论版"
        in pdf_pages((media / again.removeprefix(settings.MEDIA_URL)).read_bytes())[2]
    )


def test_the_pdf_of_an_unpublished_issue_is_not_found(client, issue):
    issue.status = IssueStatus.DRAFT
    issue.save()
    url = reverse(
        "articles:issue_pdf",
        kwargs={"year": issue.date.year, "month": issue.date.month, "day": issue.date.day},
    )
    assert client.get(url).status_code == 404


def test_the_sitemap_lists_the_pages_that_show_their_image(client, issue):
    xml = client.get(reverse("sitemap")).content.decode()
    assert f"http://localhost:8000{url(issue, 2)}</loc>" in xml
    assert f"http://localhost:8000{url(issue, 1)}</loc>" not in xml  # its issue's list already
    issue.status = IssueStatus.DRAFT
    issue.save()
    assert url(issue, 2) not in client.get(reverse("sitemap")).content.decode()


def test_the_archive_calendar_counts_an_issues_pages(client, issue):
    html = main_html(client.get(f"/issues/{issue.date.year}/{issue.date.month}/"))
    assert (
        f'aria-label="{issue.date.year}年{issue.date.month}月{issue.date.day}日 期，共3版"' in html
    )
    assert '<span class="month-calendar__pages" aria-hidden="true">3版</span>' in html
