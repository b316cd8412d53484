"""Every public interface checked by a validator of its standard that nobody here wrote, run
offline (docs/standards.md): sitemaps against the protocols' XML Schemas (xmlschema), feeds
as feed readers parse them (feedparser), calendars through a second iCalendar parser
(vobject), the OpenAPI description (openapi-spec-validator), every reader page the sitemap
lists through the WHATWG HTML parser in strict mode (html5lib), and the JSON-LD against the
properties Google documents as required and recommended for each type.
"""

import json
import re
import xml.etree.ElementTree as ET
from io import StringIO
from pathlib import Path

import feedparser
import html5lib
import pytest
import vobject
import xmlschema
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openapi_spec_validator import validate as validate_openapi

from articles.models import Article, Author, Section, Series
from events.models import Performance, Programme

from .factories import make_article, make_issue
from .seed_expectations import SEED

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "standards"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def paper(db):
    """The seed issue, its theatre at an address, and an article of today for Google News."""
    call_command("import_issue", str(SEED), "--date", "2022-08-25", stdout=StringIO())
    Programme.objects.update(address="焦作市解放区民主路")
    today = make_issue(date=timezone.localdate())
    make_article(issue=today, title="今天的新闻", published_at=timezone.now())


@pytest.fixture(scope="module")
def sitemap_schema():
    return xmlschema.XMLSchema(
        [SCHEMAS / "sitemap.xsd", SCHEMAS / "sitemap-news.xsd"], validation="strict"
    )


def listed(client) -> list[str]:
    """The paths of every page ``sitemap.xml`` lists."""
    root = ET.fromstring(client.get(reverse("sitemap")).content)
    site = len("http://localhost:8000")
    return [loc.text[site:] for loc in root.iter(f"{SITEMAP}loc")]


def test_the_sitemaps_are_valid_by_the_protocols_schemas(client, paper, sitemap_schema):
    for name in ("sitemap", "news_sitemap"):
        sitemap_schema.validate(client.get(reverse(name)).content.decode())


def test_the_schemas_refuse_what_the_protocols_refuse(sitemap_schema):
    """The schemas hold the rules the sitemaps are checked by: an empty urlset, a relative
    loc, a priority above 1 and a news entry without its title are each refused."""
    urlset = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{}>{}</urlset>'
    news_ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
    news = (
        "<news:news><news:publication><news:name>解放区报</news:name>"
        "<news:language>zh-cn</news:language></news:publication>"
        "<news:publication_date>2022-08-25T00:00:00+08:00</news:publication_date>{}</news:news>"
    )
    good = "<url><loc>https://paper.example/a/</loc><priority>1.0</priority></url>"
    sitemap_schema.validate(urlset.format("", good))
    refused = [
        urlset.format("", ""),
        urlset.format("", "<url><loc>/articles/1/</loc></url>"),
        urlset.format("", good.replace("1.0", "1.5")),
        urlset.format(news_ns, f"<url><loc>https://paper.example/a/</loc>{news.format('')}</url>"),
    ]
    sitemap_schema.validate(
        urlset.format(
            news_ns,
            "<url><loc>https://paper.example/a/</loc>"
            f"{news.format('<news:title>标题</news:title>')}</url>",
        )
    )
    for document in refused:
        with pytest.raises(xmlschema.XMLSchemaValidationError):
            sitemap_schema.validate(document)


def test_the_sitemap_lists_every_kind_of_reader_page(client, paper):
    """What the HTML check below reads: every kind of page readers reach."""
    kinds = {re.match(r"/(theatre/\w+/|\w+/)?", path)[0] for path in listed(client)}
    for kind in (
        "/",
        "/articles/",
        "/sections/",
        "/columns/",
        "/series/",
        "/authors/",
        "/issues/",
        "/theatre/",
        "/theatre/performances/",
        "/theatre/performers/",
        "/theatre/pieces/",
        "/corrections/",
    ):
        assert kind in kinds, kind


def test_every_reader_page_is_html_without_a_parse_error(client, paper):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    paths = [*listed(client), "/search/?q=解放区", "/no-such-page/"]
    for path in paths:
        response = client.get(path)
        assert response["Content-Type"] == "text/html; charset=utf-8", path
        document = parser.parse(response.content.decode())
        assert document.get("lang") in {"zh-Hans", "en"}, path
    assert len(paths) > 40


def feeds() -> list[str]:
    things = [
        *Section.objects.all(),
        *Series.objects.in_print(),
        *Author.objects.in_print()[:3],
    ]
    urls = [reverse("articles:latest_rss"), reverse("articles:latest_atom")]
    for thing in things:
        name, slug = thing._meta.model_name, thing.slug
        urls += [reverse(f"articles:{name}_{kind}", args=[slug]) for kind in ("rss", "atom")]
    return [*urls, reverse("articles:corrections_rss"), reverse("articles:corrections_atom")]


def test_every_feed_reads_without_an_error_in_a_feed_reader(client, paper):
    for url in feeds():
        parsed = feedparser.parse(client.get(url).content)
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        assert parsed.version in {"rss20", "atom10"}, url
        assert parsed.feed.title and parsed.feed.link.startswith("http://localhost:8000/"), url
        for entry in parsed.entries:
            assert entry.title and entry.link.startswith("http://localhost:8000/"), url


def test_every_calendar_reads_in_a_second_icalendar_parser(client, paper):
    performances = list(Performance.objects.visible())
    urls = [
        reverse("events:calendar"),
        *(reverse("events:performance_calendar", args=[p.pk]) for p in performances),
    ]
    for url in urls:
        calendar = vobject.readOne(client.get(url).content.decode(), validate=True)
        events = calendar.contents.get("vevent", [])
        assert events, url
        for event in events:
            assert event.uid.value and event.dtstamp.value and event.dtstart.value, url
    assert len(urls) == 3


def test_the_api_description_is_valid_openapi(client):
    validate_openapi(client.get("/api/v1/openapi.json").json())


NEWS_ARTICLE = {  # Google's Article structured data: all of it recommended, none required
    "required": set(),
    "recommended": {"author", "dateModified", "datePublished", "headline", "image"},
}
EVENT = {  # Google's Event structured data
    "required": {"location", "name", "startDate"},
    "recommended": {
        "description",
        "endDate",
        "eventAttendanceMode",
        "eventStatus",
        "image",
        "organizer",
        "performer",
    },
}


def json_ld_of(client, url) -> dict:
    [script] = JSON_LD.findall(client.get(url).content.decode())
    return json.loads(script)


def test_json_ld_has_what_google_documents_for_each_type(client, paper):
    for article in Article.objects.published().filter(bylines__isnull=False).distinct():
        data = json_ld_of(client, article.get_absolute_url())
        assert data["@type"] == "NewsArticle"
        missing = (NEWS_ARTICLE["required"] | NEWS_ARTICLE["recommended"]) - set(data)
        assert not missing, (article.title, missing)
        assert data["image"]["url"].startswith("http://localhost:8000/")
        assert data["publisher"]["logo"]["url"].endswith(".png")
    for performance in Performance.objects.visible():
        data = json_ld_of(client, performance.get_absolute_url())
        assert data["@type"] == "TheaterEvent"
        assert not (EVENT["required"] | EVENT["recommended"]) - set(data), performance
        assert data["location"]["address"]["streetAddress"] == "焦作市解放区民主路"
        assert all(performer["name"] for performer in data["performer"])


BREADCRUMB_ITEM = {"@type", "position", "name", "item"}  # Google: each required


def test_the_home_archive_author_and_performer_pages_say_what_they_are(client, paper):
    home = json_ld_of(client, "/")
    assert home["@type"] == "WebSite" and home["url"] == "http://localhost:8000/"
    action = home["potentialAction"]
    assert action["target"]["urlTemplate"] == (
        "http://localhost:8000/search/?q={search_term_string}"
    )
    assert action["query-input"] == "required name=search_term_string"
    assert home["publisher"]["logo"]["url"].endswith("/static/newsroom/logo.png")

    issue = json_ld_of(client, "/2022/8/25/")
    assert issue["@type"] == "CollectionPage"
    assert issue["url"] == "http://localhost:8000/2022/8/25/"
    steps = issue["breadcrumb"]["itemListElement"]
    assert [step["name"] for step in steps] == ["解放区报", "往期回顾", "2022年8月", "2022-08-25"]
    assert [step["position"] for step in steps] == [1, 2, 3, 4]
    assert all(set(step) == BREADCRUMB_ITEM for step in steps)
    assert steps[-1]["item"] == issue["url"]

    month = json_ld_of(client, reverse("articles:issue_month", args=[2022, 8]))
    assert month["@type"] == "BreadcrumbList"
    assert month["itemListElement"] == steps[:3]

    pages = [Author.objects.in_print().first(), Performance.objects.visible().first()]
    performer = pages[1].acts.first().performers.first()
    for person in (pages[0], performer):
        data = json_ld_of(client, person.get_absolute_url())
        assert data["@type"] == "ProfilePage"
        assert data["mainEntity"] == {
            "@type": "Person",
            "name": person.name,
            "url": "http://localhost:8000" + person.get_absolute_url(),
        }
