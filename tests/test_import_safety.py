"""Imports that never lose work (issue 15): what an import may replace, and who confirms the rest.

The import's unit is the printed page: re-importing a file replaces what the import of that
page made before, and nothing else. What editors did since (an edit, a workflow step, a
correction, a move, the lead story) or made themselves is theirs: the command refuses to
delete or overwrite it without ``--replace``, the admin without a listed confirmation from
someone who may delete articles. Published performances never go to a draft.
"""

import datetime
import re
from importlib import import_module

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article, ArticleStatus, Correction, Issue, IssueStatus, Page, Section
from articles.workflow import publish_issue, transition
from events.models import Performance
from newsroom.importing.admin import Upload

from .factories import make_performance
from .helpers import (
    IMPORT_URL,
    admin_url,
    article_form_data,
    client_of,
    corrected_copy,
    payload_of,
    refused_import,
    run_import,
    save_as,
    text_of,
    with_fourth_retitled,
    without_fifth,
)
from .seed_expectations import SEED, SEED_DATE, SEED_TEXT

pytestmark = pytest.mark.django_db

OTHER_DATE = datetime.date(2022, 8, 23)  # what the seed's text gives without --date
FIFTH = "解放区“扫黄打非”示范点规范化建设成绩喜人"


def counted(out: str, kind: str, outcome: str) -> bool:
    """Whether the summary line says ``outcome`` (e.g. "1 deleted") of ``kind``."""
    return re.search(rf"[:;] {kind} (\d+ \w+, )*{outcome}[,;.]", out) is not None


def article(position: int, date=SEED_DATE) -> Article:
    return Article.objects.get(issue__date=date, position=position)


@pytest.fixture
def seed(db):
    """The seed page as `make run` imports it: published, dated by seeds/dates.tsv."""
    run_import(SEED, "--dates", SEED.parent / "dates.tsv")
    return Issue.objects.get(date=SEED_DATE)


def upload(client, data: bytes, name=SEED.name, **fields):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data), **fields})


# Publishing whole issues -----------------------------------------------------------------------


def test_an_editor_is_not_offered_to_import_published_and_is_refused_it(client, members):
    editor = client_of(client, members["编辑"])
    assert 'type="checkbox" name="draft"' not in editor.get(IMPORT_URL).content.decode()
    response = upload(editor, SEED.read_bytes(), date=SEED_DATE.isoformat())  # no draft=on
    assert response.status_code == 200
    assert "Only who may publish whole issues imports them published" in text_of(response)
    assert not Issue.objects.exists()


def test_an_editor_cannot_confirm_a_preview_that_imports_published(client, members):
    chief = client_of(client, members["总编辑"])
    payload = payload_of(upload(chief, SEED.read_bytes(), date=SEED_DATE.isoformat()))
    editor = client_of(client, members["编辑"])
    response = editor.post(IMPORT_URL, {"payload": payload})
    assert response.status_code == 200
    assert "Only who may publish whole issues imports them published" in text_of(response)
    assert not Issue.objects.exists()


def test_an_editor_imports_drafts(client, members):
    editor = client_of(client, members["编辑"])
    preview = upload(editor, SEED.read_bytes(), date=SEED_DATE.isoformat(), draft="True")
    editor.post(IMPORT_URL, {"payload": payload_of(preview)})
    assert Issue.objects.get().status == IssueStatus.DRAFT


def test_the_chief_editor_imports_published(client, members):
    chief = client_of(client, members["总编辑"])
    assert 'type="checkbox" name="draft"' in chief.get(IMPORT_URL).content.decode()
    chief.post(
        IMPORT_URL, {"payload": payload_of(upload(chief, SEED.read_bytes(), date="2022-08-25"))}
    )
    assert Issue.objects.published().filter(date=SEED_DATE).exists()


# What a re-import may delete -------------------------------------------------------------------


def test_a_published_article_the_file_lacks_is_deleted_only_with_replace(seed, tmp_path):
    corrected = corrected_copy(tmp_path, without_fifth())
    message = refused_import(corrected, "--date", SEED_DATE)
    assert "\n" not in message
    assert f"delete article 5 “{FIFTH}” (published)" in message
    assert "--replace" in message
    assert seed.articles.filter(title=FIFTH).exists()
    assert seed.articles.count() == 9

    out = run_import(corrected, "--date", SEED_DATE, "--replace")
    assert counted(out, "articles", "1 deleted")
    assert not seed.articles.filter(title=FIFTH).exists()


def test_a_withdrawn_article_keeps_its_notice(seed, members, tmp_path):
    fifth = seed.articles.get(title=FIFTH)
    transition(fifth, "withdraw", members["总编辑"], note="报道有误，已撤回。")
    message = refused_import(corrected_copy(tmp_path, without_fifth()), "--date", SEED_DATE)
    assert f"article 5 “{FIFTH}” (withdrawn" in message
    fifth.refresh_from_db()
    assert (fifth.status, fifth.withdrawal_notice) == (
        ArticleStatus.WITHDRAWN,
        "报道有误，已撤回。",
    )


def test_a_reporters_own_article_is_never_the_imports_to_delete(seed, members, tmp_path):
    own = Article.objects.create(
        issue=seed,
        section=Section.objects.get(slug="community-news"),
        position=10,
        title="记者自己写的稿件",
        body="<p>正文。</p>",
        created_by=members["记者"],
        status=ArticleStatus.SUBMITTED,
    )
    run_import(
        corrected_copy(tmp_path, with_fourth_retitled(without_fifth())),
        "--date",
        SEED_DATE,
        "--replace",
    )
    own.refresh_from_db()
    assert (own.title, own.status, own.position) == (
        "记者自己写的稿件",
        ArticleStatus.SUBMITTED,
        10,
    )
    assert seed.articles.count() == 9


def test_a_moved_article_is_never_the_imports_to_delete(seed, tmp_path):
    second = Page.objects.create(issue=seed, number=2)
    seed.articles.filter(title=FIFTH).update(page=second)
    out = run_import(corrected_copy(tmp_path, without_fifth()), "--date", SEED_DATE, "--replace")
    assert counted(out, "articles", "1 kept")
    assert seed.articles.get(title=FIFTH).page == second


def test_untouched_drafts_the_file_lacks_are_deleted_without_asking(db, tmp_path):
    run_import(SEED, "--date", SEED_DATE, "--draft")
    out = run_import(corrected_copy(tmp_path, without_fifth()), "--date", SEED_DATE, "--draft")
    assert counted(out, "articles", "1 deleted")
    assert Article.objects.count() == 8


def test_an_edited_draft_the_file_lacks_is_kept(db, members, tmp_path):
    run_import(SEED, "--date", SEED_DATE, "--draft")
    save_as(members["编辑"], Article.objects.get(title=FIFTH), dateline="本报讯（改）")
    message = refused_import(
        corrected_copy(tmp_path, without_fifth()), "--date", SEED_DATE, "--draft"
    )
    assert f"delete article 5 “{FIFTH}” (changed by {members['编辑'].username})" in message


def test_a_corrected_article_is_kept(seed, tmp_path):
    Correction.objects.create(article=seed.articles.get(title=FIFTH), text="更正：日期有误。")
    message = refused_import(corrected_copy(tmp_path, without_fifth()), "--date", SEED_DATE)
    assert "corrected" in message


def test_the_lead_story_is_kept(seed, tmp_path):
    Issue.objects.filter(pk=seed.pk).update(lead=seed.articles.get(title=FIFTH))
    message = refused_import(corrected_copy(tmp_path, without_fifth()), "--date", SEED_DATE)
    assert "lead story" in message


# What a re-import may overwrite ----------------------------------------------------------------


def test_an_editors_edit_survives_a_file_that_prints_the_article_as_before(seed, members, tmp_path):
    second = article(2)
    save_as(members["编辑"], second, body="<p>编辑改过的正文。</p>")
    out = run_import(corrected_copy(tmp_path, with_fourth_retitled()), "--date", SEED_DATE)
    assert counted(out, "articles", "1 updated")
    assert article(2).body == "<p>编辑改过的正文。</p>"
    assert article(4).title == "解放区一项志愿服务项目荣获省级大奖"


def test_an_edit_made_in_the_admin_is_an_editors_work(seed, client, members, tmp_path):
    editor = client_of(client, members["编辑"])
    fourth = article(4)
    response = editor.post(
        admin_url(Article, "change", fourth.pk),
        article_form_data(fourth, dateline="本报讯（编辑）"),
    )
    assert response.status_code == 302
    message = refused_import(corrected_copy(tmp_path, with_fourth_retitled()), "--date", SEED_DATE)
    assert "overwrite article 4 “解放区一志愿服务项目荣获省级大奖”" in message
    assert members["编辑"].username in message
    assert article(4).dateline == "本报讯（编辑）"


def test_a_file_that_changes_an_edited_article_overwrites_it_only_with_replace(
    seed, members, tmp_path
):
    save_as(members["编辑"], article(4), body="<p>编辑改过的正文。</p>")
    corrected = corrected_copy(tmp_path, with_fourth_retitled())
    assert "overwrite article 4" in refused_import(corrected, "--date", SEED_DATE)
    assert article(4).body == "<p>编辑改过的正文。</p>"
    run_import(corrected, "--date", SEED_DATE, "--replace")
    assert article(4).title == "解放区一项志愿服务项目荣获省级大奖"
    assert article(4).body != "<p>编辑改过的正文。</p>"


def test_a_publication_by_the_chief_editor_does_not_stop_a_corrected_file(db, members, tmp_path):
    run_import(SEED, "--date", SEED_DATE, "--draft")
    publish_issue(Issue.objects.get(), members["总编辑"])
    run_import(corrected_copy(tmp_path, with_fourth_retitled()), "--date", SEED_DATE)
    assert article(4).title == "解放区一项志愿服务项目荣获省级大奖"


def test_a_make_up_of_the_same_articles_survives_a_re_import(seed, tmp_path):
    first, second = article(1), article(2)
    Article.objects.filter(pk__in=[first.pk, second.pk]).set_positions_aside()
    Article.objects.filter(pk=first.pk).update(position=2)
    Article.objects.filter(pk=second.pk).update(position=1)
    run_import(corrected_copy(tmp_path, with_fourth_retitled()), "--date", SEED_DATE)
    assert (article(1).pk, article(2).pk) == (second.pk, first.pk)


# The date and the performances ------------------------------------------------------------------


def test_the_same_file_without_a_date_goes_to_the_issue_it_was_imported_into(seed):
    out = run_import(SEED)
    assert "issue date 2022-08-25 taken from the issue this file was imported into" in out
    assert "already imported" in out
    assert list(Issue.objects.values_list("date", flat=True)) == [SEED_DATE]


def test_the_same_file_with_another_date_is_refused_naming_the_issue(seed):
    message = refused_import(SEED, "--date", OTHER_DATE, "--replace")
    assert "already imported as page 1 of the issue of 2022-08-25" in message
    assert list(Issue.objects.values_list("date", flat=True)) == [SEED_DATE]


def test_a_draft_never_takes_published_performances(seed, tmp_path):
    programme = article(9)
    corrected = corrected_copy(tmp_path, with_fourth_retitled())
    out = run_import(corrected, "--date", OTHER_DATE, "--draft", "--replace")
    assert counted(out, "performances", "2 kept")
    assert set(Performance.objects.values_list("article", flat=True)) == {programme.pk}
    assert Performance.objects.visible().count() == 2


def test_a_published_import_takes_another_issues_performances_only_with_replace(seed, tmp_path):
    corrected = corrected_copy(tmp_path, with_fourth_retitled())
    message = refused_import(corrected, "--date", OTHER_DATE)
    assert "re-point the performance of 2022-09-03 (readers see it, announced in “" in message
    assert Issue.objects.count() == 1
    run_import(corrected, "--date", OTHER_DATE, "--replace")
    assert set(Performance.objects.values_list("article", flat=True)) == {article(9, OTHER_DATE).pk}


def test_the_seed_imported_again_in_the_admin_without_a_date_changes_nothing(seed, client, members):
    chief = client_of(client, members["总编辑"])
    preview = upload(chief, SEED.read_bytes())
    text = text_of(preview)
    assert "This file was already imported as the issue of Aug. 25, 2022" in text
    assert "already imported: confirming changes nothing" in text
    chief.post(IMPORT_URL, {"payload": payload_of(preview)})
    assert list(Issue.objects.values_list("date", flat=True)) == [SEED_DATE]
    assert Performance.objects.visible().count() == 2
    for performance in Performance.objects.all():
        assert client.get(performance.get_absolute_url()).status_code == 200


# The admin's preview and confirmation ----------------------------------------------------------


def corrected_upload(client, **fields):
    data = with_fourth_retitled(without_fifth()).encode()
    return upload(client, data, date=SEED_DATE.isoformat(), **fields)


def test_the_preview_shows_the_issue_the_date_and_every_change(seed, client, members):
    chief = client_of(client, members["总编辑"])
    response = corrected_upload(chief)
    text = text_of(response)
    assert "goes to the existing issue of Aug. 25, 2022, page 1" in text
    assert "The date was given." in text
    assert "updated: headline" in text
    assert "deleted" in text
    assert f"Article 5 “{FIFTH}” would be deleted (Published)." in text
    assert 'name="replace"' in response.content.decode()
    assert seed.articles.count() == 9
    assert article(4).title == "解放区一志愿服务项目荣获省级大奖"


def test_confirming_without_ticking_is_refused_and_ticking_deletes(seed, client, members):
    chief = client_of(client, members["总编辑"])
    payload = payload_of(corrected_upload(chief))
    response = chief.post(IMPORT_URL, {"payload": payload})
    assert "Tick the confirmation" in text_of(response)
    assert seed.articles.count() == 9
    response = chief.post(IMPORT_URL, {"payload": payload, "replace": "on"})
    assert response.status_code == 302
    assert not seed.articles.filter(title=FIFTH).exists()
    assert article(4).title == "解放区一项志愿服务项目荣获省级大奖"


def test_an_editor_sees_what_needs_confirmation_but_cannot_confirm_it(seed, client, members):
    editor = client_of(client, members["编辑"])
    response = corrected_upload(editor, draft="True")
    assert "Only someone who may delete articles can confirm this import." in text_of(response)
    assert 'name="replace"' not in response.content.decode()
    response = editor.post(IMPORT_URL, {"payload": payload_of(response), "replace": "on"})
    assert "ask someone who may delete articles" in text_of(response)
    assert seed.articles.filter(title=FIFTH).exists()


def test_work_done_after_the_preview_is_not_lost(seed, client, members):
    chief = client_of(client, members["总编辑"])
    payload = payload_of(corrected_upload(chief))
    save_as(members["编辑"], article(4), body="<p>预览之后改的正文。</p>")
    response = chief.post(IMPORT_URL, {"payload": payload, "replace": "on"})
    assert response.status_code == 200
    text = text_of(response)
    assert "Nothing was imported" in text
    assert "Article 4 “解放区一志愿服务项目荣获省级大奖” would be overwritten" in text
    assert seed.articles.filter(title=FIFTH).exists()
    assert article(4).body == "<p>预览之后改的正文。</p>"


def test_a_file_imported_as_another_dates_issue_cannot_be_confirmed(seed, client, members):
    chief = client_of(client, members["总编辑"])
    preview = upload(chief, SEED.read_bytes(), date=OTHER_DATE.isoformat())
    assert preview.status_code == 200
    assert "already page 1 of the issue of Aug. 25, 2022" in text_of(preview)
    assert 'name="payload"' not in preview.content.decode()
    forged = Upload(SEED.name, SEED.read_bytes(), OTHER_DATE, draft=True).payload()
    response = chief.post(IMPORT_URL, {"payload": forged})
    assert response.status_code == 200
    assert "already page 1 of the issue of Aug. 25, 2022" in text_of(response)
    assert list(Issue.objects.values_list("date", flat=True)) == [SEED_DATE]


# The command's dry run -------------------------------------------------------------------------


def test_a_dry_run_lists_what_needs_replace(seed, tmp_path):
    out = run_import(
        corrected_copy(tmp_path, with_fourth_retitled(without_fifth())),
        "--date",
        SEED_DATE,
        "--dry-run",
    )
    assert "update article 4 “解放区一志愿服务项目荣获省级大奖”: headline" in out
    assert f"delete article 5 “{FIFTH}” (published): needs --replace" in out
    assert "nothing written" in out
    assert Article.objects.count() == 9


# Performances entered by hand ------------------------------------------------------------------


def test_a_performance_entered_by_hand_is_taken_as_printed_when_nothing_is_lost(db):
    by_hand = make_performance(date=datetime.date(2022, 9, 3), acts=())
    run_import(SEED, "--date", SEED_DATE)
    by_hand.refresh_from_db()
    assert by_hand.article == article(9)
    assert by_hand.acts.count() == 6


def test_acts_entered_by_hand_are_replaced_only_with_replace(db):
    by_hand = make_performance(date=datetime.date(2022, 9, 3), acts=(("魔术", "", ("刘谦",)),))
    message = refused_import(SEED, "--date", SEED_DATE)
    assert (
        "replace the acts of the performance of 2022-09-03 (readers see it, entered by hand)"
        in (message)
    )
    assert not Issue.objects.exists()
    run_import(SEED, "--date", SEED_DATE, "--replace")
    by_hand.refresh_from_db()
    assert (by_hand.article, by_hand.acts.count()) == (article(9), 6)


def test_a_draft_leaves_a_performance_entered_by_hand_alone(db):
    by_hand = make_performance(date=datetime.date(2022, 9, 3), acts=())
    run_import(SEED, "--date", SEED_DATE, "--draft")
    by_hand.refresh_from_db()
    assert by_hand.article is None
    assert Performance.objects.visible().filter(pk=by_hand.pk).exists()


def test_a_published_performance_the_programme_drops_is_deleted_only_with_replace(seed, tmp_path):
    start = SEED_TEXT.index("- 9月4日节目单")
    corrected = corrected_copy(tmp_path, SEED_TEXT[:start])
    assert "delete the performance of 2022-09-04 (readers see it" in refused_import(
        corrected, "--date", SEED_DATE
    )
    run_import(corrected, "--date", SEED_DATE, "--replace")
    assert list(Performance.objects.values_list("date", flat=True)) == [datetime.date(2022, 9, 3)]


# Issues imported before the import kept its provenance ---------------------------------------


def test_issues_imported_before_are_given_their_provenance(db, members, tmp_path):
    migration = import_module("articles.migrations.0014_import_provenance")
    run_import(SEED, "--date", SEED_DATE)
    issue = Issue.objects.get()
    Page.objects.update(source_file="", source_sha256="")
    Article.objects.update(source_page=None, source_digest="")
    Article.objects.filter(position=3).update(page=None)  # imported before there were pages
    Article.history.update(history_change_reason=None)
    save_as(members["编辑"], article(2), dateline="本报讯（编辑）")

    migration.record_provenance(apps, schema_editor=None)

    page = issue.pages.get(number=1)
    assert (page.source_file, page.source_sha256) == (issue.source_file, issue.source_sha256)
    assert set(issue.articles.values_list("source_page", "page")) == {(page.pk, page.pk)}
    # Article 4 was not changed since: the file's change to it needs no confirming. Article 2
    # has no fingerprint to tell whose its difference from the file is: the editor's, so far
    # as the import knows.
    message = refused_import(corrected_copy(tmp_path, with_fourth_retitled()), "--date", SEED_DATE)
    assert message.endswith(
        "not imported, as it would overwrite article 2 “解放区召开十一届区委常委会” "
        f"(published, changed by {members['编辑'].username}). Run again with --replace to confirm."
    )
    assert article(2).dateline == "本报讯（编辑）"


def test_an_article_an_editor_retitled_is_still_the_one_the_file_prints(seed, members, tmp_path):
    fourth = article(4)
    save_as(members["编辑"], fourth, title="编辑改过的标题")
    added = (
        "# 解放区开展秋季爱国卫生运动\n\n本报讯(记者孙悦)8月24日,解放区开展秋季爱国卫生运动。\n\n"
    )
    corrected = SEED_TEXT.replace("# 创建全国文明城市", added + "# 创建全国文明城市")
    run_import(
        corrected_copy(tmp_path, corrected), "--date", SEED_DATE
    )  # no headline or place to know it by
    fourth.refresh_from_db()
    assert (fourth.title, fourth.position) == ("编辑改过的标题", 5)
    assert seed.articles.count() == 10


def test_a_file_imported_twice_before_goes_on_as_the_issue_given(seed):
    """As the bug left some databases: the seed as a second issue, of the inferred date."""
    twin = Issue.objects.create(date=OTHER_DATE)
    Page.objects.create(
        issue=twin, number=1, source_file=SEED.name, source_sha256=seed.source_sha256
    )
    assert "already imported" in run_import(SEED, "--date", SEED_DATE)
    assert "already imported" in run_import(SEED, "--date", OTHER_DATE)


# Found in review: another file, a renumbered page, editors' make-up -------------------------------

OTHER_PAGE = SEED.parent.parent / "tests" / "samples" / "variant_series.txt"


def test_another_file_for_the_same_date_changes_nothing_without_replace(seed):
    before = list(seed.articles.values_list("pk", "title", "body"))

    message = refused_import(OTHER_PAGE, "--date", SEED_DATE, "--draft")

    assert "--replace" in message and f"imported from another file, {SEED.name}" in message
    assert list(seed.articles.values_list("pk", "title", "body")) == before
    assert Performance.objects.filter(article__issue=seed).count() == 2


def test_another_file_is_listed_for_confirmation_in_the_admin(seed, client, members):
    client_of(client, members["编辑"])
    preview = upload(
        client,
        OTHER_PAGE.read_bytes(),
        name=OTHER_PAGE.name,
        date=SEED_DATE,
        draft="True",
        page="1",
    )
    assert "imported from another file" in text_of(preview)
    response = client.post(IMPORT_URL, {"payload": payload_of(preview), "replace": "on"})
    assert seed.articles.filter(title=article(1).title).exists()
    assert "You may not confirm" in text_of(response)


def test_a_renumbered_page_is_still_the_files_own(seed, tmp_path):
    count = seed.articles.count()
    Page.objects.filter(issue=seed, number=1).update(number=2)

    assert "already imported" in run_import(SEED, "--date", SEED_DATE)
    run_import(corrected_copy(tmp_path, with_fourth_retitled()), "--date", SEED_DATE)

    assert seed.articles.count() == count
    assert article(4).title == "解放区一项志愿服务项目荣获省级大奖"


def test_editors_make_up_survives_a_file_that_adds_an_article(db, members, tmp_path):
    run_import(corrected_copy(tmp_path, without_fifth()), "--date", SEED_DATE, "--draft")
    first, second = article(1), article(2)
    Article.objects.filter(pk__in=[first.pk, second.pk]).set_positions_aside()
    save_as(members["编辑"], Article.objects.get(pk=first.pk), position=2)
    save_as(members["编辑"], Article.objects.get(pk=second.pk), position=1)

    run_import(corrected_copy(tmp_path, SEED_TEXT), "--date", SEED_DATE, "--draft")

    assert (article(1).pk, article(2).pk) == (second.pk, first.pk)
    assert Article.objects.filter(title=FIFTH).count() == 1


def test_an_evening_two_programmes_of_one_file_print_is_one_performance(db, tmp_path):
    """Found by the failed-load fuzz test: the second programme's evening was inserted again."""
    programme = "# “解放小剧场” 场场都精彩\n\n一。\n\n7月11日节目单\n▶相声《学小曲》 展奇 杨森\n\n"
    path = tmp_path / "twice.txt"
    path.write_text(programme + "# 一\n\n本报讯(记者詹长松)一。\n\n" + programme, encoding="utf-8")

    run_import(path, "--date", SEED_DATE)

    performance = Performance.objects.get()
    assert performance.date == datetime.date(2023, 7, 11)
    assert performance.article.title == "“解放小剧场” 场场都精彩"
