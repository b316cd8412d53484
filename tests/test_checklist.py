"""The issue's checklist before publishing: each problem found, and gone once fixed."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from articles.checklist import issue_checklist
from articles.models import Article, ArticleStatus, ImportWarning, Issue, IssueStatus, Series
from events.models import Programme

from .factories import (
    add_byline,
    make_article,
    make_author,
    make_issue,
    make_member,
    make_performance,
)
from .helpers import admin_url, issue_form_data, run_action
from .seed_expectations import SEED

pytestmark = pytest.mark.django_db

SEED_DATE = "2022-08-25"


def found(issue) -> list[tuple[str, int | None]]:
    """The checklist as (kind, article position) pairs, in its order."""
    return [
        (problem.kind, problem.article.position if problem.article else None)
        for problem in issue_checklist(issue)
    ]


def signed_article(**overrides) -> Article:
    article = make_article(**overrides)
    add_byline(article, make_author())
    return article


# Each problem --------------------------------------------------------------------------------


def test_a_signed_news_article_leaves_the_checklist_empty():
    article = signed_article()
    assert found(article.issue) == []


def test_photo_news_without_a_photo_until_one_is_uploaded():
    article = signed_article(kind=Article.Kind.PHOTO, photo_alt="两名志愿者擦拭宣传栏")
    assert found(article.issue) == [("photo-missing", article.position)]
    article.photo = "photos/2022/08/volunteers.jpg"
    article.save()
    assert found(article.issue) == []


def test_a_photo_without_alt_text_until_it_has_some():
    article = signed_article(kind=Article.Kind.PHOTO, photo="photos/2022/08/volunteers.jpg")
    assert found(article.issue) == [("alt-text-missing", article.position)]
    article.photo_alt = "   "  # blanks say nothing to a reader who cannot see the photo
    article.save()
    assert found(article.issue) == [("alt-text-missing", article.position)]
    article.photo_alt = "两名志愿者擦拭宣传栏"
    article.save()
    assert found(article.issue) == []


def test_an_article_without_byline_until_it_is_signed():
    article = make_article()
    assert found(article.issue) == [("byline-missing", article.position)]
    add_byline(article, make_author())
    assert found(article.issue) == []


def test_a_programme_needs_no_byline():
    article = make_article(kind=Article.Kind.PROGRAMME, section_slug="theatre")
    assert found(article.issue) == []


def test_an_unresolved_import_warning_until_it_is_resolved():
    article = signed_article()
    warning = ImportWarning.objects.create(
        issue=article.issue, article=article, position=article.position, kind="x", text="重复"
    )
    outside = ImportWarning.objects.create(
        issue=article.issue, position=0, kind="text-outside-article", text="扫一扫"
    )
    assert found(article.issue) == [("import-warning", None), ("import-warning", article.position)]
    for row in (warning, outside):
        row.mark(True, make_member("编辑"))
        row.save()
    assert found(article.issue) == []


def test_a_series_number_whose_predecessor_never_appeared():
    series = Series.objects.create(name="解放区优化营商环境系列评论")
    signed_article(series=series, series_number=1)
    fourth = signed_article(series=series, series_number=4)
    assert found(fourth.issue) == [("series-gap", fourth.position)]
    with translation.override("en"):
        [problem] = issue_checklist(fourth.issue)
    assert "No. 2、3" in problem.message
    signed_article(series=series, series_number=2, status=ArticleStatus.DRAFT)
    signed_article(
        series=series, series_number=3, status=ArticleStatus.DRAFT
    )  # a later issue also counts
    assert found(fourth.issue) == []


def test_a_series_that_starts_at_one_has_no_gap_and_each_series_is_counted_alone():
    first, other = (Series.objects.create(name=name) for name in ("甲系列", "乙系列"))
    issue = make_issue()
    signed_article(issue=issue, series=first, series_number=1)
    signed_article(issue=issue, series=first, series_number=2)
    signed_article(series=other, series_number=1)
    gap = signed_article(issue=issue, series=other, series_number=3)
    assert found(issue) == [("series-gap", gap.position)]


def test_the_checklist_reads_a_fixed_number_of_queries(django_assert_max_num_queries):
    def issue_of(count):
        issue = make_issue()
        series = Series.objects.get_or_create(name="系列")[0]
        for n in range(count):
            make_article(issue=issue, kind=Article.Kind.PHOTO, series=series, series_number=n + 2)
            ImportWarning.objects.create(issue=issue, position=n + 1, kind="k", text=str(n))
        return issue

    small, large = issue_of(2), issue_of(25)
    # articles, warnings, the series' numbers, the theatre's venues
    with django_assert_max_num_queries(4):
        assert len(issue_checklist(small)) == 2 * 3 + 1
    with django_assert_max_num_queries(4):
        assert len(issue_checklist(large)) == 25 * 3 + 1


# The seed ------------------------------------------------------------------------------------


@pytest.fixture
def seed_issue(imported_seed) -> Issue:
    return Issue.objects.get(date=SEED_DATE)


def test_the_seed_import_stores_its_duplicate_text_warnings(seed_issue):
    commentary = seed_issue.articles.get(position=6)
    warnings = list(seed_issue.import_warnings.values_list("article", "kind", "resolved"))
    assert warnings == [(commentary.pk, "duplicate-text", False)] * 2


def test_the_seed_checklist(seed_issue):
    assert found(seed_issue) == [
        ("photo-missing", 3),  # the text has the caption, not the picture
        ("byline-missing", 3),
        ("import-warning", 6),
        ("import-warning", 6),
        ("series-gap", 6),  # ④ printed, ①–③ before the archive begins
        ("venue-address-missing", 9),  # not in print, and not invented
    ]


def resolve_in_admin(client, issue, warning):
    warnings = list(issue.import_warnings.all())
    data = issue_form_data(issue, resolved={warning.pk})
    response = client.post(admin_url(Issue, "change", issue.pk), data)
    assert response.status_code == 302, response.context and [
        inline.formset.errors for inline in response.context["inline_admin_formsets"]
    ]
    return warnings


def test_resolving_a_warning_in_the_issue_page_takes_it_off_the_checklist(client, seed_issue):
    editor = make_member("编辑")
    client.force_login(editor)
    warning = seed_issue.import_warnings.first()
    resolve_in_admin(client, seed_issue, warning)
    warning.refresh_from_db()
    assert (warning.resolved, warning.resolved_by) == (True, editor)
    assert warning.resolved_at is not None
    assert found(seed_issue).count(("import-warning", 6)) == 1


def test_a_resolved_warning_stays_resolved_when_the_issue_is_imported_again(
    client, seed_issue, tmp_path
):
    client.force_login(make_member("编辑"))
    resolved, other = seed_issue.import_warnings.all()
    resolve_in_admin(client, seed_issue, resolved)
    corrected = tmp_path / SEED.name
    text = SEED.read_text(encoding="utf-8-sig")
    corrected.write_text(text.replace(other.text, "改正后的文字", 1), encoding="utf-8")
    call_command("import_issue", str(corrected), "--date", SEED_DATE, stdout=StringIO())
    kept = list(seed_issue.import_warnings.values_list("pk", "resolved"))
    assert kept == [(resolved.pk, True)]  # the other was mended in the text: gone


def test_the_issue_page_shows_the_warnings_and_the_checklist_with_links(client, seed_issue):
    client.force_login(make_member("编辑"))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.get(admin_url(Issue, "change", seed_issue.pk))
    html = response.content.decode()
    [warnings] = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is ImportWarning
    ]
    assert [form.instance.kind for form in warnings.forms] == ["duplicate-text"] * 2
    assert 'name="import_warnings-0-resolved"' in html
    start = html.index('id="issue-checklist"')
    checklist = html[start : html.index("</ul>", start)]
    assert "6 things to look at" in checklist
    assert (
        checklist.count("Import warning (a passage printed twice (check the column breaks))") == 2
    )
    assert "就往哪里流、项目就在哪里建、产业就在哪里兴" in checklist
    commentary = seed_issue.articles.get(position=6)
    assert reverse("admin:articles_article_change", args=[commentary.pk]) in checklist


# Publishing the whole issue -----------------------------------------------------------------


def test_publishing_an_issue_with_problems_shows_them_first(client, seed_issue):
    chief = make_member("总编辑")
    client.force_login(chief)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    Issue.objects.filter(pk=seed_issue.pk).update(status=IssueStatus.DRAFT)
    seed_issue.articles.update(status=ArticleStatus.DRAFT)

    response = run_action(client, Issue, "publish_with_articles", [seed_issue])

    assert response.status_code == 200
    assert "admin/articles/issue/publish_checklist.html" in [t.name for t in response.templates]
    assert "Photo news without a photo" in response.content.decode()
    # The issue's name heads its problems in the colour of the module's bar, not a link's.
    change = admin_url(Issue, "change", seed_issue.pk)
    assert f'<h2><a class="section" href="{change}">{seed_issue}</a></h2>' in (
        response.content.decode()
    )
    seed_issue.refresh_from_db()
    assert seed_issue.status == IssueStatus.DRAFT

    response = client.post(
        admin_url(Issue, "changelist"),
        {
            "action": "publish_with_articles",
            "_selected_action": [seed_issue.pk],
            "publish_anyway": "1",
        },
    )
    assert response.status_code == 302
    seed_issue.refresh_from_db()
    assert seed_issue.status == IssueStatus.PUBLISHED
    assert not seed_issue.articles.exclude(status=ArticleStatus.PUBLISHED).exists()


def test_an_editor_cannot_publish_anyway(client, seed_issue):
    client.force_login(make_member("编辑"))
    Issue.objects.filter(pk=seed_issue.pk).update(status=IssueStatus.DRAFT)
    response = client.post(
        admin_url(Issue, "changelist"),
        {
            "action": "publish_with_articles",
            "_selected_action": [seed_issue.pk],
            "publish_anyway": "1",
        },
    )
    assert response.status_code in (200, 302)
    seed_issue.refresh_from_db()
    assert seed_issue.status == IssueStatus.DRAFT


def test_a_reopened_warning_forgets_who_settled_it_and_when():
    article = signed_article()
    warning = ImportWarning.objects.create(
        issue=article.issue, article=article, position=article.position, kind="x", text="重复"
    )
    editor = make_member("编辑")
    warning.mark(True, editor)
    assert (warning.resolved, warning.resolved_by, warning.resolved_at is not None) == (
        True,
        editor,
        True,
    )
    warning.mark(False, editor)
    assert (warning.resolved, warning.resolved_by, warning.resolved_at) == (False, None, None)


def test_an_evening_at_a_venue_without_an_address_until_it_has_one():
    """The seed's venue has no address in print, and none is invented: the editor is told."""
    programme = signed_article(kind=Article.Kind.PROGRAMME)
    elsewhere = signed_article(issue=programme.issue, position=programme.position + 1)
    make_performance(article=programme)
    make_performance(article=programme)  # two evenings at one venue: said once
    assert found(programme.issue) == [("venue-address-missing", programme.position)]
    [problem] = issue_checklist(programme.issue)
    assert "解放小剧场" in problem.message

    Programme.objects.update(address="焦作市解放区民主路")
    assert found(programme.issue) == []
    assert found(elsewhere.issue) == []


@pytest.mark.parametrize("body", ["", "<p></p>", "<p>&nbsp;</p>\n<p> </p>", "<br>"])
def test_news_without_text_until_it_has_some(body):
    article = signed_article(body=body)
    commentary = signed_article(
        issue=article.issue, position=2, kind=Article.Kind.COMMENTARY, body=body
    )
    caption_only = signed_article(
        issue=article.issue,
        position=3,
        kind=Article.Kind.PHOTO,
        body=body,
        photo="photos/2022/08/volunteers.jpg",
        photo_alt="两名志愿者擦拭宣传栏",
    )
    assert found(article.issue) == [("body-empty", 1), ("body-empty", 2)]
    assert caption_only.pk  # a photo's caption may be all its text
    for written in (article, commentary):
        written.body = "<p>正文。</p>"
        written.save()
    assert found(article.issue) == []
