"""Reader search: words, snippets, what the seed gives, filters, the page; on either database."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models.signals import post_init
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from articles import search, search_index
from articles.highlight import highlight, snippet
from articles.models import Article, ArticleStatus, Author, Byline, IssueStatus, Section
from articles.sanitize import plain_text
from articles.search import search_articles
from articles.search_index import refresh_search_text
from articles.segmentation import MAX_QUERY_LENGTH, index_text, query_words
from newsroom.caching import content_version

from .factories import add_byline, make_article, make_author, make_issue
from .helpers import admin_url, article_form_data, assert_saved, main_html
from .seed_expectations import SEED_TITLES

# The section and author asked for, the matches, the form's and the nav's sections, the page
# and its bylines.
MAX_QUERIES = 7

# The seed page's headlines, in printed order.
LEAD, STANDING_COMMITTEE, PHOTO, VOLUNTEERS, ANTI_PORN, COMMENTARY, AUDIT, WOMEN, THEATRE = (
    SEED_TITLES
)


@pytest.fixture
def client():
    """A reader whose browser asks for English, so interface strings are the msgids."""
    return Client(headers={"accept-language": "en"})


def titles(q: str, **filters) -> list[str]:
    return [article.title for article in search_articles(q, **filters)]


def search_page(client, **params):
    return client.get(reverse("articles:search"), params)


# Words --------------------------------------------------------------------------------


class TestWords:
    def test_indexed_text_holds_the_words_inside_long_ones(self):
        words = index_text("青年志愿服务队").split()

        assert {"青年", "志愿", "服务", "服务队"} <= set(words)

    def test_indexed_text_is_space_padded_without_punctuation(self):
        assert index_text("“解放区”，相声！") == " 解放 解放区 相声 "
        assert index_text("。。。") == ""

    def test_query_words_are_jiebas_words_each_once(self):
        assert query_words("营商环境") == ["营商", "环境"]
        assert query_words("相声 相声，招商引资") == ["相声", "招商引资"]

    def test_query_words_ignore_width_and_case(self):
        assert query_words("５Ｇ Django") == ["5g", "django"]
        assert index_text("5G产业园 DJANGO").split()[:1] == ["5g"]

    @pytest.mark.parametrize(
        "q", ["", "   ", "！？。，“”", "%", "_", "'\"\\", "\x00\x01\x7f", "&|!():*", "<>"]
    )
    def test_a_query_without_letters_or_digits_has_no_words(self, q):
        assert query_words(q) == []

    def test_operators_and_quotes_are_not_words(self):
        assert query_words("相声 & 'it''s' | !小品") == ["相声", "it", "s", "小品"]

    def test_only_the_start_of_a_very_long_query_is_read(self):
        assert query_words("相声" * 1000) == ["相声"]
        assert query_words("x" * MAX_QUERY_LENGTH + " 相声") == ["x" * MAX_QUERY_LENGTH]

    def test_plain_text_drops_tags_decodes_entities_and_keeps_blocks_apart(self):
        body = "<p>甲&amp;乙<strong>丙</strong></p><p>丁<br>戊</p>"

        assert plain_text(body) == "甲&乙丙 丁 戊"


class TestHighlighting:
    def test_marks_whole_words_only(self):
        assert highlight("互相声援，说相声", ["相声"]) == "互相声援，说<mark>相声</mark>"

    def test_neighbouring_words_share_one_mark(self):
        assert highlight("持续优化营商环境", ["营商", "环境"]) == "持续优化<mark>营商环境</mark>"

    def test_marks_ignore_case_and_keep_the_text_as_written(self):
        assert highlight("在5G产业园", ["5g"]) == "在<mark>5G</mark>产业园"

    def test_escapes_the_text_around_and_inside_marks(self):
        assert (
            highlight("<script>相声</script>&", ["相声"])
            == "&lt;script&gt;<mark>相声</mark>&lt;/script&gt;&amp;"
        )

    def test_snippet_is_a_passage_around_the_first_match(self):
        body = f"<p>{'甲' * 200}相声{'乙' * 200}相声</p>"

        passage = snippet(body, ["相声"])

        assert passage.startswith("…甲") and passage.endswith("乙…")
        assert passage.count("<mark>相声</mark>") == 1
        assert len(passage.replace("<mark>", "").replace("</mark>", "")) == 120 + 2

    def test_snippet_skips_a_word_that_is_only_part_of_another(self):
        body = f"<p>大家互相声援。{'甲' * 200}台上说相声。</p>"

        passage = snippet(body, ["相声"])

        assert "互相声援" not in passage and "说<mark>相声</mark>" in passage

    def test_snippet_matches_upper_case_as_typed(self):
        assert "在<mark>5G</mark>产业园" in snippet(f"<p>{'甲' * 200}在5G产业园</p>", ["5g"])

    def test_snippet_near_the_end_is_a_full_passage(self):
        passage = snippet(f"<p>{'甲' * 300}相声</p>", ["相声"])

        assert passage.startswith("…") and passage.endswith("<mark>相声</mark>")
        assert len(passage.replace("<mark>", "").replace("</mark>", "")) == 120 + 1

    def test_snippet_without_a_match_in_the_body_is_its_start(self):
        assert snippet("<p>短短的正文。</p>", ["相声"]) == "短短的正文。"
        assert snippet("", ["相声"]) == ""

    def test_snippet_escapes_what_the_body_decodes_to(self):
        passage = snippet("<p>相声&lt;script&gt;alert(1)&lt;/script&gt;</p>", ["相声"])

        assert passage == "<mark>相声</mark>&lt;script&gt;alert(1)&lt;/script&gt;"


# The seed -------------------------------------------------------------------------------


class TestImportedSeed:
    """The printed page of 2022-08-25: what a reader who searches it expects to find."""

    @pytest.mark.parametrize(
        ("q", "expected"),
        [
            # Twice in the lead's body (招商引资, 全方位招商引资), once in the commentary's.
            ("招商引资", [LEAD, COMMENTARY]),
            # The commentary on 营商环境 says it throughout; the committee once or twice.
            ("营商环境", [COMMENTARY, STANDING_COMMITTEE]),
            ("志愿服务", [VOLUNTEERS]),
            # Only the theatre's programme, not the articles with 互相支持 and the like.
            ("相声", [THEATRE]),
            ("詹长松", [LEAD, ANTI_PORN, AUDIT]),
        ],
    )
    def test_finds_the_articles_a_reader_expects_best_first(self, imported_seed, q, expected):
        assert titles(q) == expected

    def test_the_district_is_everywhere_and_headlines_naming_it_come_first(self, imported_seed):
        found = titles("解放区")

        assert len(found) == 9
        headlines = {LEAD, STANDING_COMMITTEE, VOLUNTEERS, ANTI_PORN, AUDIT, WOMEN}
        assert set(found[:6]) == headlines
        assert set(found[6:]) == {PHOTO, COMMENTARY, THEATRE}

    def test_words_inside_other_words_are_not_found(self, imported_seed):
        trap = make_article(title="两岸互相声援", body="<p>解放区域规划与互相声援的故事。</p>")

        assert trap.title not in titles("相声")
        assert trap.title not in titles("解放区")
        assert titles("解放区域") == [trap.title]

    def test_every_imported_article_is_indexed(self, imported_seed):
        articles = Article.objects.all()

        assert all(a.search_title.strip() and a.search_body.strip() for a in articles)
        if connection.vendor == "postgresql":
            assert not articles.filter(search_vector__isnull=True).exists()


# Search function ------------------------------------------------------------------------


@pytest.mark.django_db
class TestSearchArticles:
    def test_a_headline_match_ranks_above_a_body_only_match(self):
        in_body = make_article(
            issue=make_issue(date=datetime.date(2022, 9, 8)),
            title="周末文化生活",
            body="<p>周末有相声。</p>",
        )
        in_title = make_article(
            issue=make_issue(date=datetime.date(2022, 9, 1)),
            title="相声专场开演",
            body="<p>周末演出。</p>",
        )

        assert titles("相声") == [in_title.title, in_body.title]

    def test_only_the_newest_matches_are_ranked(self, monkeypatch):
        """A word in every article is not a reason to rank the whole archive: the newest
        matches are, best first; an older match is reached with the date filters."""
        monkeypatch.setattr(search, "RANKED_MATCHES", 2)
        old_headline = make_article(
            issue=make_issue(date=datetime.date(2020, 1, 1)), title="相声专场"
        )
        for day in (1, 2, 3):
            (
                make_article(
                    issue=make_issue(date=datetime.date(2022, 9, day)),
                    title=f"周末{day}日",
                    body="<p>周末有相声。</p>",
                )
            )

        assert titles("相声") == ["周末3日", "周末2日"]
        assert list(search_articles("相声", date_to=datetime.date(2021, 1, 1))) == [old_headline]

    def test_the_newest_matches_are_the_last_published_not_the_last_added(self, monkeypatch):
        """An old issue typed in from the archive after the new ones does not push them out."""
        monkeypatch.setattr(search, "RANKED_MATCHES", 2)
        for day in (1, 2):
            make_article(
                issue=make_issue(date=datetime.date(2022, 9, day)),
                title=f"九月{day}日",
                body="<p>周末有相声。</p>",
            )
        make_article(
            issue=make_issue(date=datetime.date(2020, 1, 1)),
            title="旧报补录",
            body="<p>周末有相声。</p>",
        )

        assert titles("相声") == ["九月2日", "九月1日"]

    def test_of_matches_published_together_the_last_added_are_the_newest(self, monkeypatch):
        """The articles of an issue come out at the same moment: those added to it last are
        the newest, so a search stops at the same article in one section as in all."""
        monkeypatch.setattr(search, "RANKED_MATCHES", 2)
        issue = make_issue(date=datetime.date(2022, 9, 1))
        added = [
            make_article(issue=issue, position=position, body="<p>周末有相声。</p>")
            for position in (2, 3, 1)
        ]
        section = Section.objects.get(slug="community-news")

        assert set(search_articles("相声")) == set(added[1:])
        assert set(search_articles("相声", section=section)) == set(added[1:])

    def test_the_page_says_when_it_lists_only_the_newest(self, monkeypatch, client):
        monkeypatch.setattr(search, "RANKED_MATCHES", 2)
        for day in (1, 2):
            (make_article(issue=make_issue(date=datetime.date(2022, 9, day)), title="相声"))
        capped = "The newest 2 articles with “相声”, best matches first."
        assertContains(search_page(client, q="相声"), capped)
        monkeypatch.setattr(search, "RANKED_MATCHES", 3)
        response = search_page(client, q="相声")
        assertContains(response, "2 articles found for “相声”.")
        assertNotContains(response, "The newest")

    @pytest.mark.parametrize(
        "headline",
        [
            "社区新闻",
            pytest.param(
                "记者詹长松的一天",
                marks=pytest.mark.skipif(
                    connection.vendor == "postgresql",
                    reason="ts_rank weighs each word's places by its own formula, not a sum",
                ),
            ),
        ],
    )
    @pytest.mark.parametrize("newer", ["詹长松", "杨森"])
    def test_articles_that_match_alike_are_listed_newest_first(self, newer, headline):
        """Each reporter signs one report and is named in the other's body: for a search of
        both names the two match as well as each other, so the newer comes first. Also when
        the headline names one of them too (ranks added in another order are still equal)."""
        reports = {}
        for signer, named in (("詹长松", "杨森"), ("杨森", "詹长松")):
            day = 8 if signer == newer else 1
            article = make_article(
                issue=make_issue(date=datetime.date(2022, 9, day)),
                title=f"{headline}{day}日",
                body=f"<p>记者采访了{named}。</p>",
            )
            add_byline(article, make_author(signer))
            reports[signer] = article.title
        older = ({"詹长松", "杨森"} - {newer}).pop()

        assert titles("詹长松 杨森") == [reports[newer], reports[older]]

    def test_articles_that_match_alike_in_one_issue_are_in_printed_order(self):
        issue = make_issue(date=datetime.date(2022, 9, 1))
        for position in (2, 3, 1):
            make_article(
                issue=issue, position=position, title=f"第{position}篇", body="<p>相声。</p>"
            )

        assert titles("相声") == ["第1篇", "第2篇", "第3篇"]

    def test_each_database_is_searched_by_its_own_matcher(self, monkeypatch):
        """The matcher ``MATCHERS`` names for the database's vendor (PostgreSQL's) is the one
        asked; only a database without one has its text matched by ``_match_text``."""
        (make_article(title="相声专场"))
        asked = []

        def matcher(articles, words):
            asked.append(words)
            return search._match_text(articles, words)

        monkeypatch.setitem(search.MATCHERS, connection.vendor, matcher)

        assert titles("相声") == ["相声专场"]
        assert asked == [["相声"]]

    def test_every_word_must_be_found(self):
        (make_article(title="相声专场", body="<p>说学逗唱。</p>"))

        assert titles("相声 说学逗唱") == ["相声专场"]
        assert titles("相声 魔术") == []

    @pytest.mark.parametrize("column", ["title", "body"])
    def test_a_part_of_a_stored_word_does_not_find_it_even_at_either_end(self, column):
        """互相声援 is stored as " 互相 声援 ": a search for 相 is for another word, not for a
        part of 互相, and the first and last words are whole words too (the padding marks
        their outer edge). Holds on PostgreSQL as well, whose vector keeps whole words."""
        text = {"title": "互相声援", "body": "<p>互相声援</p>"}[column]
        article = make_article(**{column: text})
        stored = Article.objects.values_list(f"search_{column}", flat=True).get(pk=article.pk)
        assert stored == " 互相 声援 "

        for part in ("互", "相", "声", "援"):  # ends and insides of the first and last word
            assert query_words(part) == [part]
            assert titles(part) == [], part
        for whole in ("互相", "声援", "互相声援"):
            assert titles(whole) == [article.title], whole

    @pytest.mark.parametrize("word", ["festivals", "running", "the", "and"])
    def test_a_latin_word_is_found_as_written_neither_stemmed_nor_dropped(self, word):
        """The words are stored and asked for with PostgreSQL's ``simple`` configuration: a
        server's default (often ``english``) would stem "festivals" to "festiv" on one side
        only, and drop "the" and "and" as stop words, so that neither would be found."""
        article = make_article(title="小剧场", body="<p>The running of the festivals and fairs</p>")

        assert titles(word) == [article.title]
        assert titles(f"小剧场 {word}") == [article.title]

    def test_bylines_are_searched(self):
        article = make_article(title="小剧场开演")
        add_byline(article, make_author("詹长松"))

        assert titles("詹长松") == ["小剧场开演"]

    def test_readers_never_find_what_they_may_not_see(self):
        make = lambda **values: make_article(body="<p>相声专场。</p>", **values)  # noqa: E731
        make(title="草稿", status=ArticleStatus.DRAFT)
        later = make(title="明天发表")
        later.published_at = timezone.now() + datetime.timedelta(days=1)
        later.save()
        make(title="未发表的一期", issue=make_issue(status=IssueStatus.DRAFT))
        make(title="已发表")

        assert titles("相声") == ["已发表"]

    def test_filters_by_section_author_and_issue_dates(self):
        author = make_author("詹长松")
        rows = {}
        for title, day, section in (
            ("八月社区相声", 11, "community-news"),
            ("八月剧场相声", 18, "theatre"),
            ("九月剧场相声", 32, "theatre"),
        ):
            issue = make_issue(date=datetime.date(2022, 8, 1) + datetime.timedelta(day - 1))
            rows[title] = make_article(
                issue=issue, title=title, section_slug=section, body="<p>相声。</p>"
            )
        add_byline(rows["八月剧场相声"], author)
        theatre = Section.objects.get(slug="theatre")

        assert set(titles("相声", section=theatre)) == {"八月剧场相声", "九月剧场相声"}
        assert titles("相声", author=author) == ["八月剧场相声"]
        assert set(titles("相声", date_from=datetime.date(2022, 8, 18))) == {
            "八月剧场相声",
            "九月剧场相声",
        }
        assert titles("相声", date_to=datetime.date(2022, 8, 11)) == ["八月社区相声"]
        assert titles(
            "相声",
            date_from=datetime.date(2022, 8, 12),
            date_to=datetime.date(2022, 8, 31),
        ) == ["八月剧场相声"]

    def test_a_query_without_words_finds_nothing(self):
        (make_article(title="相声专场"))

        assert titles("！？") == []
        assert titles("") == []

    def test_results_are_counted_without_a_query_and_read_a_page_at_a_time(
        self, django_assert_num_queries
    ):
        issue = make_issue(date=datetime.date(2022, 9, 1))
        for n in range(5):
            (make_article(issue=issue, position=n + 1, title=f"相声{n}"))

        with django_assert_num_queries(1):
            results = search_articles("相声")
            assert len(results) == 5
        with django_assert_num_queries(2):  # the articles, then their bylines
            page = results[1:3]
        assert [article.pk for article in page] == results.keys[1:3]
        assert results[4].pk == results.keys[4]
        with pytest.raises(IndexError):
            results[5]

    def test_a_search_reads_the_keys_of_its_matches_not_their_text(self):
        """Up to RANKED_MATCHES articles are ranked: reading their bodies would be wasted."""
        for n in range(3):
            (make_article(title=f"相声{n}", body=f"<p>{'长文' * 1000}相声{n}。</p>"))

        with CaptureQueriesContext(connection) as queries:
            assert len(search_articles("相声")) == 3

        assert not [query for query in queries.captured_queries if '"body"' in query["sql"]]

    def test_a_page_of_results_reads_only_its_own_articles(self):
        """Not the other matches, nor the rest of the archive."""
        for n in range(5):
            (make_article(title=f"相声{n}"))
        for n in range(3):
            (make_article(title=f"魔术{n}"))
        results = search_articles("相声")
        read = []

        def article_read(sender, instance, **kwargs):
            read.append(instance.pk)

        post_init.connect(article_read, sender=Article)
        try:
            page = results[1:3]
        finally:
            post_init.disconnect(article_read, sender=Article)

        assert [article.pk for article in page] == results.keys[1:3]
        assert sorted(read) == sorted(results.keys[1:3])


# Keeping the words fresh ----------------------------------------------------------------


@pytest.mark.django_db
class TestIndexUpdates:
    def test_a_headline_changed_in_the_admin_is_found_by_its_new_words(self, admin_client):
        article = make_article(title="相声专场")

        response = admin_client.post(
            admin_url(Article, "change", article.pk), article_form_data(article, title="魔术专场")
        )

        assert_saved(response)
        assert titles("魔术") == ["魔术专场"]
        assert titles("相声") == []

    def test_a_byline_added_in_the_article_page_is_found(self, admin_client):
        article = make_article(title="相声专场")
        author = make_author("詹长松")
        data = article_form_data(article) | {
            "bylines-TOTAL_FORMS": 1,
            "bylines-0-author": author.pk,
            "bylines-0-role": Byline.Role.REPORTER,
            "bylines-0-order": 1,
        }

        assert_saved(admin_client.post(admin_url(Article, "change", article.pk), data))
        assert titles("詹长松") == ["相声专场"]

    def test_a_renamed_author_is_found_by_the_new_name_only(self, admin_client):
        article = make_article(title="相声专场")
        author = make_author("詹长松")
        add_byline(article, author)

        response = admin_client.post(
            admin_url(Author, "change", author.pk),
            {"name": "詹晓", "slug": author.slug, "bio": ""},
        )

        assert response.status_code == 302
        assert titles("詹晓") == ["相声专场"]
        assert titles("詹长松") == []

    def test_a_byline_moved_in_its_own_page_follows_its_article(self, admin_client):
        first, second = (make_article(title="相声专场")), make_article(title="魔术专场")
        byline = add_byline(first, make_author("詹长松"))
        data = {"article": second.pk, "author": byline.author_id, "role": byline.role, "order": 1}

        response = admin_client.post(admin_url(Byline, "change", byline.pk), data)

        assert response.status_code == 302
        assert titles("詹长松") == ["魔术专场"]

    def test_a_byline_deleted_in_its_own_page_is_no_longer_found(self, admin_client):
        article = make_article(title="相声专场")
        byline = add_byline(article, make_author("詹长松"))

        response = admin_client.post(admin_url(Byline, "delete", byline.pk), {"post": "yes"})

        assert response.status_code == 302
        assert titles("詹长松") == []

    def test_rebuild_command_stores_the_words_that_changed(self):
        make_article(title="相声专场")
        stale = make_article(title="魔术专场")
        # As rows loaded without signals leave it (a fixture, an old backup).
        Article.objects.filter(pk=stale.pk).update(search_title="", search_vector=None)
        out = StringIO()
        version = content_version()

        call_command("rebuild_search_index", stdout=out)

        assert content_version() != version  # cached search pages are not served again
        assert titles("魔术") == ["魔术专场"]
        assert Article.objects.get(title="魔术专场").search_title == " 魔术 专场 "
        assert "Search words checked for 2 articles; 1 changed." in out.getvalue()

    def test_storing_unchanged_words_writes_nothing(self, django_assert_num_queries):
        article = make_article(title="相声专场")
        add_byline(article, make_author("詹长松"))

        with django_assert_num_queries(4):  # the articles, one batch, bylines, their authors
            assert refresh_search_text(Article.objects.filter(pk=article.pk)) == 0

    def test_checking_the_words_of_many_articles_costs_the_same_few_queries(
        self, django_assert_num_queries
    ):
        for n in range(3):
            add_byline(make_article(title=f"相声{n}"), make_author())

        with django_assert_num_queries(4):  # the articles, one batch, bylines, their authors
            assert refresh_search_text(Article.objects.all()) == 0

    def test_many_articles_are_refreshed_batch_by_batch_each_read_once(self, monkeypatch):
        monkeypatch.setattr(search_index, "REFRESH_BATCH", 2)
        for n in range(5):
            (make_article(title=f"魔术{n}"))
        Article.objects.update(search_title="")  # as rows loaded without signals leave them

        with CaptureQueriesContext(connection) as queries:
            assert refresh_search_text(Article.objects.all()) == 5

        reads = [query for query in queries.captured_queries if '"body"' in query["sql"]]
        assert len(reads) == 3  # the text of five articles, two at a time
        assert len(titles("魔术")) == 5

    def test_a_batch_with_nothing_to_refresh_does_not_stop_the_next(self, monkeypatch):
        monkeypatch.setattr(search_index, "REFRESH_BATCH", 2)
        for n in range(5):
            make_article(title=f"魔术{n}")
        last = Article.objects.order_by("pk").last()
        Article.objects.filter(pk=last.pk).update(search_title="")

        assert refresh_search_text(Article.objects.all()) == 1
        assert last.title in titles("魔术")


# The page -------------------------------------------------------------------------------


@pytest.mark.django_db
class TestSearchPage:
    def test_lists_results_with_date_section_bylines_and_a_highlighted_snippet(self, client):
        issue = make_issue(date=datetime.date(2022, 9, 1))
        article = make_article(
            issue=issue,
            title="相声专场开演",
            section_slug="theatre",
            body="<p>解放小剧场周末推出相声专场&lt;script&gt;alert(1)&lt;/script&gt;。</p>",
        )
        add_byline(article, make_author("詹长松"))

        response = search_page(client, q="相声")

        assert response.status_code == 200
        assertTemplateUsed(response, "articles/search.html")
        html = main_html(response)
        assert f'<a href="{article.get_absolute_url()}"><mark>相声</mark>专场开演</a>' in html
        assert 'datetime="2022-09-01"' in html
        assert f'href="{reverse("articles:section", kwargs={"slug": "theatre"})}"' in html
        assert "詹长松" in html
        assert "周末推出<mark>相声</mark>专场&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assertContains(response, "1 article found for “相声”.")
        assertNotContains(response, "<script>")

    def test_the_query_is_escaped_wherever_it_is_shown(self, client):
        (make_article(title="相声专场", body="<p>台上&lt;script&gt;说相声</p>"))

        response = search_page(client, q="<script>相声")

        assert response.status_code == 200
        assertNotContains(response, "<script>")
        assertContains(response, "“&lt;script&gt;相声”")  # in the count of results
        assertContains(response, 'value="&lt;script&gt;相声"')
        assertContains(response, "台上&lt;<mark>script</mark>&gt;说<mark>相声</mark>")

    def test_says_so_and_suggests_what_to_try_when_nothing_is_found(self, client):
        (make_article(title="相声专场", section_slug="theatre"))

        response = search_page(client, q="魔术", section="theatre")

        assertContains(response, "Nothing was found for “魔术”.")
        assertContains(response, "Check the words for typing mistakes.")
        assertContains(response, f'href="{reverse("articles:search")}?q=%E9%AD%94%E6%9C%AF"')
        assertNotContains(search_page(client, q="魔术"), "Search again without the filters")

    def test_without_words_asks_for_some(self, client):
        response = search_page(client)

        assert response.status_code == 200
        assertContains(response, "Type one or more words")
        assertNotContains(response, "Nothing was found")

    def test_filters_are_a_labelled_get_form(self, client):
        response = search_page(client, q="相声")

        html = main_html(response)
        assert re.search(r'<form class="search-form" action="/search/" method="get">', html)
        for name, label in (("q", "Words to search for"), ("section", "Section"),
                            ("author", "Author"), ("from", "From"), ("to", "To")):  # fmt: skip
            assert f'<label for="id_{name}">{label}:</label>' in html, name
            assert f'name="{name}"' in html
        assert '<option value="theatre">' in html
        assert 'type="date"' in html

    def test_filters_apply_and_stay_in_the_form(self, client):
        author = make_author("詹长松")
        kept = make_article(
            issue=make_issue(date=datetime.date(2022, 8, 18)),
            title="剧场相声",
            section_slug="theatre",
        )
        add_byline(kept, author)
        (make_article(title="社区相声", section_slug="community-news"))

        response = search_page(
            client, q="相声", section="theatre", author="詹长松", **{"from": "2022-08-01"}
        )

        assert [a.title for a in response.context["page_obj"]] == ["剧场相声"]
        html = main_html(response)
        assert '<option value="theatre" selected>' in html
        assert 'value="詹长松"' in html and 'value="2022-08-01"' in html

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"section": "no-such-section"}, "There is no such section"),
            ({"author": "无名氏"}, "No articles by “无名氏” are published"),
            ({"from": "2022-13-45"}, "Enter the date as YYYY-MM-DD"),
            ({"to": "yesterday"}, "Enter the date as YYYY-MM-DD"),
            ({"from": "2022-09-01", "to": "2022-08-01"}, "The end date is before the start date"),
            ({"from": "99999-01-01"}, "Enter the date as YYYY-MM-DD"),
        ],
    )
    def test_a_bad_filter_is_ignored_with_a_message(self, client, params, message):
        (make_article(issue=make_issue(date=datetime.date(2022, 9, 5)), title="相声专场"))

        response = search_page(client, q="相声", **params)

        assert response.status_code == 200
        assertContains(response, message)
        assert [a.title for a in response.context["page_obj"]] == ["相声专场"]

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"section": "no-such-section"}, "没有这个版块；以下是全部版块的结果。"),
            ({"author": "无名氏"}, "没有“无名氏”已发表的文章；以下是全部作者的结果。"),
            ({"from": "2022-13-45"}, "请按 YYYY-MM-DD 格式填写日期；此筛选条件已忽略。"),
            ({"from": "2022-09-01", "to": "2022-08-01"}, "结束日期早于开始日期，已忽略。"),
        ],
    )
    def test_chinese_readers_are_told_in_chinese_why_a_filter_is_ignored(self, params, message):
        """The site speaks Chinese unless asked otherwise (tests/test_translations.py)."""
        (make_article(title="相声专场"))

        response = search_page(Client(), q="相声", **params)

        assert message in main_html(response)

    @pytest.mark.parametrize("bound", ["from", "to"])
    def test_a_start_or_an_end_date_alone_narrows_the_search_without_a_message(self, client, bound):
        for day in (1, 10):
            make_article(issue=make_issue(date=datetime.date(2022, 9, day)), title=f"{day}日相声")

        response = search_page(client, q="相声", **{bound: "2022-09-05"})

        expected = {"from": ["10日相声"], "to": ["1日相声"]}[bound]
        assert [a.title for a in response.context["page_obj"]] == expected
        assertNotContains(response, "The end date is before the start date")

    def test_the_same_start_and_end_date_search_that_day(self, client):
        for day in (4, 5, 6):
            make_article(issue=make_issue(date=datetime.date(2022, 9, day)), title=f"{day}日相声")

        response = search_page(client, q="相声", **{"from": "2022-09-05", "to": "2022-09-05"})

        assert [a.title for a in response.context["page_obj"]] == ["5日相声"]
        assertNotContains(response, "The end date is before the start date")

    def test_a_query_the_form_refuses_is_no_search(self, client):
        """A null character is refused (and said so); nothing else is searched instead."""
        (make_article(title="相声专场"))

        response = search_page(client, q="\x00相声")

        assertContains(response, "Null characters are not allowed.")
        assertContains(response, "Type one or more words")
        assertNotContains(response, "Nothing was found")

    @pytest.mark.parametrize("given", ["强 声", "强-声"], ids=["name", "slug"])
    def test_the_author_filter_finds_an_author_by_name_or_by_slug(self, client, given):
        author = make_author("强 声")
        assert author.slug == "强-声"  # a slug is not the name, so each way is tried
        add_byline(make_article(title="强声谈相声"), author)
        make_article(title="别人的相声")

        response = search_page(client, q="相声", author=given)

        assert [a.title for a in response.context["page_obj"]] == ["强声谈相声"]
        assert "are published; results are from all authors" not in main_html(response)

    def test_a_draft_authors_name_is_not_confirmed(self, client):
        add_byline(make_article(status=ArticleStatus.DRAFT, title="相声草稿"), make_author("隐名"))

        response = search_page(client, q="相声", author="隐名")

        assertContains(response, "No articles by “隐名” are published")

    @pytest.mark.parametrize(
        "params",
        [
            {"q": ""},
            {"q": "！？。"},
            {"q": "相" * 1000},
            {"q": "x" * 1000},
            {"q": "%"},
            {"q": "_"},
            {"q": "'"},
            {"q": '"相声"'},
            {"q": "相声' OR 1=1 --"},
            {"q": "\x00相声"},
            {"q": "\x01\x1f\x7f"},
            {"q": "&|!():* <->"},
            {"q": "相声", "page": "abc"},
            {"q": "相声", "page": "99999"},
            {"q": "相声", "section": "%"},
            {"q": "相声", "author": "_"},
            {"q": "相声", "from": "0000-00-00"},
            {"q": ["相声", "魔术"], "section": ["theatre", "x"]},
        ],
    )
    def test_odd_input_never_fails(self, client, params):
        (make_article(title="相声专场"))

        response = search_page(client, **params)

        assert response.status_code == 200

    def test_is_paginated_and_page_links_keep_the_query(self, client):
        issue = make_issue()
        for n in range(21):
            (make_article(issue=issue, position=n + 1, title=f"相声专场{n}"))

        first = search_page(client, q="相声", section="community-news")
        second = search_page(client, q="相声", section="community-news", page=2)

        assertContains(first, "21 articles found")
        assertContains(first, 'href="?q=%E7%9B%B8%E5%A3%B0&amp;section=community-news&amp;page=2"')
        assert len(second.context["page_obj"]) == 1
        assertContains(second, "&amp;page=1")
        assertContains(second, 'start="21"')

    def test_is_not_indexed_by_search_engines(self, client):
        response = search_page(client, q="相声")

        assertContains(response, '<meta name="robots" content="noindex">', html=True)
        assertNotContains(response, 'rel="canonical"')

    @pytest.mark.parametrize("n_articles", [3, 25])
    def test_needs_the_same_few_queries_however_many_results(
        self, client, django_assert_max_num_queries, n_articles
    ):
        author = make_author("詹长松")
        issue = make_issue(date=datetime.date(2022, 8, 18))
        for n in range(n_articles):
            article = make_article(issue=issue, position=n + 1, title=f"相声{n}")
            add_byline(article, author, Byline.Role.REPORTER, 1)
            add_byline(article, make_author(), Byline.Role.CORRESPONDENT, 2)
        params = {"q": "相声", "section": "community-news", "author": "詹长松"}

        with django_assert_max_num_queries(MAX_QUERIES):
            response = search_page(client, **params, **{"from": "2022-08-01", "to": "2022-08-31"})

        assert len(response.context["page_obj"]) == min(n_articles, 20)


PAGES = {
    "home": lambda: reverse("home"),
    "issue list": lambda: reverse("articles:issue_list"),
    "article": lambda: make_article().get_absolute_url(),
    "section": lambda: reverse("articles:section", kwargs={"slug": "theatre"}),
    "theatre": lambda: reverse("events:index"),
    "search": lambda: reverse("articles:search"),
    "404": lambda: "/no/such/page/",
}


@pytest.mark.django_db
@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_has_the_search_form_in_its_header(client, page):
    response = client.get(PAGES[page]())

    html = response.content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert '<form class="site-search" role="search" action="/search/" method="get">' in header
    assert '<label class="visually-hidden" for="site-search-q">Search the paper</label>' in header
    assert '<input type="search" id="site-search-q" name="q" maxlength="100">' in header
    assert '<button type="submit">Search</button>' in header
