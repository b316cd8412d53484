"""The seed made up in two pages with a pinned lead story, as readers see it in Chromium."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from articles.models import Article, Issue, Page

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def made_up(seeded):
    """Page 1 要闻 and page 2 评论 (the commentary and the programme); article 2 leads. Each
    row saved, as the issue's form saves it: the import rendered the kept pages already."""
    issue = Issue.objects.get()
    first = Page.objects.get(issue=issue, number=1)
    first.name = "要闻"
    first.save()
    opinion = Page.objects.create(issue=issue, number=2, name="评论")
    for article in issue.articles.filter(position__in=[6, 9]):
        article.page = opinion
        article.save()
    issue.lead = issue.articles.get(position=2)
    issue.save()
    return issue


@pytest.mark.parametrize("path", ["/", "/2022/8/25/"])
@pytest.mark.parametrize("width", [390, 1280])
def test_a_made_up_issue_has_no_accessibility_violations(page, live_server, made_up, path, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + path)

    results = Axe().run(page)

    assert results.violations_count == 0, results.generate_report()


def test_the_pinned_lead_opens_the_first_page_and_is_the_largest_headline(
    page, live_server, made_up
):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + made_up.get_absolute_url())

    headings = page.locator(".page-heading").all_inner_texts()
    assert len(headings) == 2
    assert headings[0].endswith("要闻") and headings[1].endswith("评论")
    lead = page.locator(".epaper__page").first.locator(".printed").first
    assert "printed--lead" in lead.get_attribute("class")
    assert lead.locator(".printed__title").inner_text() == Article.objects.get(position=2).title
    sizes = page.locator(".printed__title").evaluate_all(
        "titles => titles.map(t => parseFloat(getComputedStyle(t).fontSize))"
    )
    assert sizes[0] == max(sizes) > min(sizes)
