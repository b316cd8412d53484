"""Uploaded photos: cleaned of EXIF, turned upright, offered in sizes; alt text to publish."""

import io
import json
import re

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from PIL import Image

from articles.models import (
    Article,
    ArticleStatus,
    Author,
    Byline,
    Issue,
    IssueStatus,
    credited_photographer,
)
from articles.workflow import publish_issue, transition
from newsroom.caching import content_version
from newsroom.images import rendition_name
from newsroom.management.commands.export_archive import media_references

from .factories import add_byline, make_article, make_author, make_issue, make_member
from .helpers import (
    BLUE,
    ISSUE_RENDERING_MAX_QUERIES,
    RED,
    admin_url,
    article_form_data,
    assert_no_metadata,
    camera_jpeg,
    client_of,
    run_action,
)
from .xss_vectors import HONEST_SVGS


def plain_image(name, image_format, size=(1000, 500), mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size, "white" if mode == "RGB" else 0).save(buffer, image_format)
    return SimpleUploadedFile(name, buffer.getvalue())


def stored_width(path) -> int:
    with Image.open(path) as image:
        return image.width


# Cleaning an upload ------------------------------------------------------------------------


@pytest.fixture
def uploaded(admin_client, media):
    """An approved article whose camera photo was just uploaded through its admin form."""
    article = make_article(status=ArticleStatus.APPROVED)
    response = admin_client.post(
        admin_url(Article, "change", article.pk),
        article_form_data(article, photo=camera_jpeg(), photo_alt="龙源湖公园的游人"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    return article


def test_an_uploaded_photo_loses_its_exif_gps_xmp_and_comment(uploaded, media):
    assert_no_metadata(media / uploaded.photo.name)


def test_an_uploaded_photo_is_turned_upright_as_its_orientation_said(uploaded, media):
    with Image.open(media / uploaded.photo.name) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (1200, 2400)  # stood up: the sideways left half is now on top
        assert max(abs(a - b) for a, b in zip(stored.getpixel((600, 100)), RED, strict=True)) < 8
        assert max(abs(a - b) for a, b in zip(stored.getpixel((600, 2300)), BLUE, strict=True)) < 8
    assert (uploaded.photo_width, uploaded.photo_height) == (1200, 2400)


def test_renditions_are_made_beside_the_photo_and_never_larger_than_it(uploaded, media):
    name = uploaded.photo.name
    assert stored_width(media / rendition_name(name, 320)) == 320
    assert stored_width(media / rendition_name(name, 800)) == 800
    assert not (media / rendition_name(name, 1600)).exists()  # the 1200 px photo stands in
    for width in (320, 800):
        assert_no_metadata(media / rendition_name(name, width))
    assert [(r.width, r.height) for r in uploaded.photo.renditions] == [
        (320, 640),
        (800, 1600),
        (1200, 2400),
    ]


def test_a_photo_narrower_than_every_rendition_is_its_only_size(media):
    article = make_article(photo=plain_image("small.png", "PNG", size=(300, 200)))
    assert [(r.url, r.width) for r in article.photo.renditions] == [(article.photo.url, 300)]
    assert [path.name for path in media.rglob("*") if path.is_file()] == ["small.png"]


@pytest.mark.parametrize(
    ("name", "image_format", "mode", "stored_as"),
    [
        ("p.png", "PNG", "RGBA", "PNG"),
        ("p.webp", "WEBP", "RGB", "WEBP"),
        ("p.gif", "GIF", "P", "PNG"),
        ("p.jpg", "PNG", "RGB", "PNG"),  # named for another format: stored as what it is
    ],
)
def test_formats_are_kept_and_a_gif_becomes_a_png(media, name, image_format, mode, stored_as):
    article = make_article(photo=plain_image(name, image_format, size=(1000, 500), mode=mode))
    with Image.open(article.photo.path) as stored:
        assert stored.format == stored_as
        assert stored.mode == mode if mode != "P" else stored.mode in {"RGB", "RGBA"}
    assert article.photo.name.endswith({"PNG": ".png", "WEBP": ".webp"}[stored_as])
    assert stored_width(media / rendition_name(article.photo.name, 800)) == 800


def test_an_upload_named_like_a_rendition_cannot_take_a_renditions_place(media):
    first = make_article(photo=plain_image("park.jpg", "JPEG"))
    second = make_article(photo=plain_image("park.800w.jpg", "JPEG", size=(400, 200)))
    assert second.photo.name != rendition_name(first.photo.name, 800)
    assert stored_width(media / rendition_name(first.photo.name, 800)) == 800


def test_an_author_photo_is_cleaned_too(media):
    author = make_author(photo=camera_jpeg("face.jpg", size=(600, 400)))
    assert_no_metadata(author.photo.path)
    with Image.open(author.photo.path) as stored:
        assert stored.size == (400, 600)


def test_a_picture_uploaded_into_the_text_is_cleaned_and_no_wider_than_the_largest_size(
    admin_client, media
):
    response = admin_client.post(
        reverse("ckeditor_upload"), {"upload": camera_jpeg("map.jpg", size=(1200, 4000))}
    )
    assert response.json()["uploaded"] == 1
    (stored,) = media.rglob("map*.jpg")
    assert_no_metadata(stored)
    with Image.open(stored) as image:
        assert image.size == (1600, 480)  # upright (4000 × 1200), then scaled to 1600 wide


def test_hostile_files_are_still_refused_before_anything_is_stored(admin_client, media):
    article = make_article()
    svg = SimpleUploadedFile("x.jpg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    response = admin_client.post(
        admin_url(Article, "change", article.pk),
        article_form_data(article, photo=svg, photo_alt="图"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "photo" in response.context["adminform"].form.errors
    assert not [path for path in media.rglob("*") if path.is_file()]


NOT_AN_IMAGE = "The file is not a whole JPEG, PNG, WebP or GIF image."


@pytest.mark.parametrize("make_file", HONEST_SVGS.values(), ids=HONEST_SVGS.keys())
def test_an_svg_called_svg_is_refused_by_the_photo_fields_themselves(media, settings, make_file):
    """The check reads what a file holds, not its name or its content type: an SVG called
    .svg is no more a photo than one disguised as .jpg, and a reader's browser would run
    its script."""
    settings.LANGUAGE_CODE = "en"
    for row in (make_article(), make_author()):
        row.photo = make_file()
        with pytest.raises(ValidationError) as refused:
            row.full_clean()
        assert refused.value.message_dict["photo"] == [NOT_AN_IMAGE], type(row).__name__
    assert not [path for path in media.rglob("*") if path.is_file()]


@pytest.mark.parametrize("make_file", HONEST_SVGS.values(), ids=HONEST_SVGS.keys())
def test_an_svg_called_svg_is_refused_in_the_article_form_and_nothing_changes(
    admin_client, media, make_file
):
    """An editor who uploads the SVG as what it is is told so; no file, no new version."""
    article = make_article()
    response = admin_client.post(
        admin_url(Article, "change", article.pk),
        article_form_data(article, photo=make_file(), photo_alt="图"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    # Django's own image field refuses it before the model's check is reached.
    assert response.context["adminform"].form.errors["photo"] == [
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ]
    assert not [path for path in media.rglob("*") if path.is_file()]
    stored = Article.objects.get(pk=article.pk)
    assert (stored.photo.name, stored.photo_alt, stored.version) == ("", "", article.version)


# Reader pages ------------------------------------------------------------------------------


def test_the_article_page_offers_the_sizes_in_srcset_with_alt_text(client, uploaded):
    transition(uploaded, "publish", make_member("总编辑"))
    html = client.get(uploaded.get_absolute_url()).content.decode()
    (img,) = re.findall(r"<img [^>]*>", html.split('class="story__photo"')[1])
    name = uploaded.photo.url.removesuffix(".jpg")
    assert f'src="{name}.800w.jpg"' in img
    assert f'srcset="{name}.320w.jpg 320w, {name}.800w.jpg 800w, {name}.jpg 1200w"' in img
    assert 'sizes="' in img
    assert 'width="800" height="1600"' in img
    assert 'alt="龙源湖公园的游人"' in img


def test_the_issue_page_loads_the_photo_lazily(client, uploaded):
    transition(uploaded, "publish", make_member("总编辑"))
    html = client.get(uploaded.issue.get_absolute_url()).content.decode()
    (img,) = re.findall(r"<img [^>]*\.800w\.jpg[^>]*>", html)
    assert 'loading="lazy"' in img


def test_the_credit_links_to_the_photographers_page(client, db):
    article = make_article(
        kind=Article.Kind.PHOTO, photo_caption="春光", photo_credit="本报记者 张三 摄"
    )
    zhang = make_author("张三")
    add_byline(article, zhang, Byline.Role.PHOTOGRAPHER)
    Article.objects.filter(pk=article.pk).update(photographer=zhang)
    response = client.get(article.get_absolute_url())
    assert (
        f'<span class="credit"><a href="{zhang.get_absolute_url()}">本报记者 张三 摄</a></span>'
        in response.content.decode()
    )


def test_json_ld_points_to_the_largest_size_and_credits_the_photographer(client, uploaded):
    zhang = make_author("张三")
    Article.objects.filter(pk=uploaded.pk).update(
        photographer=zhang, photo_caption="春光", photo_credit="本报记者 张三 摄"
    )
    transition(uploaded, "publish", make_member("总编辑"))
    html = client.get(uploaded.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html)[1])
    image = data["image"]
    assert image["url"] == f"http://localhost:8000{uploaded.photo.url}"  # 1200 px: the largest
    assert (image["width"], image["height"]) == (1200, 2400)
    assert (image["caption"], image["creditText"]) == ("春光", "本报记者 张三 摄")
    assert image["description"] == "龙源湖公园的游人"
    assert [person["name"] for person in image["creator"]] == ["张三"]


# Alt text to publish -----------------------------------------------------------------------


@pytest.fixture
def photo_without_alt(media):
    return make_article(
        title="春到龙源湖",
        status=ArticleStatus.APPROVED,
        photo=plain_image("park.jpg", "JPEG", size=(400, 300)),
    )


def test_an_article_with_a_photo_and_no_alt_text_is_not_published(photo_without_alt):
    with pytest.raises(ValidationError) as refused:
        transition(photo_without_alt, "publish", make_member("总编辑"))
    assert "春到龙源湖" in refused.value.messages[0]
    photo_without_alt.refresh_from_db()
    assert photo_without_alt.status == ArticleStatus.APPROVED
    assert not photo_without_alt.state_changes.exists()


def test_with_alt_text_it_is_published(photo_without_alt):
    photo_without_alt.photo_alt = "湖边赏花的市民"
    transition(photo_without_alt, "publish", make_member("总编辑"))
    assert photo_without_alt.status == ArticleStatus.PUBLISHED


def test_the_publish_action_says_which_article_lacks_alt_text(client, photo_without_alt):
    ready = make_article(status=ArticleStatus.APPROVED)
    client = client_of(client, make_member("总编辑"))
    response = run_action(client, Article, "publish", [photo_without_alt, ready])
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("春到龙源湖" in text and "alt text" in text for text in shown), shown
    assert Article.objects.get(pk=photo_without_alt.pk).status == ArticleStatus.APPROVED
    assert Article.objects.get(pk=ready.pk).status == ArticleStatus.PUBLISHED


def test_a_whole_issue_is_not_published_while_a_photo_lacks_alt_text(client, media):
    issue = make_issue(status=IssueStatus.DRAFT)
    lacking = make_article(
        issue=issue,
        title="春到龙源湖",
        status=ArticleStatus.DRAFT,
        photo=plain_image("park.jpg", "JPEG", size=(400, 300)),
    )
    other = make_article(issue=issue, status=ArticleStatus.DRAFT)
    chief = make_member("总编辑")
    with pytest.raises(ValidationError) as refused:
        publish_issue(issue, chief)
    assert "春到龙源湖" in refused.value.messages[0]

    chief_client = client_of(client, chief)
    checklist = run_action(chief_client, Issue, "publish_with_articles", [issue])
    assert "The photo has no alt text" in checklist.content.decode()  # shown first
    response = run_action(  # and "publish anyway" does not get past it
        chief_client, Issue, "publish_with_articles", [issue], publish_anyway="1"
    )
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("No issue changed state" in text and "春到龙源湖" in text for text in shown), shown
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT
    states = Article.objects.filter(pk__in=[lacking.pk, other.pk]).values_list("status")
    assert set(states) == {(ArticleStatus.DRAFT,)}


def test_a_published_articles_form_keeps_its_alt_text(admin_client, media):
    article = make_article(photo=plain_image("park.jpg", "JPEG"), photo_alt="湖")
    response = admin_client.post(
        admin_url(Article, "change", article.pk),
        article_form_data(article, photo_alt=" "),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "photo_alt" in response.context["adminform"].form.errors
    assert Article.objects.get(pk=article.pk).photo_alt == "湖"


def test_the_admin_groups_the_photo_fields_and_previews_the_thumbnail(admin_client, uploaded):
    response = admin_client.get(admin_url(Article, "change", uploaded.pk))
    html = response.content.decode()
    for field in ("photo", "photo_alt", "photo_caption", "photographer", "photo_credit"):
        assert f'name="{field}"' in html
    assert f'<img src="{uploaded.photo.thumbnail.url}" width="320" height="640" alt="">' in html


# The photographer as a real field ----------------------------------------------------------


@pytest.mark.parametrize(
    ("credit", "names", "expected"),
    [
        ("本报记者 张三 摄", ["张三"], "张三"),
        ("（通讯员 李四 摄）", ["张三", "李四"], "李四"),
        ("本报记者 张三 李四 摄", ["张三", "李四"], None),  # two named: say nothing
        ("本报记者 王五 摄", ["张三"], None),
    ],
)
def test_the_credited_photographer_is_the_one_the_credit_names(credit, names, expected):
    authors = [Author(name=name) for name in names]
    found = credited_photographer(credit, authors)
    assert (found.name if found else None) == expected


@pytest.fixture
def before_photographers(transactional_db, migration_data):
    executor = MigrationExecutor(connection)
    executor.migrate([("articles", "0011_makeup")])
    yield executor.loader.project_state([("articles", "0011_makeup")]).apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_migration_links_credits_to_their_photographer_bylines(before_photographers):
    old = before_photographers
    OldAuthor = old.get_model("articles", "Author")
    zhang = OldAuthor.objects.create(name="张三", slug="zhang")
    wang = OldAuthor.objects.create(name="王五", slug="wang")
    issue = old.get_model("articles", "Issue").objects.create(date="2023-05-09")
    section = old.get_model("articles", "Section").objects.get(slug="community-news")
    Article = old.get_model("articles", "Article")
    Byline = old.get_model("articles", "Byline")
    credited, reporter_only = (
        Article.objects.create(
            issue=issue, section=section, position=n, title=f"图{n}", photo_credit=credit
        )
        for n, credit in ((1, "本报记者 张三 摄"), (2, "本报记者 王五 摄"))
    )
    Byline.objects.create(article=credited, author=zhang, role="photographer")
    Byline.objects.create(article=reporter_only, author=wang, role="reporter")

    executor = MigrationExecutor(connection)
    executor.migrate([("articles", "0012_photos")])
    new = executor.loader.project_state([("articles", "0012_photos")]).apps
    linked = dict(new.get_model("articles", "Article").objects.values_list("title", "photographer"))
    assert linked == {"图1": zhang.pk, "图2": None}


def test_an_archive_export_names_the_sizes_with_the_photo(uploaded):
    name = uploaded.photo.name
    assert {name, rendition_name(name, 320), rendition_name(name, 800)} <= set(media_references())
    assert rendition_name(name, 1600) not in media_references()  # never made


def test_a_photo_named_without_its_file_is_shown_as_it_is(client, db):
    article = make_article(photo="photos/2022/08/signing.jpg", photo_alt="签约现场")
    article.photo = "photos/2022/08/gone.jpg"  # e.g. an earlier version restored
    article.save()
    assert (article.photo_width, article.photo_height, article.photo.renditions) == (None, None, [])
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<img src="/media/photos/2022/08/gone.jpg" alt="签约现场">' in html


def test_photos_stored_before_cleaning_are_cleaned_in_place_once(media):
    legacy = media / "photos/2022/08/old.jpg"
    legacy.parent.mkdir(parents=True)
    legacy.write_bytes(camera_jpeg(size=(2000, 1000)).read())
    article = make_article(photo="photos/2022/08/old.jpg", photo_alt="旧照片")
    Article.objects.filter(pk=article.pk).update(photo_width=None, photo_height=None)
    gone = make_author(photo="authors/gone.jpg")
    Author.objects.filter(pk=gone.pk).update(photo_width=None)
    versions, updated = article.history.count(), article.updated

    out, err = io.StringIO(), io.StringIO()
    version = content_version()
    call_command("clean_photos", stdout=out, stderr=err)

    assert out.getvalue().strip() == "1 photos cleaned, 1 left as they were."
    assert "authors/gone.jpg: left as it is" in err.getvalue()
    article.refresh_from_db()
    assert article.photo.name == "photos/2022/08/old.jpg"  # earlier versions still show it
    assert (article.photo_width, article.photo_height) == (1000, 2000)  # upright
    assert_no_metadata(legacy)
    assert stored_width(media / "photos/2022/08/old.800w.jpg") == 800
    assert (article.history.count(), article.updated) == (versions, updated)
    assert content_version() != version  # cached pages offer the new sizes

    call_command("clean_photos", stdout=out, stderr=io.StringIO())
    assert out.getvalue().splitlines()[-1] == "0 photos cleaned, 1 left as they were."


def test_an_article_page_rendered_before_its_photo_was_cleaned_offers_the_new_sizes(client, media):
    legacy = media / "photos/2022/08/old.jpg"
    legacy.parent.mkdir(parents=True)
    legacy.write_bytes(camera_jpeg(size=(2000, 1000)).read())
    article = make_article(photo="photos/2022/08/old.jpg", photo_alt="旧照片")
    Article.objects.filter(pk=article.pk).update(photo_width=None, photo_height=None)
    page = article.get_absolute_url()
    assert "old.800w.jpg" not in client.get(page).content.decode()  # its part kept

    call_command("clean_photos", stdout=io.StringIO(), stderr=io.StringIO())

    assert "old.800w.jpg" in client.get(page).content.decode()


def test_the_author_page_of_the_admin_previews_the_photo(admin_client, media):
    author = make_author(photo=plain_image("face.jpg", "JPEG", size=(600, 900)))
    response = admin_client.get(admin_url(Author, "change", author.pk))
    thumbnail = author.photo.thumbnail
    assert (thumbnail.width, thumbnail.height) == (320, 480)
    assert (
        f'<img src="{thumbnail.url}" width="320" height="480" alt="">' in response.content.decode()
    )


def test_credited_photographers_cost_the_issue_page_no_query_per_article(
    client, db, django_assert_max_num_queries
):
    issue = make_issue()
    for n in range(15):
        make_article(
            issue=issue,
            kind=Article.Kind.PHOTO,
            photo_caption=f"图{n}",
            photo_credit=f"本报记者 摄影{n} 摄",
            photographer=make_author(f"摄影{n}"),
        )
    with django_assert_max_num_queries(ISSUE_RENDERING_MAX_QUERIES):
        html = client.get(issue.get_absolute_url()).content.decode()  # its part rendered
    assert html.count('<span class="credit"><a href=') == 15


def test_the_photographer_chosen_in_the_admin_signs_the_article_as_one(admin_client, client):
    article = make_article(kind=Article.Kind.PHOTO, photo_credit="本报记者 张三 摄")
    zhang = make_author("张三")
    response = admin_client.post(
        admin_url(Article, "change", article.pk),
        article_form_data(article, photographer=zhang.pk),
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "张三 was added to the bylines as the photographer." in response.content.decode()
    assert [(b.author, b.role) for b in article.bylines.all()] == [(zhang, "photographer")]
    assert client.get(zhang.get_absolute_url()).status_code == 200  # where the credit links

    article.refresh_from_db()
    response = admin_client.post(
        admin_url(Article, "change", article.pk),
        article_form_data(article),
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert article.bylines.count() == 1  # signed once
    assert Article.objects.get(pk=article.pk).photographer == zhang
    assert "bylines as the photographer" not in response.content.decode()


def test_a_cmyk_jpeg_becomes_rgb_without_its_cmyk_profile(media):
    buffer = io.BytesIO()
    Image.new("CMYK", (400, 300), (0, 255, 255, 0)).save(buffer, "JPEG", icc_profile=b"CMYK")
    article = make_article(photo=SimpleUploadedFile("print.jpg", buffer.getvalue()))
    with Image.open(article.photo.path) as stored:
        assert stored.mode == "RGB"
        assert "icc_profile" not in stored.info
