"""A form posted twice saves once: the admin's forms carry a token per page shown.

The fault this guards against: a save committed, its page failed, the editor posted the same
form again and the paper held two identical corrections. See newsroom/submit_once.py.
"""

import datetime
import re
import threading
import uuid
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from articles.models import (
    Article,
    ArticleStatus,
    Author,
    Byline,
    Column,
    Correction,
    Issue,
    Section,
    Series,
)
from events.models import Performance, Performer, Piece, Programme
from newsroom import submit_once
from newsroom.models import FormSubmission
from newsroom.submit_once import TOKEN_FIELD, SubmitOnceAdmin

from .factories import make_article, make_author, make_member
from .helpers import PAPER_APPS, admin_url, article_form_data, assert_saved, messages_of

ALREADY_SAVED = "This form had already been saved; it was not saved again."
SUBMIT_ONCE = sorted(
    (model for model, model_admin in admin.site._registry.items()
     if isinstance(model_admin, SubmitOnceAdmin)),
    key=lambda model: model._meta.label,
)  # fmt: skip
TOKEN = re.compile(rf'name="{TOKEN_FIELD}" value="([0-9a-f-]{{36}})"')
CORRECTION_TEXT = "本文第二段中“签约项目86个”有误，应为“签约项目68个”。"


# What a browser posts -------------------------------------------------------------------------


class PostedFields(HTMLParser):
    """The fields a browser posts from the admin's change form (``<form id="…_form">``) as
    the page shows it: inputs, checked boxes, text areas and chosen options; not the buttons,
    the file inputs, nor the blank rows the page copies to add an inline row."""

    def __init__(self):
        super().__init__()
        self.data, self.in_form, self.textarea, self.select = {}, False, None, None

    def add(self, name, value):
        if "__prefix__" not in name:
            self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("id") or "").endswith("_form"):
            self.in_form = True
        if not self.in_form or (not attrs.get("name") and tag != "option"):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.add(attrs["name"], attrs.get("value") or "on")
            elif kind not in {"submit", "button", "image", "file", "reset"}:
                self.add(attrs["name"], attrs.get("value") or "")
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
        elif tag == "select":
            self.select = {"name": attrs["name"], "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self.select is not None:
            self.select["options"].append((attrs.get("value") or "", "selected" in attrs))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea" and self.textarea is not None:
            self.add(self.textarea[0], self.textarea[1].removeprefix("\n"))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            options = self.select["options"]
            chosen = [value for value, selected in options if selected]
            if not chosen and options and not self.select["multiple"]:
                chosen = [options[0][0]]
            for value in chosen:
                self.add(self.select["name"], value)
            self.select = None


def posted(response, **values) -> dict:
    """What saving the form page ``response`` posts, with ``values`` typed in."""
    parser = PostedFields()
    parser.feed(response.content.decode())
    data = {name: found if len(found) > 1 else found[0] for name, found in parser.data.items()}
    return data | values


def token_of(response) -> str:
    tokens = TOKEN.findall(response.content.decode())
    assert len(tokens) == 1, "one token per form page"
    return tokens[0]


def assert_already_saved(response, location):
    assert response.status_code == 302
    assert response["Location"] == location
    assert ALREADY_SAVED in messages_of(response)


@pytest.fixture
def editor_client(db):
    client = Client(headers={"accept-language": "en"})
    client.force_login(make_member("编辑"))
    return client


# Which forms -------------------------------------------------------------------------------


def test_every_admin_of_the_paper_that_adds_rows_uses_the_token(rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    adding = {
        model
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in PAPER_APPS
        and (
            model_admin.has_add_permission(request)
            or any(
                inline.has_add_permission(request, None)
                for inline in model_admin.get_inline_instances(request)
            )
        )
    }
    assert adding, "the paper's admins add rows"
    assert adding <= set(SUBMIT_ONCE)
    assert set(SUBMIT_ONCE) == set(VALID), "each admin that uses the token is tried below"


def test_each_form_page_has_its_own_token(english, db):
    article = make_article()
    first = token_of(english.get(admin_url(Article, "change", article.pk)))
    again = token_of(english.get(admin_url(Article, "change", article.pk)))
    add = token_of(english.get(admin_url(Article, "add")))
    assert len({first, again, add}) == 3
    assert all(uuid.UUID(token).version == 4 for token in (first, again, add))


# Posted twice, saved once: every add form ---------------------------------------------------


def article_values(paper):
    return {
        "title": "新文章",
        "issue": paper["article"].issue_id,
        "section": Section.objects.get(slug="community-news").pk,
        "position": 50,
        "body": "<p>正文。</p>",
    }


VALID = {  # what each add form needs typed in, given the rows of the ``paper`` fixture
    Article: article_values,
    Author: lambda paper: {"name": "新作者", "slug": "xin-zuo-zhe"},
    Byline: lambda paper: {
        "article": paper["article"].pk,
        "author": paper["author"].pk,
        "role": Byline.Role.PHOTOGRAPHER,
        "order": 2,
    },
    Column: lambda paper: {"name": "新栏目", "slug": "xin-lan-mu"},
    Correction: lambda paper: {"article": paper["article"].pk, "text": CORRECTION_TEXT},
    Issue: lambda paper: {"date": "2030-01-02", "number": 9876},
    Section: lambda paper: {"name": "新版块", "slug": "xin-ban-kuai", "position": 99},
    Series: lambda paper: {"name": "新系列", "slug": "xin-xi-lie"},
    Performance: lambda paper: {
        "programme": Programme.objects.get(name="解放小剧场").pk,
        "date": "2030-01-03",
        "time": "19:30",
    },
    Performer: lambda paper: {"name": "新演员", "slug": "xin-yan-yuan"},
    Piece: lambda paper: {"form": "相声", "title": "新段子"},
    Programme: lambda paper: {"name": "新剧场", "slug": "xin-ju-chang"},
}


@pytest.fixture
def paper(db):
    article = make_article()
    Programme.objects.update(address="焦作市解放区民主路")  # an evening added needs its venue's
    return {"article": article, "author": make_author("詹晓")}


@pytest.mark.parametrize("model", SUBMIT_ONCE, ids=lambda model: model._meta.label)
def test_an_add_form_posted_twice_saves_once(english, paper, model):
    page = english.get(admin_url(model, "add"))
    token = token_of(page)
    data = posted(page, **VALID[model](paper))
    assert data[TOKEN_FIELD] == token
    before = model.objects.count()

    first = english.post(admin_url(model, "add"), data)
    assert_saved(first)
    assert model.objects.count() == before + 1
    saved = FormSubmission.objects.get(token=token)
    obj = model.objects.get(pk=saved.object_id)
    assert saved.user.is_superuser and type(obj) is model

    again = english.post(admin_url(model, "add"), data)

    assert model.objects.count() == before + 1
    assert_already_saved(again, admin_url(model, "change", obj.pk))
    assert FormSubmission.objects.count() == 1


def test_a_correction_added_inline_twice_is_added_once(editor_client):
    article = make_article()
    page = editor_client.get(admin_url(Article, "change", article.pk))
    data = article_form_data(article) | {
        TOKEN_FIELD: token_of(page),
        "corrections-TOTAL_FORMS": 1,
        "corrections-0-published_at_0": "2022-08-27",
        "corrections-0-published_at_1": "10:00:00",
        "corrections-0-text": CORRECTION_TEXT,
    }
    url = admin_url(Article, "change", article.pk)

    assert_saved(editor_client.post(url, data))
    again = editor_client.post(url, data)

    assert article.corrections.count() == 1
    assert_already_saved(again, url)
    article.refresh_from_db()
    assert article.version == 2  # saved once; the second post did not even meet a conflict


def test_the_form_page_itself_posted_twice_saves_once(editor_client):
    """As a browser posts the article page: every field it shows, the new correction typed."""
    article = make_article()
    url = admin_url(Article, "change", article.pk)
    data = posted(
        editor_client.get(url),
        **{
            "corrections-TOTAL_FORMS": 1,
            "corrections-0-published_at_0": "2022-08-27",
            "corrections-0-published_at_1": "10:00:00",
            "corrections-0-text": CORRECTION_TEXT,
        },
    )
    assert_saved(editor_client.post(url, data))
    assert_already_saved(editor_client.post(url, data), url)
    assert article.corrections.count() == 1


# A page shown again with its errors keeps its token ----------------------------------------


def test_an_invalid_post_then_a_valid_one_with_the_same_token_saves_once(editor_client):
    article = make_article()
    page = editor_client.get(admin_url(Correction, "add"))
    token = token_of(page)
    data = posted(page, article=article.pk, text=CORRECTION_TEXT)

    invalid = editor_client.post(admin_url(Correction, "add"), data | {"text": ""})
    assert invalid.status_code == 200
    assert invalid.context["adminform"].form.errors
    assert token_of(invalid) == token
    assert not FormSubmission.objects.exists()

    assert_saved(editor_client.post(admin_url(Correction, "add"), posted(invalid, text="改正")))
    again = editor_client.post(admin_url(Correction, "add"), posted(invalid, text="改正"))

    correction = Correction.objects.get()
    assert correction.text == "改正"
    assert_already_saved(again, admin_url(Correction, "change", correction.pk))


def test_a_post_without_a_token_is_shown_again_with_a_new_one(english, db):
    data = {"name": "", "slug": ""}
    response = english.post(admin_url(Series, "add"), data)
    assert response.status_code == 200
    uuid.UUID(token_of(response))


# Posts without a token work as before -------------------------------------------------------


@pytest.mark.parametrize(
    "token", [None, "", "not-a-uuid", "12345", "' OR 1=1 --"], ids=repr
)  # fmt: skip
def test_a_post_without_a_valid_token_saves_as_before(editor_client, token):
    """An old tab or a script: saved each time it is posted, as before; never an error."""
    article = make_article()
    data = {"article": article.pk, "published_at_0": "2022-08-27", "published_at_1": "10:00",
            "text": CORRECTION_TEXT}  # fmt: skip
    if token is not None:
        data[TOKEN_FIELD] = token
    for _time in range(2):
        assert_saved(editor_client.post(admin_url(Correction, "add"), data))
    assert article.corrections.count() == 2
    assert not FormSubmission.objects.exists()


def test_a_repeated_token_field_counts_as_its_last_value(editor_client):
    """A query string can carry the field twice; Django reads the last, as for every field."""
    page = editor_client.get(admin_url(Series, "add"))
    data = posted(page, name="系列", slug="xi-lie")
    data[TOKEN_FIELD] = ["not-a-uuid", data[TOKEN_FIELD]]
    assert_saved(editor_client.post(admin_url(Series, "add"), data))
    assert FormSubmission.objects.count() == 1


# Who is told what ---------------------------------------------------------------------------


def test_the_answer_does_not_open_an_article_its_user_may_not_open(db):
    """A reporter's draft is theirs: another reporter posting the same form is sent to the
    list of articles, not to the draft."""
    own, other = Client(headers={"accept-language": "en"}), Client()
    owner = make_member("记者")
    own.force_login(owner)
    other.force_login(make_member("记者"))
    paper = {"article": make_article()}
    page = own.get(admin_url(Article, "add"))
    data = posted(page, **article_values(paper))
    assert_saved(own.post(admin_url(Article, "add"), data))
    draft = Article.objects.get(title="新文章")
    assert (draft.created_by, draft.status) == (owner, ArticleStatus.DRAFT)

    response = other.post(admin_url(Article, "add"), data)

    assert response.status_code == 302
    assert response["Location"] == admin_url(Article, "changelist")
    assert Article.objects.filter(title="新文章").count() == 1
    assert_already_saved(
        own.post(admin_url(Article, "add"), data), admin_url(Article, "change", draft.pk)
    )


def test_the_answer_leads_to_the_list_when_the_object_is_gone(english, db):
    page = english.get(admin_url(Piece, "add"))
    data = posted(page, form="相声", title="学小曲")
    assert_saved(english.post(admin_url(Piece, "add"), data))
    Piece.objects.filter(title="学小曲").delete()

    again = english.post(admin_url(Piece, "add"), data)

    assert_already_saved(again, admin_url(Piece, "changelist"))
    assert not Piece.objects.filter(title="学小曲").exists()


# Two posts at the same moment ---------------------------------------------------------------


def missing_once(monkeypatch):
    """The first look for a saved token finds nothing: this post looked before the other
    one, which saved with the same token, had committed."""
    real = submit_once.saved_submission
    looks = []

    def saved_submission(token):
        looks.append(token)
        return None if len(looks) == 1 else real(token)

    monkeypatch.setattr(submit_once, "saved_submission", saved_submission)
    return looks


def test_a_post_that_loses_the_race_on_the_token_is_rolled_back(editor_client, monkeypatch):
    article = make_article()
    page = editor_client.get(admin_url(Correction, "add"))
    data = posted(page, article=article.pk, text=CORRECTION_TEXT)
    assert_saved(editor_client.post(admin_url(Correction, "add"), data))
    first = Correction.objects.get()

    missing_once(monkeypatch)
    again = editor_client.post(admin_url(Correction, "add"), data)

    assert list(Correction.objects.all()) == [first]  # its own save was rolled back
    assert_already_saved(again, admin_url(Correction, "change", first.pk))


def test_a_post_that_waited_and_then_met_the_other_version_is_told_it_was_saved(
    editor_client, monkeypatch
):
    """The second post of an article page finds the version the first one saved (it waited
    for its lock): not a conflict with someone else, but the same form saved already."""
    article = make_article()
    url = admin_url(Article, "change", article.pk)
    data = article_form_data(article, title="改过的标题") | {
        TOKEN_FIELD: token_of(editor_client.get(url))
    }
    assert_saved(editor_client.post(url, data))

    missing_once(monkeypatch)
    again = editor_client.post(url, data)

    assert_already_saved(again, url)
    article.refresh_from_db()
    assert (article.title, article.version) == ("改过的标题", 2)


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("two connections writing at once need PostgreSQL")


@pytest.mark.parametrize("model", [Correction, Series], ids=["no-unique-row", "unique-name"])
def test_two_identical_posts_at_the_same_moment_save_once(
    postgres_only, migration_data, admin_user, monkeypatch, model
):
    """Both posts pass every check before either saves; the one that saves second fails on
    the token (a correction) or on the row's own unique name (a series), and is rolled back."""
    article = make_article() if model is Correction else None
    clients = [Client(headers={"accept-language": "en"}) for _n in range(2)]
    for client in clients:
        client.force_login(admin_user)
    page = clients[0].get(admin_url(model, "add"))
    values = {"article": article.pk, "text": CORRECTION_TEXT} if article else {"name": "新系列"}
    data = posted(page, **values)

    model_admin = type(admin.site._registry[model])
    both_checked = threading.Barrier(2, timeout=20)
    save_model = model_admin.save_model

    def save_when_both_checked(self, request, obj, form, change):
        both_checked.wait()
        return save_model(self, request, obj, form, change)

    monkeypatch.setattr(model_admin, "save_model", save_when_both_checked)
    responses, errors = [None, None], []

    def post(n):
        try:
            responses[n] = clients[n].post(admin_url(model, "add"), data)
        except Exception as error:  # reported below, with the thread's traceback
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors, errors
    assert model.objects.count() == 1
    obj = model.objects.get()
    assert [response.status_code for response in responses] == [302, 302]
    told = [ALREADY_SAVED in messages_of(response) for response in responses]
    assert sorted(told) == [False, True]
    assert {response["Location"] for response in responses} >= {admin_url(model, "change", obj.pk)}
    assert FormSubmission.objects.get().object_id == str(obj.pk)


# Old records go --------------------------------------------------------------------------


def test_records_older_than_a_week_are_pruned_when_a_new_one_is_written(english, db):
    issue_type = ContentType.objects.get_for_model(Issue)
    now = timezone.now()
    old = FormSubmission.objects.create(
        token=uuid.uuid4(), content_type=issue_type, object_id="1",
        created_at=now - submit_once.KEPT_FOR - datetime.timedelta(minutes=1),
    )  # fmt: skip
    recent = FormSubmission.objects.create(
        token=uuid.uuid4(), content_type=issue_type, object_id="2",
        created_at=now - submit_once.KEPT_FOR + datetime.timedelta(hours=1),
    )  # fmt: skip

    page = english.get(admin_url(Performer, "add"))
    assert_saved(english.post(admin_url(Performer, "add"), posted(page, name="甲", slug="jia")))

    kept = set(FormSubmission.objects.values_list("token", flat=True))
    assert old.token not in kept and recent.token in kept and len(kept) == 2


def test_the_newsroom_records_are_not_in_the_admin():
    assert FormSubmission not in admin.site._registry
    assert Performance in admin.site._registry  # the registry is the real one
