"""The editors' admin: every model opens, lists filter and search, forms clean and validate."""

import datetime
import os
import re
import time

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalChanges

from articles.models import (
    Article,
    ArticlePart,
    ArticleStatus,
    Author,
    Byline,
    Column,
    Correction,
    ImportWarning,
    Issue,
    IssuePart,
    IssueStatus,
    ListPart,
    Page,
    PageRegion,
    Section,
    Series,
    StateChange,
)
from events.models import (
    Act,
    ActPerformer,
    FormerPerformerSlug,
    Performance,
    Performer,
    Piece,
    Programme,
)
from newsroom import kept_uploads

from .factories import (
    add_byline,
    make_article,
    make_author,
    make_issue,
    make_performance,
    make_staff_user,
)
from .helpers import (
    EDITOR,
    PAPER_APPS,
    REPORTER,
    admin_url,
    article_form_data,
    assert_saved,
    camera_jpeg,
    client_of,
    count_queries,
    run_action,
)

REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label in PAPER_APPS),
    key=lambda model: model._meta.label,
)
# Edited only inside the performance page: its acts, and their performers (the through model);
# an article's changes of state are made by its actions and shown in its page; an issue's
# pages and import warnings, in the issue's page.
# Edited inside another's page (a region on its issue's "Stories on the page images").
INLINE_ONLY = {Act, ActPerformer, FormerPerformerSlug, StateChange, Page, PageRegion, ImportWarning}
DERIVED = {ArticlePart, IssuePart, ListPart}  # rendered from the rows above (articles.parts)


@pytest.fixture
def paper(db):
    """One row of every model: a commentary in a series and column, signed, and a show."""
    issue = make_issue(number=1234)
    series = Series.objects.create(name="解放区优化营商环境系列评论")
    article = make_article(
        issue=issue,
        section_slug="commentary",
        kind=Article.Kind.COMMENTARY,
        position=1,
        title="优化营商环境要久久为功",
        subtitles="第一副题\n第二副题",
        column=Column.objects.get(name="基层动态"),
        series=series,
        series_number=3,
    )
    author = make_author("詹晓")
    add_byline(article, author, role=Byline.Role.COMMENTATOR)
    performance = make_performance(article=article)
    Correction.objects.create(article=article, text="第二副题中的数字有误，已更正。")
    return {"issue": issue, "article": article, "author": author, "performance": performance}


def result_list(response):
    return list(response.context["cl"].result_list)


# Every model ---------------------------------------------------------------------------


def test_every_model_of_the_paper_is_registered():
    models = {model for label in PAPER_APPS for model in apps.get_app_config(label).get_models()}
    versions = {model for model in models if issubclass(model, HistoricalChanges)}  # in History
    assert models - INLINE_ONLY - DERIVED - versions <= set(REGISTERED)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_changelist_lists_existing_rows(admin_client, paper, model):
    response = admin_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_add_page_opens(admin_client, db, model):
    response = admin_client.get(admin_url(model, "add"))
    assert response.status_code == 200
    assert b'name="_save"' in response.content


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_change_page_opens(admin_client, paper, model):
    obj = model.objects.first()
    response = admin_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200
    assert response.context["original"] == obj


# Change pages -----------------------------------------------------------------------------


def test_article_change_page_shows_its_fields_bylines_and_the_rich_text_editor(admin_client, paper):
    article = paper["article"]
    response = admin_client.get(admin_url(Article, "change", article.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "优化营商环境要久久为功" in html
    assert "第二副题" in html
    assert "正文第" in html  # the body, inside the editor's textarea
    assert "ckeditor" in html
    assert "詹晓" in html  # the byline inline's selected author
    assert response.context["has_absolute_url"]


def test_issue_change_page_lists_its_articles_in_printed_order(admin_client, paper):
    issue = paper["issue"]
    later = make_article(issue=issue, title="排在后面的文章", position=9)
    earlier = make_article(issue=issue, title="排在前面的文章", position=2)
    response = admin_client.get(admin_url(Issue, "change", issue.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="1234"' in html
    commentary = paper["article"].section_id
    assert f'<option value="{commentary}" selected>评论</option>' in html
    inline = response.context["inline_admin_formsets"][0].formset
    assert [form.instance for form in inline.forms] == [paper["article"], earlier, later]
    assert html.index("排在前面的文章") < html.index("排在后面的文章")


def test_author_change_page_shows_the_author(admin_client, paper):
    response = admin_client.get(admin_url(Author, "change", paper["author"].pk))
    assert response.status_code == 200
    assert 'value="詹晓"' in response.content.decode()


def test_view_on_site_redirects_to_the_article_public_url(admin_client, paper):
    article = paper["article"]
    response = admin_client.get(
        reverse(
            "admin:view_on_site", args=[ContentType.objects.get_for_model(Article).pk, article.pk]
        )
    )
    assert response.status_code == 302
    assert response["Location"].endswith(article.get_absolute_url())


# Lists: columns, search, filters ------------------------------------------------------------


def test_issue_changelist_counts_articles_and_shows_visibility(admin_client, paper):
    make_article(issue=paper["issue"])
    draft = make_issue(status=IssueStatus.DRAFT)
    response = admin_client.get(admin_url(Issue, "changelist"))
    rows = {issue.pk: issue for issue in result_list(response)}
    assert rows[paper["issue"].pk].article_count == 2
    assert rows[draft.pk].article_count == 0
    html = response.content.decode()
    assert paper["issue"].get_absolute_url() in html
    assert "icon-yes.svg" in html and "icon-no.svg" in html


def test_issue_search_finds_a_date_written_the_chinese_way(admin_client, paper):
    make_issue()
    issue = paper["issue"]
    term = f"{issue.date.year}年{issue.date.month}月{issue.date.day}日"
    response = admin_client.get(admin_url(Issue, "changelist"), {"q": term})
    assert result_list(response) == [issue]
    response = admin_client.get(admin_url(Issue, "changelist"), {"q": issue.date.isoformat()})
    assert result_list(response) == [issue]
    response = admin_client.get(admin_url(Issue, "changelist"), {"q": "1234"})
    assert result_list(response) == [issue]


def test_article_search_finds_an_article_by_its_author_name(admin_client, paper):
    make_article(title="别人的文章")
    response = admin_client.get(admin_url(Article, "changelist"), {"q": "詹晓"})
    assert result_list(response) == [paper["article"]]


def test_article_search_looks_in_subtitles_and_body(admin_client, paper):
    other = make_article(body="<p>河南汇声文化传播</p>")
    changelist = admin_url(Article, "changelist")
    assert result_list(admin_client.get(changelist, {"q": "第二副题"})) == [paper["article"]]
    assert result_list(admin_client.get(changelist, {"q": "汇声"})) == [other]


def test_article_changelist_shows_bylines_and_series_number(admin_client, paper):
    add_byline(paper["article"], make_author("强声"), role=Byline.Role.COMMENTATOR, order=2)
    response = admin_client.get(admin_url(Article, "changelist"))
    html = response.content.decode()
    assert "詹晓" in html and "强声" in html
    assert "解放区优化营商环境系列评论" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status__exact": "draft"}, "draft"),
        ({"status__exact": "published"}, "paper"),
        ({"kind__exact": "commentary"}, "paper"),
        ({"kind__exact": "news"}, "draft"),
        ({"column__id__isnull": "True"}, "draft"),
        ({"series__id__isnull": "True"}, "draft"),
    ],
)
def test_article_changelist_filters(admin_client, paper, params, expected):
    draft = make_article(status=ArticleStatus.DRAFT)
    articles = {"paper": paper["article"], "draft": draft}
    response = admin_client.get(admin_url(Article, "changelist"), params)
    assert result_list(response) == [articles[expected]]


def test_article_changelist_filters_by_related_rows_and_issue_date(admin_client, paper):
    article = paper["article"]
    other = make_article(issue=make_issue(date=datetime.date(2021, 1, 5)))
    changelist = admin_url(Article, "changelist")
    by_related = [
        {"section__id__exact": article.section_id},
        {"column__id__exact": article.column_id},
        {"series__id__exact": article.series_id},
    ]
    for params in by_related:
        assert result_list(admin_client.get(changelist, params)) == [article], params
    in_2021 = {"issue__date__gte": "2021-01-01", "issue__date__lt": "2022-01-01"}
    assert result_list(admin_client.get(changelist, in_2021)) == [other]


def test_performance_changelist_filters_by_programme_and_finds_performers(admin_client, paper):
    other = make_performance(acts=(("快板书", "", ("李明",)),))
    changelist = admin_url(Performance, "changelist")
    programme = paper["performance"].programme
    filtered = result_list(admin_client.get(changelist, {"programme__id__exact": programme.pk}))
    assert set(filtered) == {paper["performance"], other}
    assert result_list(admin_client.get(changelist, {"q": "李明"})) == [other]
    html = admin_client.get(changelist).content.decode()
    assert reverse("admin:articles_article_change", args=[paper["article"].pk]) in html


def add_signed_articles(count, *, with_performances=False):
    """``count`` articles in a new issue, each in a series and column, with two bylines."""
    series = Series.objects.get_or_create(name="系列")[0]
    column = Column.objects.get(name="基层动态")
    issue = make_issue()
    for n in range(count):
        article = make_article(issue=issue, column=column, series=series, series_number=n + 1)
        add_byline(article, make_author())
        add_byline(article, make_author(), role=Byline.Role.PHOTOGRAPHER, order=2)
        if with_performances:
            make_performance(
                article=article,
                acts=(("相声", "学小曲", (f"演员{n}", "杨森")), ("小品", "", ("王丽",))),
            )
    return issue


def test_article_changelist_runs_a_fixed_number_of_queries(
    admin_client, db, django_assert_max_num_queries
):
    changelist = admin_url(Article, "changelist")
    bound = 11  # session, user, counts, filters' choices, dates, the page, its bylines
    add_signed_articles(3)
    with django_assert_max_num_queries(bound):
        assert admin_client.get(changelist).context["cl"].result_count == 3
    add_signed_articles(20)
    with django_assert_max_num_queries(bound):
        assert admin_client.get(changelist).context["cl"].result_count == 23


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_changelist_queries_do_not_grow_with_its_rows(admin_client, db, model):
    url = admin_url(model, "changelist")
    add_signed_articles(2, with_performances=True)
    few = count_queries(admin_client, url)
    add_signed_articles(15, with_performances=True)
    assert count_queries(admin_client, url) == few


def test_issue_change_page_queries_do_not_grow_with_its_articles(admin_client, db):
    small, large = add_signed_articles(2), add_signed_articles(20)
    few = count_queries(admin_client, admin_url(Issue, "change", small.pk))
    assert count_queries(admin_client, admin_url(Issue, "change", large.pk)) == few


def test_performance_change_page_queries_do_not_grow_with_its_acts(admin_client, db):
    short = make_performance()
    long = make_performance(acts=[("相声", f"段子{n}", (f"甲{n}", f"乙{n}")) for n in range(12)])
    few = count_queries(admin_client, admin_url(Performance, "change", short.pk))
    assert count_queries(admin_client, admin_url(Performance, "change", long.pk)) == few


def test_author_autocomplete_returns_matching_authors(admin_client, db):
    zhan = make_author("詹晓")
    make_author("张三")
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "byline", "field_name": "author", "term": "詹"},
    )
    assert response.status_code == 200
    assert response.json()["results"] == [{"id": str(zhan.pk), "text": "詹晓"}]


# Forms --------------------------------------------------------------------------------------


def test_article_body_posted_through_the_admin_is_sanitised(admin_client, paper):
    article = paper["article"]
    hostile = (
        '<script>alert(1)</script><p onclick="x()">正文</p><a href="javascript:alert(1)">链接</a>'
    )
    response = admin_client.post(
        admin_url(Article, "change", article.pk), article_form_data(article, body=hostile)
    )
    assert_saved(response)
    article.refresh_from_db()
    for bad in ("<script", "alert(1)</script>", "onclick", "javascript:"):
        assert bad not in article.body
    assert "正文" in article.body
    assert "链接" in article.body


def test_adding_an_article_with_a_byline_through_the_admin(admin_client, paper):
    issue, author = paper["issue"], paper["author"]
    data = article_form_data(paper["article"]) | {
        "title": "新文章",
        "position": 50,
        "series": "",
        "series_number": "",
        "column": "",
        "status": ArticleStatus.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "bylines-TOTAL_FORMS": 1,
        "bylines-INITIAL_FORMS": 0,
        "bylines-0-author": author.pk,
        "bylines-0-role": Byline.Role.REPORTER,
        "bylines-0-order": 1,
    }
    del data["bylines-0-id"], data["bylines-0-article"]
    assert_saved(admin_client.post(admin_url(Article, "add"), data))
    article = Article.objects.get(issue=issue, title="新文章")
    assert [(b.author, b.role) for b in article.bylines.all()] == [(author, "reporter")]


def test_articles_are_edited_in_their_issue_page(admin_client, paper):
    issue, article = paper["issue"], paper["article"]
    other = make_article(issue=issue, position=2, section_slug="community-news")
    published = timezone.localtime(issue.published_at)
    data = {
        "date": issue.date.isoformat(),
        "number": issue.number,
        "status": issue.status,
        "published_at_0": published.strftime("%Y-%m-%d"),
        "published_at_1": published.strftime("%H:%M:%S"),
        "articles-TOTAL_FORMS": 2,
        "articles-INITIAL_FORMS": 2,
        "articles-MIN_NUM_FORMS": 0,
        "articles-MAX_NUM_FORMS": 1000,
        "pages-TOTAL_FORMS": 0,
        "pages-INITIAL_FORMS": 0,
        "import_warnings-TOTAL_FORMS": 0,
        "import_warnings-INITIAL_FORMS": 0,
    }
    for n, row in enumerate([article, other]):
        data |= {
            f"articles-{n}-id": row.pk,
            f"articles-{n}-issue": issue.pk,
            f"articles-{n}-position": row.position,
            f"articles-{n}-title": row.title,
            f"articles-{n}-section": row.section_id,
            f"articles-{n}-kind": row.kind,
            f"articles-{n}-column": row.column_id or "",
            f"articles-{n}-status": row.status,
        }
    theatre = Section.objects.get(slug="theatre")
    data |= {"articles-1-title": "改过的标题", "articles-1-section": theatre.pk}
    assert_saved(admin_client.post(admin_url(Issue, "change", issue.pk), data))
    other.refresh_from_db()
    assert (other.title, other.section) == ("改过的标题", theatre)
    article.refresh_from_db()
    assert article.column.name == "基层动态"


def test_article_in_a_series_needs_its_number(english, paper):
    article = paper["article"]
    response = english.post(
        admin_url(Article, "change", article.pk), article_form_data(article, series_number="")
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "解放区优化营商环境系列评论" in errors["series_number"][0]


def test_the_state_is_not_changed_by_the_form(admin_client, db):
    """States change only through the recorded steps of the workflow (the list's actions)."""
    article = make_article(status=ArticleStatus.DRAFT)
    response = admin_client.post(
        admin_url(Article, "change", article.pk),
        article_form_data(article, status=ArticleStatus.PUBLISHED),
    )
    assert_saved(response)
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT


# The bill: acts edited inline on the performance page ----------------------------------------


def bill_rows(performance):
    """The performance page's act rows as it shows them: one dict of fields per act."""
    acts = performance.acts.select_related("piece").prefetch_related("credits")
    return [
        {
            "id": act.pk,
            "performance": performance.pk,
            "order": act.order,
            "form": act.piece.form,
            "title": act.piece.title,
            "performers": [credit.performer_id for credit in act.credits.all()],
        }
        for act in acts
    ]


def performance_form_data(performance, rows):
    """What the performance page posts: its own fields and the act ``rows`` (saved ones first)."""
    data = {
        "programme": performance.programme_id,
        "date": performance.date.isoformat(),
        "time": f"{performance.time:%H:%M}" if performance.time else "",
        "article": performance.article_id or "",
        "acts-TOTAL_FORMS": len(rows),
        "acts-INITIAL_FORMS": sum(1 for row in rows if row.get("id")),
        "acts-MIN_NUM_FORMS": 0,
        "acts-MAX_NUM_FORMS": 1000,
    }
    for n, row in enumerate(rows):
        data |= {f"acts-{n}-{name}": value for name, value in row.items()}
    return data


def post_bill(client, performance, rows):
    return client.post(
        admin_url(Performance, "change", performance.pk), performance_form_data(performance, rows)
    )


def bill_of(performance):
    """The saved bill: (order, form, title, performers in billed order) per act."""
    return [
        (act.order, act.piece.form, act.piece.title, [c.performer.name for c in act.credits.all()])
        for act in Performance.objects.with_acts().get(pk=performance.pk).acts.all()
    ]


def performer_pks(*names):
    return [Performer.objects.get(name=name).pk for name in names]


def chosen_performers(html, row):
    """The names selected in act ``row``'s performers box, in the order the page lists them."""
    select = re.search(rf'<select name="acts-{row}-performers".*?</select>', html, re.S)
    return re.findall(r"<option value=\"\d+\" selected>(.*?)</option>", select[0])


def inline_formset(response):
    return response.context["inline_admin_formsets"][0].formset


def test_performance_change_page_shows_acts_and_their_performers_in_billed_order(admin_client, db):
    for name in ("展奇", "杨森"):  # so creation order too would put 展奇 first
        Performer.objects.create(name=name)
    performance = make_performance(
        acts=(("相声", "学小曲", ("杨森", "展奇")), ("小品", "", ("王丽",)))
    )
    response = admin_client.get(admin_url(Performance, "change", performance.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="学小曲"' in html
    assert 'value="小品"' in html
    # billed order, not by name (code point) or by creation: both would put 展奇 first
    assert chosen_performers(html, 0) == ["杨森", "展奇"]
    assert chosen_performers(html, 1) == ["王丽"]


def test_performers_are_saved_and_shown_in_the_order_they_were_chosen(admin_client, paper):
    performance = paper["performance"]
    rows = bill_rows(performance)
    assert bill_of(performance)[0][3] == ["展奇", "杨森"]
    rows[0]["performers"] = performer_pks("杨森", "展奇")
    assert_saved(post_bill(admin_client, performance, rows))
    assert bill_of(performance) == [(1, "相声", "学小曲", ["杨森", "展奇"])]
    html = admin_client.get(admin_url(Performance, "change", performance.pk)).content.decode()
    assert chosen_performers(html, 0) == ["杨森", "展奇"]


def test_act_title_loses_its_brackets_with_a_message_and_keeps_its_performers(english, paper):
    performance = paper["performance"]
    rows = bill_rows(performance)
    rows[0]["title"] = " 《报菜名》 "
    response = post_bill(english, performance, rows)
    assert_saved(response)
    assert bill_of(performance) == [(1, "相声", "报菜名", ["展奇", "杨森"])]
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert "The 《》 around “报菜名” were removed: titles are kept without them." in messages


def test_a_retitled_act_leaves_no_unused_piece_behind(admin_client, paper):
    performance = paper["performance"]
    rows = bill_rows(performance)
    rows[0]["title"] = "报菜名"
    assert_saved(post_bill(admin_client, performance, rows))
    assert not Piece.objects.filter(title="学小曲").exists()


def test_a_retitled_act_keeps_the_piece_other_performances_still_perform(admin_client, db):
    one, other = (make_performance(acts=(("小品", "扶不扶", ("王丽",)),)) for _ in range(2))
    rows = bill_rows(one)
    rows[0]["title"] = "新扶不扶"
    assert_saved(post_bill(admin_client, one, rows))
    assert [act.piece for act in other.acts.all()] == [Piece.objects.get(title="扶不扶")]


def test_acts_are_added_in_their_performance_page(english, paper):
    performance = paper["performance"]
    new_act = {
        "performance": performance.pk,
        "order": 2,
        "form": "快板书联唱",
        "title": "《劝君莫贪杯》",
        "performers": performer_pks("杨森"),
    }
    response = post_bill(english, performance, [*bill_rows(performance), new_act])
    assert_saved(response)
    assert bill_of(performance) == [
        (1, "相声", "学小曲", ["展奇", "杨森"]),
        (2, "快板书联唱", "劝君莫贪杯", ["杨森"]),
    ]
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("劝君莫贪杯" in message for message in messages)


@pytest.fixture
def three_acts(db):
    return make_performance(
        acts=(("相声", "甲", ("展奇",)), ("小品", "乙", ("王丽",)), ("魔术", "丙", ()))
    )


def titles(performance):
    return [title for _order, _form, title, _performers in bill_of(performance)]


def test_swapping_two_act_numbers_reorders_the_bill(admin_client, three_acts):
    rows = bill_rows(three_acts)
    rows[0]["order"], rows[2]["order"] = 3, 1
    assert_saved(post_bill(admin_client, three_acts, rows))
    assert [order for order, *_rest in bill_of(three_acts)] == [1, 2, 3]
    assert titles(three_acts) == ["丙", "乙", "甲"]


def test_two_acts_with_one_number_are_refused(english, three_acts):
    rows = bill_rows(three_acts)
    rows[2]["order"] = 1
    response = post_bill(english, three_acts, rows)
    assert response.status_code == 200
    assert inline_formset(response).non_form_errors() == [
        "Two acts have the number 1: give each act its own number."
    ]
    assert titles(three_acts) == ["甲", "乙", "丙"]


def test_acts_without_a_number_go_to_the_end_in_the_order_they_are_listed(admin_client, three_acts):
    rows = bill_rows(three_acts)
    rows[0]["order"] = ""
    new_act = {"performance": three_acts.pk, "order": "", "form": "快板", "title": "丁"}
    assert_saved(post_bill(admin_client, three_acts, [*rows, new_act]))
    assert [(order, title) for order, _form, title, _p in bill_of(three_acts)] == [
        (1, "乙"),
        (2, "丙"),
        (3, "甲"),
        (4, "丁"),
    ]


def test_deleting_an_act_closes_the_gap_in_the_numbers(admin_client, three_acts):
    rows = bill_rows(three_acts)
    rows[1]["DELETE"] = "on"
    assert_saved(post_bill(admin_client, three_acts, rows))
    assert [(order, title) for order, _form, title, _p in bill_of(three_acts)] == [
        (1, "甲"),
        (2, "丙"),
    ]
    assert not Piece.objects.filter(title="乙").exists()


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"form": "   "}, "form", "e.g. 相声"),
        ({"form": "相声《学小曲》"}, "form", "Title field"),
        ({"title": "《学小曲》《报菜名》"}, "title", "separate act"),
    ],
)
def test_act_form_explains_what_is_wrong(english, paper, changes, field, says):
    performance = paper["performance"]
    rows = bill_rows(performance)
    rows[0] |= changes | {"performers": performer_pks("杨森")}
    response = post_bill(english, performance, rows)
    assert response.status_code == 200
    assert says in " ".join(inline_formset(response).forms[0].errors[field])
    assert bill_of(performance) == [(1, "相声", "学小曲", ["展奇", "杨森"])]


@pytest.mark.parametrize(
    ("time", "message"),
    [
        (
            datetime.time(19, 30),
            "This programme already has a performance on that date at that time.",
        ),
        (None, "This programme already has a performance on that date with no time given."),
    ],
    ids=["same-time", "no-time"],
)
def test_a_second_performance_at_the_same_date_and_time_is_refused(english, db, time, message):
    Programme.objects.update(address="焦作市解放区民主路")
    first = make_performance(time=time)
    data = performance_form_data(first, [{"order": 1, "form": "小品", "title": "新节目"}])
    response = english.post(admin_url(Performance, "add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [message]
    assert Performance.objects.get() == first
    assert not Piece.objects.filter(title="新节目").exists()


def test_the_same_date_at_another_time_is_another_performance(admin_client, db):
    Programme.objects.update(address="焦作市解放区民主路")
    first = make_performance(time=datetime.time(14, 30))
    data = performance_form_data(first, []) | {"time": "19:30"}
    assert_saved(admin_client.post(admin_url(Performance, "add"), data))
    assert Performance.objects.filter(date=first.date).count() == 2


def test_an_evening_made_public_at_a_venue_without_an_address_is_refused(english, db):
    """Saved without an article, an evening is public at once: search engines list an event
    only with its venue's address. One public already can still have its bill fixed."""
    announced = make_performance(article=make_article(kind=Article.Kind.PROGRAMME))
    data = performance_form_data(announced, []) | {"date": "2030-01-03"}
    response = english.post(admin_url(Performance, "add"), data | {"article": ""})
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["programme"]
    assert "解放小剧场 has no address" in error
    response = english.post(admin_url(Performance, "change", announced.pk), data | {"article": ""})
    assert "解放小剧场 has no address" in " ".join(
        response.context["adminform"].form.errors["programme"]
    )
    assert Performance.objects.get() == announced and announced.article is not None

    public = make_performance()  # entered by hand before the rule
    edited = performance_form_data(public, []) | {"time": "20:00"}
    assert_saved(english.post(admin_url(Performance, "change", public.pk), edited))

    Programme.objects.update(address="焦作市解放区民主路")
    assert_saved(english.post(admin_url(Performance, "add"), data | {"article": ""}))


def test_performer_autocomplete_for_the_bill_returns_matching_performers(admin_client, paper):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "events", "model_name": "act", "field_name": "performers", "term": "展"},
    )
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["展奇"]


BILL_EDITOR = (
    "events.view_performance",
    "events.change_performance",
    "events.view_act",
    "events.add_act",
    "events.change_act",
    "events.delete_act",
    "events.view_performer",
)


@pytest.mark.parametrize("may_add_performers", [True, False])
def test_performers_can_be_added_in_place_only_by_who_may_add_performers(
    client, paper, may_add_performers
):
    permissions = (*BILL_EDITOR, "events.add_performer") if may_add_performers else BILL_EDITOR
    client.force_login(make_staff_user(*permissions))
    response = client.get(admin_url(Performance, "change", paper["performance"].pk))
    assert response.status_code == 200
    add_link = f'href="{admin_url(Performer, "add")}?_to_field=id&amp;_popup=1"'
    assert (add_link in response.content.decode()) is may_add_performers


def test_piece_title_is_stored_without_brackets(admin_client, paper):
    piece = Piece.objects.get(title="学小曲")
    response = admin_client.post(
        admin_url(Piece, "change", piece.pk), {"form": "相声", "title": "《学小曲儿》"}
    )
    assert_saved(response)
    piece.refresh_from_db()
    assert piece.title == "学小曲儿"


def test_piece_retitled_as_an_existing_piece_is_refused_with_a_message(english, paper):
    piece = Piece.objects.get(title="学小曲")
    Piece.objects.create(form="相声", title="报菜名")
    response = english.post(
        admin_url(Piece, "change", piece.pk), {"form": "相声", "title": "《报菜名》"}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Piece with this Form and Title already exists."
    ]
    piece.refresh_from_db()
    assert piece.title == "学小曲"


# Actions -------------------------------------------------------------------------------------


def test_publish_action_publishes_approved_articles_and_reports_how_many(english, db):
    approved = [make_article(status=ArticleStatus.APPROVED) for _ in range(2)]
    draft = make_article(status=ArticleStatus.DRAFT)
    before = timezone.now()
    response = run_action(english, Article, "publish", [*approved, draft])
    assert response.status_code == 302
    for article in approved:
        article.refresh_from_db()
        assert article.status == ArticleStatus.PUBLISHED
        assert article.published_at >= before
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.DRAFT
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Publish: 2 articles.",
        "1 article was left as it was: that step is not open from its state, or not to you.",
    ]


def test_publish_action_keeps_an_existing_publication_time(english, db):
    at = timezone.now() + datetime.timedelta(days=3)
    article = make_article(status=ArticleStatus.APPROVED, published_at=at)
    run_action(english, Article, "publish", [article])
    article.refresh_from_db()
    assert (article.status, article.published_at) == (ArticleStatus.PUBLISHED, at)


def test_issue_actions_publish_and_unpublish_with_all_articles(english, db):
    issue = make_issue(status=IssueStatus.DRAFT)
    articles = [make_article(issue=issue, status=ArticleStatus.DRAFT) for _ in range(2)]
    for article in articles:  # nothing on the checklist: no confirmation asked
        add_byline(article, make_author())
    response = run_action(english, Issue, "publish_with_articles", [issue])
    issue.refresh_from_db()
    assert issue.is_published
    assert all(Article.objects.get(pk=a.pk).is_published for a in articles)
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages[-1] == "1 issue and 2 articles changed state."
    run_action(english, Issue, "unpublish_with_articles", [issue])
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT
    assert set(Article.objects.values_list("status", flat=True)) == {ArticleStatus.DRAFT}


# Access ----------------------------------------------------------------------------------------


def test_non_staff_user_is_sent_to_the_login_page(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="a-long-password-1")
    client.force_login(user)
    url = admin_url(Article, "changelist")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "next=" in response["Location"]


def test_anonymous_visitor_cannot_use_the_author_autocomplete(client, db):
    make_author("詹晓")
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "byline", "field_name": "author", "term": "詹"},
    )
    assert response.status_code == 302
    assert "詹晓" not in response.content.decode()


def test_a_performer_added_from_a_bill_is_given_a_name_only(admin_client, db):
    """The pop-up of an act's "+" asks for the name; the address follows from it."""
    url = f"{admin_url(Performer, 'add')}?_to_field=id&_popup=1"
    page = admin_client.get(url)
    assert 'name="name"' in page.content.decode() and 'name="slug"' not in page.content.decode()
    token = re.search(r'name="_submission_token" value="([^"]+)"', page.content.decode())[1]
    data = {"name": "新演员", "_popup": "1", "_to_field": "id", "_submission_token": token}
    response = admin_client.post(
        url, data | {"former_slugs-TOTAL_FORMS": 0, "former_slugs-INITIAL_FORMS": 0}
    )
    assert response.status_code == 200  # the pop-up's answer, which closes it
    assert Performer.objects.get(name="新演员").slug == "新演员"
    assert 'name="slug"' in admin_client.get(admin_url(Performer, "add")).content.decode()


@pytest.mark.parametrize("role", [REPORTER, EDITOR])
def test_a_taken_position_is_refused_naming_its_article_and_a_free_one(client, members, role):
    issue = make_issue()
    make_article(issue=issue, position=1, title="头版头条")
    make_article(issue=issue, position=4, title="第四篇")
    article = make_article(issue=issue, position=2, status=ArticleStatus.DRAFT)
    article.created_by = members[role]
    article.save()
    member = client_of(client, members[role])
    member.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"

    response = member.post(
        admin_url(Article, "change", article.pk), article_form_data(article, position=1)
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert errors == ["本期第 1 篇的位置已由《头版头条》占用：请换一个顺序，例如 5。"]
    article.refresh_from_db()
    assert article.position == 2


def test_a_new_article_is_signed_by_the_member_who_writes_it(client, members):
    """A reporter whose account is linked to an author finds their byline filled in on a new
    article, and saved as the browser posts it; taken away, it is not saved."""
    reporter = members[REPORTER]
    author = make_author("詹长松")
    author.account = reporter
    author.save()
    member = client_of(client, reporter)

    form = member.get(admin_url(Article, "add")).context["inline_admin_formsets"][0].formset
    assert form.forms[0].initial == {"author": author.pk, "role": "reporter", "order": 1}

    template = make_article(status=ArticleStatus.DRAFT)
    filled = {"bylines-0-author": author.pk, "bylines-0-role": "reporter", "bylines-0-order": 1}
    data = article_form_data(template, title="记者的新稿", position=77) | filled
    data |= {"bylines-TOTAL_FORMS": 1, "bylines-INITIAL_FORMS": 0}
    assert member.post(admin_url(Article, "add"), data).status_code == 302
    signed = Article.objects.get(title="记者的新稿")
    assert [(b.author, b.role) for b in signed.bylines.all()] == [(author, "reporter")]

    data |= {"title": "不署名的稿", "position": 78, "bylines-0-DELETE": "on"}
    assert member.post(admin_url(Article, "add"), data).status_code == 302
    assert not Article.objects.get(title="不署名的稿").bylines.exists()


def test_a_member_without_an_author_finds_no_byline_filled_in(client, members):
    member = client_of(client, members[EDITOR])
    form = member.get(admin_url(Article, "add")).context["inline_admin_formsets"][0].formset
    assert all(not f.initial for f in form.forms)


def test_an_authors_form_links_a_staff_account(admin_client, members):
    author = make_author("詹长松")
    reporter = members[REPORTER]
    form = admin_client.get(admin_url(Author, "change", author.pk)).context["adminform"].form
    assert reporter.pk in {pk for pk, _label in form.fields["account"].choices if pk}
    outsider = get_user_model().objects.create_user("reader", password="x" * 20)
    assert outsider.pk not in {pk for pk, _label in form.fields["account"].choices if pk}


def test_a_photo_chosen_in_a_refused_save_is_kept_for_the_next(client, members, media):
    """The browser cannot choose the file again by itself: the form keeps it, says so, and
    the next save, choosing no other file, saves it with the article."""
    editor = client_of(client, members[EDITOR])
    editor.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    article = make_article(status=ArticleStatus.DRAFT, title="配图新闻")
    data = article_form_data(article, photo_alt="社区食堂开张", photo_caption="社区食堂")
    url = admin_url(Article, "change", article.pk)

    refused = editor.post(url, data | {"title": "", "photo": camera_jpeg("食堂.jpg")})

    assert refused.status_code == 200
    assert any("食堂.jpg" in str(m) for m in refused.context["messages"])
    token = refused.context["adminform"].form["kept_photo"].value()
    assert token and not Article.objects.get(pk=article.pk).photo
    assert editor.post(url, data | {"kept_photo": token}).status_code == 302
    article.refresh_from_db()
    assert article.photo.name.endswith(".jpg") and article.photo_width == 1200  # cleaned, turned


@pytest.mark.parametrize("token", ["kept-uploads/x.jpg", "e30:1tamper:forged", ""])
def test_a_kept_photo_is_only_one_the_site_signed(client, members, media, token):
    (media / "kept-uploads").mkdir()
    (media / "kept-uploads" / "x.jpg").write_bytes(camera_jpeg().read())
    editor = client_of(client, members[EDITOR])
    article = make_article(status=ArticleStatus.DRAFT)
    url = admin_url(Article, "change", article.pk)
    assert editor.post(url, article_form_data(article) | {"kept_photo": token}).status_code == 302
    article.refresh_from_db()
    assert not article.photo


def test_a_kept_photo_is_honoured_for_a_day(media, monkeypatch):
    (media / "kept-uploads").mkdir()
    (media / "kept-uploads" / "x.jpg").write_bytes(camera_jpeg().read())
    token = signing.dumps(["kept-uploads/x.jpg", "食堂.jpg"], salt=kept_uploads.SALT)
    assert kept_uploads.kept_upload(token).name == "食堂.jpg"
    later = time.time() + kept_uploads.KEPT_UPLOAD_MAX_AGE + 1
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert kept_uploads.kept_upload(token) is None


def test_kept_photos_no_name_reaches_any_more_are_swept_when_another_is_kept(
    client, members, media
):
    """The folder holds a day's refusals at most: keeping a photo deletes those kept longer
    ago than a name is honoured, and no younger one."""
    folder = media / "kept-uploads"
    folder.mkdir()
    stale, fresh = folder / "stale.jpg", folder / "fresh.jpg"
    for path in (stale, fresh):
        path.write_bytes(b"x")
    day_and_a_second = time.time() - kept_uploads.KEPT_UPLOAD_MAX_AGE - 1
    os.utime(stale, (day_and_a_second, day_and_a_second))
    almost_a_day = time.time() - kept_uploads.KEPT_UPLOAD_MAX_AGE + 60
    os.utime(fresh, (almost_a_day, almost_a_day))
    article = make_article(status=ArticleStatus.DRAFT)
    data = article_form_data(article, title="", photo_alt="图")

    refused = client_of(client, members[EDITOR]).post(
        admin_url(Article, "change", article.pk), data | {"photo": camera_jpeg("新.jpg")}
    )

    assert refused.status_code == 200
    kept = {path.name for path in folder.iterdir()}
    assert "stale.jpg" not in kept and "fresh.jpg" in kept and len(kept) == 2


def test_the_sweep_deletes_stale_kept_files_on_object_storage(monkeypatch, settings):
    """Production keeps media in S3-compatible storage when AWS_STORAGE_BUCKET_NAME is set
    (django-storages' S3Storage). An object store has no folders: a HEAD of the folder's
    key is a 404, which the sweep must not take for an empty folder. The S3 API is answered
    here from memory, as S3 answers, through S3Storage itself."""
    from botocore.exceptions import ClientError
    from storages.backends.s3 import S3Storage

    now = timezone.now()
    stale = now - datetime.timedelta(seconds=kept_uploads.KEPT_UPLOAD_MAX_AGE + 60)
    objects = {"kept-uploads/stale.jpg": stale, "kept-uploads/fresh.jpg": now}

    def s3(operation, params):
        key = params.get("Key")
        if operation == "HeadObject":
            if key not in objects:  # a prefix is no object
                raise ClientError(
                    {"Error": {"Code": "404"}, "ResponseMetadata": {"HTTPStatusCode": 404}},
                    operation,
                )
            return {"LastModified": objects[key], "ContentLength": 1}
        if operation == "ListObjects":
            prefix = params.get("Prefix", "")
            contents = [
                {"Key": name, "LastModified": at, "Size": 1}
                for name, at in objects.items()
                if name.startswith(prefix) and "/" not in name[len(prefix) :]
            ]
            return {"Contents": contents, "CommonPrefixes": [], "IsTruncated": False}
        if operation == "DeleteObject":
            objects.pop(key, None)
            return {}
        raise AssertionError(f"unexpected S3 call {operation}")

    storage = S3Storage(
        bucket_name="newsroom-media",
        access_key="test",
        secret_key="test",
        region_name="us-east-1",
        querystring_auth=False,
        file_overwrite=False,
    )
    monkeypatch.setattr(storage.connection.meta.client, "_make_api_call", s3)
    monkeypatch.setattr(kept_uploads, "default_storage", storage)
    assert storage.listdir("kept-uploads")[1] == ["stale.jpg", "fresh.jpg"]  # the fake answers

    swept = kept_uploads.sweep()

    assert (swept, sorted(objects)) == (1, ["kept-uploads/fresh.jpg"])
