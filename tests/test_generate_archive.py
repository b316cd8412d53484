"""``generate_archive``: a made-up archive written through the import's loader."""

import datetime
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, ArticlePart, Author, Byline, Issue, Series
from articles.search import search_articles
from events.models import Act, Performance
from newsroom.importing.loader import load_issue
from newsroom.importing.synthetic import PEN_NAMES, ArchiveGenerator, WordChain, checksum

from .helpers import (
    ARTICLE_MAX_QUERIES,
    ARTICLE_RENDERING_MAX_QUERIES,
    HOME_RENDERING_MAX_QUERIES,
    ISSUE_MAX_QUERIES,
    ISSUE_RENDERING_MAX_QUERIES,
    LIST_MAX_QUERIES,
    LIST_RENDERING_MAX_QUERIES,
)

START = datetime.date(2021, 3, 4)  # a Thursday: the Friday after it prints a programme


def titles(seed: int, days: int = 5) -> list[str]:
    generator = ArchiveGenerator(seed, WordChain.from_seeds(settings.BASE_DIR / "seeds"))
    return [
        article.title
        for n in range(days)
        for article in generator.issue(START + datetime.timedelta(days=n)).articles
    ]


def test_same_seed_gives_the_same_issues():
    assert titles(7) == titles(7)
    assert titles(7) != titles(8)


def test_text_is_made_of_the_seeds_words():
    generator = ArchiveGenerator(1, WordChain.from_seeds(settings.BASE_DIR / "seeds"))
    text = "".join(
        paragraph
        for n in range(30)
        for article in generator.issue(START + datetime.timedelta(days=n)).articles
        for paragraph in article.paragraphs
    )
    for word in ("解放区", "营商环境", "招商引资"):
        assert word in text


@pytest.mark.django_db
def test_a_few_days_go_through_the_loader(django_capture_on_commit_callbacks):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "generate_archive",
            "--days",
            "3",
            "--start",
            START.isoformat(),
            stdout=out,
            stderr=StringIO(),
        )
    assert list(Issue.objects.values_list("date", flat=True).order_by("date")) == [
        START + datetime.timedelta(days=n) for n in range(3)
    ]
    assert Issue.objects.published().count() == 3
    assert Article.objects.published().count() >= 3 * 7
    assert Author.objects.exists() and Byline.objects.exists()
    assert Series.objects.filter(articles__series_number__isnull=False).exists()
    assert Performance.objects.count() == 2 and Act.objects.exists()
    assert search_articles("解放区")
    assert not ArticlePart.objects.exists()  # the pages of years are rendered when read
    assert "Generated 3 issues" in out.getvalue()


@pytest.mark.django_db
def test_a_new_issue_is_written_in_bulk(django_assert_max_num_queries):
    """A day without a programme costs a fixed few statements, however many articles it has:
    the archive imports at the speed of the database's round trips, not of its rows."""
    generator = ArchiveGenerator(1, WordChain.from_seeds(settings.BASE_DIR / "seeds"))
    staff = generator.people
    for name in {*staff.reporters, *staff.correspondents, *staff.photographers, *PEN_NAMES}:
        Author.objects.create(name=name)  # known already, as after the first days
    days = [START - datetime.timedelta(days=n) for n in range(1, 4)]  # Wed, Tue, Mon
    for date in days:
        parsed = generator.issue(date)
        assert len(parsed.articles) >= 6 and not any(a.performances for a in parsed.articles)
        # 18 on PostgreSQL (16 on SQLite) to write it, and 11 to move on the kept pages
        # that may link to the new articles and the lists they join.
        with django_assert_max_num_queries(29):
            report = load_issue(parsed, sha256=checksum(parsed))
        assert report.counts["articles"]["created"] == len(parsed.articles)
    issue = Issue.objects.get(date=days[0])
    article = issue.articles.order_by("position").first()
    assert article.history.count() == 1  # each inserted row has its first version recorded
    assert article.bylines.exists() and article.search_body
    assert article.pk in search_articles(article.title[:4]).keys


@pytest.mark.django_db
def test_generating_again_changes_nothing_and_imported_issues_are_kept(imported_seed):
    seed_issue = Issue.objects.get()
    args = ["generate_archive", "--days", "2", "--start", seed_issue.date.isoformat()]
    call_command(*args, stdout=StringIO(), stderr=StringIO())
    articles = Article.objects.count()
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    assert Article.objects.count() == articles
    assert Issue.objects.get(date=seed_issue.date).source_sha256 == seed_issue.source_sha256
    assert "Left 1 imported issues as they were." in out.getvalue()


class Terminal(StringIO):
    def isatty(self):
        return True


@pytest.mark.django_db
def test_progress_is_shown_on_a_terminal_only():
    args = ["generate_archive", "--days", "2", "--start", START.isoformat()]
    on_terminal, in_log = Terminal(), StringIO()
    call_command(*args, stdout=StringIO(), stderr=on_terminal)
    call_command(*args, "--seed", "2", stdout=StringIO(), stderr=in_log)
    assert "2/2" in on_terminal.getvalue()
    assert in_log.getvalue() == ""


@pytest.fixture
def archive(imported_seed):
    """The seed issue after eight generated days, a theatre programme among them."""
    call_command("generate_archive", "--days", "8", stdout=StringIO(), stderr=StringIO())


@pytest.mark.parametrize(
    ("page", "budget"),
    [
        ("home", LIST_MAX_QUERIES),
        ("issue", ISSUE_MAX_QUERIES),
        ("article", ARTICLE_MAX_QUERIES),
        ("section", LIST_MAX_QUERIES),
        ("author", LIST_MAX_QUERIES),
        ("search", 8),
    ],
)
def test_pages_ask_a_fixed_number_of_queries_however_big_the_archive(
    client, archive, django_assert_max_num_queries, page, budget
):
    lead = Article.objects.get(position=1, issue__date="2022-08-25")
    urls = {
        "home": reverse("home"),
        "issue": lead.issue.get_absolute_url(),
        "article": lead.get_absolute_url(),
        "section": lead.section.get_absolute_url(),
        "author": lead.bylines.first().author.get_absolute_url(),
        "search": reverse("articles:search") + "?q=解放区",
    }
    rendering = {
        "article": ARTICLE_RENDERING_MAX_QUERIES,
        "issue": ISSUE_RENDERING_MAX_QUERIES,
        "home": HOME_RENDERING_MAX_QUERIES,
        **dict.fromkeys(["section", "author"], LIST_RENDERING_MAX_QUERIES),
    }
    if page in rendering:
        with django_assert_max_num_queries(rendering[page]):
            assert client.get(urls[page]).status_code == 200  # its part rendered and kept
    with django_assert_max_num_queries(budget):
        assert client.get(urls[page]).status_code == 200
