"""Kept pages (articles.parts) follow what reaches them other than a form: an import, a row
made in code, an issue unpublished while its page renders."""

import datetime
import re

import pytest

from articles import parts, views
from articles.models import Article, ArticlePart, Issue, IssuePart, IssueStatus, Page

from .helpers import import_text
from .seed_expectations import SEED_TEXT

pytestmark = pytest.mark.django_db

ISSUE = "/2022/8/25/"
LEAD = 1


def forget_parts():
    ArticlePart.objects.all().delete()
    IssuePart.objects.all().delete()


def fresh(client, url) -> bytes:
    forget_parts()
    return client.get(url).content


def test_a_page_added_to_a_kept_issue_is_on_its_page(client, imported_seed):
    issue = Issue.objects.get(date="2022-08-25")
    client.get(ISSUE)  # kept
    Page.objects.create(issue=issue, number=8, name="第八版 广告")

    served = client.get(ISSUE).content
    assert "第八版".encode() in fresh(client, ISSUE)  # as rendered now: listed
    assert "第八版".encode() in served


def test_an_issue_unpublished_while_its_page_renders_is_no_server_error(
    client, imported_seed, monkeypatch
):
    """The view found the issue published; a concurrent save unpublishes it before the page
    renders (as an article sent back meanwhile is a 404, not a 500)."""
    issue = Issue.objects.get(date="2022-08-25")
    render = parts.rendered_issue_page

    def unpublished_meanwhile(pk):
        Issue.objects.filter(pk=pk).update(status=IssueStatus.DRAFT)
        return render(pk)

    monkeypatch.setattr(views, "rendered_issue_page", unpublished_meanwhile)
    response = client.get(issue.get_absolute_url())
    assert response.status_code in (302, 404)


def test_an_import_of_another_issue_is_on_the_kept_pages_that_link_to_its_articles(
    client, imported_seed, django_capture_on_commit_callbacks
):
    """The seed's authors, column and series sign another day's issue: the kept pages of
    their earlier articles list the new ones under "Read on", as a page rendered now does."""
    lead = Article.objects.get(position=LEAD)
    url = lead.get_absolute_url()
    client.get(url)  # kept
    text = re.sub(r"^# (.+)$", r"# \1（续）", SEED_TEXT, flags=re.M)
    with django_capture_on_commit_callbacks(execute=True):
        import_text(text, date=datetime.date(2022, 9, 8), source="other-day.txt")
    assert Article.objects.filter(issue__date="2022-09-08").exists()

    served = client.get(url).content
    rendered_now = fresh(client, url)
    assert "（续）".encode() in rendered_now  # the new day's articles are among the links
    assert "（续）".encode() in served
    assert served == rendered_now


def test_issues_unpublished_in_bulk_as_documented_leave_the_pages_around_them(
    client, imported_seed
):
    """The bulk write the review found latent: made in ``rows_changing``, its neighbours'
    pages no longer link to an issue readers may not see."""
    seed = Issue.objects.get(date=datetime.date(2022, 8, 25))
    later = Issue.objects.create(
        date=seed.date + datetime.timedelta(days=1),
        status=IssueStatus.PUBLISHED,
        published_at=seed.published_at,
    )
    assert later.get_absolute_url() in client.get(ISSUE).content.decode()

    with parts.rows_changing(Issue, [later.pk]):
        Issue.objects.filter(pk=later.pk).update(status=IssueStatus.DRAFT)

    page = client.get(ISSUE).content
    assert later.get_absolute_url().encode() not in page
    assert page == fresh(client, ISSUE)
