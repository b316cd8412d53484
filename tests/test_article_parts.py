"""The article's and the issue's own parts of their pages are kept between pages and never
shown older than what they show (``articles.parts``).

Each test compares the page served with the part kept to the same page with every part
forgotten, rendered from the rows as they are.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import models
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import parts
from articles.models import (
    Article,
    ArticlePart,
    ArticleStatus,
    Author,
    Byline,
    Column,
    Correction,
    Issue,
    IssuePart,
    IssueStatus,
    Page,
    Section,
    Series,
    publication_time,
)
from articles.workflow import transition
from events.models import Act, Performance, Performer
from events.services import merge_performers
from newsroom import release as release_module

from .factories import add_byline, make_article, make_author, make_issue
from .helpers import (
    WAYS_FROM_READERS,
    client_of,
    edit_as,
    every_field_edited,
    rendered_fresh,
    rows_read_rendering,
    take_from_readers,
)
from .seed_expectations import SEED

pytestmark = pytest.mark.django_db

LEAD, SERIES_COMMENTARY, PROGRAMME = 1, 6, 9  # positions in the seed issue
ISSUE = "/2022/8/25/"  # the seed issue's page
PARTS = (ArticlePart, IssuePart)


def page_of(position: int) -> str:
    return Article.objects.get(position=position).get_absolute_url()


def fresh(client, url) -> bytes:
    """The page rendered from the rows as they are: every kept part forgotten first."""
    return rendered_fresh(client, url, PARTS)


def rows_read_by_part(client, url) -> list[models.Model]:
    """Every row the page read while rendering its article's or issue's part (none was
    kept)."""
    return rows_read_rendering(client, url, PARTS)


@pytest.mark.parametrize("page", ["article", "issue"])
def test_the_page_shows_the_part_it_kept(client, imported_seed, page):
    """What the tests below hold matters: a kept part is what the next page shows."""
    url = page_of(LEAD) if page == "article" else ISSUE
    client.get(url)
    for model in PARTS:
        model.objects.update(page="<p>kept part</p>")

    assert "<p>kept part</p>" in client.get(url).content.decode()
    assert "<p>kept part</p>" not in fresh(client, url).decode()


def test_a_preview_shows_the_article_as_it_stands_not_a_kept_part(client, imported_seed, members):
    url = page_of(LEAD)
    client.get(url)
    client.get(url, headers={"accept-language": "en"})
    ArticlePart.objects.update(page="<p>kept part</p>")
    lead = Article.objects.get(position=LEAD)

    client.get(ISSUE)
    IssuePart.objects.update(page="<p>kept part</p>")
    editor = client_of(Client(), members["编辑"])

    for preview in (
        editor.get(reverse("articles:preview", args=[lead.pk])),
        editor.get(reverse("articles:issue_preview", args=[lead.issue_id])),
    ):
        assert preview.status_code == 200
        assert "<p>kept part</p>" not in preview.content.decode()
        assert lead.title in preview.content.decode()


def test_every_model_a_part_shows_is_declared(client, imported_seed):
    """A template that shows a new relation fails here until its model is declared."""
    read = {
        type(row)
        for position in (LEAD, SERIES_COMMENTARY, PROGRAMME)
        for row in rows_read_by_part(client, page_of(position))
    }
    assert {Article, Author, Byline, Performance, Act, Performer} <= read
    assert read <= set(parts.paths_to), read - set(parts.paths_to)

    read = {type(row) for row in rows_read_by_part(client, ISSUE)}
    declared = {*parts.paths_to, *parts.issue_paths_to}
    assert {Issue, Page, Article, Author, Byline, Performance, Act, Performer} <= read
    assert read <= declared, read - declared


@pytest.mark.parametrize("position", [LEAD, SERIES_COMMENTARY, PROGRAMME, "issue"])
def test_an_edit_of_any_field_of_any_row_a_part_shows_is_on_the_next_page(
    client, imported_seed, position
):
    url = ISSUE if position == "issue" else page_of(position)
    checked = 0
    for edit in every_field_edited(client, url, rows_read_by_part(client, url)):
        checked += 1
        assert client.get(url).content == fresh(client, url), edit
    assert checked > 10


def nav_of(page: str) -> str:
    return page[page.index('<nav class="site-nav"') : page.index("</nav>")]


@pytest.mark.parametrize("page", ["article", "issue"])
@pytest.mark.parametrize("change", ["added", "renamed", "moved", "deleted"])
def test_a_kept_page_lists_the_sections_as_they_are(client, imported_seed, change, page):
    """The site's navigation is kept with every page: a section added, renamed, moved or
    deleted is on every one of them, whichever section the article is in."""
    empty = Section.objects.create(name="体育", slug="sport", position=90)
    url = page_of(LEAD) if page == "article" else ISSUE
    first = nav_of(client.get(url).content.decode())  # kept
    lead_section = Article.objects.get(position=LEAD).section
    other = Section.objects.exclude(pk__in=[lead_section.pk, empty.pk]).first()
    if change == "added":
        Section.objects.create(name="文化", slug="culture", position=95)
    elif change == "renamed":
        other.name = "民生"
        other.save()
    elif change == "moved":
        other.position = 99
        other.save()
    else:
        empty.delete()

    served = nav_of(client.get(url).content.decode())
    assert served != first
    assert served == nav_of(fresh(client, url).decode())


@pytest.mark.parametrize("way", WAYS_FROM_READERS)
def test_a_kept_page_is_served_only_while_what_it_shows_is_readable(
    client, imported_seed, members, way, django_capture_on_commit_callbacks
):
    """A kept page is served without asking the publication rule again: whatever takes its
    article from readers moves on its page and its issue's, so that the rule is asked on
    the next request."""
    lead = Article.objects.get(position=LEAD)
    url = lead.get_absolute_url()
    for language in ("zh-hans", "en"):
        for page in (url, ISSUE):
            assert (
                lead.title
                in client.get(page, headers={"accept-language": language}).content.decode()
            )
    with django_capture_on_commit_callbacks(execute=True):
        take_from_readers(way, lead, members["总编辑"])

    for language in ("zh-hans", "en"):
        response = client.get(url, headers={"accept-language": language})
        assert response.status_code == 404, language
        assert lead.title not in response.content.decode()
        issue = client.get(ISSUE, headers={"accept-language": language})
        assert issue.status_code in (200, 302), language  # gone, when the issue is
        assert lead.title not in issue.content.decode()


def issues_around(page: str) -> str:
    return page[page.index('<nav class="prev-next"') :]


def reorder_issues(way: str, before, after, issue) -> None:
    """Change which published issues are around ``issue`` (``before`` and ``after`` it)
    ``way``, as the newsroom would."""
    if way == "an issue published between":
        make_issue(date=issue.date + datetime.timedelta(days=1))
    elif way == "the next one unpublished":
        after.status = IssueStatus.DRAFT
        after.save(update_fields=["status", "updated"])
    elif way == "the one before moved":
        before.date -= datetime.timedelta(days=5)
        before.save()
    else:
        after.delete()


@pytest.mark.parametrize(
    "way",
    [
        "an issue published between",
        "the next one unpublished",
        "the one before moved",
        "the next one deleted",
        "another published when its time comes",
    ],
)
def test_a_kept_issue_page_links_the_issues_around_it_as_they_are(
    client, imported_seed, way, monkeypatch
):
    issue = Issue.objects.get()
    before = make_issue(date=issue.date - datetime.timedelta(days=3))
    after = make_issue(date=issue.date + datetime.timedelta(days=7))
    if way == "another published when its time comes":
        ahead = timezone.now() + datetime.timedelta(hours=1)
        make_issue(date=issue.date + datetime.timedelta(days=2), published_at=ahead)
        first = issues_around(client.get(ISSUE).content.decode())  # kept
        monkeypatch.setattr(timezone, "now", lambda: ahead + datetime.timedelta(seconds=1))
    else:
        first = issues_around(client.get(ISSUE).content.decode())  # kept
        reorder_issues(way, before, after, issue)

    served = issues_around(client.get(ISSUE).content.decode())
    assert served != first
    assert served == issues_around(fresh(client, ISSUE).decode())


def test_an_issue_page_saved_without_a_new_place_leaves_the_other_issues_kept(
    client, imported_seed
):
    """An issue's page links the issues around it by date: saving another's text or pages
    leaves the kept pages of the others as they are."""
    issue = Issue.objects.get()
    other = make_issue(date=issue.date + datetime.timedelta(days=7))
    client.get(ISSUE)  # kept
    kept = IssuePart.objects.get(issue=issue).edition

    other.number = 1300
    other.save()
    other.save(update_fields=["number"])

    assert IssuePart.objects.get(issue=issue).edition == kept


def test_a_reader_sent_to_the_issue_before_reads_why_there_and_only_there(client, imported_seed):
    """The note of a day without an issue is for the reader who asked for that day: the issue
    page is rendered for them, and the kept page stays without it."""
    client.get(ISSUE)  # kept
    missed = client.get("/2022/8/26/", follow=True)

    assert missed.redirect_chain[-1][0] == ISSUE
    assert "这是它之前的一期" in missed.content.decode()
    again = client.get(ISSUE).content.decode()
    assert 'class="messages"' not in again
    assert again == Client().get(ISSUE).content.decode()


def test_a_kept_article_page_sends_a_reader_changing_language_back_to_the_article(
    client, imported_seed, members
):
    """The language form's way back is the article's address, not the request's: the page
    is kept whole for every reader. A preview's goes back to the preview."""
    url = page_of(LEAD)
    client.get(f"{url}?utm_source=feed")  # rendered and kept while read with a query
    for read in (client.get(url), client.get(f"{url}?from=elsewhere")):
        assert f'name="next" type="hidden" value="{url}"' in read.content.decode()

    preview_url = reverse("articles:preview", args=[Article.objects.get(position=LEAD).pk])
    preview = client_of(Client(), members["编辑"]).get(preview_url)
    assert f'name="next" type="hidden" value="{preview_url}"' in preview.content.decode()


def test_rows_added_to_and_removed_from_a_part_are_on_the_next_page(client, imported_seed, now):
    lead = Article.objects.get(position=LEAD)
    url = lead.get_absolute_url()
    programme = Article.objects.get(position=PROGRAMME)
    stranger = Author.objects.create(name="新来者", slug="xin-lai-zhe")
    changes = [
        lambda: Correction.objects.create(article=lead, text="更正：签约项目为二十三个。"),
        lambda: Byline.objects.create(article=lead, author=stranger, role="reporter", order=9),
        lambda: Byline.objects.filter(article=lead, author=stranger).delete(),
        lambda: lead.corrections.all().delete(),
    ]
    for change in changes:
        client.get(url)
        client.get(ISSUE)
        change()
        assert client.get(url).content == fresh(client, url)
        assert client.get(ISSUE).content == fresh(client, ISSUE)

    url = programme.get_absolute_url()
    act = Act.objects.filter(performance__article=programme).first()
    changes = [
        lambda: act.set_performers([Performer.objects.create(name="新演员", slug="xin-yan-yuan")]),
        lambda: Act.objects.create(performance=act.performance, piece=act.piece, order=99),
        lambda: Act.objects.get(order=99).set_performers(Performer.objects.all()[:2]),
        lambda: Act.objects.filter(order=99).delete(),
        lambda: unlinked(Performance.objects.filter(article=programme).first()),
    ]
    for change in changes:
        client.get(url)
        client.get(ISSUE)
        change()
        assert client.get(url).content == fresh(client, url)
        assert client.get(ISSUE).content == fresh(client, ISSUE)


def test_a_byline_moved_to_another_article_leaves_the_first_page(client, imported_seed):
    lead, commentary = (Article.objects.get(position=p) for p in (LEAD, SERIES_COMMENTARY))
    byline = Byline.objects.create(
        article=lead, author=Author.objects.create(name="新来者"), role="reporter", order=9
    )
    client.get(lead.get_absolute_url())
    client.get(commentary.get_absolute_url())

    byline.article = commentary
    byline.save()

    for url in (lead.get_absolute_url(), commentary.get_absolute_url()):
        assert client.get(url).content == fresh(client, url)
    assert "新来者" not in client.get(lead.get_absolute_url()).content.decode()


def unlinked(performance):
    """The evening no longer counts as announced by its article (an editor's change)."""
    performance.article = None
    performance.save()


def test_performers_merged_are_on_the_next_page(client, imported_seed):
    url = page_of(PROGRAMME)
    billed = Performer.objects.filter(credits__act__performance__article__position=PROGRAMME)
    kept, merged = billed.distinct()[:2]
    client.get(url)

    merge_performers(kept, [merged])

    assert client.get(url).content == fresh(client, url)


def test_a_correction_due_later_is_shown_from_its_time(client, imported_seed, monkeypatch):
    lead = Article.objects.get(position=LEAD)
    url = lead.get_absolute_url()
    due = timezone.now() + datetime.timedelta(hours=1)
    Correction.objects.create(article=lead, text="更正：签约项目为二十三个。", published_at=due)
    assert "二十三个" not in client.get(url).content.decode()
    assert "二十三个" not in client.get(url).content.decode()  # from the kept part

    monkeypatch.setattr(timezone, "now", lambda: due + datetime.timedelta(seconds=1))

    assert "二十三个" in client.get(url).content.decode()


def test_an_edit_moves_on_only_the_parts_that_show_it(client, imported_seed, members):
    """The seed's articles share an issue: each links to the others. Another day's article
    in another section, by someone else, is not moved by their edits."""
    elsewhere = make_article(title="另一天的消息")
    add_byline(elsewhere, make_author("别人"))
    pages = [*(Article.objects.filter(issue__date="2022-08-25")), elsewhere]
    for article in pages:
        client.get(article.get_absolute_url())

    def editions():
        return dict(ArticlePart.objects.values_list("article", "edition"))

    before = editions()
    lead = Article.objects.get(position=LEAD)
    edit_as(Client(), members["编辑"], lead, title="解放区项目签约仪式举行（更正）")
    moved = {pk for pk, edition in editions().items() if edition != before[pk]}
    assert moved == set(Article.objects.near(lead).values_list("pk", flat=True))
    assert elsewhere.pk not in moved and len(moved) == 9

    before = editions()
    Author.objects.filter(name="别人").get().save()
    moved = {pk for pk, edition in editions().items() if edition != before[pk]}
    assert moved == {elsewhere.pk}


@pytest.mark.parametrize(
    ("changes", "moves_links"),
    [
        ({"body": "<p>改过的正文。</p>"}, False),
        ({"dateline": "本报讯（改）", "subtitles": "新的副题"}, False),
        ({"title": "改过的标题"}, True),
        ({"position": 42}, True),
    ],
)
def test_an_edit_of_what_no_link_shows_moves_on_only_the_parts_that_print_it(
    client, imported_seed, members, changes, moves_links
):
    """The seed's articles all link to the lead (one issue): an edit of its body is on its
    own page and its issue's, and moves neither the others' parts nor, so, their pages."""
    lead = Article.objects.get(position=LEAD)
    for article in Article.objects.filter(issue=lead.issue):
        client.get(article.get_absolute_url())
    client.get(ISSUE)
    before = dict(ArticlePart.objects.values_list("article", "edition"))
    issue_edition = IssuePart.objects.get(issue=lead.issue, language="zh-hans").edition

    edit_as(Client(), members["编辑"], lead, **changes)

    after = dict(ArticlePart.objects.values_list("article", "edition"))
    moved = {pk for pk in before if after[pk] != before[pk]}
    near = set(Article.objects.near(lead).values_list("pk", flat=True))
    assert moved == (near if moves_links else {lead.pk})
    assert IssuePart.objects.get(issue=lead.issue, language="zh-hans").edition > issue_edition
    for url in (lead.get_absolute_url(), ISSUE, page_of(PROGRAMME)):
        assert client.get(url).content == fresh(client, url), url


@pytest.mark.parametrize(
    "change",
    ["series_number", "series", "column", "issue", "published_at", "withdrawn"],
)
def test_what_moves_an_article_among_the_links_is_on_the_pages_that_link_to_it(
    client, imported_seed, members, change
):
    """Another day's article in the seed commentary's series (or, for a change of column or
    issue, in its column) is linked from the commentary's page: each change of what chooses
    or shows it there is on that page."""
    commentary = Article.objects.get(position=SERIES_COMMENTARY)
    if change in ("column", "issue"):  # the links under the column show the issue's date
        column = Column.objects.create(name="评论栏目")
        Article.objects.filter(pk=commentary.pk).update(column=column, series=None)
        placed = {"column": column}
    else:
        placed = {"series": commentary.series, "series_number": 5}
    other = make_article(title="链接里的另一篇", **placed)
    url = commentary.get_absolute_url()
    ArticlePart.objects.all().delete()
    shown = client.get(url).content
    assert "链接里的另一篇".encode() in shown

    if change == "withdrawn":
        transition(other, "withdraw", members["总编辑"], "撤稿。")
    else:
        later = timezone.localtime() + datetime.timedelta(days=1)
        changes = {
            "series_number": {"series_number": 9},
            "series": {"series": Series.objects.create(name="另一个系列").pk},
            "column": {"column": ""},
            "issue": {"issue": make_issue().pk},  # at the same position
            "published_at": {"published_at_0": f"{later:%Y-%m-%d}", "published_at_1": "08:00:00"},
        }[change]
        edit_as(Client(), members["编辑"], other, **changes)

    served = client.get(url).content
    assert served != shown and served == fresh(client, url)


def test_an_edit_moves_on_the_issue_that_prints_it_not_those_it_links_to(
    client, imported_seed, members
):
    """The lead's page links to another day's article in its series; that day's issue page
    does not show the lead, and is not moved by its edit."""
    lead = Article.objects.get(position=LEAD)
    elsewhere = make_article(title="另一天的消息")
    add_byline(elsewhere, lead.bylines.first().author)  # a link from the lead's page
    for url in (ISSUE, elsewhere.issue.get_absolute_url()):
        client.get(url)

    def editions():
        return dict(IssuePart.objects.values_list("issue", "edition"))

    before = editions()
    edit_as(Client(), members["编辑"], lead, title="解放区项目签约仪式举行（更正）")
    moved = {pk for pk, edition in editions().items() if edition != before[pk]}
    assert moved == {lead.issue_id}

    before = editions()
    elsewhere.bylines.get().author.save()  # shown on both issues' pages
    moved = {pk for pk, edition in editions().items() if edition != before[pk]}
    assert moved == {lead.issue_id, elsewhere.issue_id}


def test_the_issues_own_pages_are_on_the_next_page_with_or_without_articles(client, imported_seed):
    """A printed page with no article on it is in the page list all the same: its edits,
    and its move to another issue, are on both issues' next pages."""
    issue = Issue.objects.get(date="2022-08-25")
    other = make_issue()
    make_article(issue=other, title="另一期的消息")
    empty = Page.objects.create(issue=issue, number=8, name="第八版 广告")
    urls = (ISSUE, other.get_absolute_url())
    changes = [
        lambda: Page.objects.filter(pk=empty.pk).get().save(),
        lambda: setattr(empty, "name", "第八版 公告") or empty.save(),
        lambda: setattr(empty, "issue", other) or empty.save(),
        lambda: empty.delete(),
    ]
    for change in changes:
        for url in urls:
            client.get(url)
        change()
        for url in urls:
            assert client.get(url).content == fresh(client, url), url
    assert "第八版" not in client.get(ISSUE).content.decode()


def test_a_page_served_from_a_kept_part_knows_the_rows_the_part_shows(client, page_cache, settings):
    """The page cache renders again the pages that show an article whose text changed: a
    page made from a kept part shows the articles the part's links name."""
    url = page_of(LEAD)
    settings.READER_CACHE_SECONDS = 0
    client.get(url)  # the part rendered and kept, while no page is cached
    settings.READER_CACHE_SECONDS = 60
    assert client.get(url)["X-Cache"] == "miss"  # made from the kept part, and cached
    neighbour = Article.objects.get(position=LEAD + 1)
    served = client.get(url)
    assert served["X-Cache"] == "hit" and neighbour.title in served.content.decode()

    neighbour.title = "邻文改了标题"
    neighbour.save()

    response = client.get(url)
    assert response["X-Cache"] == "miss"
    assert "邻文改了标题" in response.content.decode()


def test_an_issue_page_served_from_a_kept_part_knows_the_articles_it_prints(
    client, page_cache, settings
):
    settings.READER_CACHE_SECONDS = 0
    client.get(ISSUE)  # the part rendered and kept, while no page is cached
    settings.READER_CACHE_SECONDS = 60
    assert client.get(ISSUE)["X-Cache"] == "miss"  # made from the kept part, and cached
    assert client.get(ISSUE)["X-Cache"] == "hit"

    programme = Article.objects.get(position=PROGRAMME)
    programme.body = "<p>节目单改了。</p>"
    programme.save()

    response = client.get(ISSUE)
    assert response["X-Cache"] == "miss"
    assert "节目单改了。" in response.content.decode()


@pytest.mark.parametrize("page", ["article", "issue"])
def test_an_article_published_later_joins_the_links_and_the_issue_at_its_time(
    client, imported_seed, monkeypatch, page
):
    lead = Article.objects.get(position=LEAD)
    due = timezone.now() + datetime.timedelta(hours=2)
    make_article(issue=lead.issue, position=10, title="两小时后发布的稿件", published_at=due)
    # The programme is the last of the issue: the new one comes next.
    url = page_of(PROGRAMME) if page == "article" else ISSUE
    assert "两小时后发布的稿件" not in client.get(url).content.decode()
    assert "两小时后发布的稿件" not in client.get(url).content.decode()  # from the kept part

    monkeypatch.setattr(timezone, "now", lambda: due + datetime.timedelta(seconds=1))

    assert "两小时后发布的稿件" in client.get(url).content.decode()


def test_another_article_published_or_signed_is_on_the_pages_that_link_to_it(client, imported_seed):
    lead = Article.objects.get(position=LEAD)
    author = lead.bylines.first().author
    issue = make_issue(number=4321, status=IssueStatus.DRAFT)
    draft = make_article(issue=issue, status=ArticleStatus.DRAFT, title="同一作者的新稿")
    url = lead.get_absolute_url()
    changes = [
        lambda: add_byline(draft, author),
        lambda: publish(draft),
        lambda: publish(issue),
        lambda: Byline.objects.filter(article=draft).delete(),
    ]
    for change in changes:
        client.get(url)
        change()
        assert client.get(url).content == fresh(client, url)
    assert "同一作者的新稿" not in client.get(url).content.decode()


def publish(row):
    """An article or an issue published, due since the issue's date (as in print)."""
    row.status = IssueStatus.PUBLISHED if isinstance(row, Issue) else ArticleStatus.PUBLISHED
    row.published_at = publication_time(datetime.date(2022, 8, 25))
    row.save()


def test_each_language_and_release_has_its_own_part_whatever_host_it_is_read_by(
    client, imported_seed, settings
):
    settings.ALLOWED_HOSTS = ["testserver", "cdn.example"]
    url = page_of(PROGRAMME)
    chinese = client.get(url).content.decode()
    english = client.get(url, headers={"accept-language": "en"}).content.decode()
    through_cdn = client.get(url, headers={"host": "cdn.example"}).content.decode()

    assert "节目单" in chinese and "Programme" in english and "节目单" not in english
    assert through_cdn == chinese and "cdn.example" not in through_cdn
    assert ArticlePart.objects.count() == 2

    settings.SITE_URL = "https://www.jfqb.example"  # another release: another site address
    moved = client.get(url).content.decode()
    assert "https://www.jfqb.example/" in moved and "http://localhost:8000/" not in moved
    assert ArticlePart.objects.count() == 3


def test_a_part_of_another_release_is_not_used(client, imported_seed, monkeypatch):
    """A deployment (new templates, code, translations) renders every part again."""
    url = page_of(LEAD)
    client.get(url)
    ArticlePart.objects.update(page="<p>kept part</p>")
    monkeypatch.setattr(release_module, "code_fingerprint", lambda: "the next release")

    assert "<p>kept part</p>" not in client.get(url).content.decode()
    assert ArticlePart.objects.count() == 2


def test_the_release_changes_with_any_file_it_is_made_of(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    for source in release_module.SOURCES:
        (tmp_path / source).mkdir()
    template = tmp_path / "articles" / "templates" / "part.html"
    template.parent.mkdir(parents=True)
    releases = []
    for content in ("<p>{{ article.title }}</p>", "<p>{{ article.title }}！</p>"):
        template.write_text(content)
        release_module.code_fingerprint.cache_clear()
        releases.append(release_module.release())
    (tmp_path / "locale" / "zh_Hans.mo").write_bytes(b"\x00")
    release_module.code_fingerprint.cache_clear()
    releases.append(release_module.release())
    release_module.code_fingerprint.cache_clear()
    assert len(set(releases)) == 3


def test_a_part_rendered_from_rows_read_before_an_edit_is_not_kept(
    client, imported_seed, monkeypatch
):
    """A reader renders the part from the rows as they were; an editor's save lands before
    the reader stores it: the next reader renders it again."""
    url = page_of(LEAD)
    load = parts.article_whole

    def load_then_edit(articles, pk):
        article = load(articles, pk)
        row = Article.objects.get(pk=pk)
        row.title = "编辑刚改的标题"
        row.save()
        return article

    monkeypatch.setattr(parts, "article_whole", load_then_edit)
    assert "编辑刚改的标题" not in client.get(url).content.decode()
    monkeypatch.undo()

    assert "编辑刚改的标题" in client.get(url).content.decode()


def kept_languages(article) -> set[str]:
    """The languages ``article``'s page is kept in, rendered at its edition by this release."""
    kept = ArticlePart.objects.filter(
        article=article, release=release_module.release(), rendered_edition=F("edition")
    )
    return set(kept.values_list("language", flat=True))


def issue_kept_languages(issue) -> set[str]:
    """The languages ``issue``'s page is kept in, rendered at its edition by this release."""
    kept = IssuePart.objects.filter(
        issue=issue, release=release_module.release(), rendered_edition=F("edition")
    )
    return set(kept.values_list("language", flat=True))


LANGUAGES = {"zh-hans", "en"}


def test_an_editors_save_renders_the_page_for_its_readers(
    client, imported_seed, members, django_capture_on_commit_callbacks
):
    """Rendered once the save commits, after the bylines it signs: the first reader does not
    render it, in either language."""
    lead = Article.objects.get(position=LEAD)
    photographer = make_author("摄影记者")
    with django_capture_on_commit_callbacks(execute=True):
        edit_as(
            Client(), members["编辑"], lead, title="签约仪式（改）", photographer=photographer.pk
        )

    assert kept_languages(lead) == LANGUAGES
    assert issue_kept_languages(lead.issue) == LANGUAGES
    assert Byline.objects.filter(article=lead, author=photographer).exists()
    for url in (lead.get_absolute_url(), ISSUE):
        page = client.get(url).content.decode()
        assert "签约仪式（改）" in page and "摄影记者" in page
        assert page.encode() == fresh(client, url)


def test_a_draft_saved_is_not_rendered(imported_seed, members, django_capture_on_commit_callbacks):
    draft = make_article(status=ArticleStatus.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        edit_as(Client(), members["编辑"], draft, title="还没发表")
    assert not ArticlePart.objects.filter(article=draft).exists()


def test_an_import_renders_the_pages_of_the_articles_it_wrote(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_issue", str(SEED), "--date", "2022-08-25", stdout=StringIO())

    articles = list(Article.objects.readable())
    assert len(articles) == 9  # the seed page's
    for article in articles:
        assert kept_languages(article) == LANGUAGES, article.title
    assert issue_kept_languages(articles[0].issue) == LANGUAGES
    for url in (page_of(PROGRAMME), ISSUE):
        assert client.get(url).content == fresh(client, url)


def test_render_parts_renders_what_this_release_lacks_and_forgets_the_others(
    client, imported_seed, django_capture_on_commit_callbacks, monkeypatch
):
    lead, programme = (Article.objects.get(position=p) for p in (LEAD, PROGRAMME))
    client.get(lead.get_absolute_url())
    lead.title = "改过的标题"
    lead.save()  # its part is behind now, and so are the others it links to
    monkeypatch.setattr(release_module, "code_fingerprint", lambda: "an earlier release")
    client.get(programme.get_absolute_url())
    monkeypatch.undo()
    draft = make_article(status=ArticleStatus.DRAFT)

    out = StringIO()
    call_command("render_parts", "--newest", "3", stdout=out)
    newest = Article.objects.readable().order_by("-published_at", "-pk")[:3]
    assert {a.pk for a in Article.objects.all() if kept_languages(a)} == {a.pk for a in newest}
    assert (
        "6 article parts and 2 issue parts rendered; 1 of earlier releases forgotten."
        in out.getvalue()
    )

    call_command("render_parts", stdout=out)
    readable = set(Article.objects.readable())
    assert all(kept_languages(article) == LANGUAGES for article in readable)
    assert not ArticlePart.objects.filter(article=draft).exists()
    assert set(ArticlePart.objects.values_list("release", flat=True)) == {release_module.release()}
    assert (
        "12 article parts and 0 issue parts rendered; 0 of earlier releases forgotten."
        in out.getvalue()
    )

    call_command("render_parts", stdout=out)
    assert out.getvalue().endswith(
        "0 article parts and 0 issue parts rendered; 0 of earlier releases forgotten.\n"
    )
    page = client.get(lead.get_absolute_url()).content
    assert "改过的标题" in page.decode() and page == fresh(client, lead.get_absolute_url())


def test_render_parts_in_shares_renders_each_part_once_and_all_of_them(imported_seed):
    """N processes side by side, each its share by issue: together every part, and no issue
    in two shares (both would write its part)."""
    second = make_issue()
    for position in (1, 2):
        make_article(issue=second, position=position)
    ArticlePart.objects.all().delete()
    IssuePart.objects.all().delete()
    readable = set(Article.objects.readable())

    shares = []
    for index in (0, 1):
        out = StringIO()
        call_command("render_parts", "--shard", f"{index}/2", stdout=out)
        shares.append(out.getvalue())

    def share(index):  # each part in both languages
        articles = [a for a in readable if a.issue_id % 2 == index]
        return (
            f"{2 * len(articles)} article parts and {2 * len({a.issue_id for a in articles})} "
            "issue parts rendered; 0 of earlier releases forgotten.\n"
        )

    assert shares == [share(0), share(1)]
    assert all(not line.startswith("0 ") for line in shares)  # each share had an issue
    assert all(kept_languages(article) == LANGUAGES for article in readable)


@pytest.mark.parametrize("value", ["2/2", "-1/2", "1", "a/b", "0/0"])
def test_render_parts_refuses_a_share_that_is_not_one(value):
    with pytest.raises(CommandError, match="--shard"):
        call_command("render_parts", "--shard", value)
