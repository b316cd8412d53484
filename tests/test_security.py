"""Nobody gets in: headers, login throttling, passwords, and uploads checked by content."""

import json
import os
import struct
import subprocess
import sys
import zlib
from xml.etree import ElementTree

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Article
from newsroom.uploads import MAX_UPLOAD_BYTES, validate_image

from .factories import PASSWORD, make_article, make_author
from .helpers import image_file
from .seed_expectations import ROOT
from .xss_vectors import REFUSED_UPLOADS, SVG, VECTORS, bomb, truncated_jpeg

STRICT_POLICY = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
}


def policy(response) -> dict[str, str]:
    """The Content-Security-Policy header as {directive: sources}."""
    parts = (part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return {name: sources for name, sources in parts}


# Headers ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reader_pages_get_the_strict_policy_and_the_security_headers(client):
    article = make_article()
    for path in ("/", article.get_absolute_url(), "/theatre/", "/search/?q=x"):
        response = client.get(path)
        assert response.status_code == 200, path
        header = response["Content-Security-Policy"]
        assert {part.strip() for part in header.split(";")} == STRICT_POLICY, path
        assert "unsafe" not in header
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_admin_gets_what_ckeditor_needs_and_no_more(admin_client):
    article = make_article()
    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    directives = policy(response)
    assert directives["script-src"] == "'self' 'unsafe-inline'"  # no eval: CKEditor needs none
    assert "'unsafe-inline'" in directives["style-src"]
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'self'"  # its upload answers in a frame of its own
    assert "http" not in response["Content-Security-Policy"]  # same origin only, still


@pytest.mark.django_db
def test_api_docs_may_style_inline_but_not_run_inline_script(client):
    directives = policy(client.get("/api/v1/docs"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self' 'unsafe-inline'"


@pytest.mark.django_db
def test_the_editors_policy_does_not_leak_to_a_reader_page_named_like_the_admin(client):
    response = client.get("/adminx/")
    assert "unsafe" not in response["Content-Security-Policy"]


def run_with_settings(expression: str, **env):
    """``expression`` evaluated in a fresh process under other settings, read back as JSON."""
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment.update(env)
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"from django.urls import reverse; from newsroom.csp import scoped_policies; "
        f"print(json.dumps({expression}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_sends_hsts_and_only_secure_http_only_cookies():
    names = [
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
    ]
    values = run_with_settings(
        f"[settings.SECURE_HSTS_SECONDS, *(getattr(settings, n) for n in {names})]",
        DJANGO_SETTINGS_MODULE="newsroom.settings.production",
        SECRET_KEY="k" * 40 + "0123456789abcdef",
        ALLOWED_HOSTS="news.example.org",
    )
    hsts_seconds, *switches = values
    assert hsts_seconds >= 31536000
    assert switches == [True] * len(names)


def test_admin_url_is_configurable_and_the_editors_policy_follows_it():
    paths = run_with_settings(
        "[reverse('admin:index'), scoped_policies()[0][0]]",
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        ADMIN_URL="redaktion-7q/",
    )
    assert paths == ["/redaktion-7q/", "/redaktion-7q/"]


# Logins ------------------------------------------------------------------------------------


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("editor", password=PASSWORD, is_staff=True)


def log_in(client, password, address="10.0.0.1"):
    return client.post(
        reverse("admin:login"),
        {"username": "editor", "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def test_sixth_attempt_after_five_failures_is_refused_even_with_the_right_password(client, editor):
    for _ in range(4):
        assert log_in(client, "wrong password").status_code == 200  # the form again
    assert log_in(client, "wrong password").status_code == 429  # the fifth locks
    response = log_in(client, PASSWORD)
    assert response.status_code == 429
    assert "newsroom/locked_out.html" in [t.name for t in response.templates]
    assert "Traceback" not in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_page_says_what_happened_and_for_how_long(client, editor):
    for _ in range(5):
        log_in(client, "wrong password")
    english = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert english.status_code == 429
    assert english["Content-Language"] == "en"
    assert (
        "After 5 failed attempts, logins with this user name from your address are paused "
        "for 30 minutes."
    ) in english.content.decode()


def test_a_successful_login_resets_the_failures(client, editor):
    for _ in range(4):
        log_in(client, "wrong password")
    assert log_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        log_in(client, "wrong password")
    assert log_in(client, PASSWORD).status_code == 302


def test_lockout_is_for_that_user_name_from_that_address_only(client, editor):
    for _ in range(5):
        log_in(client, "wrong password")
    assert log_in(client, PASSWORD, address="10.0.0.2").status_code == 302
    assert AccessAttempt.objects.get(ip_address="10.0.0.1").failures_since_start == 5


# Passwords ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password",
    ["short1!", "password123456", "31415926535897", "editor-editor", "解放区报解放区报"],
)
def test_weak_passwords_are_refused(password):
    user = get_user_model()(username="editor-editor")
    with pytest.raises(ValidationError):
        validate_password(password, user)


@pytest.mark.django_db
def test_a_long_uncommon_password_is_accepted():
    validate_password("墨水 tide 47 lantern", get_user_model()(username="editor"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password, accepted",
    [("墨水tide47lantern"[:11], False), ("墨水tide47lantern"[:12], True)],
    ids=["eleven characters", "twelve characters"],
)
def test_passwords_need_twelve_characters(password, accepted):
    """At the edge of the length rule, with an uncommon password that passes the others."""
    user = get_user_model()(username="editor")
    if accepted:
        validate_password(password, user)
    else:
        with pytest.raises(ValidationError, match="12"):
            validate_password(password, user)


# Uploads -----------------------------------------------------------------------------------


ACCEPTED = {
    "JPEG": lambda: image_file("photo.jpg", "JPEG"),
    "PNG": lambda: image_file("photo.png", "PNG"),
    "WebP": lambda: image_file("photo.webp", "WEBP"),
    "GIF": lambda: image_file("photo.gif", "GIF", mode="P"),
    "PNG named .jpg": lambda: image_file("photo.jpg", "PNG"),
}


@pytest.mark.parametrize("make_file", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_real_images_are_accepted(make_file):
    validate_image(make_file())


@pytest.mark.parametrize(
    ("make_file", "message"), REFUSED_UPLOADS.values(), ids=REFUSED_UPLOADS.keys()
)
def test_what_is_not_a_safe_image_is_refused_with_a_clear_message(make_file, message, settings):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(ValidationError) as refused:
        validate_image(make_file())
    (text,) = refused.value.messages
    assert message in text
    assert "\n" not in text


def png_of_size(size: int) -> SimpleUploadedFile:
    """A whole 40 × 30 PNG followed by zero bytes up to ``size``: decoders stop at its end."""
    png = image_file("photo.png", "PNG").read()
    return SimpleUploadedFile("photo.png", png + b"\0" * (size - len(png)))


def png_with_a_bad_apng_header() -> SimpleUploadedFile:
    """A whole PNG with an APNG header that counts no frames: Pillow warns and shows the PNG."""
    png = image_file("photo.png", "PNG").read()
    chunk = b"acTL" + struct.pack(">II", 0, 0)
    actl = struct.pack(">I", 8) + chunk + struct.pack(">I", zlib.crc32(chunk))
    idat = png.index(b"IDAT") - 4  # before the first image data, as APNG wants
    return SimpleUploadedFile("photo.png", png[:idat] + actl + png[idat:])


MB = "\N{NO-BREAK SPACE}MB"  # Django's filesizeformat keeps number and unit together
REFUSALS = {
    "11 MB file": (
        lambda: png_of_size(11 * 1024 * 1024),
        "too_large",
        f"The file is 11.0{MB}; images may be at most 10.0{MB}.",
    ),
    "PNG bomb, 49 megapixels (Pillow warns)": (
        lambda: bomb(7000),
        "decompression_bomb",
        "The image is too large once decoded; images may be at most 40 megapixels.",
    ),
    "PNG bomb, 100 megapixels (Pillow refuses)": (
        lambda: bomb(10000),
        "decompression_bomb",
        "The image is too large once decoded; images may be at most 40 megapixels.",
    ),
    "SVG named .jpg": (
        lambda: SimpleUploadedFile("x.jpg", SVG),
        "not_an_image",
        "The file is not a whole JPEG, PNG, WebP or GIF image.",
    ),
    "truncated JPEG": (
        truncated_jpeg,
        "not_an_image",
        "The file is not a whole JPEG, PNG, WebP or GIF image.",
    ),
    "BMP": (
        lambda: image_file("photo.bmp", "BMP"),
        "format",
        "BMP images are not accepted: upload a JPEG, PNG, WebP or GIF.",
    ),
}


@pytest.mark.parametrize(("make_file", "code", "message"), REFUSALS.values(), ids=REFUSALS.keys())
def test_each_refusal_has_its_code_and_its_whole_message(make_file, code, message, settings):
    """The code tells callers which rule refused the file; the message tells the editor,
    with the file's own size and the limits as numbers."""
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(ValidationError) as refused:
        validate_image(make_file())
    assert (refused.value.code, refused.value.messages) == (code, [message])


def test_a_file_of_exactly_the_size_limit_is_accepted_and_one_byte_more_is_not():
    at_limit = png_of_size(MAX_UPLOAD_BYTES)
    assert at_limit.size == MAX_UPLOAD_BYTES
    validate_image(at_limit)
    with pytest.raises(ValidationError) as refused:
        validate_image(png_of_size(MAX_UPLOAD_BYTES + 1))
    assert refused.value.code == "too_large"


def test_a_whole_image_that_pillow_warns_about_is_still_accepted():
    """Only the decompression-bomb warning refuses a file; Pillow's other warnings (here:
    a broken APNG header over a whole PNG) are no reason to turn a picture away."""
    with pytest.warns(UserWarning, match="Invalid APNG"):
        validate_image(png_with_a_bad_apng_header())


@pytest.mark.django_db
def test_a_stored_photo_read_back_from_the_database_is_checked_too(media):
    """Validating a row checks the photo it already has, whose file nobody has opened."""
    article = make_article(photo=image_file("park.png", "PNG"))
    stored = Article.objects.get(pk=article.pk).photo
    assert stored.closed
    validate_image(stored)
    with Image.open(stored) as image:  # and still readable after the check
        assert image.size == (40, 30)


@pytest.mark.django_db
def test_article_and_author_photos_run_the_image_check():
    article = make_article()
    article.photo = SimpleUploadedFile("x.jpg", SVG)
    author = make_author()
    author.photo = bomb(10000)
    with pytest.raises(ValidationError) as article_errors:
        article.full_clean()
    with pytest.raises(ValidationError) as author_errors:
        author.full_clean()
    assert "photo" in article_errors.value.message_dict
    assert "photo" in author_errors.value.message_dict


# Feeds -------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("feed", ["/feeds/rss/", "/feeds/atom/"])
def test_feeds_carry_hostile_titles_as_text(client, feed):
    """Feed readers render HTML; a vector must reach them as escaped text, never markup."""
    for vector in VECTORS:
        make_article(title=vector, body=f"<p>{vector}</p>")
    document = ElementTree.fromstring(client.get(feed).content)
    titles = {element.text for element in document.iter() if element.tag.endswith("title")}
    assert len(titles & set(VECTORS)) >= 10  # the items' titles: the vectors, to the letter
    assert b"<script" not in client.get(feed).content
