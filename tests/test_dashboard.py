"""The admin's front page says what waits for whoever signs in (``articles.dashboard``)."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleStatus, IssueStatus
from articles.workflow import publish_issue, transition

from .factories import make_article, make_issue, make_member
from .helpers import (
    CHIEF,
    EDITOR,
    REPORTER,
    admin_front_page,
    admin_url,
    client_of,
    dashboard_panel,
    save_as,
)

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


def linked(html: str, article) -> bool:
    return f'href="{admin_url(Article, "change", article.pk)}"' in html


def test_a_reporter_finds_their_own_pieces_by_where_they_stand(client, members, now):
    reporter, editor = members[REPORTER], members[EDITOR]
    tomorrow = make_issue(date=timezone.localdate() + datetime.timedelta(days=1))
    mine = {
        state: make_article(status=state, created_by=reporter, title=f"我的{state}")
        for state in (ArticleStatus.DRAFT, ArticleStatus.SUBMITTED)
    }
    returned = make_article(status=ArticleStatus.SUBMITTED, created_by=reporter, title="退回的稿")
    transition(returned, "send_back", editor, note="导语太长，请压缩到一百字以内。")
    scheduled = make_article(
        issue=tomorrow,
        created_by=reporter,
        title="明天见报",
        published_at=now + datetime.timedelta(hours=20),
    )
    theirs = make_article(
        status=ArticleStatus.DRAFT, created_by=make_member(REPORTER), title="别人的稿"
    )

    html = admin_front_page(client, reporter)

    assert linked(dashboard_panel(html, "my-drafts"), mine[ArticleStatus.DRAFT])
    assert not linked(dashboard_panel(html, "my-drafts"), returned)
    sent_back = dashboard_panel(html, "sent-back")
    assert linked(sent_back, returned) and "导语太长，请压缩到一百字以内。" in sent_back
    assert editor.username in sent_back
    assert linked(dashboard_panel(html, "my-submitted"), mine[ArticleStatus.SUBMITTED])
    assert linked(dashboard_panel(html, "my-scheduled"), scheduled)
    assert "别人的稿" not in html
    assert (
        dashboard_panel(html, "submitted") is None
        and dashboard_panel(html, "unpublished-issues") is None
    )
    assert not linked(html, theirs)


def test_an_editor_sees_what_waits_for_review_oldest_first_with_its_age(
    client, members, monkeypatch
):
    reporter = make_member(REPORTER)
    reporter.first_name, reporter.last_name = "长松", "詹"
    reporter.save()
    submitted = []
    for hours in (5, 30, 1):
        article = make_article(
            status=ArticleStatus.DRAFT, created_by=reporter, title=f"{hours}小时前提交"
        )
        transition(article, "submit", reporter)
        article.state_changes.update(at=timezone.now() - datetime.timedelta(hours=hours))
        submitted.append(article)

    html = dashboard_panel(admin_front_page(client, members[EDITOR]), "submitted")

    assert re.search(r'<span class="dashboard__count">3</span>', html)
    titles = re.findall(r"(\d+)小时前提交</a>", html)
    assert titles == ["30", "5", "1"]  # who waited longest first
    assert "已等待 1\xa0日，6\xa0小时" in html  # the first
    assert "詹长松" in html and reporter.username not in html  # the name, not the login
    for article in submitted:
        assert linked(html, article)


def test_the_chief_editor_and_editors_see_scheduled_pieces_and_the_issues_ahead(
    client, members, now
):
    today = timezone.localdate()
    issue = make_issue(date=today + datetime.timedelta(days=1), status=IssueStatus.DRAFT)
    make_article(
        issue=issue,
        status=ArticleStatus.APPROVED,
        kind=Article.Kind.PHOTO,
        title="缺照片",
        published_at=None,
    )
    publish_issue(issue, members[CHIEF])
    later = make_issue(date=today + datetime.timedelta(days=5), status=IssueStatus.DRAFT)

    for role in (EDITOR, CHIEF):
        html = admin_front_page(client, members[role])
        scheduled = dashboard_panel(html, "scheduled-issues")
        assert f'href="{reverse("admin:articles_issue_change", args=[issue.pk])}"' in scheduled
        assert timezone.localtime(issue.published_at).strftime("%Y-%m-%d %H:%M") in scheduled
        assert "缺照片" in dashboard_panel(html, "scheduled")
        ahead = re.search(
            rf'<section [^>]*id="issue-{issue.date:%Y-%m-%d}".*?</section>', html, re.S
        )
        assert "缺照片" in ahead.group(0)  # its checklist names the photo news without a photo
        to_publish = dashboard_panel(html, "unpublished-issues")
        if role == CHIEF:
            assert f'href="{reverse("admin:articles_issue_change", args=[later.pk])}"' in to_publish
        else:
            assert to_publish is None


def test_a_long_panel_shows_its_first_entries_and_links_to_all(client, members):
    for n in range(12):
        make_article(status=ArticleStatus.SUBMITTED, title=f"待审{n}")
    html = dashboard_panel(admin_front_page(client, members[EDITOR]), "submitted")
    assert html.count("<li>") == 10
    assert f'href="{admin_url(Article, "changelist")}?status__exact=submitted"' in html
    assert "查看全部 12 项" in html


@pytest.mark.parametrize("role", [REPORTER, EDITOR, CHIEF])
def test_the_front_page_asks_as_many_queries_however_much_waits(client, members, role):
    user = members[role]

    def queries() -> int:
        member = client_of(client, user)
        with CaptureQueriesContext(connection) as captured:
            assert member.get(INDEX).status_code == 200
        return len(captured.captured_queries)

    today = timezone.localdate()
    issues = [
        make_issue(date=today + datetime.timedelta(days=d), status=IssueStatus.DRAFT)
        for d in (0, 1)
    ]

    def add(n):
        for i in range(n):
            for state in ArticleStatus:
                article = make_article(issue=issues[i % 2], status=state, created_by=user)
                article.state_changes.create(
                    from_state=ArticleStatus.DRAFT, to_state=state, note="意见"
                )

    add(2)  # an article in each of today's and tomorrow's issues, in every state
    few = queries()
    add(14)
    assert queries() == few


def test_members_are_named_by_their_names_wherever_the_admin_names_them(client, members):
    """The steps an article took, its history and the front page name 詹长松, not the login;
    an account without a name keeps its login."""
    reporter = members[REPORTER]
    reporter.first_name, reporter.last_name = "长松", "詹"
    reporter.save()
    article = make_article(status=ArticleStatus.DRAFT, created_by=reporter)
    save_as(reporter, article, title="改了标题")
    transition(article, "submit", reporter)
    editor = client_of(client, members[EDITOR])
    editor.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"

    for url in (
        admin_url(Article, "change", article.pk),
        admin_url(Article, "history", article.pk),
        INDEX,
    ):
        page = editor.get(url).content.decode()
        assert "詹长松" in page, url
        assert f">{reporter.username}<" not in page and f" {reporter.username} " not in page, url
    assert str(members[EDITOR]) == members[EDITOR].username
