"""The newsroom's workflow: states, who may make each step, scheduling and whole issues."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import (
    Article,
    ArticleStatus,
    Correction,
    Issue,
    IssueStatus,
    Section,
    StateChange,
)
from articles.states import TRANSITIONS
from articles.workflow import publish_issue, transition, unpublish_issue
from events.models import Performance

from .factories import (
    add_byline,
    make_article,
    make_author,
    make_issue,
    make_member,
    make_performance,
)
from .helpers import (
    CHIEF,
    EDITOR,
    REPORTER,
    ROLES,
    admin_url,
    article_form_data,
    client_of,
    run_action,
)

pytestmark = pytest.mark.django_db


def action_choices(client, model):
    response = client.get(admin_url(model, "changelist"))
    form = response.context["action_form"] if response.status_code == 200 else None
    return {name for name, _label in form.fields["action"].choices} if form else set()


# Role × action ---------------------------------------------------------------------------------

# (action, the state it starts from, the state it leads to, extra POST data, who may)
ARTICLE_ACTIONS = [
    ("submit", ArticleStatus.DRAFT, ArticleStatus.SUBMITTED, {}, {REPORTER, EDITOR, CHIEF}),
    ("approve", ArticleStatus.SUBMITTED, ArticleStatus.APPROVED, {}, {EDITOR, CHIEF}),
    ("publish", ArticleStatus.APPROVED, ArticleStatus.PUBLISHED, {}, {EDITOR, CHIEF}),
    (
        "send_back",
        ArticleStatus.SUBMITTED,
        ArticleStatus.DRAFT,
        {"apply": "1", "note": "导语再改改"},
        {EDITOR, CHIEF},
    ),
    (
        "withdraw",
        ArticleStatus.PUBLISHED,
        ArticleStatus.WITHDRAWN,
        {"apply": "1", "note": "本文有误，已撤回。"},
        {CHIEF},
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("action", "source", "target", "extra", "allowed"),
    ARTICLE_ACTIONS,
    ids=[row[0] for row in ARTICLE_ACTIONS],
)
def test_article_actions_by_role(client, members, role, action, source, target, extra, allowed):
    user = members[role]
    article = make_article(status=source, created_by=user)
    client = client_of(client, user)
    assert (action in action_choices(client, Article)) is (role in allowed)

    run_action(client, Article, action, [article], **extra)

    article.refresh_from_db()
    if role in allowed:
        assert article.status == target
        change = article.state_changes.get()
        assert (change.from_state, change.to_state, change.user) == (source, target, user)
        assert change.note == extra.get("note", "")
    else:
        assert article.status == source
        assert not article.state_changes.exists()


@pytest.mark.parametrize("role", ROLES)
def test_who_may_correct_a_published_article(client, members, role):
    article = make_article()
    correction = {
        "article": article.pk,
        "published_at_0": "2022-08-27",
        "published_at_1": "10:00:00",
        "text": "第二段中的数字有误，已更正。",
    }

    response = client_of(client, members[role]).post(admin_url(Correction, "add"), correction)

    allowed = role in {EDITOR, CHIEF}
    assert response.status_code == (302 if allowed else 403)
    assert article.corrections.filter(created_by=members[role]).exists() is allowed


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["publish_with_articles", "unpublish_with_articles"])
def test_whole_issue_actions_by_role(client, members, role, action):
    publishing = action == "publish_with_articles"
    status = IssueStatus.DRAFT if publishing else IssueStatus.PUBLISHED
    issue = make_issue(status=status)
    article = make_article(issue=issue, status=status)
    add_byline(article, make_author())  # nothing on the checklist: no confirmation asked
    client = client_of(client, members[role])
    assert (action in action_choices(client, Issue)) is (role == CHIEF)

    run_action(client, Issue, action, [issue])

    issue.refresh_from_db()
    article.refresh_from_db()
    expected = (
        (IssueStatus.PUBLISHED if publishing else IssueStatus.DRAFT) if role == CHIEF else status
    )
    assert (issue.status, article.status) == (expected, expected)


@pytest.mark.parametrize(
    ("role", "whose", "state", "allowed"),
    [
        (REPORTER, "own", ArticleStatus.DRAFT, True),
        (REPORTER, "own", ArticleStatus.SUBMITTED, False),
        (REPORTER, "own", ArticleStatus.PUBLISHED, False),
        (REPORTER, "other", ArticleStatus.DRAFT, False),
        (EDITOR, "other", ArticleStatus.DRAFT, True),
        (EDITOR, "other", ArticleStatus.PUBLISHED, True),
        (CHIEF, "other", ArticleStatus.SUBMITTED, True),
    ],
)
def test_who_may_edit_an_article(client, members, role, whose, state, allowed):
    user = members[role]
    author = user if whose == "own" else make_member(REPORTER)
    article = make_article(status=state, created_by=author)
    client = client_of(client, user)

    response = client.post(
        admin_url(Article, "change", article.pk), article_form_data(article, title="改过的标题")
    )

    article.refresh_from_db()
    assert (article.title == "改过的标题") is allowed
    assert response.status_code in ({302} if allowed else {302, 403})
    if not allowed and whose == "own":
        page = client.get(admin_url(Article, "change", article.pk))
        assert page.status_code == 200 and not page.context["has_change_permission"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "url",
    [
        admin_url(User, "add"),
        admin_url(Section, "add"),
        admin_url(Article, "delete", 1),
    ],
    ids=["add-user", "add-section", "delete-article"],
)
def test_only_the_chief_editor_manages_users_sections_and_deletions(client, members, role, url):
    article = make_article(pk=1)
    response = client_of(client, members[role]).get(url)
    assert (response.status_code == 200) is (role == CHIEF)
    assert Article.objects.filter(pk=article.pk).exists()


def test_a_reporter_lists_only_the_articles_they_created(client, members):
    reporter = members[REPORTER]
    own = make_article(status=ArticleStatus.DRAFT, created_by=reporter)
    make_article(status=ArticleStatus.DRAFT)
    response = client_of(client, reporter).get(admin_url(Article, "changelist"))
    assert list(response.context["cl"].result_list) == [own]


def test_an_article_added_in_the_admin_is_created_by_its_user(client, members):
    reporter = members[REPORTER]
    template = make_article(status=ArticleStatus.DRAFT)
    data = article_form_data(template, title="记者的新稿", position=77)
    response = client_of(client, reporter).post(admin_url(Article, "add"), data)
    assert response.status_code == 302
    article = Article.objects.get(title="记者的新稿")
    assert (article.created_by, article.status) == (reporter, ArticleStatus.DRAFT)


# States, in the model ------------------------------------------------------------------------


def test_a_step_not_open_from_the_state_is_refused(members):
    article = make_article(status=ArticleStatus.DRAFT)
    with translation.override("en"), pytest.raises(PermissionDenied) as refused:
        transition(article, "publish", members[CHIEF])
    assert str(refused.value) == "You may not do “Publish” to this article now."
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
    assert not article.state_changes.exists()


def test_a_step_writes_only_its_own_fields_not_what_another_editor_saved_meanwhile(members):
    """The article a step is taken on may be stale: the headline another editor saved since
    it was read stays."""
    reporter = members[REPORTER]
    article = make_article(status=ArticleStatus.DRAFT, created_by=reporter, title="旧标题")
    meanwhile = Article.objects.get(pk=article.pk)
    meanwhile.title = "编辑刚改的标题"
    meanwhile.save()

    transition(article, "submit", reporter)

    article.refresh_from_db()
    assert (article.status, article.title) == (ArticleStatus.SUBMITTED, "编辑刚改的标题")


def test_publishing_an_article_without_a_time_publishes_it_now(members, now):
    article = make_article(status=ArticleStatus.APPROVED, published_at=None)
    transition(article, "publish", members[EDITOR])
    article.refresh_from_db()
    assert (article.status, article.published_at) == (ArticleStatus.PUBLISHED, now)


def test_publishing_an_article_keeps_the_time_it_was_given(members, now):
    later = now + datetime.timedelta(hours=5)
    article = make_article(status=ArticleStatus.APPROVED, published_at=later)
    transition(article, "publish", members[EDITOR])
    article.refresh_from_db()
    assert (article.status, article.published_at) == (ArticleStatus.PUBLISHED, later)


@pytest.mark.parametrize(
    ("name", "source", "role"),
    [
        ("submit", ArticleStatus.DRAFT, REPORTER),
        ("approve", ArticleStatus.SUBMITTED, EDITOR),
        ("send_back", ArticleStatus.APPROVED, EDITOR),
    ],
)
def test_a_step_other_than_publishing_gives_no_publication_time(members, now, name, source, role):
    user = members[role]
    article = make_article(status=source, created_by=user, published_at=None)
    transition(article, name, user)
    article.refresh_from_db()
    assert article.published_at is None


def test_publishing_is_refused_while_the_photo_lacks_alt_text_and_says_why(members):
    article = make_article(
        title="春到龙源湖", status=ArticleStatus.APPROVED, photo="photos/2022/08/park.jpg"
    )
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        transition(article, "publish", members[EDITOR])
    assert refused.value.messages == [
        "“春到龙源湖” has a photo without alt text: describe the photo before publishing."
    ]
    assert [error.code for error in refused.value.error_list] == ["photo_alt"]
    article.refresh_from_db()
    assert article.status == ArticleStatus.APPROVED
    assert not article.state_changes.exists()


def test_only_publishing_needs_the_alt_text(members):
    """A draft with a photo not yet described goes its way until it is to be published."""
    reporter, editor = members[REPORTER], members[EDITOR]
    article = make_article(
        status=ArticleStatus.DRAFT, created_by=reporter, photo="photos/2022/08/park.jpg"
    )
    transition(article, "submit", reporter)
    transition(article, "approve", editor)
    transition(article, "send_back", editor, "照片缺少说明")
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
    assert article.state_changes.count() == 3


def test_the_whole_way_is_recorded_in_order(members):
    reporter, editor = members[REPORTER], members[EDITOR]
    article = make_article(status=ArticleStatus.DRAFT, created_by=reporter, published_at=None)
    transition(article, "submit", reporter)
    transition(article, "send_back", editor, "补一张照片")
    transition(article, "submit", reporter)
    transition(article, "approve", editor)
    transition(article, "publish", editor)
    assert article.published_at is not None
    steps = [
        (c.from_state, c.to_state, c.user, c.note)
        for c in StateChange.objects.filter(article=article).order_by("at", "pk")
    ]
    assert steps == [
        ("draft", "submitted", reporter, ""),
        ("submitted", "draft", editor, "补一张照片"),
        ("draft", "submitted", reporter, ""),
        ("submitted", "approved", editor, ""),
        ("approved", "published", editor, ""),
    ]


def test_send_back_asks_for_a_note_first(client, members):
    article = make_article(status=ArticleStatus.SUBMITTED)
    client = client_of(client, members[EDITOR])
    response = run_action(client, Article, "send_back", [article])
    assert response.status_code == 200
    assert "note" in response.context["form"].fields
    article.refresh_from_db()
    assert article.status == ArticleStatus.SUBMITTED


# Withdrawn articles --------------------------------------------------------------------------


def test_a_withdrawn_article_shows_its_notice_and_leaves_every_list(client, members):
    article = make_article(body="<p>有误的正文</p>")
    transition(article, "withdraw", members[CHIEF], "本文数据有误，已撤回。")

    html = client.get(article.get_absolute_url()).content.decode()
    assert "本文数据有误，已撤回。" in html
    assert "有误的正文" not in html
    assert article not in Article.objects.published()
    section_page = client.get(article.section.get_absolute_url()).content.decode()
    assert article.title not in section_page


def test_withdrawing_needs_a_notice(members):
    article = make_article()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        transition(article, "withdraw", members[CHIEF], "  ")
    assert refused.value.messages == ["Say in a public notice why the article is withdrawn."]
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED


# Scheduled publishing -------------------------------------------------------------------------


def test_a_future_article_appears_when_its_time_comes(client, monkeypatch):
    now = timezone.now()
    article = make_article(published_at=now + datetime.timedelta(hours=2))
    assert article not in Article.objects.published()
    assert client.get(article.get_absolute_url()).status_code == 404

    monkeypatch.setattr(timezone, "now", lambda: now + datetime.timedelta(hours=3))
    assert article in Article.objects.published()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_a_future_issue_hides_its_articles_until_its_time(monkeypatch):
    now = timezone.now()
    issue = make_issue(published_at=now + datetime.timedelta(days=1))
    article = make_article(issue=issue, published_at=now - datetime.timedelta(days=1))
    assert article not in Article.objects.published()
    monkeypatch.setattr(timezone, "now", lambda: now + datetime.timedelta(days=2))
    assert article in Article.objects.published()


def test_editors_see_the_time_zone_of_publication_times(client, members):
    article = make_article()
    client = client_of(client, members[EDITOR])
    for url in (
        admin_url(Article, "change", article.pk),
        admin_url(Issue, "change", article.issue_id),
    ):
        assert "Asia/Shanghai" in client.get(url).content.decode()


def test_publishing_a_whole_issue_leaves_withdrawn_articles_withdrawn(members):
    issue = make_issue(status=IssueStatus.DRAFT)
    draft = make_article(issue=issue, status=ArticleStatus.DRAFT)
    withdrawn = make_article(issue=issue, status=ArticleStatus.WITHDRAWN)
    assert publish_issue(issue, members[CHIEF]) == 1
    draft.refresh_from_db()
    withdrawn.refresh_from_db()
    assert (draft.status, withdrawn.status) == (ArticleStatus.PUBLISHED, ArticleStatus.WITHDRAWN)
    assert draft.state_changes.get().user == members[CHIEF]


def steps_of(issue) -> set[tuple]:
    """Each recorded change of state of ``issue``'s articles: (title, from, to, by, note)."""
    return {
        (c.article.title, c.from_state, c.to_state, c.user, c.note)
        for c in StateChange.objects.filter(article__issue=issue).select_related("article")
    }


def test_whole_issue_publishing_records_each_article_s_step_with_its_note(members):
    chief = members[CHIEF]
    issue = make_issue(status=IssueStatus.DRAFT)
    for status in ArticleStatus:
        make_article(issue=issue, status=status, title=status.value)

    with translation.override("en"):
        assert publish_issue(issue, chief) == 3
    assert steps_of(issue) == {
        (source, source, "published", chief, "With the whole issue.")
        for source in ("draft", "submitted", "approved")
    }

    StateChange.objects.all().delete()
    with translation.override("en"):
        assert unpublish_issue(issue, chief) == 4
    assert steps_of(issue) == {
        (title, "published", "draft", chief, "With the whole issue.")
        for title in ("draft", "submitted", "approved", "published")
    }


@pytest.mark.parametrize("step", [publish_issue, unpublish_issue])
@pytest.mark.parametrize("role", [REPORTER, EDITOR])
def test_only_the_chief_editor_publishes_or_unpublishes_whole_issues(members, role, step):
    status = IssueStatus.DRAFT if step is publish_issue else IssueStatus.PUBLISHED
    issue = make_issue(status=status)
    article = make_article(issue=issue, status=status)
    with translation.override("en"), pytest.raises(PermissionDenied) as refused:
        step(issue, members[role])
    assert str(refused.value) == "You may not publish or unpublish whole issues."
    issue.refresh_from_db()
    article.refresh_from_db()
    assert (issue.status, article.status) == (status, status)
    assert not StateChange.objects.exists()


def test_whole_issue_publishing_keeps_what_another_editor_saved_meanwhile(members):
    issue = make_issue(status=IssueStatus.DRAFT)
    make_article(issue=issue, status=ArticleStatus.APPROVED)
    meanwhile = Issue.objects.get(pk=issue.pk)
    meanwhile.number = 1300
    meanwhile.save()

    publish_issue(issue, members[CHIEF])

    issue.refresh_from_db()
    assert (issue.status, issue.number) == (IssueStatus.PUBLISHED, 1300)


def columns_updated(queries, table: str) -> set[str]:
    """The columns of ``table`` that the captured UPDATE statements set."""
    columns = set()
    for query in queries:
        if match := re.match(rf'UPDATE "{table}" SET (.*?) WHERE ', query["sql"], re.S):
            columns |= set(re.findall(r'"(\w+)" = ', match[1]))
    return columns


@pytest.mark.parametrize("step", [publish_issue, unpublish_issue])
def test_whole_issue_publishing_writes_only_the_articles_state_and_time(members, step):
    """Not their text, which another editor may be changing: nor is the search copy of it
    made again."""
    status = IssueStatus.DRAFT if step is publish_issue else IssueStatus.PUBLISHED
    issue = make_issue(status=status)
    make_article(issue=issue, status=status)
    make_article(issue=issue, status=status)

    with CaptureQueriesContext(connection) as queries:
        assert step(issue, members[CHIEF]) == 2

    assert columns_updated(queries, "articles_article") == {"status", "published_at", "updated"}
    assert columns_updated(queries, "articles_issue") == {"status", "published_at", "updated"}


# Unpublished issues --------------------------------------------------------------------------


def assert_readers_do_not_see(issue, earlier):
    """Neither the published issues, nor the issue's page, nor the home page show ``issue``:
    the day's address leads to the issue before it, which the home page shows instead."""
    assert issue not in Issue.objects.published()
    reader = Client(headers={"accept-language": "en"})
    response = reader.get(issue.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == earlier.get_absolute_url()
    assert reader.get(reverse("home")).context["issue"] == earlier


def test_an_issue_unpublished_in_the_admin_leaves_the_reader_site(client, members):
    """Unpublishing keeps the issue's publication time (publishing again keeps its date of
    first publication), so only its status may hide it from readers."""
    earlier = make_issue()
    issue = make_issue(status=IssueStatus.DRAFT)
    add_byline(make_article(issue=issue, status=ArticleStatus.DRAFT), make_author())
    client = client_of(client, members[CHIEF])
    run_action(client, Issue, "publish_with_articles", [issue])
    issue.refresh_from_db()
    assert issue in Issue.objects.published()
    assert client.get(issue.get_absolute_url()).status_code == 200

    run_action(client, Issue, "unpublish_with_articles", [issue])

    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT and issue.published_at is not None
    assert_readers_do_not_see(issue, earlier)


def test_an_issue_set_back_to_draft_with_its_publication_time_is_hidden():
    """A draft whose publication time has passed, however it got there, is still a draft."""
    earlier = make_issue()
    issue = make_issue()
    issue.status = IssueStatus.DRAFT
    issue.save()
    issue.refresh_from_db()
    assert issue.published_at is not None and issue.published_at <= timezone.now()
    assert_readers_do_not_see(issue, earlier)


# Revision history --------------------------------------------------------------------------


def test_history_shows_who_changed_what_and_restores_an_earlier_version(client, members):
    editor = members[EDITOR]
    article = make_article(title="初稿标题", status=ArticleStatus.DRAFT)
    client = client_of(client, editor)
    change_url = admin_url(Article, "change", article.pk)
    client.post(change_url, article_form_data(article, title="二稿标题"))
    article.refresh_from_db()
    assert article.title == "二稿标题"

    history = client.get(admin_url(Article, "history", article.pk)).content.decode()
    assert "<del>初稿</del><ins>二稿</ins>标题" in history  # the words taken out and put in
    assert editor.username in history

    first = article.history.earliest()
    restore_url = reverse(
        "admin:articles_article_simple_history", args=[article.pk, first.history_id]
    )
    form = client.get(restore_url)
    assert form.status_code == 200 and "初稿标题" in form.content.decode()
    data = article_form_data(first.instance, seen_version=article.version)
    response = client.post(restore_url, data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "初稿标题"
    assert article.history.count() == 3


@pytest.mark.parametrize("model", [Issue, Performance], ids=["issue", "performance"])
def test_issues_and_performances_keep_their_versions(admin_client, model):
    obj = make_issue() if model is Issue else make_performance()
    assert obj.history.count() == 1
    assert admin_client.get(admin_url(model, "history", obj.pk)).status_code == 200


# Two editors on one article ----------------------------------------------------------------


def seen_version(page):
    return page.context["adminform"].form["seen_version"].value()


def test_the_second_of_two_editors_saving_one_article_is_refused(client, members):
    article = make_article(title="原标题", status=ArticleStatus.DRAFT)
    url = admin_url(Article, "change", article.pk)
    first, second = members[EDITOR], members[CHIEF]
    first_client = client_of(client, first)
    second_client = client_of(type(client)(), second)
    first_page, second_page = first_client.get(url), second_client.get(url)

    saved = first_client.post(
        url, article_form_data(article, title="甲改的标题", seen_version=seen_version(first_page))
    )
    assert saved.status_code == 302
    refused = second_client.post(
        url, article_form_data(article, title="乙改的标题", seen_version=seen_version(second_page))
    )

    assert refused.status_code == 200
    errors = refused.context["adminform"].form.non_field_errors()
    assert "Someone else saved this article" in errors[0] and first.username in errors[0]
    assert admin_url(Article, "history", article.pk) in refused.content.decode()
    assert 'value="乙改的标题"' in refused.content.decode()  # the refused input is kept
    article.refresh_from_db()
    assert article.title == "甲改的标题"

    # Having read the message, saving again replaces the other version on purpose.
    again = second_client.post(
        url, article_form_data(article, title="乙改的标题", seen_version=seen_version(refused))
    )
    assert again.status_code == 302
    article.refresh_from_db()
    assert article.title == "乙改的标题"


def test_a_form_without_the_version_it_saw_is_refused(admin_client):
    article = make_article(title="原标题")
    data = article_form_data(article, title="新标题")
    del data["seen_version"]
    response = admin_client.post(admin_url(Article, "change", article.pk), data)
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.title == "原标题"


@pytest.mark.parametrize(
    ("role", "state", "steps"),
    [
        (REPORTER, ArticleStatus.DRAFT, ["submit"]),
        (EDITOR, ArticleStatus.SUBMITTED, ["approve", "send_back"]),
        (CHIEF, ArticleStatus.PUBLISHED, ["send_back", "withdraw"]),
    ],
)
def test_the_article_page_offers_the_steps_its_user_may_take(client, members, role, state, steps):
    article = make_article(status=state, created_by=members[role])
    page = client_of(client, members[role]).get(admin_url(Article, "change", article.pk))
    assert [name for name, _label in page.context["workflow_steps"]] == steps
    html = page.content.decode()
    assert all(f'name="action" value="{name}"' in html for name in steps)


def test_the_chief_editor_manages_users_but_cannot_make_a_superuser(client, members):
    chief = members[CHIEF]
    client_of(client, chief)
    url = reverse("admin:auth_user_change", args=[chief.pk])
    page = client.get(url).content.decode()
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page
    response = client.post(
        url,
        {
            "username": chief.username,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [group.pk for group in chief.groups.all()],
            "user_permissions": [Permission.objects.get(codename="delete_user").pk],
            "date_joined_0": "2022-08-25",
            "date_joined_1": "08:00:00",
        },
    )
    assert response.status_code == 302
    chief.refresh_from_db()
    assert not chief.is_superuser
    assert not chief.user_permissions.exists()


def posted_from_the_article_page(client, article, name) -> dict:
    """The hidden fields of the article page's button for step ``name``, as it posts them."""
    html = client.get(admin_url(Article, "change", article.pk)).content.decode()
    button = re.search(
        rf'<form [^>]*class="workflow-step">(?:(?!</form>).)*value="{name}".*?</form>', html, re.S
    )
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', button[0]))


@pytest.mark.parametrize(
    ("name", "state", "note"),
    [
        ("approve", ArticleStatus.SUBMITTED, None),
        ("publish", ArticleStatus.APPROVED, None),
        ("send_back", ArticleStatus.SUBMITTED, "第三段的数字请核实"),
        ("withdraw", ArticleStatus.PUBLISHED, "经核实，本文所述活动已取消。"),
    ],
)
def test_a_step_taken_on_the_article_page_comes_back_to_it(client, members, name, state, note):
    """The editor goes on with the article (preview it, make up the page), not the list."""
    article = make_article(status=state)
    client_of(client, members[CHIEF])
    data = posted_from_the_article_page(client, article, name)
    page = admin_url(Article, "change", article.pk)
    assert data["next"] == page
    response = client.post(admin_url(Article, "changelist"), data)
    if note is not None:  # the page asking for the note, whose cancel leads back too
        assert response.status_code == 200 and f'href="{page}" class="button cancel-link"' in (
            response.content.decode()
        )
        response = client.post(admin_url(Article, "changelist"), data | {"apply": 1, "note": note})
    assert response.status_code == 302 and response["Location"] == page
    article.refresh_from_db()
    assert article.status == TRANSITIONS[name].target


def test_a_step_taken_from_the_list_goes_back_to_the_list_and_never_elsewhere(client, members):
    first, second = (
        make_article(status=ArticleStatus.SUBMITTED),
        make_article(status=ArticleStatus.SUBMITTED),
    )
    client_of(client, members[CHIEF])
    response = run_action(client, Article, "approve", [first])
    assert response["Location"] == admin_url(Article, "changelist")
    response = run_action(client, Article, "approve", [second], next="https://evil.example/")
    assert response["Location"] == admin_url(Article, "changelist")


@pytest.mark.parametrize(
    ("model", "first"), [(Issue, "publish_with_articles"), (Article, "submit")]
)
def test_the_lists_first_action_is_a_step_of_the_paper_and_delete_is_last(
    client, members, model, first
):
    client_of(client, members[CHIEF])
    response = client.get(admin_url(model, "changelist"))
    names = [name for name, _label in response.context["action_form"].fields["action"].choices]
    assert names[1] == first  # after the empty "---------"
    assert names[-1] == "delete_selected"


@pytest.mark.parametrize(
    ("name", "state", "label"),
    [
        ("withdraw", ArticleStatus.PUBLISHED, "撤稿声明"),
        ("send_back", ArticleStatus.SUBMITTED, "给作者的意见"),
    ],
)
def test_the_note_is_named_for_what_it_is(client, members, name, state, label):
    """A withdrawal's text is the public notice readers see, not an editor's 备注."""
    client.force_login(members[CHIEF])
    article = make_article(status=state)
    response = run_action(client, Article, name, [article])
    with translation.override("zh-hans"):
        assert str(response.context["form"].fields["note"].label) == label


def opened(page) -> dict:
    """What a form posts of the version it was opened at."""
    form = page.context["adminform"].form
    return {
        "seen_version": form["seen_version"].value(),
        "opened_record": form["opened_record"].value(),
    }


def two_editors(client, members, **fields):
    """An article opened by an editor and the chief editor, each holding their form."""
    article = make_article(status=ArticleStatus.DRAFT, **fields)
    url = admin_url(Article, "change", article.pk)
    first = client_of(client, members[EDITOR])
    second = client_of(type(client)(), members[CHIEF])
    second.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    return article, url, (first, first.get(url)), (second, second.get(url))


def test_another_editors_changes_to_other_fields_are_kept_beside_yours(client, members):
    article, url, (first, first_page), (second, second_page) = two_editors(
        client, members, title="原标题", dateline="本报讯"
    )
    data = article_form_data(article)
    first.post(url, data | opened(first_page) | {"title": "甲改的标题"})

    saved = second.post(url, data | opened(second_page) | {"dateline": "本报记者 报道"})

    assert saved.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.dateline) == ("甲改的标题", "本报记者 报道")
    assert article.version == 3
    messages = [str(m) for m in second.get(url).context["messages"]]
    assert any("标题" in message for message in messages), messages


def test_a_field_both_changed_is_chosen_side_by_side_and_the_rest_kept(client, members):
    article, url, (first, first_page), (second, second_page) = two_editors(
        client, members, title="原标题", dateline="本报讯", subtitles="原副题"
    )
    data = article_form_data(article)
    first.post(url, data | opened(first_page) | {"title": "甲改的标题", "subtitles": "甲改的副题"})
    mine = {"title": "乙改的标题", "subtitles": "乙改的副题", "dateline": "乙改的电头"}

    refused = second.post(url, data | opened(second_page) | mine)

    assert refused.status_code == 200
    html = refused.content.decode()
    sides = re.search(r'<div class="module article-conflict".*?</table>', html, re.S).group(0)
    assert "甲改的标题" in sides and "乙改的标题" in sides and "甲改的副题" in sides
    assert "电头" not in sides  # only the second changed it: not a conflict
    article.refresh_from_db()
    assert article.title == "甲改的标题"  # nothing saved yet

    form = refused.context["adminform"].form
    again = dict(form.data.items()) | {"keep-title": "theirs", "keep-subtitles": "mine"}
    assert second.post(url, again).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.subtitles, article.dateline) == (
        "甲改的标题",
        "乙改的副题",
        "乙改的电头",
    )


def test_without_a_record_of_the_version_opened_every_difference_is_to_choose(client, members):
    article, url, (first, first_page), (second, second_page) = two_editors(
        client, members, title="原标题"
    )
    data = article_form_data(article)
    first.post(url, data | opened(first_page) | {"title": "甲改的标题"})
    article.history.filter(history_id=opened(second_page)["opened_record"]).delete()

    refused = second.post(url, data | opened(second_page))

    assert refused.status_code == 200
    assert [field.name for field, _t, _m in refused.context["adminform"].form.sides] == ["title"]


@pytest.mark.parametrize("theirs", ["publication time", "bylines"])
def test_nothing_is_merged_when_the_other_changed_what_is_not_merged(client, members, theirs):
    """The publication time and the bylines are not merged: a save over another's change of
    them is refused, whatever else it changed, so that it cannot put the old ones back."""
    article, url, (first, first_page), (second, second_page) = two_editors(
        client, members, title="原标题", dateline="本报讯"
    )
    data = article_form_data(article)
    if theirs == "bylines":
        author = make_author("新作者")
        their_change = {
            "bylines-TOTAL_FORMS": 1,
            "bylines-0-author": author.pk,
            "bylines-0-role": "reporter",
            "bylines-0-order": 1,
        }
    else:
        their_change = {"published_at_0": "2022-09-01", "published_at_1": "08:00:00"}
    assert first.post(url, data | opened(first_page) | their_change).status_code == 302
    before = (
        list(article.bylines.values_list("author", flat=True)),
        Article.objects.get(pk=article.pk).published_at,
    )

    refused = second.post(url, data | opened(second_page) | {"dateline": "乙改的电头"})

    assert refused.status_code == 200
    article.refresh_from_db()
    assert article.dateline == "本报讯"
    assert (list(article.bylines.values_list("author", flat=True)), article.published_at) == before
