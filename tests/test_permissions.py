"""The gate, tested directly: ``articles.permissions`` function by function, in its order.

The admin's routes and actions are checked against the same rules by role in
test_admin_authorization.py; here each rule meets the users at its edges: a role, a user
holding only one of two permissions, a permission held directly rather than by a group.
"""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, ArticleStatus
from articles.permissions import (
    editable_articles,
    grantable_groups,
    manageable_accounts,
    may_edit_article,
    may_import,
    may_make_up_issues,
    may_manage_user,
    may_publish_issues,
    may_replace_on_import,
    may_transition,
    may_upload_editor_images,
)

from .factories import PASSWORD, make_article, make_member, make_staff_user
from .helpers import CHIEF, EDITOR, REPORTER, ROLES

pytestmark = pytest.mark.django_db


# may_edit_article -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "whose", "state", "allowed"),
    [
        (REPORTER, "own", ArticleStatus.DRAFT, True),
        (REPORTER, "own", ArticleStatus.SUBMITTED, False),
        (REPORTER, "own", ArticleStatus.PUBLISHED, False),
        (REPORTER, "other", ArticleStatus.DRAFT, False),
        (REPORTER, "nobody", ArticleStatus.DRAFT, False),
        (EDITOR, "other", ArticleStatus.DRAFT, True),
        (EDITOR, "nobody", ArticleStatus.WITHDRAWN, True),
        (CHIEF, "other", ArticleStatus.PUBLISHED, True),
    ],
)
def test_who_may_edit_an_article(members, role, whose, state, allowed):
    user = members[role]
    author = {"own": user, "other": make_member(REPORTER), "nobody": None}[whose]
    article = make_article(status=state, created_by=author)
    assert may_edit_article(user, article) is allowed


@pytest.mark.parametrize(
    "permissions",
    [
        ["articles.view_article", "articles.submit_article"],
        ["articles.edit_any_article"],
    ],
    ids=["writer-without-change", "edit-any-without-change"],
)
def test_nobody_edits_an_article_without_the_permission_to_change_articles(permissions):
    user = make_staff_user(*permissions)
    own_draft = make_article(status=ArticleStatus.DRAFT, created_by=user)
    assert not may_edit_article(user, own_draft)


# editable_articles ------------------------------------------------------------------------


@pytest.fixture
def articles(members):
    """The reporter's own draft and own submitted article, another reporter's draft, a draft
    nobody created (imported) and a published article."""
    reporter = members[REPORTER]
    return {
        "own draft": make_article(status=ArticleStatus.DRAFT, created_by=reporter),
        "own submitted": make_article(status=ArticleStatus.SUBMITTED, created_by=reporter),
        "other's draft": make_article(status=ArticleStatus.DRAFT, created_by=make_member(REPORTER)),
        "nobody's draft": make_article(status=ArticleStatus.DRAFT),
        "published": make_article(),
    }


def names_of(found, articles) -> set[str]:
    return {name for name, article in articles.items() if article in found}


def test_a_reporter_edits_only_their_own_drafts(members, articles):
    found = editable_articles(members[REPORTER], Article.objects.all())
    assert names_of(found, articles) == {"own draft"}


@pytest.mark.parametrize("role", [EDITOR, CHIEF])
def test_editors_edit_every_article(members, articles, role):
    assert names_of(editable_articles(members[role], Article.objects.all()), articles) == set(
        articles
    )


def test_without_the_permission_to_change_articles_none_is_editable(articles):
    user = make_staff_user("articles.view_article", "articles.edit_any_article")
    assert not editable_articles(user, Article.objects.all()).exists()


@pytest.mark.parametrize("role", ROLES)
def test_editable_articles_is_may_edit_article_as_a_query(members, articles, role):
    user = members[role]
    found = set(editable_articles(user, Article.objects.all()))
    assert found == {a for a in articles.values() if may_edit_article(user, a)}


def test_editable_articles_keeps_the_narrowing_it_is_given(members, articles):
    drafts = Article.objects.filter(status=ArticleStatus.DRAFT)
    assert names_of(editable_articles(members[EDITOR], drafts), articles) == {
        "own draft",
        "other's draft",
        "nobody's draft",
    }


# may_transition ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "whose", "allowed"),
    [
        (REPORTER, "own", True),
        (REPORTER, "other", False),
        (REPORTER, "nobody", False),
        (EDITOR, "other", True),
        (CHIEF, "nobody", True),
    ],
)
def test_submitting_is_for_who_may_edit_the_draft(members, role, whose, allowed):
    user = members[role]
    author = {"own": user, "other": make_member(REPORTER), "nobody": None}[whose]
    draft = make_article(status=ArticleStatus.DRAFT, created_by=author)
    assert may_transition(user, draft, "submit") is allowed


def test_submitting_needs_the_permission_to_submit_as_well():
    user = make_staff_user("articles.change_article", "articles.edit_any_article")
    draft = make_article(status=ArticleStatus.DRAFT, created_by=user)
    assert may_edit_article(user, draft)
    assert not may_transition(user, draft, "submit")


@pytest.mark.parametrize(
    ("name", "state", "permission"),
    [
        ("approve", ArticleStatus.SUBMITTED, "articles.approve_article"),
        ("send_back", ArticleStatus.PUBLISHED, "articles.approve_article"),
        ("publish", ArticleStatus.APPROVED, "articles.publish_article"),
        ("withdraw", ArticleStatus.PUBLISHED, "articles.withdraw_article"),
    ],
)
def test_the_other_steps_need_their_permission_not_the_right_to_edit(name, state, permission):
    """An editor's step on a reporter's article: having the step's permission is enough."""
    user = make_staff_user(permission)
    article = make_article(status=state, created_by=make_member(REPORTER))
    assert not may_edit_article(user, article)
    assert may_transition(user, article, name)


def test_no_step_is_open_from_a_state_it_does_not_start_from(members):
    chief = members[CHIEF]
    submitted = make_article(status=ArticleStatus.SUBMITTED, created_by=chief)
    assert [
        name for name in ("submit", "publish", "withdraw") if may_transition(chief, submitted, name)
    ] == []
    assert may_transition(chief, submitted, "approve")


# Issues -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("permissions", "allowed"),
    [
        (["articles.change_issue", "articles.edit_any_article"], True),
        (["articles.change_issue"], False),
        (["articles.edit_any_article"], False),
        ([], False),
    ],
    ids=["both", "change-issue-only", "edit-any-article-only", "neither"],
)
def test_making_up_an_issue_needs_changing_issues_and_editing_every_article(permissions, allowed):
    assert may_make_up_issues(make_staff_user(*permissions)) is allowed


@pytest.mark.parametrize("role", ROLES)
def test_editors_and_the_chief_editor_make_up_issues(members, role):
    assert may_make_up_issues(members[role]) is (role != REPORTER)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_chief_editor_publishes_whole_issues(members, role):
    assert may_publish_issues(members[role]) is (role == CHIEF)


@pytest.mark.parametrize(
    ("role", "drafts", "published", "replacing"),
    [
        (REPORTER, False, False, False),
        (EDITOR, True, False, False),
        (CHIEF, True, True, True),
    ],
)
def test_who_may_import_and_replace_on_import(members, role, drafts, published, replacing):
    user = members[role]
    assert may_import(user) is drafts
    assert may_import(user, published=True) is published
    assert may_replace_on_import(user) is replacing


@pytest.mark.parametrize("role", ROLES)
def test_whoever_writes_articles_uploads_pictures_for_them(members, role):
    assert may_upload_editor_images(members[role])
    assert not may_upload_editor_images(make_staff_user("articles.view_article"))


# manageable_accounts ----------------------------------------------------------------------


def manageable(user, *accounts) -> set[User]:
    return set(manageable_accounts(user, User.objects.filter(pk__in=[a.pk for a in accounts])))


def test_the_chief_editor_manages_every_newsroom_member_but_no_superuser(members):
    root = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    accounts = [*members.values(), make_staff_user("articles.change_article")]
    assert manageable(members[CHIEF], *accounts, root) == set(accounts)
    assert not may_manage_user(members[CHIEF], root)


def test_nobody_manages_an_account_with_a_right_they_lack(members):
    reporter, editor = members[REPORTER], members[EDITOR]
    assert manageable(reporter, editor) == set()
    assert not may_manage_user(reporter, editor)
    assert may_manage_user(editor, reporter)


def test_rights_held_directly_count_as_well_as_through_groups():
    user = make_staff_user("articles.change_article", "auth.change_user")
    like_them = make_staff_user("articles.change_article")
    in_a_group = make_staff_user()
    group = Group.objects.create(name="改稿")
    group.permissions.add(Permission.objects.get(codename="change_article"))
    in_a_group.groups.add(group)
    beyond = make_staff_user("articles.delete_article")

    assert manageable(user, like_them, in_a_group, beyond) == {like_them, in_a_group}


def test_a_superuser_manages_every_account(members):
    root = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    other_root = User.objects.create_superuser("root2", "root2@example.org", PASSWORD)
    assert manageable(root, *members.values(), other_root) == {*members.values(), other_root}


# grantable_groups -------------------------------------------------------------------------


def grantable(user) -> set[str]:
    return {group.name for group in grantable_groups(user, Group.objects.all())}


@pytest.mark.parametrize(
    ("role", "groups"),
    [(REPORTER, {REPORTER}), (EDITOR, {REPORTER, EDITOR}), (CHIEF, set(ROLES))],
)
def test_each_grants_only_the_groups_whose_every_right_they_hold(members, role, groups):
    assert grantable(members[role]) == groups


def test_one_right_more_than_the_user_holds_bars_a_group(members):
    mightier = Group.objects.create(name="比总编辑多一项")
    mightier.permissions.set(Group.objects.get(name=CHIEF).permissions.all())
    mightier.permissions.add(Permission.objects.get(codename="delete_group"))
    assert grantable(members[CHIEF]) == set(ROLES)
    root = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    assert grantable(root) == {*ROLES, mightier.name}


def test_grantable_groups_reads_the_same_queries_however_many_groups(members):
    chief = members[CHIEF]
    chief.get_all_permissions()  # the user's own rights, read once and kept

    def queries(groups) -> int:
        with CaptureQueriesContext(connection) as captured:
            list(grantable_groups(chief, groups))
        return len(captured)

    assert queries(Group.objects.filter(name=REPORTER)) == queries(Group.objects.all())
