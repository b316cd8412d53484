"""`export_archive` then `restore_archive` into an empty database gives back every row as it was."""

import json
import zipfile
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, Author, Correction, Issue, Series
from events.models import Performer
from events.services import merge_performers
from newsroom.management.commands.export_archive import ARCHIVE_MODELS, NOT_ARCHIVED
from newsroom.management.commands.restore_archive import REFERENCE_MODELS

from .factories import add_byline, make_article, make_author, make_performance

pytestmark = pytest.mark.django_db


def staff_fields(model) -> set[str]:
    """The columns naming a staff account, which the archive leaves out."""
    user = get_user_model()
    return {f.attname for f in model._meta.concrete_fields if f.related_model is user}


def canonical_dump() -> dict:
    """Every row of every archived table, all fields (timestamps and search words too) but
    those naming staff accounts."""
    return {
        model._meta.label: [
            {name: value for name, value in row.items() if name not in staff_fields(model)}
            for row in model._base_manager.order_by("pk").values()
        ]
        for model in ARCHIVE_MODELS
    }


def empty_the_archive() -> None:
    """Leave the database as migrations make it: no content, their sections and columns."""
    for model in reversed(ARCHIVE_MODELS):
        if model not in REFERENCE_MODELS:
            model._base_manager.all().delete()


def export(path, *options) -> str:
    out = StringIO()
    call_command("export_archive", str(path), *options, stdout=out, stderr=StringIO())
    return out.getvalue()


def restore(path) -> str:
    out = StringIO()
    call_command("restore_archive", str(path), stdout=out)
    return out.getvalue()


def test_every_content_model_is_archived_or_said_not_to_be():
    content = {
        model._meta.label
        for app in ("articles", "events")
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")  # revisions: the live rows are kept
    }
    assert content - NOT_ARCHIVED == {model._meta.label for model in ARCHIVE_MODELS}


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
    call_command("rebuild_search_index", verbosity=0)


def test_round_trip_restores_every_row_identically(archive_content, tmp_path):
    before = canonical_dump()
    assert before["articles.Article"] and before["events.ActPerformer"]
    path = tmp_path / "archive.json"

    summary = export(path)
    empty_the_archive()
    assert not Article.objects.exists()
    restored = restore(path)

    assert canonical_dump() == before
    assert summary.startswith(f"Archive written to {path}: 2 issues, 10 articles, 8 authors")
    assert "3 media references" in summary
    assert restored.startswith(f"Archive {path} restored: 2 issues, 10 articles")


def test_rows_come_back_without_the_staff_accounts_that_made_them(archive_content, tmp_path):
    export(tmp_path / "archive.json")
    get_user_model().objects.all().delete()  # a new machine: the content, no staff accounts
    empty_the_archive()
    restore(tmp_path / "archive.json")
    article = Article.objects.get(title="解放区新地图发布")
    assert article.created_by is None
    assert article.corrections.get().text == "地图发布日期应为9月1日。"


def test_archive_is_plain_json_with_media_as_references(archive_content, tmp_path):
    path = tmp_path / "archive.json"
    export(path)
    archive = json.loads(path.read_text(encoding="utf-8"))
    assert archive["format"] == "newsroom-archive" and archive["version"] == 1
    assert archive["media"] == ["authors/li.jpg", "photos/2022/09/gone.jpg", "uploads/map.png"]
    article = next(o for o in archive["objects"] if o["model"] == "articles.article")
    assert "search_body" not in article["fields"]  # rebuilt on restore, not carried
    assert "解放区以企招商" in path.read_text(encoding="utf-8")  # readable, not escaped


def test_new_rows_after_a_restore_get_new_ids(archive_content, tmp_path):
    path = tmp_path / "archive.json"
    export(path)
    highest = Issue.objects.order_by("-pk").first().pk
    empty_the_archive()
    restore(path)
    assert make_article().issue.pk > highest


def test_with_media_bundles_the_files_and_restore_writes_them_back(
    archive_content, settings, tmp_path
):
    path = tmp_path / "archive.zip"
    err = StringIO()
    call_command("export_archive", str(path), "--with-media", stdout=StringIO(), stderr=err)
    assert "missing media file, not bundled: photos/2022/09/gone.jpg" in err.getvalue()
    assert set(zipfile.ZipFile(path).namelist()) == {
        "archive.json",
        "media/authors/li.jpg",
        "media/uploads/map.png",
    }
    before = canonical_dump()
    empty_the_archive()
    settings.MEDIA_ROOT = tmp_path / "new-media"
    assert "2 media files written" in restore(path)
    assert canonical_dump() == before
    assert (settings.MEDIA_ROOT / "uploads" / "map.png").read_bytes() == b"\x89PNG map"


def test_restore_refuses_a_database_that_holds_content(archive_content, tmp_path):
    path = tmp_path / "archive.json"
    export(path)
    before = canonical_dump()
    with pytest.raises(
        CommandError, match=r"the database is not empty \(2 series, 8 authors, 2 issues, "
    ):
        restore(path)
    assert canonical_dump() == before


@pytest.mark.parametrize(
    ("content", "complaint"),
    [
        (b"{not json", "not an archive written by export_archive"),
        (b'{"format": "something-else"}', "not an archive written by export_archive"),
        (b'{"format": "newsroom-archive", "version": 99}', "archive version 99"),
    ],
)
def test_restore_names_a_file_that_is_no_archive(tmp_path, content, complaint):
    path = tmp_path / "archive.json"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=complaint):
        restore(path)


def test_a_damaged_archive_restores_nothing(archive_content, tmp_path):
    path = tmp_path / "archive.json"
    export(path)
    archive = json.loads(path.read_text(encoding="utf-8"))
    byline = next(o for o in archive["objects"] if o["model"] == "articles.byline")
    byline["fields"]["author"] = 999_999  # a byline of an author the archive lacks
    path.write_text(json.dumps(archive), encoding="utf-8")
    empty_the_archive()
    before = canonical_dump()
    with pytest.raises(CommandError, match="not restored, nothing written"):
        restore(path)
    assert canonical_dump() == before
    assert not Author.objects.exists()
