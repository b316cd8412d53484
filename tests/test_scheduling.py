"""Publishing ahead: an issue of a day to come, published from the newsroom, goes public on
its own day at the paper's morning hour (``ISSUE_PUBLICATION_HOUR``), not at once; and
editors see what is scheduled as scheduled."""

import datetime
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleStatus, Issue, IssueStatus
from articles.workflow import publish_issue

from .factories import make_article, make_issue
from .helpers import CHIEF, admin_url, client_of, issue_form_data, messages_of, run_action

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = datetime.date(2026, 12, 4)


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


@pytest.fixture
def clock(monkeypatch):
    """Sets the time every query and every page takes for now."""

    def set_to(moment: datetime.datetime) -> datetime.datetime:
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return set_to


def draft_issue_of(day: datetime.date) -> Issue:
    issue = make_issue(date=day, status=IssueStatus.DRAFT)
    make_article(issue=issue, status=ArticleStatus.APPROVED, title="明天的头条", published_at=None)
    return issue


def publish_by_function(client, members, issue):
    publish_issue(issue, members[CHIEF])


def publish_from_the_list(client, members, issue):
    response = run_action(
        client_of(client, members[CHIEF]),
        Issue,
        "publish_with_articles",
        [issue],
        publish_anyway="1",
    )
    assert response.status_code == 302


WAYS = [publish_by_function, publish_from_the_list]


@pytest.mark.parametrize("publish", WAYS)
@pytest.mark.parametrize(
    ("now", "day", "public_at"),
    [
        (
            local(TODAY, 15),
            TODAY + datetime.timedelta(days=1),
            local(TODAY + datetime.timedelta(days=1), 6),
        ),
        (
            local(TODAY, 15),
            TODAY + datetime.timedelta(days=30),
            local(TODAY + datetime.timedelta(days=30), 6),
        ),
        (local(TODAY, 5, 59), TODAY, local(TODAY, 6)),
        (local(TODAY, 6), TODAY, local(TODAY, 6)),
        (local(TODAY, 15), TODAY, local(TODAY, 15)),
        (local(TODAY, 15), TODAY - datetime.timedelta(days=3), local(TODAY, 15)),
    ],
)
def test_an_issue_goes_public_at_its_mornings_hour_or_now_if_past(
    client, members, clock, publish, now, day, public_at
):
    clock(now)
    issue = draft_issue_of(day)

    publish(client, members, issue)

    issue.refresh_from_db()
    article = issue.articles.get()
    assert (issue.status, article.status) == (IssueStatus.PUBLISHED, ArticleStatus.PUBLISHED)
    assert issue.published_at == public_at
    assert article.published_at == public_at


@pytest.mark.parametrize("publish", WAYS)
def test_tomorrows_issue_published_today_is_not_on_the_site_before_its_morning(
    client, members, clock, publish
):
    clock(local(TODAY, 15))
    issue = draft_issue_of(TODAY + datetime.timedelta(days=1))
    publish(client, members, issue)
    article = issue.articles.get()

    for moment in (
        local(TODAY, 15),
        local(TODAY, 23, 59),
        local(TODAY + datetime.timedelta(days=1), 5, 59),
    ):
        clock(moment)
        assert not Article.objects.published().filter(pk=article.pk).exists()
        assert "明天的头条" not in client.get("/").content.decode()
        assert client.get(article.get_absolute_url()).status_code == 404

    clock(local(TODAY + datetime.timedelta(days=1), 6))
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert "明天的头条" in client.get("/").content.decode()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_the_hour_is_the_papers_to_set(client, members, clock, settings):
    settings.ISSUE_PUBLICATION_HOUR = 9
    clock(local(TODAY, 15))
    issue = draft_issue_of(TODAY + datetime.timedelta(days=1))
    publish_issue(issue, members[CHIEF])
    issue.refresh_from_db()
    assert issue.published_at == local(TODAY + datetime.timedelta(days=1), 9)


def test_a_time_already_given_is_kept(client, members, clock):
    clock(local(TODAY, 15))
    issue = draft_issue_of(TODAY + datetime.timedelta(days=1))
    evening = local(TODAY, 20)
    Issue.objects.filter(pk=issue.pk).update(published_at=evening)
    later = local(TODAY + datetime.timedelta(days=1), 10)
    own = make_article(issue=issue, status=ArticleStatus.APPROVED, published_at=later)
    issue.refresh_from_db()

    publish_issue(issue, members[CHIEF])

    issue.refresh_from_db()
    own.refresh_from_db()
    assert issue.published_at == evening
    assert own.published_at == later
    assert issue.articles.exclude(pk=own.pk).get().published_at == evening


@pytest.mark.parametrize(
    ("now", "day", "public_at"),
    [
        (
            local(TODAY, 15),
            TODAY + datetime.timedelta(days=1),
            local(TODAY + datetime.timedelta(days=1), 6),
        ),
        (local(TODAY, 15), TODAY, local(TODAY, 15)),
    ],
)
def test_an_issue_set_published_in_its_form_without_a_time_is_given_the_same(
    client, members, clock, now, day, public_at
):
    clock(now)
    issue = draft_issue_of(day)
    chief = client_of(client, members[CHIEF])
    data = issue_form_data(issue, status=IssueStatus.PUBLISHED)

    response = chief.post(admin_url(Issue, "change", issue.pk), data, follow=True)

    issue.refresh_from_db()
    assert issue.published_at == public_at
    shown = timezone.localtime(public_at).strftime("%Y-%m-%d %H:%M")
    assert any(shown in message for message in messages_of(response)), messages_of(response)


def scheduled_paper(members, clock):
    """Today's issue public since the morning; tomorrow's published today, so scheduled."""
    clock(local(TODAY, 15))
    public = draft_issue_of(TODAY)
    scheduled = draft_issue_of(TODAY + datetime.timedelta(days=1))
    for issue in (public, scheduled):
        publish_issue(issue, members[CHIEF])
    return public, scheduled


@pytest.mark.parametrize("model", [Article, Issue])
def test_the_lists_show_and_filter_what_is_scheduled_with_its_time(client, members, clock, model):
    public, scheduled = scheduled_paper(members, clock)
    rows = {
        "public": public if model is Issue else public.articles.get(),
        "scheduled": scheduled if model is Issue else scheduled.articles.get(),
    }
    editor = client_of(client, members[CHIEF])
    editor.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"

    response = editor.get(admin_url(model, "changelist"))
    assert set(response.context["cl"].result_list) == set(rows.values())
    cells = re.findall(r'<td class="field-state">(.*?)</td>', response.content.decode())
    assert sorted(cells) == ["定时发布：2026-12-05 06:00", "已发布"]

    for choice, row in rows.items():
        filtered = editor.get(admin_url(model, "changelist"), {"readers": choice}).context["cl"]
        assert list(filtered.result_list) == [row], choice


def test_the_preview_says_when_a_scheduled_article_goes_public(client, members, clock):
    _public, scheduled = scheduled_paper(members, clock)
    article = scheduled.articles.get()
    editor = client_of(client, members[CHIEF])
    editor.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    for url in (
        reverse("articles:preview", args=[article.pk]),
        reverse("articles:issue_preview", args=[scheduled.pk]),
    ):
        banner = editor.get(url).content.decode()
        assert "定时发布：2026-12-05 06:00" in banner, url


# A time picked in the publish actions ------------------------------------------------------


def picked(moment: datetime.datetime) -> dict:
    """The action page's answer: publish at ``moment`` (Asia/Shanghai)."""
    local_time = moment.astimezone(SHANGHAI)
    return {"apply": "1", "at_0": f"{local_time:%Y-%m-%d}", "at_1": f"{local_time:%H:%M:%S}"}


def test_the_issue_picker_offers_the_morning_hour_of_the_issues_day(client, members, clock):
    clock(local(TODAY, 20))
    issue = draft_issue_of(TODAY + datetime.timedelta(days=1))
    chief = client_of(client, members[CHIEF])

    page = run_action(chief, Issue, "publish_at_with_articles", [issue])

    assert page.status_code == 200
    assert page.context["form"]["at"].value() == local(issue.date, 6)
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT  # asking publishes nothing


def test_an_issue_published_at_a_picked_time_appears_then_and_not_before(client, members, clock):
    clock(local(TODAY, 20))
    issue = draft_issue_of(TODAY + datetime.timedelta(days=1))
    at = local(TODAY + datetime.timedelta(days=1), 5, 30)
    chief = client_of(client, members[CHIEF])

    response = run_action(chief, Issue, "publish_at_with_articles", [issue], **picked(at))
    # Its checklist (no printed pages) comes first, the time carried to "publish anyway".
    assert 'name="at_1" value="05:30:00"' in response.content.decode()
    response = run_action(
        chief, Issue, "publish_at_with_articles", [issue], publish_anyway="1", **picked(at)
    )

    assert response.status_code == 302
    issue.refresh_from_db()
    article = issue.articles.get()
    assert (issue.status, issue.published_at, article.published_at) == ("published", at, at)
    clock(at - datetime.timedelta(minutes=1))
    assert "明天的头条" not in client.get("/").content.decode()
    clock(at)
    assert "明天的头条" in client.get("/").content.decode()


def test_a_picked_time_that_is_not_a_time_publishes_nothing_and_says_so(client, members, clock):
    clock(local(TODAY, 20))
    issue = draft_issue_of(TODAY)
    chief = client_of(client, members[CHIEF])

    page = run_action(
        chief,
        Issue,
        "publish_at_with_articles",
        [issue],
        apply="1",
        at_0="2026-13-40",
        at_1="25:00",
    )

    assert page.status_code == 200 and page.context["form"].errors["at"]
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT


def test_articles_published_at_a_picked_time_are_scheduled_until_then(client, members, clock):
    now = clock(local(TODAY, 9))
    issue = make_issue(date=TODAY)  # public since this morning
    approved = make_article(issue=issue, status=ArticleStatus.APPROVED, published_at=None)
    with_a_time = make_article(
        issue=issue, status=ArticleStatus.APPROVED, published_at=now - datetime.timedelta(days=1)
    )
    at = local(TODAY, 15)
    editor = client_of(client, members[CHIEF])

    asked = run_action(editor, Article, "publish_at", [approved, with_a_time])
    assert asked.status_code == 200 and Article.objects.filter(status="published").count() == 0
    response = run_action(editor, Article, "publish_at", [approved, with_a_time], **picked(at))

    assert response.status_code == 302
    assert (
        "Scheduled: readers see them from 2026-12-04 15:00, or from their issue's time if that "
        "is later." in messages_of(response)
    )
    for article in (approved, with_a_time):  # the picked time replaces one already given
        article.refresh_from_db()
        assert (article.status, article.published_at) == (ArticleStatus.PUBLISHED, at)
    assert not Article.objects.published().exists()
    clock(at)
    assert Article.objects.published().count() == 2


def test_the_plain_publish_action_still_publishes_now(client, members, clock):
    now = clock(local(TODAY, 9))
    article = make_article(
        issue=make_issue(date=TODAY), status=ArticleStatus.APPROVED, published_at=None
    )

    run_action(client_of(client, members[CHIEF]), Article, "publish", [article])

    article.refresh_from_db()
    assert (article.status, article.published_at) == (ArticleStatus.PUBLISHED, now)


def test_the_issue_picker_answered_for_an_issue_deleted_meanwhile_changes_nothing(client, members):
    issue = make_issue(status=IssueStatus.DRAFT)
    gone = issue.pk
    issue.delete()

    response = run_action(
        client_of(client, members[CHIEF]),
        Issue,
        "publish_at_with_articles",
        [Issue(pk=gone)],
        **picked(local(TODAY, 6)),
    )

    assert response.status_code == 302 and not Issue.objects.exists()


def test_a_time_ahead_is_refused_for_an_issue_readers_already_read(client, members, clock):
    """It would take the issue from readers until then: unpublishing is its own step."""
    clock(local(TODAY, 9))
    issue = make_issue(date=TODAY)  # public since this morning
    published_at = issue.published_at

    response = run_action(
        client_of(client, members[CHIEF]),
        Issue,
        "publish_at_with_articles",
        [issue],
        publish_anyway="1",
        **picked(local(TODAY, 15)),
    )

    assert any("is public already" in message for message in messages_of(response))
    issue.refresh_from_db()
    assert issue.published_at == published_at
