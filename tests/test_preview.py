"""Previews (articles.preview): drafts as readers will see them, for staff and by signed link."""

import datetime
import json
import time
from unittest import mock

import pytest
from django.contrib.admin.models import LogEntry
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from articles.models import Article, ArticleStatus, IssueStatus
from articles.preview import SIGNING_SALT, PreviewLink
from articles.workflow import transition

from .factories import make_article, make_issue, make_member, make_staff_user
from .helpers import CHIEF, EDITOR, REPORTER, client_of

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1).total_seconds()
ARTICLE_PREVIEW_MAX_QUERIES = 10  # the reader's article page (6), the session, user, permissions
BANNER = "Preview — not published"


@pytest.fixture
def reader():
    """A visitor without an account, whose browser asks for English (the msgids)."""
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def draft():
    """A reporter's draft in a draft issue: readers cannot see it anywhere."""
    return make_article(
        issue=make_issue(status=IssueStatus.DRAFT),
        status=ArticleStatus.DRAFT,
        title="尚未发表的稿件",
        body="<p>初稿的正文。</p>",
        created_by=make_member(REPORTER),
    )


def preview_url(article):
    return reverse("articles:preview", args=[article.pk])


def link_url(link):
    return link.get_absolute_url()


def made_ago(seconds, make):
    """What ``make()`` returns when run ``seconds`` ago, signature timestamp included."""
    with mock.patch("time.time", return_value=time.time() - seconds):
        return make()


def with_payload(token, **changes):
    """``token`` with its payload changed but its signature kept: what a forger would try."""
    payload, signature = token.split(":", 1)
    values = json.loads(signing.b64_decode(payload.encode()))
    changed = json.dumps({**values, **changes}, separators=(",", ":")).encode()
    return f"{signing.b64_encode(changed).decode()}:{signature}"


def assert_private(response):
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert response["X-Accel-Expires"] == "0"  # nginx's micro-cache ignores Cache-Control
    assert '<meta name="robots" content="noindex">' in response.content.decode()


# Staff preview ---------------------------------------------------------------------------------


class TestStaffPreview:
    def test_the_reporter_previews_their_own_draft_as_readers_will_see_it(self, draft):
        response = client_of(Client(), draft.created_by).get(preview_url(draft))

        assertTemplateUsed(response, "articles/article_detail.html")
        assertContains(response, '<h1 class="story__title" id="story-title">尚未发表的稿件</h1>')
        assertContains(response, "初稿的正文。")
        assertContains(response, BANNER)
        assertContains(response, "State: Draft")
        assert_private(response)
        assert response.context["share_url"].endswith(draft.get_absolute_url())

    def test_the_reporter_previews_their_submitted_article_which_they_only_read(self, draft):
        transition(draft, "submit", draft.created_by)
        response = client_of(Client(), draft.created_by).get(preview_url(draft))
        assertContains(response, "State: Submitted (awaiting review)")

    def test_another_reporters_draft_is_not_found_rather_than_forbidden(self, draft):
        response = client_of(Client(), make_member(REPORTER)).get(preview_url(draft))
        assert response.status_code == 404
        assertNotContains(response, "尚未发表的稿件", status_code=404)

    @pytest.mark.parametrize("role", [EDITOR, CHIEF])
    def test_editors_preview_any_draft(self, draft, role):
        response = client_of(Client(), make_member(role)).get(preview_url(draft))
        assertContains(response, "尚未发表的稿件")
        assertContains(response, reverse("admin:articles_article_change", args=[draft.pk]))

    def test_a_published_article_is_previewed_saying_so(self):
        article = make_article()
        response = client_of(Client(), make_member(EDITOR)).get(preview_url(article))
        assertContains(response, "Preview — published")
        assertNotContains(response, BANNER)

    def test_an_anonymous_visitor_is_sent_to_the_login(self, reader, draft):
        response = reader.get(preview_url(draft))
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('admin:login')}?next={preview_url(draft)}"

    def test_a_logged_in_user_who_is_not_staff_finds_nothing(self, draft):
        user = make_staff_user("articles.view_article", "articles.edit_any_article")
        user.is_staff = False
        user.save()
        assert client_of(Client(), user).get(preview_url(draft)).status_code == 404

    def test_a_deleted_article_is_not_found(self, draft):
        url = preview_url(draft)
        draft.delete()
        assert client_of(Client(), make_member(EDITOR)).get(url).status_code == 404

    def test_the_preview_is_never_cached_even_where_reader_pages_are(self, settings, draft):
        settings.READER_CACHE_SECONDS = 60
        cache.clear()
        client = client_of(Client(), make_member(EDITOR))
        assertContains(client.get(preview_url(draft)), "初稿的正文。")
        # An update without signals leaves the page cache's content version as it was.
        Article.objects.filter(pk=draft.pk).update(body="<p>改过的正文。</p>")
        response = client.get(preview_url(draft))
        assertContains(response, "改过的正文。")
        assert_private(response)

    def test_the_reader_policy_applies_without_inline_script(self, draft):
        response = client_of(Client(), make_member(EDITOR)).get(preview_url(draft))
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assertNotContains(response, "<script>")

    def test_queries_are_bounded(self, draft, django_assert_max_num_queries):
        client = client_of(Client(), make_member(EDITOR))
        with django_assert_max_num_queries(ARTICLE_PREVIEW_MAX_QUERIES):
            assert client.get(preview_url(draft)).status_code == 200


class TestIssuePreview:
    def test_editors_see_the_issue_with_the_articles_it_will_be_published_with(self):
        issue = make_issue(status=IssueStatus.DRAFT)
        make_article(issue=issue, status=ArticleStatus.DRAFT, title="草稿一")
        make_article(issue=issue, status=ArticleStatus.APPROVED, title="已审二")
        make_article(issue=issue, status=ArticleStatus.WITHDRAWN, title="撤回三")
        response = client_of(Client(), make_member(EDITOR)).get(
            reverse("articles:issue_preview", args=[issue.pk])
        )

        assertTemplateUsed(response, "articles/issue_detail.html")
        assert [a.title for a in response.context["articles"]] == ["草稿一", "已审二"]
        assertContains(response, BANNER)
        assert_private(response)

    def test_a_reporter_may_not_see_other_peoples_drafts_in_it(self, draft):
        url = reverse("articles:issue_preview", args=[draft.issue.pk])
        assert client_of(Client(), draft.created_by).get(url).status_code == 404

    def test_view_on_site_of_an_unpublished_issue_is_its_preview(self):
        draft_issue, published_issue = make_issue(status=IssueStatus.DRAFT), make_issue()
        client = client_of(Client(), make_member(EDITOR))

        def change_form(issue):
            return client.get(reverse("admin:articles_issue_change", args=[issue.pk]))

        preview = reverse("articles:issue_preview", args=[draft_issue.pk])
        assertContains(change_form(draft_issue), f'href="{preview}"')
        assertNotContains(change_form(published_issue), "/preview/")


# Signed links ----------------------------------------------------------------------------------


class TestPreviewLink:
    def test_anyone_with_the_link_reads_the_draft_as_it_is_now(self, reader, draft):
        link = PreviewLink.make(draft, days=3)
        Article.objects.filter(pk=draft.pk).update(title="改过的标题")

        response = reader.get(link_url(link))

        assertContains(response, "改过的标题")
        assertContains(response, BANNER)
        assertContains(response, "This link works until")
        assert response.context["banner"].expires == link.expires
        assertNotContains(response, reverse("admin:index"))  # no way into the admin shown
        assert_private(response)

    def test_the_link_works_for_the_days_chosen_and_no_longer(self, reader, draft):
        link = made_ago(2 * DAY + 60, lambda: PreviewLink.make(draft, days=3))
        assert reader.get(link_url(link)).status_code == 200

        link = made_ago(DAY + 60, lambda: PreviewLink.make(draft, days=1))
        response = reader.get(link_url(link))

        assert response.status_code == 410
        assertContains(response, "This preview link has expired.", status_code=410)
        assertNotContains(response, "尚未发表的稿件", status_code=410)
        assert_private(response)

    def test_no_link_works_longer_than_a_week_whatever_it_says(self, reader, draft):
        def month_long_token():
            expires = int(time.time() + 30 * DAY)
            return signing.dumps({"article": draft.pk, "expires": expires}, salt=SIGNING_SALT)

        token = made_ago(8 * DAY, month_long_token)
        response = reader.get(reverse("articles:preview_link", args=[token]))
        assert response.status_code == 410

    @pytest.mark.parametrize(
        "tamper",
        [
            pytest.param(lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"), id="sig"),
            pytest.param(lambda token: with_payload(token, article=1000), id="other article"),
            pytest.param(lambda token: with_payload(token, expires=2**40), id="longer"),
            pytest.param(lambda token: token[:20], id="cut"),
            pytest.param(lambda token: "made-up", id="made-up"),
        ],
    )
    def test_a_tampered_link_is_not_found_and_says_so_in_one_line(self, reader, draft, tamper):
        token = PreviewLink.make(draft, days=1).token
        response = reader.get(reverse("articles:preview_link", args=[tamper(token)]))

        assert response.status_code == 404
        assertContains(response, "This preview link is not valid", status_code=404)
        assertNotContains(response, "尚未发表的稿件", status_code=404)
        assert_private(response)

    def test_a_value_signed_for_another_purpose_is_no_link(self, reader, draft):
        payload = {"article": draft.pk, "expires": int(time.time() + DAY)}
        token = signing.dumps(payload, salt="articles.admin_import")
        response = reader.get(reverse("articles:preview_link", args=[token]))
        assert response.status_code == 404
        assertNotContains(response, "尚未发表的稿件", status_code=404)

    def test_the_link_of_a_deleted_article_leads_nowhere(self, reader, draft):
        link = PreviewLink.make(draft, days=7)
        draft.delete()
        response = reader.get(link_url(link))
        assertContains(response, "has been deleted", status_code=404)

    def test_previews_stay_out_of_sitemaps_and_feeds(self, reader, draft):
        link = PreviewLink.make(draft, days=7)
        assert reader.get(link_url(link)).status_code == 200
        for name in ("sitemap", "news_sitemap", "articles:latest_rss", "articles:latest_atom"):
            content = reader.get(reverse(name)).content.decode()
            assert "/preview/" not in content, name
            assert "尚未发表的稿件" not in content, name

    def test_queries_are_bounded(self, reader, draft, django_assert_max_num_queries):
        url = link_url(PreviewLink.make(draft, days=1))
        with django_assert_max_num_queries(ARTICLE_PREVIEW_MAX_QUERIES):
            assert reader.get(url).status_code == 200


# The admin -------------------------------------------------------------------------------------


def share_url(article):
    return reverse("admin:articles_article_preview_link", args=[article.pk])


class TestAdmin:
    def test_the_article_form_offers_preview_and_sharing(self, draft):
        response = client_of(Client(), draft.created_by).get(
            reverse("admin:articles_article_change", args=[draft.pk])
        )
        assertContains(response, f'href="{preview_url(draft)}"')
        assertContains(response, f'href="{share_url(draft)}"')

    def test_a_reporter_reading_their_submitted_article_may_preview_but_not_share(self, draft):
        transition(draft, "submit", draft.created_by)
        client = client_of(Client(), draft.created_by)
        response = client.get(reverse("admin:articles_article_change", args=[draft.pk]))
        assertContains(response, f'href="{preview_url(draft)}"')
        assertNotContains(response, share_url(draft))
        assert client.get(share_url(draft)).status_code == 403
        assert client.post(share_url(draft), {"days": "1"}).status_code == 403

    def test_another_reporter_cannot_share_the_draft(self, draft):
        client = client_of(Client(), make_member(REPORTER))
        response = client.post(share_url(draft), {"days": "7"})
        assert response.status_code == 302  # the admin's "does not exist", as for any pk
        assert not LogEntry.objects.exists()

    def test_the_link_made_in_the_admin_works_without_an_account(self, reader, draft):
        editor = make_member(EDITOR)
        client = client_of(Client(), editor)
        assertContains(client.get(share_url(draft)), 'name="days"')

        response = client.post(share_url(draft), {"days": "1"})

        link_url = response.context["link_url"]
        assert link_url.startswith("http://localhost:8000/preview/")
        assertContains(response, f'value="{link_url}"')
        expires = response.context["link"].expires.timestamp()
        assert abs(expires - (time.time() + DAY)) < 60
        entry = LogEntry.objects.get()
        assert (entry.user, entry.object_id) == (editor, str(draft.pk))
        assert "preview link" in entry.change_message

        page = reader.get(link_url)
        assertContains(page, "尚未发表的稿件")
        assertContains(page, BANNER)

    @pytest.mark.parametrize("days", ["0", "30", "", "七"])
    def test_only_the_offered_expiries_are_accepted(self, draft, days):
        response = client_of(Client(), make_member(EDITOR)).post(share_url(draft), {"days": days})
        assert response.status_code == 200
        assert "link" not in response.context
        assert response.context["form"].errors["days"]
        assert not LogEntry.objects.exists()

    def test_making_a_link_needs_the_csrf_token(self, draft):
        client = Client(enforce_csrf_checks=True)
        client.force_login(make_member(EDITOR))
        assert client.post(share_url(draft), {"days": "1"}).status_code == 403
        assert not LogEntry.objects.exists()
