"""An edit renders again the cached reader pages that show what it changed, and no other.

Every reader page a reader reaches from the home page, and searches for words of every
article (``reader_pages``), is cached; an edit is made; then each page is asked for again and
compared with the same page rendered without the cache. An edit of an article's text alone
(its headline, its body) is stamped on the pages that show that article and on searches; any
other edit moves the version of every page (``newsroom.caching``).
"""

from urllib.parse import unquote, urlsplit

import pytest
from django.test import Client
from django.urls import get_resolver, resolve, reverse

from articles.models import Article, ArticlePart, Author, Section

from .helpers import articles_shown, edit_as, reader_pages, text_of

pytestmark = pytest.mark.django_db

LEAD, SERIES_COMMENTARY, PROGRAMME = 1, 6, 9  # positions in the seed issue


def article(position: int) -> Article:
    return Article.objects.get(position=position)


def retitled(row: Article) -> None:
    row.title = f"{row.title}（更正）"
    row.save()


def rewritten(row: Article) -> None:
    """A body that gains a word no article had: searches for it now find the article."""
    row.body = f"{row.body}<p>更正：本文所述签约项目共计二十三个。</p>"
    row.save()


def moved(row: Article) -> None:
    row.section = Section.objects.exclude(pk=row.section_id).first()
    row.save()


def author_renamed(row: Article) -> None:
    author = Author.objects.filter(bylines__article=row).first() or Author.objects.first()
    author.name = f"{author.name}某"
    author.save()


@pytest.mark.parametrize(
    "edit, position",
    [
        (retitled, LEAD),
        (retitled, SERIES_COMMENTARY),
        (retitled, PROGRAMME),
        (rewritten, LEAD),
        (rewritten, PROGRAMME),
        (moved, SERIES_COMMENTARY),  # these two move every page's version
        (author_renamed, LEAD),
    ],
)
def test_no_page_is_served_older_than_an_edit(client, page_cache, now, settings, edit, position):
    urls = [*reader_pages(client), f"{reverse('articles:search')}?q=二十三个"]
    client.get(urls[-1])
    edit(article(position))
    served = {url: client.get(url) for url in urls}
    settings.READER_CACHE_SECONDS = 0
    ArticlePart.objects.all().delete()  # and the articles' parts rendered from the rows as they are
    for url in urls:
        assert served[url].content == client.get(url).content, (url, served[url]["X-Cache"])
    if edit in (retitled, rewritten):  # the pages that do not show it were kept
        assert {response["X-Cache"] for response in served.values()} == {"hit", "miss"}


def test_a_headline_edited_in_the_admin_renders_again_only_the_pages_that_show_it_and_searches(
    client, page_cache, members
):
    lead = article(LEAD)
    first = reader_pages(client)
    showing = {
        url
        for url, response in first.items()
        if response.context is not None and lead in articles_shown(response)  # not calendars
    }
    edit_as(Client(), members["编辑"], lead, title="解放区项目签约仪式举行（更正）")

    for url in showing:
        response = client.get(url)
        assert "解放区项目签约仪式举行（更正）" in "".join(text_of(response).split()), url
        assert response["X-Cache"] == "miss", url
    searches = {url for url in first if url.startswith(reverse("articles:search"))} - showing
    assert searches  # any search may find it now: rendered again
    assert {client.get(url)["X-Cache"] for url in searches} == {"miss"}
    kept = set(first) - showing - searches
    served = {url: client.get(url) for url in kept}
    assert [url for url, response in served.items() if response["X-Cache"] != "hit"] == []
    assert all(served[url].content == first[url].content for url in kept)
    # Among them: another section's list, an author page it is not on, another article.
    assert {
        reverse("articles:section", args=["commentary"]),
        Author.objects.get(name="强声").get_absolute_url(),
        article(SERIES_COMMENTARY).get_absolute_url(),
    } <= kept


def test_every_reader_view_is_reached(client, imported_seed):
    """The pages above are every kind of reader page: a new one not linked from another
    page is missed here and has to be linked, or searched for, in ``reader_pages``."""
    reached = {resolve(unquote(urlsplit(url).path)).func for url in reader_pages(client)}
    views = {
        pattern.callback
        for pattern in iter_patterns(get_resolver().url_patterns)
        if getattr(pattern.callback, "is_reader_page", False)
    }
    assert views and views <= reached, views - reached


def iter_patterns(patterns):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from iter_patterns(pattern.url_patterns)
        else:
            yield pattern
