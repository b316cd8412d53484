"""Who may do what in the admin, as one table, checked on every route the admin has.

The routes are read from the admin's own URL patterns, and the actions from its model
admins: a route or an action nobody wrote into the tables below fails the test, so a new
one is decided on before it ships. Each route is asked by a member of each group (and a
staff user with no group) about objects that are the user's own and another's, in the
states that change the answer.
"""

import uuid
from dataclasses import dataclass

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, reverse

from articles.models import (
    Article,
    ArticleStatus,
    Author,
    Byline,
    Column,
    Correction,
    Issue,
    IssueStatus,
    Section,
    Series,
)
from events.models import Performance, Performer, Piece, Programme
from newsroom.models import FormSubmission
from newsroom.submit_once import TOKEN_FIELD, SubmitOnceAdmin

from .factories import (
    add_byline,
    make_article,
    make_author,
    make_issue,
    make_member,
    make_performance,
    make_staff_user,
)
from .helpers import CHIEF, EDITOR, REPORTER

pytestmark = pytest.mark.django_db

NO_GROUP = "no group"
GROUPS = (REPORTER, EDITOR, CHIEF, NO_GROUP)


def in_the_pool(article):
    """``article`` taken out of its issue, to wait in the pool."""
    article.issue = article.position = None
    article.save()
    return article


def another_reporter():
    return make_member(REPORTER)


# The objects asked about, each made for the user who asks ("own": created by them).
SUBJECTS = {
    "own draft article": lambda user: make_article(status=ArticleStatus.DRAFT, created_by=user),
    "own submitted article": lambda user: make_article(
        status=ArticleStatus.SUBMITTED, created_by=user
    ),
    "own published article": lambda user: make_article(created_by=user),
    "another's draft article": lambda user: make_article(
        status=ArticleStatus.DRAFT, created_by=another_reporter()
    ),
    "another's submitted article": lambda user: make_article(
        status=ArticleStatus.SUBMITTED, created_by=another_reporter()
    ),
    "another's approved article": lambda user: make_article(
        status=ArticleStatus.APPROVED, created_by=another_reporter()
    ),
    "another's published article": lambda user: make_article(created_by=another_reporter()),
    "withdrawn article": lambda user: make_article(
        status=ArticleStatus.WITHDRAWN, withdrawal_notice="已撤稿。", created_by=another_reporter()
    ),
    "own draft pool article": lambda user: in_the_pool(
        make_article(status=ArticleStatus.DRAFT, created_by=user)
    ),
    "another's approved pool article": lambda user: in_the_pool(
        make_article(status=ArticleStatus.APPROVED, created_by=another_reporter())
    ),
    "draft issue": lambda user: make_issue(status=IssueStatus.DRAFT),
    "published issue": lambda user: make_issue(),
    "byline of own draft": lambda user: add_byline(
        make_article(status=ArticleStatus.DRAFT, created_by=user), make_author()
    ),
    "byline of another's draft": lambda user: add_byline(
        make_article(status=ArticleStatus.DRAFT, created_by=another_reporter()), make_author()
    ),
    "byline of own submitted article": lambda user: add_byline(
        make_article(status=ArticleStatus.SUBMITTED, created_by=user), make_author()
    ),
    "byline of a published article": lambda user: add_byline(make_article(), make_author()),
    "correction": lambda user: Correction.objects.create(article=make_article(), text="更正。"),
    "correction of a withdrawn article": lambda user: Correction.objects.create(
        article=make_article(status=ArticleStatus.WITHDRAWN, withdrawal_notice="已撤稿。"),
        text="更正。",
    ),
    "section": lambda user: Section.objects.create(name="新栏目版块"),
    "column": lambda user: Column.objects.create(name="新栏目"),
    "series": lambda user: Series.objects.create(name="新系列"),
    "author": lambda user: make_author(),
    "programme": lambda user: Programme.objects.create(name="新剧场"),
    "performance": lambda user: make_performance(),
    "piece": lambda user: Piece.objects.create(form="相声", title="新段子"),
    "performer": lambda user: Performer.objects.create(name="新演员"),
    "staff account": lambda user: make_member(EDITOR),
    "superuser account": lambda user: User.objects.create_superuser("boss", password="x" * 20),
    "group": lambda user: Group.objects.get(name=REPORTER),
    # The group the user is in (a user of no group: one nobody is in).
    "own group": lambda user: user.groups.first() or Group.objects.create(name="无人的组"),
    "access attempt": lambda user: AccessAttempt.objects.create(
        username="x", ip_address="127.0.0.1", failures_since_start=1
    ),
    "access log": lambda user: AccessLog.objects.create(username="x", ip_address="127.0.0.1"),
    "access failure": lambda user: AccessFailureLog.objects.create(
        username="x", ip_address="127.0.0.1"
    ),
}

# What each group may do to each object: v open it (read-only or not), c change it (save,
# revert to an earlier version, share a preview, set a password), d delete it.
# fmt: off
OBJECTS = {
    #                                  记者    编辑    总编辑   no group
    "own draft article":             ("vc",  "vc",  "vcd",  ""),
    "own submitted article":         ("v",   "vc",  "vcd",  ""),
    "own published article":         ("v",   "vc",  "vcd",  ""),
    "another's draft article":       ("",    "vc",  "vcd",  ""),
    "another's submitted article":   ("",    "vc",  "vcd",  ""),
    "another's approved article":    ("",    "vc",  "vcd",  ""),
    "another's published article":   ("",    "vc",  "vcd",  ""),
    "withdrawn article":             ("",    "vc",  "vcd",  ""),
    "own draft pool article":        ("vc",  "vc",  "vcd",  ""),
    "another's approved pool article": ("",  "vc",  "vcd",  ""),
    "draft issue":                   ("v",   "vc",  "vcd",  ""),
    "published issue":               ("v",   "vc",  "vcd",  ""),
    "byline of own draft":           ("vcd", "vcd", "vcd",  ""),
    "byline of another's draft":     ("",    "vcd", "vcd",  ""),
    "byline of own submitted article": ("v", "vcd", "vcd",  ""),
    "byline of a published article": ("",    "vcd", "vcd",  ""),
    "correction":                    ("",    "vc",  "vcd",  ""),
    "correction of a withdrawn article": ("", "vc", "vcd",  ""),
    "section":                       ("v",   "v",   "vcd",  ""),
    "column":                        ("v",   "vc",  "vcd",  ""),
    "series":                        ("v",   "vc",  "vcd",  ""),
    "author":                        ("v",   "vc",  "vcd",  ""),
    "programme":                     ("",    "vcd", "vcd",  ""),
    "performance":                   ("",    "vcd", "vcd",  ""),
    "piece":                         ("",    "vcd", "vcd",  ""),
    "performer":                     ("",    "vcd", "vcd",  ""),
    "staff account":                 ("",    "",    "vcd",  ""),
    "superuser account":             ("",    "",    "",     ""),
    "group":                         ("",    "",    "v",    ""),
    "own group":                     ("",    "",    "v",    ""),
    "access attempt":                ("",    "",    "",     ""),
    "access log":                    ("",    "",    "",     ""),
    "access failure":                ("",    "",    "",     ""),
}

# What each group may do to each kind of object as a whole: l list, a add, i import.
MODELS = {
    #                    记者    编辑    总编辑   no group
    Article:           ("la",  "la",  "la",   ""),
    Issue:             ("l",   "lai", "lai",  ""),
    Byline:            ("la",  "la",  "la",   ""),
    Correction:        ("",    "la",  "la",   ""),
    Section:           ("l",   "l",   "la",   ""),
    Column:            ("l",   "la",  "la",   ""),
    Series:            ("l",   "la",  "la",   ""),
    Author:            ("l",   "la",  "la",   ""),
    Programme:         ("",    "la",  "la",   ""),
    Performance:       ("",    "la",  "la",   ""),
    Piece:             ("",    "la",  "la",   ""),
    Performer:         ("",    "la",  "la",   ""),
    User:              ("",    "",    "la",   ""),
    Group:             ("",    "",    "l",    ""),
    AccessAttempt:     ("",    "",    "",     ""),
    AccessLog:         ("",    "",    "",     ""),
    AccessFailureLog:  ("",    "",    "",     ""),
}

# The actions each group is offered on each list.
ACTIONS = {
    (Article, "submit"):                 {REPORTER, EDITOR, CHIEF},
    (Article, "approve"):                {EDITOR, CHIEF},
    (Article, "publish"):                {EDITOR, CHIEF},
    (Article, "publish_at"):             {EDITOR, CHIEF},
    (Article, "send_back"):              {EDITOR, CHIEF},
    (Article, "withdraw"):               {CHIEF},
    (Issue, "publish_with_articles"):    {CHIEF},
    (Issue, "publish_at_with_articles"): {CHIEF},
    (Issue, "unpublish_with_articles"):  {CHIEF},
    (Performance, "duplicate"):          {EDITOR, CHIEF},
    (Performer, "merge"):                {EDITOR, CHIEF},
    (AccessAttempt, "cleanup_expired_attempts"): set(),
}
# fmt: on
# The model of each subject.
SUBJECT_MODELS = {
    **dict.fromkeys([s for s in SUBJECTS if s.endswith("article")], Article),
    **dict.fromkeys([s for s in SUBJECTS if s.endswith("issue")], Issue),
    **dict.fromkeys([s for s in SUBJECTS if s.startswith("byline")], Byline),
    **dict.fromkeys([s for s in SUBJECTS if s.endswith("account")], User),
    **dict.fromkeys([s for s in SUBJECTS if s.startswith("correction")], Correction),
    "section": Section,
    "column": Column,
    "series": Series,
    "author": Author,
    "programme": Programme,
    "performance": Performance,
    "piece": Piece,
    "performer": Performer,
    "group": Group,
    "own group": Group,
    "access attempt": AccessAttempt,
    "access log": AccessLog,
    "access failure": AccessFailureLog,
}


def subjects_of(model) -> list[str]:
    return [subject for subject, subject_model in SUBJECT_MODELS.items() if subject_model is model]


# What each kind of route asks: the right a GET needs and the right a POST needs, from
# OBJECTS for routes of one object, from MODELS for routes of the list.
@dataclass(frozen=True)
class Kind:
    get: str
    post: str | None = None
    of_object: bool = True


KINDS = {
    "changelist": Kind("l", of_object=False),
    "add": Kind("a", of_object=False),
    "import": Kind("i", "i", of_object=False),
    "change": Kind("v", "c"),
    "history": Kind("v"),
    "simple_history": Kind("v", "c"),
    "delete": Kind("d", "d"),
    "password_change": Kind("c", "c"),
    "preview_link": Kind("c", "c"),
    "presence": Kind("v"),
    "regions": Kind("c", "c"),
}
# The site's own routes: open to every member of staff, or (app_list) to who sees the app.
SITE_ROUTES = {
    "index",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "jsi18n",
    "autocomplete",
    "view_on_site",
    "app_list",
}


@dataclass(frozen=True)
class Route:
    name: str
    model: type
    kind: str

    def __str__(self):
        return self.name


def admin_routes():
    """Every named route of each model admin, with its model and kind; an unknown kind
    (a new view) raises, so the tables must be extended first."""
    routes = []
    for model, model_admin in admin.site._registry.items():
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        for pattern in model_admin.get_urls():
            assert isinstance(pattern, URLPattern), pattern
            if pattern.name is None:  # Django's redirect of <pk>/ to <pk>/change/
                assert str(pattern.pattern) == "<path:object_id>/", pattern
                continue
            assert pattern.name.startswith(prefix), pattern.name
            kind = pattern.name.removeprefix(prefix)
            assert kind in KINDS, f"{pattern.name}: a new kind of admin route, not in KINDS"
            routes.append(Route(pattern.name, model, kind))
    return routes


ROUTES = admin_routes()


def site_route_names():
    names = set()
    for pattern in admin.site.get_urls():
        if isinstance(pattern, URLResolver):
            continue
        if pattern.name is not None and not any(r.name == pattern.name for r in ROUTES):
            names.add(pattern.name)
    return names


def test_every_route_and_action_of_the_admin_is_in_the_tables():
    assert site_route_names() == SITE_ROUTES
    for route in ROUTES:
        assert route.model in MODELS, f"{route.model._meta.label}: no row in MODELS"
        if KINDS[route.kind].of_object:
            assert subjects_of(route.model), f"{route.name}: no subject in SUBJECTS"
    assert set(SUBJECTS) == set(OBJECTS) == set(SUBJECT_MODELS)
    superuser = User.objects.create_superuser("root", password="x" * 20)
    request = RequestFactory().get("/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        for action in model_admin.get_actions(request):
            if action != "delete_selected":
                assert (model, action) in ACTIONS, f"{model._meta.label}.{action}: not in ACTIONS"


def member(group: str) -> User:
    return make_staff_user() if group == NO_GROUP else make_member(group)


def rights(table_row, group: str) -> str:
    return table_row[GROUPS.index(group)]


def url_of(route: Route, obj=None) -> str:
    if not KINDS[route.kind].of_object:
        return reverse(f"admin:{route.name}")
    if route.kind == "simple_history":
        return reverse(f"admin:{route.name}", args=[obj.pk, obj.history.latest().history_id])
    return reverse(f"admin:{route.name}", args=[obj.pk])


def refused(response) -> bool:
    """403, 404, or the admin's "no such object" redirect to its index."""
    if response.status_code == 302:
        return response["Location"] == reverse("admin:index")
    return response.status_code in {403, 404}


def snapshot(obj):
    return type(obj).objects.filter(pk=obj.pk).values().first()


POSTS = {"delete": {"post": "yes"}}  # the confirmation; other forms are posted empty


@pytest.mark.parametrize("group", GROUPS)
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_route(client, route, group):
    user = member(group)
    client.force_login(user)
    kind = KINDS[route.kind]
    if not kind.of_object:
        allowed = kind.get in rights(MODELS[route.model], group)
        response = client.get(url_of(route))
        assert (response.status_code == 200) is allowed, response.status_code
        assert allowed or refused(response)
        return
    wrong = []
    for subject in subjects_of(route.model):
        obj = SUBJECTS[subject](user)
        assert isinstance(obj, route.model), subject
        granted = rights(OBJECTS[subject], group)
        url = url_of(route, obj)
        response = client.get(url)
        may_get = kind.get in granted
        if (response.status_code == 200) is not may_get or not (may_get or refused(response)):
            wrong.append(f"GET {subject}: {response.status_code}, rights {granted!r}")
        if kind.post is None:
            continue
        before = snapshot(obj)
        response = client.post(url, POSTS.get(route.kind, {}))
        if kind.post in granted:
            if refused(response):
                wrong.append(f"POST {subject}: refused ({response.status_code})")
        elif not refused(response) or snapshot(obj) != before:
            wrong.append(f"POST {subject}: {response.status_code}, row changed or answered")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("group", GROUPS)
def test_actions_offered(client, group):
    client.force_login(member(group))
    for model in MODELS:
        response = client.get(
            reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        )
        offered = set()
        if response.status_code == 200 and response.context["action_form"] is not None:
            offered = {name for name, _ in response.context["action_form"].fields["action"].choices}
        expected = {
            action for (m, action), groups in ACTIONS.items() if m is model and group in groups
        }
        may_delete = any("d" in rights(OBJECTS[s], group) for s in subjects_of(model))
        if may_delete and response.status_code == 200:
            expected.add("delete_selected")
        assert offered - {""} == expected, model._meta.label


# What each action does to each object, by group: the groups whose run of it changes the
# object's state. An object left out is changed by nobody. (Duplicating a performance and
# merging performers make new rows; who is offered them is checked above.)
# fmt: off
ACTION_EFFECTS = {
    (Article, "submit"): {
        "own draft article":            {REPORTER, EDITOR, CHIEF},
        "own draft pool article":       {REPORTER, EDITOR, CHIEF},
        "another's draft article":      {EDITOR, CHIEF},
    },
    (Article, "approve"): {
        "own submitted article":        {EDITOR, CHIEF},
        "another's submitted article":  {EDITOR, CHIEF},
    },
    (Article, "publish"): {
        "another's approved article":   {EDITOR, CHIEF},
    },
    (Article, "publish_at"): {
        "another's approved article":   {EDITOR, CHIEF},
    },
    (Article, "send_back"): {
        "own submitted article":        {EDITOR, CHIEF},
        "another's submitted article":  {EDITOR, CHIEF},
        "another's approved article":   {EDITOR, CHIEF},
        "another's approved pool article": {EDITOR, CHIEF},
        "own published article":        {EDITOR, CHIEF},
        "another's published article":  {EDITOR, CHIEF},
    },
    (Article, "withdraw"): {
        "own published article":        {CHIEF},
        "another's published article":  {CHIEF},
    },
    (Issue, "publish_with_articles"): {"draft issue": {CHIEF}},
    (Issue, "publish_at_with_articles"): {"draft issue": {CHIEF}},
    (Issue, "unpublish_with_articles"): {"published issue": {CHIEF}},
}
# fmt: on
# What the action's own page asks for, given: the note, the time to publish at, and
# "publish anyway" to a checklist.
ACTION_ANSWERS = {
    "apply": "1",
    "note": "请补充。",
    "at_0": "2022-09-01",
    "at_1": "06:00:00",
    "publish_anyway": "1",
}


def test_every_action_that_changes_a_state_is_in_the_effects_table():
    assert set(ACTION_EFFECTS) == {
        key for key in ACTIONS if key[0] in (Article, Issue) and key[1] != "delete_selected"
    }


@pytest.mark.parametrize("group", GROUPS)
@pytest.mark.parametrize(
    ("model", "action"), list(ACTION_EFFECTS), ids=[a for _m, a in ACTION_EFFECTS]
)
def test_action_changes_only_what_the_group_may_change(client, group, model, action):
    user = member(group)
    client.force_login(user)
    opts = model._meta
    wrong = []
    for subject in subjects_of(model):
        obj = SUBJECTS[subject](user)
        before = obj.status
        client.post(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
            {"action": action, ACTION_CHECKBOX_NAME: [obj.pk], **ACTION_ANSWERS},
        )
        changed = type(obj).objects.get(pk=obj.pk).status != before
        if changed is not (group in ACTION_EFFECTS[(model, action)].get(subject, set())):
            wrong.append(f"{subject}: {'changed' if changed else 'unchanged'}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("group", GROUPS)
def test_delete_selected_spares_what_the_group_may_not_delete(client, group):
    user = member(group)
    client.force_login(user)
    for subject, row in OBJECTS.items():
        if "d" in rights(row, group):
            continue
        obj = SUBJECTS[subject](user)
        opts = type(obj)._meta
        client.post(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
            {"action": "delete_selected", ACTION_CHECKBOX_NAME: [obj.pk], "post": "yes"},
        )
        assert type(obj).objects.filter(pk=obj.pk).exists(), subject


# A retried post: the form's token is already recorded (newsroom.submit_once). The answer
# ("already saved", a redirect to what was saved) is given only to who may post the form.
RETRIED_ROUTES = [
    route
    for route in ROUTES
    if route.kind in ("add", "change")
    and isinstance(admin.site._registry[route.model], SubmitOnceAdmin)
]


def recorded_token(obj) -> str:
    token = uuid.uuid4()
    FormSubmission.objects.create(
        token=token, content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )
    return str(token)


def already_saved(response) -> bool:
    return response.status_code == 302 and not refused(response)


@pytest.mark.parametrize("group", GROUPS)
@pytest.mark.parametrize("route", RETRIED_ROUTES, ids=str)
def test_a_retried_post(client, route, group):
    user = member(group)
    client.force_login(user)
    wrong = []
    for subject in subjects_of(route.model):
        obj = SUBJECTS[subject](user)
        if route.kind == "add":
            may_post = "a" in rights(MODELS[route.model], group)
            url = url_of(route)
        else:
            may_post = "c" in rights(OBJECTS[subject], group)
            url = url_of(route, obj)
        before, rows = snapshot(obj), type(obj).objects.count()
        response = client.post(url, {TOKEN_FIELD: recorded_token(obj)})
        if already_saved(response) is not may_post or (not may_post and not refused(response)):
            wrong.append(f"{subject}: {response.status_code}, may post: {may_post}")
        if snapshot(obj) != before or type(obj).objects.count() != rows:
            wrong.append(f"{subject}: saved again")
    assert not wrong, "\n".join(wrong)
