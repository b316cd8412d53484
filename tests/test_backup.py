"""`export_archive` then `restore_archive` into an empty database gives back every row as it
was: the content, every saved version, the workflow's changes of state, and who did what."""

import datetime
import json
import re
import zipfile
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from articles.models import (
    Article,
    ArticleStatus,
    Author,
    Correction,
    ImportWarning,
    Issue,
    Page,
    PageRegion,
    Series,
    StateChange,
)
from articles.workflow import transition
from events.models import Performance, Performer
from events.services import merge_performers
from newsroom.archive_users import fields_by_label, user_fields
from newsroom.management.commands.export_archive import (
    ARCHIVE_MODELS,
    CONTENT_MODELS,
    HISTORY_MODELS,
    NOT_ARCHIVED,
)
from newsroom.management.commands.restore_archive import REFERENCE_MODELS

from .factories import add_byline, make_article, make_author, make_member, make_performance
from .helpers import CHIEF, EDITOR, REPORTER, edit_as, page_pdf, save_as
from .seed_expectations import SEED_ARTICLES

pytestmark = pytest.mark.django_db


def usernames() -> dict[int, str]:
    user = get_user_model()
    return dict(user.objects.values_list("pk", "username"))


def canonical_dump() -> dict:
    """Every row of every archived table, saved versions too, all fields (timestamps and
    search words too), a reference to an account as its user name: ids differ between
    databases. (A version may keep the id of an account deleted since: that is None.)"""
    names = usernames()
    dump = {}
    for model in ARCHIVE_MODELS:
        accounts = {f.attname for f in user_fields(model)}
        dump[model._meta.label] = [
            {
                column: names.get(value) if column in accounts and value is not None else value
                for column, value in row.items()
            }
            for row in model._base_manager.order_by("pk").values()
        ]
    return dump


def empty_content() -> None:
    """Delete every content row but the sections, columns and programme migrations make.
    Deleting writes a version of each deleted row that keeps a history."""
    for model in reversed(CONTENT_MODELS):
        if model not in REFERENCE_MODELS:
            model._base_manager.all().delete()


def empty_the_archive() -> None:
    """Leave the database as migrations make it: no content, no saved versions, their
    sections and columns."""
    empty_content()
    for model in HISTORY_MODELS:
        model._base_manager.all().delete()


def export(path, *options, stderr=None) -> str:
    out = StringIO()
    call_command("export_archive", str(path), *options, stdout=out, stderr=stderr or StringIO())
    return out.getvalue()


def restore(path) -> str:
    out = StringIO()
    call_command("restore_archive", str(path), stdout=out)
    return out.getvalue()


def read(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def write(path, archive: dict) -> None:
    path.write_text(json.dumps(archive, ensure_ascii=False), encoding="utf-8")


def test_every_content_model_is_archived_or_said_not_to_be():
    content = {
        model._meta.label
        for app in ("articles", "events", "newsroom")
        for model in apps.get_app_config(app).get_models()
    }
    assert content - NOT_ARCHIVED.keys() == {model._meta.label for model in ARCHIVE_MODELS}
    assert {"articles.HistoricalArticle", "articles.StateChange"} <= content


def test_every_reference_to_an_account_is_archived_or_said_not_to_be():
    """A new model that names an account must be archived, or listed with its reason."""
    referring = {
        model._meta.label
        for model in apps.get_models(include_auto_created=True)
        if user_fields(model)
    }
    assert referring - NOT_ARCHIVED.keys() <= {model._meta.label for model in ARCHIVE_MODELS}
    assert all(reason.strip() for reason in NOT_ARCHIVED.values())
    found = {(label, field) for label, fields in fields_by_label(ARCHIVE_MODELS).items()
             for field in fields}  # fmt: skip
    assert found >= {
        ("articles.article", "created_by"),
        ("articles.correction", "created_by"),
        ("articles.importwarning", "resolved_by"),
        ("articles.statechange", "user"),
        ("articles.historicalarticle", "created_by"),
        ("articles.historicalarticle", "history_user"),
        ("articles.historicalissue", "history_user"),
        ("articles.historicalcorrection", "history_user"),
        ("events.historicalperformance", "history_user"),
    }


@pytest.fixture
def archive_content(imported_seed, settings, tmp_path):
    """The seed page plus hand-made rows: a photo, an uploaded image, a series, a show."""
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "authors").mkdir(parents=True)
    (settings.MEDIA_ROOT / "authors" / "li.jpg").write_bytes(b"\xff\xd8\xff jpeg")
    (settings.MEDIA_ROOT / "uploads").mkdir()
    (settings.MEDIA_ROOT / "uploads" / "map.png").write_bytes(b"\x89PNG map")
    author = make_author("李 编辑", photo="authors/li.jpg", bio="区融媒体中心编辑。")
    article = make_article(
        title="解放区新地图发布",
        body='<p>新地图。</p><p><img src="/media/uploads/map.png" alt="地图"></p>',
        photo="photos/2022/09/gone.jpg",  # a reference whose file is missing
        series=Series.objects.create(name="新地图系列"),
        series_number=2,
        created_by=get_user_model().objects.create_user("reporter"),
    )
    Correction.objects.create(article=article, text="地图发布日期应为9月1日。")
    add_byline(article, author)
    make_performance(acts=(("小品", "新邻居", ("王五", "赵六")), ("魔术", "", ("王 五",))))
    merge_performers(Performer.objects.get(name="王五"), Performer.objects.filter(name="王 五"))
    page = Page.objects.get()  # the seed's
    page.pdf = SimpleUploadedFile("p1.pdf", page_pdf([(SEED_ARTICLES[0][1], "")])[0])
    page.save()  # its image, the image's sizes and the first story's region
    call_command("rebuild_search_index", verbosity=0)


def test_round_trip_restores_every_row_identically(archive_content, tmp_path):
    before = canonical_dump()
    assert before["articles.Article"] and before["events.ActPerformer"]
    assert before["articles.HistoricalArticle"]  # the import's versions
    path = tmp_path / "archive.json"

    summary = export(path)
    empty_the_archive()
    assert not Article.objects.exists()
    restored = restore(path)

    assert canonical_dump() == before
    assert summary.startswith(f"Archive written to {path}: 2 issues, 10 articles, 8 authors")
    assert "8 media references" in summary  # 3, and a page's PDF, image and its 3 sizes
    assert restored.startswith(f"Archive {path} restored: 2 issues, 10 articles")


@pytest.fixture
def editorial_work(archive_content):
    """archive_content plus what named people did to it: versions of an article saved through
    the admin and as the app saves them, with reasons; the article moved through the workflow;
    a correction written and edited; a withdrawn article; an import warning resolved; a show
    moved; a deleted article whose versions remain; and an article whose reporter's account
    was deleted since (its versions keep the id of an account that is gone)."""
    wang, zhao = make_member(REPORTER, username="wang"), make_member(EDITOR, username="zhao")
    chen, li = make_member(CHIEF, username="chen"), make_member(EDITOR, username="li")

    article = make_article(title="第一稿", status=ArticleStatus.DRAFT, created_by=wang)
    edit_as(Client(), wang, article, title="第二稿")  # the admin's form: a version by wang
    save_as(zhao, article, "压缩正文", body="<p>编辑压缩过的正文。</p>")
    for step, user in (("submit", wang), ("approve", zhao), ("publish", chen)):
        article._history_user = user
        transition(article, step, user)

    correction = Correction(article=article, text="标题有误。", created_by=zhao)
    save_as(zhao, correction, "")
    save_as(li, correction, "措辞", text="标题有误，已改正。")

    withdrawn = make_article(title="要撤下的稿件", created_by=wang)
    withdrawn._history_user = chen
    transition(withdrawn, "withdraw", chen, note="此稿有误，已撤下。")

    warning = ImportWarning.objects.create(
        issue=article.issue, article=article, position=article.position, kind="标题", text="长"
    )
    warning.mark(True, li)
    warning.save()

    save_as(chen, Performance.objects.first(), "改时间", time=datetime.time(19, 30))
    save_as(chen, article.issue, "期号", number=77)

    deleted = make_article(title="已删除的稿件", created_by=wang)
    save_as(wang, deleted, "", title="已删除的稿件（二稿）")
    deleted._history_user = zhao
    deleted.delete()

    former = make_member(REPORTER, username="former")
    save_as(former, make_article(title="离职记者的稿件", created_by=former), "", body="<p>改</p>")
    former.delete()


def test_round_trip_keeps_history_changes_of_state_and_who_did_what(editorial_work, tmp_path):
    before = canonical_dump()
    versions = before["articles.HistoricalArticle"]
    by_whom = {(v["title"], v["history_user_id"], v["history_change_reason"]) for v in versions}
    assert {("第二稿", "wang", None), ("第二稿", "zhao", "压缩正文")} <= by_whom
    assert [(v["title"], v["history_user_id"]) for v in versions if v["history_type"] == "-"] == [
        ("已删除的稿件（二稿）", "zhao")
    ]
    assert not Article.objects.filter(title__startswith="已删除的稿件").exists()
    assert [(c["to_state"], c["user_id"]) for c in before["articles.StateChange"]] == [
        ("submitted", "wang"), ("approved", "zhao"), ("published", "chen"),
        ("withdrawn", "chen"),
    ]  # fmt: skip
    assert [c["created_by_id"] for c in before["articles.Correction"]] == [None, "zhao"]
    assert before["articles.HistoricalCorrection"][-1]["history_user_id"] == "li"
    assert any(w["resolved_by_id"] == "li" for w in before["articles.ImportWarning"])
    assert ("chen", "改时间") in {
        (v["history_user_id"], v["history_change_reason"])
        for v in before["events.HistoricalPerformance"]
    }
    assert ("chen", "期号") in {
        (v["history_user_id"], v["history_change_reason"])
        for v in before["articles.HistoricalIssue"]
    }
    assert any(v["history_date"].microsecond for v in versions)
    path, err = tmp_path / "archive.json", StringIO()

    summary = export(path, stderr=err)
    old_ids = set(usernames())
    empty_the_archive()
    # The database restored into: chen and li have accounts (made anew: other ids), the
    # others none.
    get_user_model().objects.all().delete()
    make_member(CHIEF, username="chen")
    make_member(EDITOR, username="li")
    assert not old_ids & set(usernames())
    report = restore(path)

    assert canonical_dump() == before
    assert "saved versions, 4 changes of state, 5 accounts named by user name" in summary
    assert err.getvalue().strip() == (
        "articles.HistoricalArticle.created_by: 2 references to accounts deleted before this "
        "export, written empty"
    )
    assert report.splitlines()[1:] == [
        "2 accounts named in the archive matched by user name: chen, li",
        "3 accounts named in the archive did not exist here and were created inactive, "
        "without a password: reporter, wang, zhao",
        "articles.HistoricalArticle.created_by: 2 references to accounts deleted before the "
        "export stay empty",
    ]
    created = get_user_model().objects.filter(username__in=["reporter", "wang", "zhao"])
    assert len(created) == 3
    for account in created:
        assert not account.is_active and not account.has_usable_password()
        assert not account.is_staff and not account.is_superuser
        assert not account.groups.exists() and not account.user_permissions.exists()
    assert get_user_model().objects.get(username="li").is_active  # left as it was


def test_archive_is_plain_json_with_media_as_references(archive_content, tmp_path):
    path = tmp_path / "archive.json"
    export(path)
    archive = read(path)
    assert archive["format"] == "newsroom-archive" and archive["version"] == 2
    page = Page.objects.get()
    printed = {page.pdf.name, page.image.name} | {size.name for size in page.image.renditions}
    assert archive["media"] == sorted(
        {"authors/li.jpg", "photos/2022/09/gone.jpg", "uploads/map.png", *printed}
    )
    article = next(
        o for o in archive["objects"]
        if o["model"] == "articles.article" and o["fields"]["title"] == "解放区新地图发布"
    )  # fmt: skip
    assert "search_body" not in article["fields"]  # rebuilt on restore, not carried
    assert article["fields"]["created_by"] == "reporter"  # a user name, not an id
    assert archive["accounts"] == ["reporter"] and archive["accounts_missing"] == {}
    assert "articles.historicalarticle" in {o["model"] for o in archive["objects"]}
    assert "解放区以企招商" in path.read_text(encoding="utf-8")  # readable, not escaped
    assert "password" not in path.read_text(encoding="utf-8")


def test_new_rows_after_a_restore_get_new_ids(archive_content, tmp_path):
    path = tmp_path / "archive.json"
    export(path)
    highest = Issue.objects.order_by("-pk").first().pk
    highest_version = Article.history.order_by("-history_id").first().history_id
    empty_the_archive()
    restore(path)
    article = make_article()
    assert article.issue.pk > highest
    assert article.history.get().history_id > highest_version


def test_with_media_bundles_the_files_and_restore_writes_them_back(
    archive_content, settings, tmp_path
):
    path = tmp_path / "archive.zip"
    err = StringIO()
    call_command("export_archive", str(path), "--with-media", stdout=StringIO(), stderr=err)
    assert "missing media file, not bundled: photos/2022/09/gone.jpg" in err.getvalue()
    page = Page.objects.get()
    printed = {page.pdf.name, page.image.name} | {size.name for size in page.image.renditions}
    assert len(printed) == 5  # the PDF, the image drawn from it and its three sizes
    assert set(zipfile.ZipFile(path).namelist()) == {
        "archive.json",
        "media/authors/li.jpg",
        "media/uploads/map.png",
        *(f"media/{name}" for name in printed),
    }
    assert PageRegion.objects.count() == 1
    before = canonical_dump()
    empty_the_archive()
    settings.MEDIA_ROOT = tmp_path / "new-media"
    assert "7 media files written" in restore(path)
    assert canonical_dump() == before
    assert (settings.MEDIA_ROOT / "uploads" / "map.png").read_bytes() == b"\x89PNG map"


def as_version_1(archive: dict) -> dict:
    """``archive`` as export_archive wrote it before version 2: no saved versions, no changes
    of state, no references to accounts (the fields left out), no account lists."""
    models = {m._meta.label_lower: m for m in CONTENT_MODELS if m is not StateChange}
    accounts = fields_by_label(models.values())
    objects = [
        {**row, "fields": {k: v for k, v in row["fields"].items() if k not in accounts[label]}}
        for row in archive["objects"]
        if (label := row["model"]) in models
    ]
    return {
        "format": "newsroom-archive",
        "version": 1,
        "exported_at": archive["exported_at"],
        "counts": {m._meta.label: sum(o["model"] == label for o in objects)
                   for label, m in models.items()},
        "media": archive["media"],
        "objects": objects,
    }  # fmt: skip


def test_a_version_1_archive_restores_as_before(editorial_work, tmp_path):
    path = tmp_path / "archive.json"
    export(path)
    write(path, as_version_1(read(path)))
    content = {m._meta.label for m in CONTENT_MODELS if m is not StateChange}
    accounts = {m._meta.label: {f.attname for f in user_fields(m)} for m in ARCHIVE_MODELS}
    expected = {
        label: [
            {column: None if column in accounts[label] else value for column, value in row.items()}
            for row in rows
        ]
        if label in content
        else []
        for label, rows in canonical_dump().items()
    }
    empty_the_archive()
    get_user_model().objects.filter(username__in=["wang", "zhao"]).delete()
    accounts_before = usernames()

    report = restore(path)

    assert canonical_dump() == expected
    assert usernames() == accounts_before  # no account named, none made
    assert report.startswith(f"Archive {path} restored: 6 issues, 13 articles")
    assert "0 saved versions, 0 changes of state" in report
    assert "A version 1 archive" in report


def test_restore_refuses_a_database_that_holds_content(archive_content, tmp_path):
    path = tmp_path / "archive.json"
    export(path)
    before = canonical_dump()
    with pytest.raises(
        CommandError, match=r"the database is not empty \(2 series, 8 authors, 2 issues, "
    ):
        restore(path)
    assert canonical_dump() == before


def test_restore_refuses_a_database_that_holds_saved_versions(archive_content, tmp_path):
    """Versions left by deleted content would be mixed with the archive's (or clash by id)."""
    path = tmp_path / "archive.json"
    export(path)
    empty_content()
    before = canonical_dump()
    with pytest.raises(CommandError, match=r"not empty \(\d+ historical issues, \d+ historical"):
        restore(path)
    assert canonical_dump() == before


@pytest.mark.parametrize(
    ("content", "complaint"),
    [
        (b"{not json", "not an archive written by export_archive"),
        (b'{"format": "something-else"}', "not an archive written by export_archive"),
        (b'{"format": "newsroom-archive", "version": 99}', "archive version 99"),
        (b'{"format": "newsroom-archive", "version": 2}', "not an archive written by"),
    ],
)
def test_restore_names_a_file_that_is_no_archive(tmp_path, content, complaint):
    path = tmp_path / "archive.json"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=complaint):
        restore(path)


def first(archive: dict, model: str) -> dict:
    return next(o for o in archive["objects"] if o["model"] == model)


def an_account_by_id(archive):
    first(archive, "articles.statechange")["fields"]["user"] = 1


def a_row_of_an_account(archive):
    archive["objects"].append(
        {"model": "auth.user", "pk": 999, "fields": {"username": "x", "is_superuser": True}}
    )


DAMAGES = {
    # a byline of an author the archive lacks
    "reference": (lambda a: first(a, "articles.byline")["fields"].update(author=999_999), ""),
    "history type": (
        lambda a: first(a, "articles.historicalarticle")["fields"].update(history_type="X"),
        r"articles.HistoricalArticle \d+: history_type 'X' is none of \+, ~, -$",
    ),
    "history date": (
        lambda a: first(a, "articles.historicalarticle")["fields"].update(
            history_date="2022-02-30T10:00:00+08:00"
        ),
        "is an invalid date/time",
    ),
    "no history date": (
        lambda a: first(a, "events.historicalperformance")["fields"].update(history_date=None),
        "",
    ),
    "account by id": (
        an_account_by_id,
        r"articles.StateChange \d+: user should be a user name, not 1$",
    ),
    "foreign row": (a_row_of_an_account, r"a row of 'auth.user', which no archive holds$"),
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_archive_restores_nothing(editorial_work, tmp_path, damage):
    spoil, complaint = DAMAGES[damage]
    path = tmp_path / "archive.json"
    export(path)
    archive = read(path)
    spoil(archive)
    write(path, archive)
    empty_the_archive()
    get_user_model().objects.filter(username__in=["wang", "zhao"]).delete()
    before, accounts = canonical_dump(), usernames()

    with pytest.raises(CommandError) as refused:
        restore(path)

    message = str(refused.value)
    assert message.startswith(f"{path}: not restored, nothing written: ")
    assert re.search(complaint, message) and "\n" not in message
    assert canonical_dump() == before
    assert usernames() == accounts  # no account made either
    assert not Author.objects.exists()
