"""Who else has an article open in the admin (``articles.presence``)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from articles import presence
from articles.models import Article, ArticleStatus

from .factories import make_article, make_member
from .helpers import CHIEF, EDITOR, admin_url, article_form_data, client_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    moment = [1_000_000.0]
    monkeypatch.setattr(presence.time, "time", lambda: moment[0])
    return moment


def opened_by(user, article):
    member = client_of(Client(), user)
    member.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    return member, member.get(admin_url(Article, "change", article.pk))


def presence_box(page) -> str:
    """The opening tag of the form's note of who else has the article open."""
    return re.search(r'<div class="messagelist" id="presence"[^>]*>', page.content.decode()).group(
        0
    )


def renewed(member, article) -> list[str]:
    response = member.get(reverse("admin:articles_article_presence", args=[article.pk]))
    assert response.status_code == 200 and "no-cache" in response["Cache-Control"]
    return response.json()["others"]


def test_each_editor_sees_who_else_has_the_article_open(members, clock):
    wang, li = members[EDITOR], members[CHIEF]
    wang.last_name, wang.first_name = "王", "编辑"
    wang.save()
    article = make_article(status=ArticleStatus.DRAFT)

    first, page = opened_by(wang, article)
    assert presence_box(page).endswith(" hidden>")  # no one else yet
    second, page = opened_by(li, article)

    assert not presence_box(page).endswith(" hidden>")
    assert '此刻也打开了这篇文章的还有： <span class="presence__names">王编辑</span>' in (
        page.content.decode()
    )
    assert renewed(first, article) == [li.username]
    assert renewed(second, article) == ["王编辑"]


def test_presence_ends_when_the_form_stops_renewing_it_or_is_saved(members, clock):
    wang, li = members[EDITOR], members[CHIEF]
    article = make_article(status=ArticleStatus.DRAFT)
    first, _page = opened_by(wang, article)
    second, _page = opened_by(li, article)

    clock[0] += presence.PRESENCE_SECONDS - 1
    assert renewed(second, article) == [wang.username]  # the last sign of it is just in time
    clock[0] += 2
    assert renewed(second, article) == []  # it missed three renewals: the tab was closed

    renewed(first, article)
    assert renewed(second, article) == [wang.username]
    data = article_form_data(article) | {"opened_record": article.history.first().history_id}
    assert first.post(admin_url(Article, "change", article.pk), data).status_code == 302
    assert renewed(second, article) == []


def test_presence_is_not_told_to_who_may_not_open_the_article(members):
    article = make_article(status=ArticleStatus.DRAFT, created_by=members[EDITOR])
    opened_by(members[EDITOR], article)
    reporter = client_of(Client(), make_member("记者"))
    response = reporter.get(reverse("admin:articles_article_presence", args=[article.pk]))
    assert response.status_code == 403
    assert members[EDITOR].username not in response.content.decode()
