"""Corrections (更正): who adds them, and that readers find them on the article, on the
corrections page, in the feeds, the JSON-LD and the API."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from articles.jsonld import iso_time
from articles.models import Article, ArticleStatus, Correction, IssueStatus

from .factories import make_article, make_issue, make_member
from .helpers import ATOM, EDITOR, admin_url, article_form_data, json_ld, main_html

pytestmark = pytest.mark.django_db

WRONG_AND_RIGHT = "本文第二段中“签约项目86个”有误，应为“签约项目68个”。"
CORRECTIONS_PAGE_QUERIES = 4  # the count, the page with its articles and issues, the nav (+ 1)


@pytest.fixture
def client():
    """A reader whose browser asks for English, so interface strings are the msgids."""
    return Client(headers={"accept-language": "en"})


def shanghai(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


def in_english(moment: datetime.datetime) -> str:
    """A correction's date as an English page shows it (e.g. Aug. 27, 2022)."""
    with translation.override("en"):
        return date_format(timezone.localtime(moment), "DATE_FORMAT")


def correct(article, text=WRONG_AND_RIGHT, at=None, **values) -> Correction:
    """A correction as an editor adds one: validated first."""
    correction = Correction(
        article=article, text=text, published_at=at or shanghai(2022, 8, 27, 10), **values
    )
    correction.full_clean()
    correction.save()
    return correction


def inline_prefixes(response) -> set[str]:
    return {inline.formset.prefix for inline in response.context["inline_admin_formsets"]}


# Who may correct what -------------------------------------------------------------------------


def test_readers_see_due_corrections_of_articles_with_a_page():
    shown = correct(make_article())
    withdrawn = make_article()
    on_withdrawn = correct(withdrawn)
    Article.objects.filter(pk=withdrawn.pk).update(status=ArticleStatus.WITHDRAWN)
    later = correct(make_article(), at=timezone.now() + datetime.timedelta(hours=1))
    sent_back = make_article()
    on_sent_back = correct(sent_back)
    Article.objects.filter(pk=sent_back.pk).update(status=ArticleStatus.DRAFT)

    published = set(Correction.objects.published())

    assert published == {shown, on_withdrawn}
    assert not {later, on_sent_back} & published


@pytest.mark.parametrize(
    "article",
    [
        lambda: make_article(status=ArticleStatus.DRAFT),
        lambda: make_article(published_at=timezone.now() + datetime.timedelta(days=1)),
        lambda: make_article(issue=make_issue(status=IssueStatus.DRAFT)),
    ],
    ids=["draft", "due-later", "unpublished-issue"],
)
def test_an_article_readers_have_not_seen_cannot_be_corrected(article):
    with (
        translation.override("en"),
        pytest.raises(ValidationError, match="Only a published article can be corrected"),
    ):
        correct(article())
    assert not Correction.objects.exists()


def test_the_correction_admin_refuses_a_draft_with_a_clear_error(client):
    draft = make_article(status=ArticleStatus.DRAFT)
    client.force_login(make_member(EDITOR))

    response = client.post(
        admin_url(Correction, "add"),
        {"article": draft.pk, "published_at_0": "2022-08-27", "published_at_1": "10:00:00",
         "text": WRONG_AND_RIGHT},
    )  # fmt: skip

    assert response.status_code == 200
    assert "Only a published article can be corrected" in response.content.decode()
    assert not Correction.objects.exists()


def test_an_editor_corrects_a_published_article_on_its_form(client):
    article = make_article()
    editor = make_member(EDITOR)
    client.force_login(editor)
    form_page = client.get(admin_url(Article, "change", article.pk))
    assert "corrections" in {
        formset.formset.prefix for formset in form_page.context["inline_admin_formsets"]
    }

    data = article_form_data(article) | {
        "corrections-TOTAL_FORMS": 1,
        "corrections-0-published_at_0": "2022-08-27",
        "corrections-0-published_at_1": "10:00:00",
        "corrections-0-text": WRONG_AND_RIGHT,
    }
    response = client.post(admin_url(Article, "change", article.pk), data)

    assert response.status_code == 302
    correction = article.corrections.get()
    assert (correction.text, correction.created_by) == (WRONG_AND_RIGHT, editor)
    assert correction.published_at == shanghai(2022, 8, 27, 10)


def test_a_draft_has_no_corrections_on_its_form(client):
    draft = make_article(status=ArticleStatus.DRAFT)
    client.force_login(make_member(EDITOR))
    assert inline_prefixes(client.get(admin_url(Article, "change", draft.pk))) == {"bylines"}


def test_an_edited_correction_keeps_what_it_said_before(client):
    correction = correct(make_article())
    client.force_login(make_member(EDITOR))

    response = client.post(
        admin_url(Correction, "change", correction.pk),
        {"published_at_0": "2022-08-27", "published_at_1": "10:00:00", "text": "改正后的更正"},
    )

    assert response.status_code == 302
    assert [version.text for version in correction.history.all()] == [
        "改正后的更正",
        WRONG_AND_RIGHT,
    ]


def test_the_corrections_list_shows_each_with_its_article(client):
    correction = correct(make_article(title="被更正的文章"))
    client.force_login(make_member(EDITOR))
    response = client.get(admin_url(Correction, "changelist"))
    assert list(response.context["cl"].result_list) == [correction]
    assert "被更正的文章" in response.content.decode()


# The article page -----------------------------------------------------------------------------


def test_the_article_page_shows_its_corrections_dated_after_the_text(client):
    article = make_article(body="<p>签约项目86个。</p>")
    first = correct(article, at=shanghai(2022, 8, 27, 10))
    second = correct(article, "<b>标题</b>中的日期应为8月23日。", at=shanghai(2022, 8, 29, 9))
    correct(article, "还没到时候的更正", at=timezone.now() + datetime.timedelta(hours=1))

    html = main_html(client.get(article.get_absolute_url()))

    box = html[html.index('<section class="corrections"') :]
    assert html.index("签约项目86个") < html.index('<section class="corrections"')
    assert box.index(WRONG_AND_RIGHT) < box.index("中的日期应为8月23日")  # oldest first
    assert f'id="correction-{first.pk}"' in box and f'id="correction-{second.pk}"' in box
    assert f'<time datetime="{timezone.localtime(first.published_at).isoformat()}">' in box
    assert in_english(first.published_at) in box
    assert "&lt;b&gt;标题&lt;/b&gt;" in box
    assert "还没到时候的更正" not in html
    assert f"Corrected on {in_english(second.published_at)}" in html  # flagged in the header


def test_an_article_without_corrections_has_no_box(client):
    html = main_html(client.get(make_article().get_absolute_url()))
    assert 'class="corrections"' not in html and "Corrected on" not in html


def test_a_withdrawn_article_keeps_its_corrections_under_the_notice(client):
    article = make_article()
    correct(article)
    Article.objects.filter(pk=article.pk).update(
        status=ArticleStatus.WITHDRAWN, withdrawal_notice="本文已撤回。"
    )
    html = main_html(client.get(article.get_absolute_url()))
    assert html.index("本文已撤回。") < html.index(WRONG_AND_RIGHT)


def test_adding_a_correction_refreshes_the_cached_pages(client, settings):
    settings.READER_CACHE_SECONDS = 60
    cache.clear()
    article = make_article()
    urls = [article.get_absolute_url(), reverse("articles:corrections")]
    for url in urls:
        assert WRONG_AND_RIGHT not in client.get(url).content.decode()

    correct(article)

    for url in urls:
        assert WRONG_AND_RIGHT in client.get(url).content.decode(), url
    cache.clear()


# The corrections page -------------------------------------------------------------------------


def test_the_corrections_page_lists_them_newest_first_with_their_articles(client):
    older = correct(make_article(title="八月的文章"), "旧的更正", at=shanghai(2022, 8, 27, 10))
    newer = correct(make_article(title="九月的文章"), "新的更正", at=shanghai(2022, 9, 2, 10))
    correct(make_article(), "还没到时候的更正", at=timezone.now() + datetime.timedelta(hours=1))
    sent_back = make_article(title="退回的文章")
    correct(sent_back, "退回文章的更正")
    Article.objects.filter(pk=sent_back.pk).update(status=ArticleStatus.DRAFT)

    html = main_html(client.get(reverse("articles:corrections")))

    assert html.index("新的更正") < html.index("旧的更正")
    for correction in (newer, older):
        assert f'href="{correction.article.get_absolute_url()}#correction-{correction.pk}"' in html
        assert in_english(correction.published_at) in html
    assert "九月的文章" in html and "八月的文章" in html
    assert "还没到时候的更正" not in html and "退回" not in html


def test_the_corrections_page_says_when_there_are_none_and_every_page_links_it(client):
    response = client.get(reverse("articles:corrections"))
    assert "No corrections have been published." in main_html(response)
    home = client.get(reverse("home")).content.decode()
    footer = home[home.index('<footer class="site-footer">') :]
    assert f'href="{reverse("articles:corrections")}"' in footer


def test_the_corrections_page_is_in_the_sitemap(client):
    assert b"http://localhost:8000/corrections/</loc>" in client.get(reverse("sitemap")).content


@pytest.mark.parametrize("n", [2, 25])
def test_the_corrections_page_costs_the_same_few_queries(client, django_assert_max_num_queries, n):
    for k in range(n):
        correct(make_article(), f"第{k}条更正")
    with django_assert_max_num_queries(CORRECTIONS_PAGE_QUERIES):
        response = client.get(reverse("articles:corrections"))
    assert response.context["page_obj"].paginator.count == n


# Feeds, JSON-LD, API --------------------------------------------------------------------------


def test_the_article_feeds_carry_the_correction_as_a_marked_line(client):
    correct(make_article(), at=shanghai(2022, 8, 27, 10))
    line = f"Correction ({in_english(shanghai(2022, 8, 27, 10))}): {WRONG_AND_RIGHT}"

    rss = ET.fromstring(client.get(reverse("articles:latest_rss")).content)
    assert rss.find("channel/item/description").text.endswith(line)
    atom = ET.fromstring(client.get(reverse("articles:latest_atom")).content)
    assert atom.find(f"{ATOM}entry/{ATOM}summary").text.endswith(line)


def test_a_correction_later_than_the_last_edit_dates_the_atom_entry(client):
    article = make_article()
    Article.objects.filter(pk=article.pk).update(updated=shanghai(2022, 8, 25))
    correct(article, at=shanghai(2022, 8, 27, 10))

    atom = ET.fromstring(client.get(reverse("articles:latest_atom")).content)

    updated = atom.find(f"{ATOM}entry/{ATOM}updated").text
    assert datetime.datetime.fromisoformat(updated) == shanghai(2022, 8, 27, 10)


def test_the_corrections_feed_lists_them_newest_first_linking_to_each(client):
    older = correct(make_article(title="八月的文章"), "旧的更正", at=shanghai(2022, 8, 27, 10))
    newer = correct(make_article(title="九月的文章"), "新的更正", at=shanghai(2022, 9, 2, 10))

    rss = ET.fromstring(client.get(reverse("articles:corrections_rss")).content)
    items = rss.find("channel").findall("item")
    assert [item.find("title").text for item in items] == [
        "Correction: 九月的文章",
        "Correction: 八月的文章",
    ]
    assert [item.find("description").text for item in items] == ["新的更正", "旧的更正"]
    assert [item.find("link").text for item in items] == [
        f"http://localhost:8000{newer.get_absolute_url()}",
        f"http://localhost:8000{older.get_absolute_url()}",
    ]

    atom = ET.fromstring(client.get(reverse("articles:corrections_atom")).content)
    assert len(atom.findall(f"{ATOM}entry")) == 2
    page = client.get(reverse("articles:corrections")).content.decode()
    assert f'href="{reverse("articles:corrections_atom")}"' in page


def test_the_json_ld_names_each_correction_and_dates_the_change(client):
    article = make_article()
    Article.objects.filter(pk=article.pk).update(updated=shanghai(2022, 8, 25))
    first = correct(article, at=shanghai(2022, 8, 27, 10))
    second = correct(article, "第二条更正", at=shanghai(2022, 8, 29, 9))

    data = json_ld(client.get(article.get_absolute_url()))

    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "url": f"http://localhost:8000{correction.get_absolute_url()}",
            "text": correction.text,
            "datePublished": iso_time(correction.published_at),
        }
        for correction in (first, second)
    ]
    assert data["dateModified"] == "2022-08-29T09:00:00+08:00"


def test_an_article_without_corrections_has_none_in_its_json_ld(client):
    assert "correction" not in json_ld(client.get(make_article().get_absolute_url()))


def test_the_api_gives_an_article_with_its_corrections(client):
    article = make_article()
    correction = correct(article, at=shanghai(2022, 8, 27, 10))
    correct(article, "还没到时候的更正", at=timezone.now() + datetime.timedelta(hours=1))

    data = client.get(f"/api/v1/articles/{article.pk}").json()

    assert data["corrections"] == [
        {
            "text": WRONG_AND_RIGHT,
            "published_at": "2022-08-27T10:00:00+08:00",
            "url": f"http://localhost:8000{correction.get_absolute_url()}",
        }
    ]


def test_a_correction_is_named_by_its_day_and_article():
    correction = correct(make_article(title="龙源湖公园开园"), at=shanghai(2022, 8, 27, 23, 30))
    with translation.override("en"):
        assert str(correction) == "Correction of 2022-08-27 to “龙源湖公园开园”"


def test_the_refusal_to_correct_an_unseen_article_says_what_to_do_instead():
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        correct(make_article(status=ArticleStatus.DRAFT))
    assert refused.value.messages == [
        "Only a published article can be corrected: edit an article readers have not seen "
        "yet instead."
    ]


def test_a_correction_stays_editable_when_its_article_is_withdrawn_later():
    """The rule is checked when a correction is added: one already published is the record."""
    article = make_article()
    correction = correct(article)
    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.WITHDRAWN)
    correction.text = "更正：地址应为民主路12号。"
    correction.full_clean()
