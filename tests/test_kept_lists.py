"""The pages of reader lists (the home page, a section's, a column's, a series', an author's
articles) are kept whole and never shown older than what they show (``articles.parts``).

Each test compares the page served as kept to the same page with every kept list forgotten,
rendered from the rows as they are.
"""

import datetime

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import parts
from articles.models import (
    Article,
    Author,
    Byline,
    Issue,
    ListPart,
    Section,
    Series,
)
from events.models import Performance, Programme

from .factories import add_byline, make_article, make_author, make_issue, make_performance
from .helpers import (
    WAYS_FROM_READERS,
    every_field_edited,
    rendered_fresh,
    rows_read_rendering,
    take_from_readers,
)

pytestmark = pytest.mark.django_db

LEAD, SERIES_COMMENTARY = 1, 6  # positions in the seed issue
LANGUAGES = ("zh-hans", "en")
LISTS = ("home", "section", "author", "column", "series", "theatre", "programme")


def seed_article(position: int) -> Article:
    return Article.objects.get(issue__date=datetime.date(2022, 8, 25), position=position)


def list_urls() -> dict[str, str]:
    """Each kept list of the seed: those that show its lead story, its column's, its series',
    and the theatre's."""
    lead = seed_article(LEAD)
    return {
        "home": "/",
        "section": lead.section.get_absolute_url(),
        "author": lead.bylines.first().author.get_absolute_url(),
        "column": Article.objects.exclude(column=None).first().column.get_absolute_url(),
        "series": seed_article(SERIES_COMMENTARY).series.get_absolute_url(),
        "theatre": reverse("events:index"),
        "programme": Programme.objects.get().get_absolute_url(),
    }


def fresh(client, url, **headers) -> bytes:
    """The page rendered from the rows as they are: every kept list forgotten first."""
    return rendered_fresh(client, url, [ListPart], **headers)


def served(client, url, language="zh-hans") -> str:
    return client.get(url, headers={"accept-language": language}).content.decode()


def rows_read_by_list(client, url) -> list[models.Model]:
    """Every row the list page read while rendering (none was kept)."""
    return rows_read_rendering(client, url, [ListPart])


@pytest.mark.parametrize("name", LISTS)
def test_the_list_shows_the_page_it_kept_in_one_query(
    client, imported_seed, name, django_assert_max_num_queries
):
    """What the tests below hold matters: a kept list is what the next page shows."""
    url = list_urls()[name]
    client.get(url)
    ListPart.objects.update(page="<p>kept list</p>")

    with django_assert_max_num_queries(1):
        assert served(client, url) == "<p>kept list</p>"
    assert "<p>kept list</p>" not in fresh(client, url).decode()


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_kept_list_is_the_page_rendered_for_its_request(client, imported_seed, name, language):
    """Nothing of a kept list depends on the request it was rendered for: it is the page a
    reader with a note waiting gets rendered for them (with no note to show)."""
    url = list_urls()[name]
    kept = served(client, url, language)
    assert ListPart.objects.filter(path=url, language=language).exists()
    assert served(client, url, language) == kept

    note_waiting = Client(headers={"accept-language": language})
    note_waiting.cookies["messages"] = "not a note this site signed"
    assert note_waiting.get(url).content.decode() == kept


@pytest.mark.parametrize("name", LISTS)
def test_an_edit_of_any_field_of_any_row_a_list_shows_is_on_the_next_page(
    client, imported_seed, name
):
    url = list_urls()[name]
    checked = 0
    for edit in every_field_edited(client, url, rows_read_by_list(client, url)):
        checked += 1
        assert client.get(url).content == fresh(client, url), edit
    assert checked > 10


def test_every_model_a_list_shows_moves_it_on(client, imported_seed):
    """A template that shows a new relation fails here until saving its rows moves lists."""
    read = {type(row) for url in list_urls().values() for row in rows_read_by_list(client, url)}
    assert {Article, Author, Byline, Issue, Section, Performance} <= read
    assert read <= {*parts.LISTED, Section, *parts.lists_showing}, read


@pytest.mark.parametrize("way", [*WAYS_FROM_READERS, "its byline removed"])
def test_an_article_leaving_readers_leaves_every_kept_list(
    client, imported_seed, members, way, django_capture_on_commit_callbacks
):
    lead = seed_article(LEAD)
    urls = [list_urls()["author"]]
    if way != "its byline removed":
        urls += [list_urls()["section"], "/"]  # the newest issue's page lists it
    for url in urls:
        for language in LANGUAGES:
            assert lead.title in served(client, url, language), url
    with django_capture_on_commit_callbacks(execute=True):
        take_from_readers(way, lead, members["总编辑"])

    for url in urls:
        for language in LANGUAGES:
            page = client.get(url, headers={"accept-language": language})
            assert lead.title not in page.content.decode(), (url, language)
            if page.status_code == 200:
                assert page.content == fresh(client, url, **{"accept-language": language})


def test_an_article_published_joins_its_lists_and_another_sections_stays_kept(
    client, imported_seed
):
    lead = seed_article(LEAD)
    author = lead.bylines.first().author
    elsewhere = Section.objects.exclude(pk=lead.section_id).first().get_absolute_url()
    urls = list_urls()
    for url in (*urls.values(), elsewhere):
        served(client, url)
    other = ListPart.objects.get(path=elsewhere)

    joining = make_article(
        issue=lead.issue, position=20, title="新发表的稿件", section_slug=lead.section.slug
    )
    add_byline(joining, author)

    for name in ("home", "section", "author"):
        assert "新发表的稿件" in served(client, urls[name]), name
    assert ListPart.objects.get(pk=other.pk).edition == other.edition  # not moved on
    assert served(client, elsewhere) == fresh(client, elsewhere).decode()


def test_an_article_moved_to_another_section_leaves_the_first_and_joins_the_second(
    client, imported_seed
):
    lead = seed_article(LEAD)
    first = lead.section.get_absolute_url()
    second_section = Section.objects.exclude(pk=lead.section_id).first()
    second = second_section.get_absolute_url()
    assert lead.title in served(client, first)
    assert lead.title not in served(client, second)

    lead.section = second_section
    lead.save()

    assert lead.title not in served(client, first)
    assert lead.title in served(client, second)


def test_an_edit_of_what_no_list_shows_leaves_the_lists_kept(client, imported_seed):
    """Its dateline is printed on its page, not in lists; its body's start is (the summary)."""
    lead = seed_article(LEAD)
    for url in list_urls().values():
        served(client, url)
    editions = dict(ListPart.objects.values_list("pk", "edition"))

    lead.dateline = "本报讯（记者 改）"
    lead.save()
    assert dict(ListPart.objects.values_list("pk", "edition")) == editions

    lead.body = "<p>改写的开头。</p>" + lead.body
    lead.save()
    rows = ListPart.objects.values_list("pk", "path", "edition")
    moved = {path for pk, path, edition in rows if edition != editions[pk]}
    urls = list_urls()
    every_article = {urls["home"], urls["theatre"], urls["programme"]}
    assert moved == {*every_article, urls["section"], urls["author"]}  # not its column's, series'
    assert "改写的开头" in served(client, list_urls()["section"])


def test_a_list_page_past_the_first_moves_when_an_article_joins_the_first(client, imported_seed):
    issue = make_issue()
    for n in range(21):
        make_article(issue=issue, title=f"旧稿{n:02d}", position=n + 1, section_slug="commentary")
    url = Section.objects.get(slug="commentary").get_absolute_url()
    second = served(client, f"{url}?page=2")
    assert ListPart.objects.filter(path=f"{url}?page=2").exists()
    # A reader changing language is sent back to the page they were on.
    assert f'name="next" type="hidden" value="{url}?page=2"' in served(client, f"{url}?page=2")
    assert f'<link rel="canonical" href="http://localhost:8000{url}?page=2">' in second

    make_article(issue=make_issue(), title="最新评论", section_slug="commentary")

    assert served(client, f"{url}?page=2") != second
    assert served(client, f"{url}?page=2") == fresh(client, f"{url}?page=2").decode()


@pytest.mark.parametrize(
    "query",
    [
        *("?page=1", "?page=x", "?page=02", "?page=99", "?page=2&utm=a", "?utm=a"),
        "?page=" + "1" * 5000,  # past the digits Python converts to a number
    ],
)
def test_an_address_no_link_gives_is_rendered_for_its_request_and_not_kept(
    client, imported_seed, query
):
    url = list_urls()["section"] + query
    response = client.get(url)

    assert response.status_code == 200
    assert not ListPart.objects.exists()
    assert seed_article(LEAD).title in response.content.decode()


@pytest.mark.parametrize("scheduled", ["by its own time", "by its issue's"])
def test_an_article_scheduled_joins_the_lists_at_its_time(
    client, imported_seed, monkeypatch, scheduled
):
    lead = seed_article(LEAD)
    due = timezone.now() + datetime.timedelta(hours=1)
    if scheduled == "by its own time":
        joining = make_article(issue=lead.issue, position=20, title="定时发表", published_at=due)
    else:
        issue = make_issue(published_at=due)  # the newest issue, from its time
        joining = make_article(issue=issue, title="定时发表", published_at=timezone.now())
    add_byline(joining, lead.bylines.first().author)
    urls = ["/", joining.section.get_absolute_url(), list_urls()["author"]]
    for url in urls:
        assert "定时发表" not in served(client, url)
        assert "定时发表" not in served(client, url)  # from the kept list

    monkeypatch.setattr(timezone, "now", lambda: due + datetime.timedelta(seconds=1))

    for url in urls:
        assert "定时发表" in served(client, url), url


def test_the_theatre_evenings_on_the_home_page_are_as_they_are(client, imported_seed, monkeypatch):
    served(client, "/")
    performance = make_performance(date=timezone.localdate() + datetime.timedelta(days=2))
    assert "Coming up" in served(client, "/", "en")
    assert served(client, "/") == fresh(client, "/").decode()

    performance.acts.first().delete()
    assert served(client, "/") == fresh(client, "/").decode()

    # Two days on, the evening is past, though nothing was edited.
    after = timezone.now() + datetime.timedelta(days=3)
    served(client, "/", "en")
    monkeypatch.setattr(timezone, "now", lambda: after)
    monkeypatch.setattr(timezone, "localdate", lambda *args: timezone.localtime(after).date())
    assert "Coming up" not in served(client, "/", "en")
    Performance.objects.all().delete()
    assert "No performances are announced yet." in served(client, "/", "en")


def test_a_list_at_an_address_another_row_took_follows_that_row(client, imported_seed):
    """An author's address given to another: the kept page there is moved on by the edits
    of the other's articles."""
    lead = seed_article(LEAD)
    first = lead.bylines.first().author
    url, slug = first.get_absolute_url(), first.slug
    served(client, url)
    first.slug = "改名"
    first.save()
    second = make_author("另一位作者", slug=slug)
    article = make_article(issue=lead.issue, position=20, title="另一位的稿件")
    add_byline(article, second)
    assert "另一位的稿件" in served(client, url)

    article.title = "另一位改过的稿件"
    article.save()

    assert "另一位改过的稿件" in served(client, url)


def test_a_list_at_the_longest_address_a_slug_gives_is_kept(client, imported_seed):
    """A slug of 100 Chinese characters is 900 characters as links give it."""
    lead = seed_article(LEAD)
    lead.series = Series.objects.create(name="长" * 100, slug="长" * 100)
    lead.series_number = 1
    lead.save()
    url = lead.series.get_absolute_url()

    assert client.get(url).status_code == 200
    assert ListPart.objects.filter(path=url).exists()
    longest = f"{url}?page={parts.LAST_COUNTED_PAGE}"
    assert len(longest) <= ListPart._meta.get_field("path").max_length


def test_a_bulk_move_made_as_documented_leaves_the_first_list(client, imported_seed):
    lead = seed_article(LEAD)
    first = lead.section.get_absolute_url()
    second = Section.objects.exclude(pk=lead.section_id).first()
    assert lead.title in served(client, first)

    with parts.rows_changing(Article, [lead.pk]):
        Article.objects.filter(pk=lead.pk).update(section=second)

    assert lead.title not in served(client, first)
    assert lead.title in served(client, second.get_absolute_url())


@pytest.mark.parametrize("name", ["section", "section_id"])
def test_a_save_naming_its_fields_either_way_moves_the_lists(client, imported_seed, name):
    lead = seed_article(LEAD)
    first = lead.section.get_absolute_url()
    assert lead.title in served(client, first)

    lead.section = Section.objects.exclude(pk=lead.section_id).first()
    lead.save(update_fields=[name])

    assert lead.title not in served(client, first)
