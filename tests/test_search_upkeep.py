"""The search copies and the page cache follow every write, whoever makes it:
the model's own save and delete, each admin form, a revert, a byline or an author edited
on its own. No caller refreshes them by hand."""

import pytest
from django.test import Client

from articles.models import Article, Byline, Issue
from articles.search import search_articles

from .factories import add_byline, make_article, make_author, make_member
from .helpers import CHIEF, EDITOR, admin_url, article_form_data, client_of

pytestmark = pytest.mark.django_db


def found(q: str) -> list[str]:
    return [article.title for article in search_articles(q)]


def test_a_saved_article_is_found_by_its_new_words():
    article = make_article(title="防汛演练")
    assert found("防汛") == ["防汛演练"]

    article.title = "消防培训"
    article.save()

    assert found("消防") == ["消防培训"] and found("防汛") == []


def test_a_save_of_the_state_alone_does_not_segment_again(django_assert_num_queries):
    article = make_article(title="防汛演练")
    # The update and its version; the parts that may link to it and its issue's part read,
    # and moved on before and after, and the lists it is in read and moved on before and
    # after (articles.parts); no reading of the text.
    with django_assert_num_queries(12):
        article.save(update_fields=["status"])


def test_a_byline_added_changed_or_deleted_on_its_own_moves_the_authors_words():
    article = make_article(title="社区新闻")
    byline = add_byline(article, make_author("詹晓"))
    assert found("詹晓") == ["社区新闻"]

    byline.author = make_author("杨森")
    byline.save()
    assert found("杨森") == ["社区新闻"] and found("詹晓") == []

    other = make_article(title="另一篇")
    byline.article = other
    byline.save()
    assert found("杨森") == ["另一篇"]  # and the article it left no longer has the name

    Byline.objects.filter(pk=byline.pk).delete()
    assert found("杨森") == []


def test_a_renamed_author_is_found_under_the_new_name():
    author = make_author("张三")
    add_byline(make_article(title="社区新闻"), author)

    author.name = "张山"
    author.save()

    assert found("张山") == ["社区新闻"] and found("张三") == []


def test_the_issue_make_up_moves_an_edited_headline(admin_client):
    article = make_article(title="旧标题")
    issue = article.issue
    data = {
        "date": issue.date.isoformat(),
        "number": "",
        "lead": "",
        "status": issue.status,
        "published_at_0": "2022-08-26",
        "published_at_1": "00:00:00",
        "articles-TOTAL_FORMS": 1,
        "articles-INITIAL_FORMS": 1,
        "articles-0-id": article.pk,
        "articles-0-issue": issue.pk,
        "articles-0-position": article.position,
        "articles-0-title": "新标题",
        "articles-0-page": "",
        "articles-0-section": article.section_id,
        "articles-0-kind": article.kind,
        "articles-0-column": "",
        **{
            f"{prefix}-{key}": 0
            for prefix in ("pages", "import_warnings")
            for key in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
    }

    response = admin_client.post(admin_url(Issue, "change", issue.pk), data)

    assert response.status_code == 302, response.context["errors"]
    assert found("新标题") == ["新标题"]


@pytest.mark.parametrize("role", [EDITOR, CHIEF])
def test_every_admin_write_renders_the_article_page_again(client, reader_cache, role):
    article = make_article(title="原来的标题")
    reader, url = Client(), article.get_absolute_url()
    reader.get(url)
    assert reader.get(url)["X-Cache"] == "hit"
    editor = client_of(client, make_member(role))
    editor.post(
        admin_url(Article, "change", article.pk), article_form_data(article, title="新标题")
    )
    edited = reader.get(url)
    assert edited["X-Cache"] == "miss" and "新标题" in edited.content.decode()

    article.refresh_from_db()
    first = article.history.earliest()
    data = article_form_data(first.instance, seen_version=article.version)
    data.pop("status")
    editor.post(
        f"{admin_url(Article, 'history', article.pk)}{first.history_id}/",
        data,
    )
    reverted = reader.get(url)
    assert reverted["X-Cache"] == "miss" and "原来的标题" in reverted.content.decode()
