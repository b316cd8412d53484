"""Pictures put into the text: one upload route, ours, for staff who write articles.

Every file is checked by content and stored re-encoded; no path django-ckeditor would have
served stores anything, and the answer never runs text the request brought.
"""

import json
import re
from html import unescape
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse

from newsroom.uploads import MAX_UPLOAD_BYTES

from .factories import PASSWORD, make_article, make_member, make_staff_user
from .helpers import assert_no_metadata, camera_jpeg, client_of, image_file
from .xss_vectors import HONEST_SVGS, HTML, REFUSED_UPLOADS, SVG, bomb

DISGUISED = {
    "SVG with script named .png": (lambda: SimpleUploadedFile("x.png", SVG), "not a whole JPEG"),
    "HTML named .jpg": (lambda: SimpleUploadedFile("x.jpg", HTML), "not a whole JPEG"),
    "PNG bomb, 144 megapixels": (lambda: bomb(12_000), "too large once decoded"),
    "11 MB file named .png": (
        lambda: SimpleUploadedFile("big.png", b"\x89PNG" + b"\0" * MAX_UPLOAD_BYTES),
        "images may be at most 10.0",
    ),
}
# What django-ckeditor's own view stored byte for byte: the disguised files, and a phone's
# photo with the GPS position where it was taken.
UNCHECKED = {
    **{name: make_file for name, (make_file, _message) in DISGUISED.items()},
    "JPEG with its GPS position": lambda: camera_jpeg("gps.jpg", size=(40, 30)),
}
# Paths django-ckeditor's "^upload/" and "^browse/" patterns answered under /ckeditor/.
LIBRARY_PATHS = ("/ckeditor/upload/x", "/ckeditor/upload/photo.png", "/ckeditor/browse/")


def stored_files(media) -> list:
    return [path for path in media.rglob("*") if path.is_file()]


def upload_url(**query) -> str:
    return reverse("ckeditor_upload") + (f"?{urlencode(query)}" if query else "")


def routes(resolver=None, prefix=""):
    """(route, view) for every URL the project answers."""
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from routes(pattern, route)
        else:
            yield route, pattern.callback


# Routes ----------------------------------------------------------------------------------


def test_no_route_leads_to_a_view_of_django_ckeditor():
    assert not [
        route for route, view in routes() if getattr(view, "__module__", "").startswith("ckeditor")
    ]
    assert [route for route, _view in routes() if route.startswith("ckeditor/")] == [
        "ckeditor/upload/"
    ]
    with pytest.raises(NoReverseMatch):
        reverse("ckeditor_browse")


@pytest.mark.parametrize("make_file", UNCHECKED.values(), ids=UNCHECKED.keys())
def test_no_path_beside_the_upload_stores_a_file(admin_client, media, make_file):
    for path in LIBRARY_PATHS:
        response = admin_client.post(path, {"upload": make_file()})
        assert response.status_code == 404, path
    assert not stored_files(media)


def test_the_article_form_sends_pictures_here_and_offers_no_file_browser(admin_client):
    article = make_article()
    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    html = response.content.decode()
    configs = [json.loads(unescape(found)) for found in re.findall(r'data-config="([^"]*)"', html)]
    assert configs  # the body's editor at least
    for config in configs:
        assert config["filebrowserUploadUrl"] == reverse("ckeditor_upload")
        assert not config["filebrowserBrowseUrl"]  # CKEditor then shows no "browse" button


# What is stored --------------------------------------------------------------------------


def test_ckeditor_upload_stores_a_real_image(admin_client, media):
    response = admin_client.post(upload_url(), {"upload": image_file("地图 p.png", "PNG")})
    (stored,) = stored_files(media)
    name = stored.relative_to(media).as_posix()
    assert re.fullmatch(r"uploads/\d{4}/\d\d/\d\d/p(_\w+)?\.png", name)
    assert response.json() == {
        "uploaded": 1,
        "fileName": stored.name,
        "url": settings.MEDIA_URL + name,
    }


def test_a_long_name_is_shortened_so_that_it_can_be_stored_again(admin_client, media):
    for _upload in range(2):
        response = admin_client.post(
            upload_url(), {"upload": image_file("p" * 251 + ".png", "PNG")}
        )
        assert response.json()["uploaded"] == 1
    assert len(stored_files(media)) == 2


def test_a_picture_keeps_no_gps_position(admin_client, media):
    response = admin_client.post(upload_url(), {"upload": camera_jpeg("gps.jpg", size=(40, 30))})
    assert response.json()["uploaded"] == 1
    (stored,) = stored_files(media)
    assert_no_metadata(stored)


REFUSED_HERE = {**REFUSED_UPLOADS, **DISGUISED}


@pytest.mark.parametrize(("make_file", "message"), REFUSED_HERE.values(), ids=REFUSED_HERE.keys())
def test_ckeditor_upload_refuses_what_the_photo_fields_refuse(
    admin_client, media, make_file, message
):
    response = admin_client.post(upload_url(), {"upload": make_file()}, HTTP_ACCEPT_LANGUAGE="en")
    answer = response.json()
    assert answer["uploaded"] == 0
    assert message in answer["error"]["message"]
    assert not stored_files(media)


@pytest.mark.parametrize("make_file", HONEST_SVGS.values(), ids=HONEST_SVGS.keys())
def test_ckeditor_upload_refuses_an_svg_called_svg(admin_client, media, make_file):
    """Named for what it is, an SVG is still no picture for the text: served from our
    site, its script would run for every reader who opens it."""
    response = admin_client.post(upload_url(), {"upload": make_file()}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json() == {
        "uploaded": 0,
        "error": {"message": "The file is not a whole JPEG, PNG, WebP or GIF image."},
    }
    assert not stored_files(media)


def test_ckeditor_upload_without_a_file_is_refused(admin_client, media):
    response = admin_client.post(upload_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.json() == {"uploaded": 0, "error": {"message": "No file was uploaded."}}


def test_ckeditor_upload_answers_only_a_post(admin_client, media):
    assert admin_client.get(upload_url()).status_code == 405


# The dialog's callback -------------------------------------------------------------------


def test_ckeditor_upload_dialog_gets_the_picture_through_its_callback(admin_client, media):
    response = admin_client.post(
        upload_url(CKEditorFuncNum="3"), {"upload": image_file("a'</script>b.png", "PNG")}
    )
    (stored,) = stored_files(media)
    url = settings.MEDIA_URL + stored.relative_to(media).as_posix()
    body = response.content.decode()
    assert f"CKEDITOR.tools.callFunction(3, '{url}', '')" in body
    assert body.count("<script") == body.count("</script>") == 1
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_ckeditor_upload_dialog_gets_the_refusal_through_its_callback(admin_client, media):
    response = admin_client.post(
        upload_url(CKEditorFuncNum="3"),
        {"upload": SimpleUploadedFile("x.jpg", SVG)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    body = response.content.decode()
    assert "CKEDITOR.tools.callFunction(3, ''," in body
    assert "not a whole JPEG" in body
    assert response["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.parametrize("func_num", ["1);alert(1)//", "1</script><script>alert(1)</script>", "²"])
@pytest.mark.parametrize(
    "make_file",
    [lambda: image_file("p.png", "PNG"), lambda: SimpleUploadedFile("x.png", SVG)],
    ids=["accepted", "refused"],
)
def test_a_callback_number_that_is_not_digits_gets_json_and_no_script(
    admin_client, media, func_num, make_file
):
    response = admin_client.post(upload_url(CKEditorFuncNum=func_num), {"upload": make_file()})
    body = response.content.decode()
    assert response["Content-Type"] == "application/json"
    assert "script" not in body
    assert "alert" not in body


# Who uploads ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: make_member("记者"),
        lambda: make_staff_user("articles.add_article"),
        lambda: make_staff_user("articles.change_article"),
    ],
    ids=["reporter", "staff who add articles", "staff who change articles"],
)
def test_staff_who_write_articles_upload_pictures(client, media, make_user):
    response = client_of(client, make_user()).post(
        upload_url(), {"upload": image_file("p.png", "PNG")}
    )
    assert response.json()["uploaded"] == 1
    assert stored_files(media)


def test_ckeditor_upload_is_for_staff_only(client, media):
    writer = User.objects.create_user("writer", password=PASSWORD)
    writer.user_permissions.add(*make_staff_user("articles.change_article").user_permissions.all())
    for user in (None, writer):  # anonymous, and not staff though allowed to write
        if user:
            client.force_login(user)
        response = client.post(upload_url(), {"upload": image_file("p.png", "PNG")})
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]
    assert not stored_files(media)


def test_staff_who_do_not_write_articles_upload_nothing(client, media):
    theatre_staff = make_staff_user("events.add_performer", "articles.view_article")
    response = client_of(client, theatre_staff).post(
        upload_url(), {"upload": image_file("p.png", "PNG")}
    )
    assert response.status_code == 403
    assert not stored_files(media)
