"""Making up an issue: pages (版), the order and placement of its articles, the lead story."""

import re
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from articles.models import Article, Column, Issue, Page, Section

from .factories import add_byline, make_article, make_author, make_issue, make_member
from .helpers import (
    EDITOR,
    REPORTER,
    admin_url,
    article_form_data,
    assert_saved,
    client_of,
    count_queries,
    issue_form_data,
    json_ld,
    main_html,
)
from .seed_expectations import SEED

pytestmark = pytest.mark.django_db


def save_issue(client, issue, data):
    return client.post(admin_url(Issue, "change", issue.pk), data)


@pytest.fixture
def editor(client):
    """An editor's admin, in English."""
    return client_of(client, make_member(EDITOR))


@pytest.fixture
def issue():
    """An issue of three signed articles at positions 1, 2, 3, and two pages."""
    issue = make_issue()
    Page.objects.create(issue=issue, number=1, name="要闻")
    Page.objects.create(issue=issue, number=2, name="社区新闻")
    for n in (1, 2, 3):
        article = make_article(issue=issue, position=n, title=f"第{n}篇")
        add_byline(article, make_author())
    return issue


def titles_by_position(issue):
    return list(issue.articles.order_by("position").values_list("position", "title"))


# Order and placement ------------------------------------------------------------------------


def test_two_articles_swap_positions_in_one_save(editor, issue):
    data = issue_form_data(issue) | {"articles-0-position": 2, "articles-1-position": 1}
    assert_saved(save_issue(editor, issue, data))
    assert titles_by_position(issue) == [(1, "第2篇"), (2, "第1篇"), (3, "第3篇")]


def test_three_articles_rotate_and_one_is_deleted_in_one_save(client, issue):
    client.force_login(make_member("总编辑"))  # only the chief editor deletes articles
    data = issue_form_data(issue) | {
        "articles-0-position": 3,
        "articles-1-position": 1,
        "articles-2-DELETE": "on",
    }
    assert_saved(save_issue(client, issue, data))
    assert titles_by_position(issue) == [(1, "第2篇"), (3, "第1篇")]


def test_two_articles_in_one_position_are_refused_and_nothing_changes(editor, issue):
    data = issue_form_data(issue) | {"articles-0-position": 2, "articles-1-title": "改过"}
    response = save_issue(editor, issue, data)
    assert response.status_code == 200
    inline = response.context["inline_admin_formsets"][0].formset
    assert "duplicate" in " ".join(str(e) for e in inline.errors).lower()
    assert titles_by_position(issue) == [(1, "第1篇"), (2, "第2篇"), (3, "第3篇")]


def test_an_article_moves_to_another_page_section_and_column(editor, issue):
    second_page = issue.pages.get(number=2)
    column = Column.objects.get(name="基层动态")
    commentary = Section.objects.get(slug="commentary")
    data = issue_form_data(issue) | {
        "articles-2-page": second_page.pk,
        "articles-2-section": commentary.pk,
        "articles-2-column": column.pk,
    }
    assert_saved(save_issue(editor, issue, data))
    moved = issue.articles.get(position=3)
    assert (moved.page, moved.section, moved.column) == (second_page, commentary, column)
    assert moved.version == 2  # an article form opened before this save will not save over it


def test_a_page_of_another_issue_is_refused(editor, issue):
    elsewhere = Page.objects.create(issue=make_issue(), number=1)
    response = save_issue(editor, issue, issue_form_data(issue) | {"articles-0-page": elsewhere.pk})
    assert response.status_code == 200
    assert issue.articles.get(position=1).page is None


def test_pages_are_added_in_the_issue_page(editor, issue):
    data = issue_form_data(issue) | {
        "pages-TOTAL_FORMS": 3,
        "pages-2-issue": issue.pk,
        "pages-2-number": 3,
        "pages-2-name": "评论",
    }
    assert_saved(save_issue(editor, issue, data))
    assert [str(page) for page in issue.pages.all()] == [
        "Page 1: 要闻",
        "Page 2: 社区新闻",
        "Page 3: 评论",
    ]


def test_a_reporter_cannot_make_up_an_issue(client, issue):
    client.force_login(make_member(REPORTER))
    data = issue_form_data(issue) | {"articles-0-position": 2, "articles-1-position": 1}
    assert save_issue(client, issue, data).status_code == 403
    page = client.get(admin_url(Issue, "change", issue.pk))
    assert page.status_code == 200  # they may read it
    assert 'name="articles-0-position"' not in page.content.decode()
    assert titles_by_position(issue) == [(1, "第1篇"), (2, "第2篇"), (3, "第3篇")]


def test_the_issue_page_in_the_admin_reads_a_fixed_number_of_queries(editor):
    def issue_of(count):
        issue = make_issue()
        pages = [Page.objects.create(issue=issue, number=number) for number in (1, 2)]
        for n in range(count):
            make_article(issue=issue, page=pages[n % 2])
        return issue

    def queries(issue):
        return count_queries(editor, admin_url(Issue, "change", issue.pk))

    assert queries(issue_of(2)) == queries(issue_of(20))


# The importer --------------------------------------------------------------------------------


def import_seed(path=SEED):
    call_command("import_issue", str(path), "--date", "2022-08-25", stdout=StringIO())


def test_an_imported_file_is_page_one_of_its_issue_and_a_move_survives_a_re_import(tmp_path):
    import_seed()
    issue = Issue.objects.get()
    [front] = issue.pages.all()
    assert front.number == 1
    assert set(issue.articles.values_list("page", flat=True)) == {front.pk}

    second = Page.objects.create(issue=issue, number=2)
    Article.objects.filter(issue=issue, position=9).update(page=second)
    corrected = tmp_path / SEED.name
    corrected.write_text(SEED.read_text(encoding="utf-8-sig") + "\n", encoding="utf-8")
    import_seed(corrected)
    assert issue.articles.get(position=9).page == second
    assert issue.pages.count() == 2


# The lead story ------------------------------------------------------------------------------


def test_pinning_a_lead_story_in_the_admin(editor, issue):
    third = issue.articles.get(position=3)
    assert_saved(save_issue(editor, issue, issue_form_data(issue, lead=third.pk)))
    issue.refresh_from_db()
    assert issue.lead == third


def test_a_lead_story_from_another_issue_is_refused(editor, issue):
    other = make_article()
    response = save_issue(editor, issue, issue_form_data(issue, lead=other.pk))
    assert response.status_code == 200
    assert "lead" in response.context["adminform"].form.errors
    issue.refresh_from_db()
    assert issue.lead is None


def test_the_home_page_shows_the_pinned_lead_first(client, issue):
    third = issue.articles.get(position=3)
    html = main_html(client.get("/"))
    assert "front__lead" not in html  # without a pin, the first article leads as before
    assert html.index("第1篇") < html.index("第3篇")

    issue.lead = third
    issue.save()  # as the issue's form does
    html = main_html(client.get("/"))
    lead = html[
        html.index('class="front__lead"') : html.index(
            "</section>", html.index('class="front__lead"')
        )
    ]
    assert "第3篇" in lead and "第1篇" not in lead
    assert html.count("第3篇") == 1  # shown as the lead, not again in its section


def test_the_issue_page_shows_the_pinned_lead_first_on_its_page(client, issue):
    third = issue.articles.get(position=3)
    response = client.get(issue.get_absolute_url())
    html = main_html(response)
    assert re.search(r'printed--lead" id="article-1"', html)

    issue.lead = third
    issue.save()  # as the issue's form does
    html = main_html(client.get(issue.get_absolute_url()))
    assert re.search(r'printed--lead" id="article-3"', html)
    assert (
        html.index('id="article-3"') < html.index('id="article-1"') < html.index('id="article-2"')
    )


def test_the_issue_page_groups_articles_by_page(client, issue):
    front, inside = issue.pages.all()
    Article.objects.filter(issue=issue, position__in=[1, 3]).update(page=inside)
    Article.objects.filter(issue=issue, position=2).update(page=front)
    html = main_html(client.get(issue.get_absolute_url())).split('class="epaper"')[1]
    assert html.count('class="page-heading"') == 2
    order = [
        html.index(text)
        for text in ("要闻", 'id="article-2"', "社区新闻", 'id="article-1"', 'id="article-3"')
    ]
    assert order == sorted(order)


def test_an_issue_on_one_page_reads_as_one_run(client, issue):
    Article.objects.filter(issue=issue).update(page=issue.pages.first())
    html = main_html(client.get(issue.get_absolute_url()))
    assert 'class="page-heading"' not in html
    assert '<h2 class="printed__title"' in html


def test_reader_pages_read_a_fixed_number_of_queries_with_pages_and_a_lead(
    client, django_assert_max_num_queries
):
    def issue_of(count):
        issue = make_issue()
        pages = [Page.objects.create(issue=issue, number=n) for n in (1, 2)]
        for n in range(count):
            article = make_article(issue=issue, page=pages[n % 2])
            add_byline(article, make_author())
        Issue.objects.filter(pk=issue.pk).update(lead=article)
        return issue

    def queries(url):
        return count_queries(client, url)

    small = issue_of(2)
    few = {url: queries(url) for url in ("/", small.get_absolute_url())}
    large = issue_of(20)  # the newest issue: the home page's now
    assert queries("/") == few["/"]
    assert queries(large.get_absolute_url()) == few[small.get_absolute_url()]


# JSON-LD -------------------------------------------------------------------------------------


def test_json_ld_names_the_printed_page(client, issue):
    article = issue.articles.get(position=1)
    assert "printPage" not in json_ld(client.get(article.get_absolute_url()))
    article.page = issue.pages.get(number=2)
    article.save()
    assert json_ld(client.get(article.get_absolute_url()))["printPage"] == "2"


def test_the_article_form_puts_it_on_a_page_of_its_own_issue(editor, issue):
    article = issue.articles.get(position=1)
    inside = issue.pages.get(number=2)
    elsewhere = Page.objects.create(issue=make_issue(), number=2)
    url = admin_url(Article, "change", article.pk)

    refused = editor.post(url, article_form_data(article, page=elsewhere.pk))
    assert "page" in refused.context["adminform"].form.errors

    assert editor.post(url, article_form_data(article, page=inside.pk)).status_code == 302
    article.refresh_from_db()
    assert article.page == inside


def test_a_lead_story_must_be_of_its_issue_and_says_so(issue):
    issue.lead = make_article()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        issue.clean()
    assert refused.value.message_dict == {
        "lead": ["The lead story must be an article of this issue."]
    }
    issue.lead = issue.articles.first()
    issue.clean()


@pytest.mark.parametrize(
    ("language", "name", "said"),
    [("en", "", "Page 2"), ("en", "社区新闻", "Page 2: 社区新闻"), ("zh-hans", "", "第2版")],
)
def test_a_page_is_named_as_printed(language, name, said):
    with translation.override(language):
        assert str(Page(number=2, name=name)) == said
