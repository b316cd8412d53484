"""The history views behind the change form's rules: a revert is an edit of the object as it
is now, keeps its place in the workflow, is recorded, and search follows it."""

import re

import pytest
from django.test import Client

from articles.models import Article, ArticleStatus, Correction, IssueStatus
from articles.search import search_articles
from articles.workflow import transition
from events.models import Performance

from .factories import make_article, make_issue, make_member, make_performance
from .helpers import (
    CHIEF,
    EDITOR,
    REPORTER,
    admin_url,
    article_form_data,
    client_of,
    edit_as,
    revert_as,
    version_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_by_another():
    """A published article, first saved as 初版标题 and then edited to 现行标题 by an editor."""
    article = make_article(title="初版标题", created_by=make_member(REPORTER))
    return edit_as(Client(), make_member(EDITOR), article, title="现行标题")


# Finding 1: who may revert ------------------------------------------------------------------


@pytest.mark.parametrize("view", ["history", "version"])
def test_a_reporter_cannot_open_the_history_of_someone_elses_article(
    client, published_by_another, view
):
    reporter = make_member(REPORTER)
    if view == "history":
        url = admin_url(Article, "history", published_by_another.pk)
    else:
        url = version_url(published_by_another, published_by_another.history.earliest())
    response = client_of(client, reporter).get(url)
    assert response.status_code in {403, 404}
    assert "初版标题" not in response.content.decode()


def test_a_reporter_cannot_revert_someone_elses_published_article(client, published_by_another):
    article = published_by_another
    reporter = make_member(REPORTER)

    response = revert_as(client, reporter, article, article.history.earliest(), title="记者改的")

    assert response.status_code in {403, 404}
    article.refresh_from_db()
    assert article.title == "现行标题"
    detail = client.get(article.get_absolute_url()).content.decode()
    assert "记者改的" not in detail


def test_a_reporter_may_revert_their_own_draft(client):
    reporter = make_member(REPORTER)
    article = make_article(title="第一稿", status=ArticleStatus.DRAFT, created_by=reporter)
    edit_as(client, reporter, article, title="第二稿")

    response = revert_as(client, reporter, article, article.history.earliest())

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "第一稿"


def test_a_reporter_cannot_revert_their_own_article_once_submitted(client):
    reporter = make_member(REPORTER)
    article = make_article(title="第一稿", status=ArticleStatus.DRAFT, created_by=reporter)
    edit_as(client, reporter, article, title="第二稿")
    transition(article, "submit", reporter)

    response = revert_as(client, reporter, article, article.history.earliest())

    assert response.status_code == 403
    article.refresh_from_db()
    assert (article.title, article.status) == ("第二稿", ArticleStatus.SUBMITTED)


def test_the_version_page_offers_no_revert_to_who_may_only_look(client):
    """A reporter may open their submitted article, and its versions, but not restore one."""
    reporter = make_member(REPORTER)
    article = make_article(title="第一稿", status=ArticleStatus.SUBMITTED, created_by=reporter)
    page = client_of(client, reporter).get(version_url(article, article.history.earliest()))
    assert page.status_code == 200
    assert page.context["revert_disabled"] is True


# Finding 1: a revert keeps the workflow's state ----------------------------------------------


@pytest.mark.parametrize("role", [EDITOR, CHIEF])
def test_a_revert_does_not_republish_a_withdrawn_article(client, role):
    chief = make_member(CHIEF)
    article = make_article(title="原标题")
    version_published = article.history.latest()
    transition(article, "withdraw", chief, "本文有误，已撤回。")

    response = revert_as(client, make_member(role), article, version_published, title="新标题")

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "新标题"  # the contents are restored and edited …
    assert article.status == ArticleStatus.WITHDRAWN  # … the state is not
    assert article.withdrawal_notice == "本文有误，已撤回。"
    assert [c.to_state for c in article.state_changes.all()] == [ArticleStatus.WITHDRAWN]
    page = client.get(article.get_absolute_url()).content.decode()
    assert "本文有误，已撤回。" in page and "新标题" not in client.get("/").content.decode()


def test_a_revert_keeps_the_publication_time(client):
    article = make_article(title="原标题", status=ArticleStatus.DRAFT)
    draft = article.history.latest()
    article.status = ArticleStatus.APPROVED
    article.save()
    transition(article, "publish", make_member(EDITOR))
    published_at = Article.objects.get(pk=article.pk).published_at

    revert_as(client, make_member(EDITOR), article, draft, published_at_0="", published_at_1="")

    article.refresh_from_db()
    assert (article.status, article.published_at) == (ArticleStatus.PUBLISHED, published_at)


@pytest.mark.parametrize("role", [REPORTER, EDITOR])
def test_a_revert_does_not_republish_an_unpublished_issue(client, role):
    issue = make_issue(number=7)
    published_version = issue.history.latest()
    issue.status, issue.number = IssueStatus.DRAFT, 8
    issue.save()

    response = client_of(client, make_member(role)).post(
        version_url(issue, published_version),
        {
            "date": issue.date.isoformat(),
            "number": 7,
            "lead": "",
            "status": IssueStatus.PUBLISHED,
            **{f"{prefix}-{key}": 0 for prefix in ("articles", "pages", "import_warnings")
               for key in ("TOTAL_FORMS", "INITIAL_FORMS")},
        },
    )  # fmt: skip

    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT
    if role == REPORTER:
        assert response.status_code == 403 and issue.number == 8
    else:
        assert response.status_code == 302 and issue.number == 7


def test_a_revert_is_recorded_as_a_new_version_signed_by_its_editor(client):
    editor = make_member(EDITOR)
    article = make_article(title="第一版")
    edit_as(client, editor, article, title="第二版")
    first = article.history.earliest()

    revert_as(client, editor, article, first)

    latest = article.history.latest()
    assert article.history.count() == 3
    assert (latest.title, latest.history_user) == ("第一版", editor)
    assert latest.history_change_reason.startswith("Restored the version of")


def test_a_revert_cannot_save_over_a_version_its_editor_has_not_seen(client):
    editor = make_member(EDITOR)
    article = make_article(title="第一版")
    edit_as(client, editor, article, title="第二版")
    stale = article.version
    edit_as(client, make_member(EDITOR), article, title="别人的第三版")

    data = article_form_data(article.history.earliest().instance, seen_version=stale)
    data.pop("status")
    response = client_of(client, editor).post(
        version_url(article, article.history.earliest()), data
    )

    assert response.status_code == 200  # the form again, with the conflict said
    article.refresh_from_db()
    assert article.title == "别人的第三版"


@pytest.mark.parametrize("model", [Correction, Performance], ids=["correction", "performance"])
def test_reporters_cannot_revert_what_they_may_not_change(client, model):
    obj = (
        Correction.objects.create(article=make_article(), text="原更正")
        if model is Correction
        else make_performance()
    )
    response = client_of(client, make_member(REPORTER)).post(
        version_url(obj, obj.history.latest()), {}
    )
    assert response.status_code in {403, 404}
    assert obj.history.count() == 1


def test_the_history_of_a_deleted_article_is_not_shown(client):
    article = make_article(title="删掉的")
    pk = article.pk
    article.delete()
    chief = client_of(client, make_member(CHIEF))
    assert chief.get(admin_url(Article, "history", pk)).status_code == 404


# Finding 6: search follows a revert -----------------------------------------------------------


def test_search_follows_a_revert(client):
    editor = make_member(EDITOR)
    article = make_article(title="防汛演练", body="<p>社区组织防汛演练。</p>")
    edit_as(client, editor, article, title="消防培训", body="<p>社区组织消防培训。</p>")
    assert [a.pk for a in search_articles("消防")] == [article.pk]

    revert_as(client, editor, article, article.history.earliest())

    assert [a.pk for a in search_articles("防汛")] == [article.pk]
    assert list(search_articles("消防")) == []


# Found in review: a performance readers see is never re-pointed to a draft -------------------


@pytest.mark.parametrize("path", ["form", "revert"])
def test_a_performance_readers_see_is_not_re_pointed_to_a_draft(client, path):
    draft = make_article(status=ArticleStatus.DRAFT)
    performance = make_performance(article=draft)
    hidden_version = performance.history.latest()
    published = make_article()
    performance.article = published
    performance.save()
    data = {
        "programme": performance.programme_id,
        "date": performance.date.isoformat(),
        "time": "",
        "article": draft.pk,
        "acts-TOTAL_FORMS": 0,
        "acts-INITIAL_FORMS": 0,
    }
    url = (
        admin_url(Performance, "change", performance.pk)
        if path == "form"
        else version_url(performance, hidden_version)
    )

    response = client_of(client, make_member(EDITOR)).post(url, data)

    assert response.status_code == 200  # the form again, saying why
    assert "Readers see this performance" in response.content.decode()
    performance.refresh_from_db()
    assert performance.article == published


# Reading the history ------------------------------------------------------------------------

LONG_BODY = (
    "<p>"
    + "解放区召开十一届区委常委会。" * 6
    + "会议强调要抓好防汛工作。"
    + "各部门要守土有责。" * 6
    + "</p>"
)


def history_of(client, user, article, **query) -> str:
    member = client_of(client, user)
    member.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    response = member.get(admin_url(Article, "history", article.pk), query)
    assert response.status_code == 200
    return response.content.decode()


def test_a_text_edit_shows_the_words_taken_out_and_put_in_with_a_little_around_them(
    client, members
):
    article = make_article(status=ArticleStatus.DRAFT, body=LONG_BODY)
    edit_as(client, members[EDITOR], article, body=LONG_BODY.replace("防汛", "抗旱"))

    page = history_of(client, members[EDITOR], article)

    assert "<del>防汛</del><ins>抗旱</ins>" in page
    changed = re.search(r'<span class="history-words">(.*?)</span>', page).group(1)
    assert changed.startswith("…") and changed.endswith("…")  # not the whole body
    assert len(re.sub(r"<[^>]+>", "", changed)) < 60
    assert "&lt;p&gt;" not in page and "chars]" not in page  # no markup, no cut-outs


def test_a_save_that_changed_only_the_markup_shows_no_change_of_the_text(client, members):
    article = make_article(status=ArticleStatus.DRAFT, body="<p>正文第一段。</p><p>第二段。</p>")
    edit_as(client, members[EDITOR], article, body="<p>正文第一段。</p>\n\n<p>第二段。 </p>")
    edit_as(client, members[EDITOR], article, title="只改了标题")

    page = history_of(client, members[EDITOR], article)
    rows = re.search(r'<table id="change-history">.*?<tbody>(.*?)</tbody>', page, re.S).group(1)
    newest, markup_only, created = re.findall(r"<tr>.*?</tr>", rows, re.S)

    assert "只改了标题" in newest and "正文" not in newest
    assert "没有读者看得到的改动" in markup_only
    assert "第一个版本" in created


def test_a_change_of_state_reads_as_the_states_names(client, members):
    article = make_article(status=ArticleStatus.DRAFT, created_by=members[REPORTER])
    transition(article, "submit", members[REPORTER])
    page = history_of(client, members[EDITOR], article)
    assert "草稿 → 已提交（待审）" in page and "draft" not in page


def test_any_two_versions_are_compared_older_first(client, members):
    article = make_article(status=ArticleStatus.DRAFT, title="初稿标题", body=LONG_BODY)
    edit_as(client, members[EDITOR], article, title="二稿标题")
    edit_as(client, members[EDITOR], article, body=LONG_BODY.replace("防汛", "抗旱"))
    first, _second, third = article.history.order_by("history_date")

    for compare, with_ in ((first, third), (third, first)):
        query = {"compare": compare.history_id, "with": with_.history_id}
        page = history_of(client, members[EDITOR], article, **query)
        compared = re.search(r'<div class="module history-compared".*?</div>', page, re.S).group(0)
        assert "<del>初稿</del><ins>二稿</ins>标题" in compared
        assert "<del>防汛</del><ins>抗旱</ins>" in compared


@pytest.mark.parametrize(
    "query",
    [{"compare": "1"}, {"compare": "x", "with": "y"}, {"compare": "-1", "with": "2"}, "other"],
)
def test_a_comparison_not_of_two_of_its_versions_shows_the_history_alone(client, members, query):
    article = make_article(status=ArticleStatus.DRAFT)
    edit_as(client, members[EDITOR], article, title="二稿标题")
    if query == "other":  # two versions, one of another article
        other = make_article(status=ArticleStatus.DRAFT)
        query = {
            "compare": article.history.first().history_id,
            "with": other.history.first().history_id,
        }
    page = history_of(client, members[EDITOR], article, **query)
    assert "history-compared" not in page
