"""The pool: an article filed in no issue waits there until make-up places it, and is never
public until then, whichever way it is saved, moved or stepped through the workflow."""

import pytest
from django.contrib.auth.models import Permission, User
from django.db import IntegrityError, transaction
from django.urls import reverse

from articles.models import Article, ArticleStatus, Issue, IssueStatus, Page, Section
from articles.workflow import publish_issue, transition
from events.models import Performance, Programme

from .factories import make_article, make_issue, make_member
from .helpers import (
    CHIEF,
    EDITOR,
    REPORTER,
    admin_front_page,
    admin_url,
    article_form_data,
    assert_saved,
    client_of,
    dashboard_panel,
    issue_form_data,
    messages_of,
    plan_of,
    reader_pages,
    revert_as,
    run_action,
    version_url,
)
from .seed_expectations import SEED_TEXT

pytestmark = pytest.mark.django_db


def pool_article(title="稿库里的稿", status=ArticleStatus.DRAFT, **values) -> Article:
    section = values.pop("section", None) or Section.objects.get(slug="community-news")
    return Article.objects.create(
        title=title, section=section, status=status, body="<p>正文。</p>", **values
    )


def form_errors(response) -> dict:
    return response.context["adminform"].form.errors


def test_a_reporter_files_an_article_to_the_pool(client, members):
    reporter = members[REPORTER]
    template = make_article(status=ArticleStatus.DRAFT)
    data = article_form_data(template, title="没有期次的稿", issue="", position="")
    data |= {"bylines-TOTAL_FORMS": 0, "bylines-INITIAL_FORMS": 0}

    assert_saved(client_of(client, reporter).post(admin_url(Article, "add"), data))

    filed = Article.objects.get(title="没有期次的稿")
    assert (filed.issue, filed.position, filed.created_by) == (None, None, reporter)
    listed = client.get(admin_url(Article, "changelist") + "?placed=no")
    assert [a.title for a in listed.context["cl"].result_list] == ["没有期次的稿"]
    assert "In the pool" in listed.content.decode()


def test_an_article_given_an_issue_and_no_position_takes_the_next_after_the_last(english):
    issue = make_issue()
    make_article(issue=issue, position=1)
    make_article(issue=issue, position=7)
    article = pool_article()

    assert_saved(
        english.post(
            admin_url(Article, "change", article.pk),
            article_form_data(article, issue=issue.pk, position=""),
        )
    )

    article.refresh_from_db()
    assert (article.issue, article.position) == (issue, 8)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"position": 3}, "position", "An article in no issue has no position: choose its issue."),
        ({"page": "page"}, "page", "An article in no issue is on no printed page."),
    ],
)
def test_an_article_in_no_issue_has_no_position_nor_page(english, changes, field, message):
    article = make_article(status=ArticleStatus.DRAFT)
    page = Page.objects.create(issue=article.issue, number=1, name="要闻")
    changes = {key: page.pk if value == "page" else value for key, value in changes.items()}
    data = article_form_data(article, issue="", position="") | changes

    response = english.post(admin_url(Article, "change", article.pk), data)

    assert form_errors(response)[field] == [message]
    article.refresh_from_db()
    assert article.issue is not None


@pytest.mark.parametrize("status", [ArticleStatus.PUBLISHED, ArticleStatus.WITHDRAWN])
def test_a_public_article_cannot_leave_its_issue(english, status):
    article = make_article(status=status, withdrawal_notice="撤稿。")
    data = article_form_data(article, issue="", position="", page="")

    response = english.post(admin_url(Article, "change", article.pk), data)

    assert form_errors(response)["issue"] == [
        "A published or withdrawn article stays in its issue."
    ]
    article.refresh_from_db()
    assert article.issue is not None


def test_an_imported_article_stays_in_its_issue(english, imported_seed):
    article = Article.objects.exclude(source_page=None).first()
    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.DRAFT)
    article.refresh_from_db()

    response = english.post(
        admin_url(Article, "change", article.pk),
        article_form_data(article, issue="", position="", page=""),
    )

    assert form_errors(response)["issue"] == [
        "The article was imported as printed in its issue: it stays there."
    ]


def test_a_revert_to_a_version_in_the_pool_does_not_unplace_a_published_article(client):
    """Filed to the pool, placed, published: its first version, without an issue, restored
    through the history's revert form keeps it in its issue."""
    article = pool_article(title="先入稿库")
    filed = article.history.latest()
    article.issue, article.position, article.status = make_issue(), 1, ArticleStatus.APPROVED
    article.save()
    transition(article, "publish", make_member(EDITOR))

    response = revert_as(client, make_member(EDITOR), article, filed, page="")

    assert form_errors(response)["issue"] == [
        "A published or withdrawn article stays in its issue."
    ]
    article.refresh_from_db()
    assert (article.status, article.position) == (ArticleStatus.PUBLISHED, 1)


@pytest.mark.parametrize(
    "change",
    [
        {"status": ArticleStatus.PUBLISHED},
        {"status": ArticleStatus.WITHDRAWN},
        {"position": 1},
    ],
)
def test_the_database_refuses_a_public_or_positioned_article_in_no_issue(change):
    """Below every form: a bulk update cannot make a pool article public or give it a place."""
    article = pool_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(**change)


def test_the_database_refuses_a_placed_article_without_a_position():
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(position=None)


def test_an_article_in_the_pool_is_approved_but_not_published(members):
    article = pool_article(status=ArticleStatus.SUBMITTED)
    transition(article, "approve", members[EDITOR])

    with pytest.raises(Exception, match="is in no issue: place it in an issue before publishing"):
        transition(article, "publish", members[CHIEF])

    article.refresh_from_db()
    assert article.status == ArticleStatus.APPROVED
    assert [c.to_state for c in article.state_changes.all()] == [ArticleStatus.APPROVED]


def test_the_publish_action_says_why_an_article_in_the_pool_is_not_published(client, members):
    article = pool_article(status=ArticleStatus.APPROVED)

    response = run_action(client_of(client, members[CHIEF]), Article, "publish", [article])

    assert "“稿库里的稿” is in no issue: place it in an issue before publishing." in (
        messages_of(response)
    )
    article.refresh_from_db()
    assert article.status == ArticleStatus.APPROVED


def test_readers_never_meet_an_article_of_the_pool(client):
    article = pool_article(title="稿库独家", status=ArticleStatus.APPROVED)
    make_article(title="已见报")
    for url, response in reader_pages(client).items():
        assert "稿库独家" not in response.content.decode(), url
    assert client.get(article.get_absolute_url()).status_code == 404


def test_an_article_of_the_pool_is_previewed_without_an_issue(client, members):
    article = pool_article(title="预览稿库", created_by=members[REPORTER])

    preview = client_of(client, members[REPORTER]).get(
        reverse("articles:preview", args=[article.pk])
    )

    assert preview.status_code == 200
    page = preview.content.decode()
    assert "预览稿库" in page and "In no issue yet" in page and "The whole issue" not in page


def test_make_up_places_articles_of_the_pool_after_the_issues_last(client, members):
    issue = make_issue(status=IssueStatus.DRAFT)
    make_article(issue=issue, position=1, status=ArticleStatus.DRAFT)
    first, second = pool_article("先到的稿"), pool_article("后到的稿")
    left_alone = pool_article("不选的稿")
    editor = client_of(client, members[EDITOR])
    offered = editor.get(admin_url(Issue, "change", issue.pk)).context["adminform"].form
    assert {a.title for a in offered.fields["from_pool"].queryset} >= {"先到的稿", "不选的稿"}

    response = editor.post(
        admin_url(Issue, "change", issue.pk),
        issue_form_data(issue, from_pool=[second.pk, first.pk]),
    )

    assert_saved(response)
    assert "Placed in this issue from the pool: 《先到的稿》、《后到的稿》." in messages_of(
        response
    )
    placed = {a.title: (a.issue, a.position, a.version) for a in Article.objects.all()}
    assert placed["先到的稿"] == (issue, 2, 2) and placed["后到的稿"] == (issue, 3, 2)
    assert placed["不选的稿"][:2] == (None, None)
    left_alone.refresh_from_db()
    assert left_alone.version == 1


def test_an_article_placed_meanwhile_by_another_stays_where_they_put_it(client, members):
    issue, other = make_issue(status=IssueStatus.DRAFT), make_issue(status=IssueStatus.DRAFT)
    article = pool_article("抢先编排的稿")
    editor = client_of(client, members[EDITOR])
    data = issue_form_data(issue, from_pool=[article.pk])
    form = editor.get(admin_url(Issue, "change", issue.pk)).context["adminform"].form
    assert article in form.fields["from_pool"].queryset
    Article.objects.filter(pk=article.pk).update(issue=other, position=5)

    response = editor.post(admin_url(Issue, "change", issue.pk), data)

    article.refresh_from_db()
    assert (article.issue, article.position) == (other, 5)
    assert response.context["adminform"].form.errors["from_pool"] == [
        "An article ticked is no longer in the pool: someone placed it meanwhile."
    ]


def test_only_who_makes_issues_up_draws_from_the_pool(client):
    """A member who may change issues but not edit every article sees no pool on an issue's
    form, and a post naming it places nothing (a declared field is on the form whatever the
    page shows)."""
    member = User.objects.create_user("issues-only", is_staff=True)
    member.user_permissions.set(
        Permission.objects.filter(codename__in=["view_issue", "change_issue"])
    )
    issue = make_issue(status=IssueStatus.DRAFT)
    article = pool_article()
    member_client = client_of(client, member)
    page = member_client.get(admin_url(Issue, "change", issue.pk))
    assert "from_pool" not in page.context["adminform"].form.fields

    data = issue_form_data(issue, from_pool=[article.pk])
    data.pop("status"), data.pop("published_at_0"), data.pop("published_at_1")
    assert_saved(member_client.post(admin_url(Issue, "change", issue.pk), data))

    article.refresh_from_db()
    assert article.issue is None


def test_an_issue_published_whole_leaves_the_pool_alone(members):
    issue = make_issue(status=IssueStatus.DRAFT)
    make_article(issue=issue, position=1, status=ArticleStatus.APPROVED)
    article = pool_article(status=ArticleStatus.APPROVED)

    assert publish_issue(issue, members[CHIEF]) == 1

    article.refresh_from_db()
    assert (article.issue, article.status) == (None, ArticleStatus.APPROVED)


def test_editors_find_the_pool_on_their_front_page(client, members):
    pool_article("待编排一", status=ArticleStatus.SUBMITTED)
    pool_article("待编排二", status=ArticleStatus.APPROVED)
    make_article(title="已编排", status=ArticleStatus.APPROVED)

    pool = dashboard_panel(admin_front_page(client, members[EDITOR]), "pool")

    assert "待编排一" in pool and "待编排二" in pool and "已编排" not in pool


def makeup_row(n, section, **values) -> dict:
    """Row ``n`` of an issue's make-up, a new article typed in."""
    row = {"title": f"新稿{n}", "page": "", "section": section.pk, "kind": "news", "column": ""}
    return {f"articles-{n}-{name}": value for name, value in (row | values).items()}


def test_make_up_rows_each_need_their_position(client, members):
    """Make-up decides the places: a row left without one is refused, not given the place
    after the last (two such rows would take the same)."""
    issue = make_issue(status=IssueStatus.DRAFT)
    for n in (1, 2, 3):
        make_article(issue=issue, position=n, status=ArticleStatus.DRAFT)
    section = Section.objects.get(slug="community-news")
    data = issue_form_data(issue) | {"articles-0-position": "", "articles-1-position": ""}
    data |= makeup_row(3, section, issue=issue.pk, position="") | {"articles-TOTAL_FORMS": 4}

    response = client_of(client, members[EDITOR]).post(admin_url(Issue, "change", issue.pk), data)

    formset = response.context["inline_admin_formsets"][0].formset
    assert [form.errors.get("position") for form in formset.forms] == [
        ["This field is required."],
        ["This field is required."],
        None,
        ["This field is required."],
    ]
    assert list(issue.articles.values_list("position", flat=True)) == [1, 2, 3]


def test_a_new_issue_is_made_up_with_its_articles_on_its_add_form(client, members):
    """While the add form is checked the issue is not saved yet: its rows are in it, not
    in the pool."""
    section = Section.objects.get(slug="community-news")
    data = {"date": "2022-10-01", "number": "", "lead": ""}
    for prefix, total in (("articles", 1), ("pages", 0), ("import_warnings", 0)):
        data |= {f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": 0}
    data |= makeup_row(0, section, title="新一期的头条", position=1)

    assert_saved(client_of(client, members[EDITOR]).post(admin_url(Issue, "add"), data))

    issue = Issue.objects.get(date="2022-10-01")
    assert list(issue.articles.values_list("title", "position")) == [("新一期的头条", 1)]


def test_an_issues_revert_form_offers_no_pool(client, members):
    """A revert restores the issue and saves no more: the pool ticked there would be
    dropped, so it is not offered."""
    editor = client_of(client, members[EDITOR])
    issue = make_issue(status=IssueStatus.DRAFT)
    assert_saved(
        editor.post(admin_url(Issue, "change", issue.pk), issue_form_data(issue, number=7))
    )
    pool_article()

    revert = editor.get(version_url(issue, issue.history.earliest()))

    assert "from_pool" not in revert.context["adminform"].form.fields
    assert (
        "from_pool"
        in editor.get(admin_url(Issue, "change", issue.pk)).context["adminform"].form.fields
    )


def test_an_import_names_an_evening_announced_by_an_article_of_the_pool(client, members):
    """The theatre's editors may point an evening at an article still in the pool; an
    import that prints the evening names that article, with no issue to date it."""
    filed = pool_article(
        "节目单稿库", section=Section.objects.get(slug="theatre"), kind="programme"
    )
    added = client_of(client, members[EDITOR]).post(
        admin_url(Performance, "add"),
        {
            "programme": Programme.objects.get(name="解放小剧场").pk,
            "date": "2022-09-03",
            "time": "",
            "article": filed.pk,
            "acts-TOTAL_FORMS": 0,
            "acts-INITIAL_FORMS": 0,
        },
    )
    assert added.status_code == 302

    plan = plan_of(SEED_TEXT)

    reasons = [
        reason
        for article in plan.articles
        for performance in article.performances
        for reason in performance.reasons
    ]
    assert any(reason.detail == "“节目单稿库”" for reason in reasons), reasons
