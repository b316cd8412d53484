"""Production settings refuse to start half-configured; development needs nothing set."""

import json
import os
import re
import secrets
import subprocess
import sys

import pytest

from .seed_expectations import ROOT


def run_check(**env):
    unset = {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # the last: browser tests
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(DJANGO_SETTINGS_MODULE="newsroom.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({"ALLOWED_HOSTS": "news.example.org"}, "SECRET_KEY"),
        ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "news.example.org"}, "SECRET_KEY"),
        ({"SECRET_KEY": secrets.token_urlsafe(64)}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": secrets.token_urlsafe(64), "ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_real_secret_and_hosts(env, complaint):
    result = run_check(**env)
    assert result.returncode != 0
    assert complaint in result.stderr


PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "news.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def test_production_settings_pass_the_deploy_check():
    result = run_check(**PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_asks_for_a_cache_all_workers_share():
    result = run_check(**{**PRODUCTION, "REDIS_URL": ""})
    assert result.returncode != 0
    assert "newsroom.W001" in result.stderr and "REDIS_URL" in result.stderr

    assert run_check(**{**PRODUCTION, "REDIS_URL": "", "READER_CACHE_SECONDS": "0"}).returncode == 0


def test_interface_defaults_to_simplified_chinese_in_shanghai(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans", "en"]


def storage_settings(**env) -> dict:
    """The settings module's values with ``env`` set (nothing of it is imported)."""
    script = (
        "import json, runpy; s = runpy.run_path('newsroom/settings/__init__.py'); "
        "print(json.dumps({'STORAGES': s['STORAGES'], "
        "'img': s['CONTENT_SECURITY_POLICY']['DIRECTIVES']['img-src']}))"
    )
    unset = {"AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL", "AWS_S3_CUSTOM_DOMAIN"}
    environment = {k: v for k, v in os.environ.items() if k not in unset} | env
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True,
        text=True, timeout=60, check=True,
    )  # fmt: skip
    return json.loads(result.stdout)


def test_media_stay_on_disk_unless_a_bucket_is_named():
    values = storage_settings()
    assert values["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert values["img"] == ["'self'", "data:"]


def test_media_go_to_s3_compatible_storage_when_a_bucket_is_named():
    values = storage_settings(
        AWS_STORAGE_BUCKET_NAME="newsroom-media",
        AWS_S3_ENDPOINT_URL="https://minio.example.org:9000",
    )
    default = values["STORAGES"]["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == "newsroom-media"
    assert default["OPTIONS"]["endpoint_url"] == "https://minio.example.org:9000"
    assert default["OPTIONS"]["querystring_auth"] is False
    assert "https://minio.example.org:9000" in values["img"]  # the pages may show its photos
    behind_cdn = storage_settings(
        AWS_STORAGE_BUCKET_NAME="newsroom-media", AWS_S3_CUSTOM_DOMAIN="media.example.org"
    )
    assert "https://media.example.org" in behind_cdn["img"]


def production_setting(name: str, **env) -> str:
    """``name`` of the production settings with ``env`` set, in a process of its own."""
    environment = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | PRODUCTION | env
    result = subprocess.run(
        [sys.executable, "-c", f"import newsroom.settings.production as s; print(s.{name})"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return result.stdout.strip()


def test_the_site_address_is_the_first_host_name_over_https_unless_set():
    hosts = ".jfqb.example,jfqb.example,cdn.jfqb.example"  # a leading dot: and its subdomains
    assert production_setting("SITE_URL", ALLOWED_HOSTS=hosts) == "https://jfqb.example"
    chosen = {"ALLOWED_HOSTS": hosts, "SITE_URL": "https://www.jfqb.example"}
    assert production_setting("SITE_URL", **chosen) == "https://www.jfqb.example"


@pytest.mark.parametrize(
    "address", ["www.jfqb.example", "ftp://jfqb.example", "https://jfqb.example/paper/", "https://"]
)
def test_a_site_address_that_is_not_one_is_refused(address):
    result = run_check(**PRODUCTION, SITE_URL=address)
    assert result.returncode != 0
    assert "SITE_URL must be the site's address alone" in result.stderr


SERVE_STATIC = """
import django
django.setup()
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client
call_command("collectstatic", interactive=False, verbosity=0)
url = static("newsroom/site.css")
answers = {}
for encoding in ("br, gzip", "gzip", ""):
    response = Client().get(url, headers={"accept-encoding": encoding}, secure=True)
    answers[encoding] = [
        response.status_code,
        response.get("Content-Encoding"),
        response["Cache-Control"],
        response.get("Vary"),
    ]
print(json.dumps({"url": url, "answers": answers}))
"""


def test_production_serves_the_stylesheet_compressed_and_kept_for_a_year(tmp_path):
    """Without nginx in front, whitenoise: brotli or gzip as the browser asks, the hashed
    name cached for good."""
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment |= PRODUCTION | {
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.production",
        "ALLOWED_HOSTS": "testserver",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import json\n{SERVE_STATIC}"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    served = json.loads(result.stdout.splitlines()[-1])
    assert re.fullmatch(r"/static/newsroom/site\.[0-9a-f]{12}\.css", served["url"])
    encodings = {asked: answer[1] for asked, answer in served["answers"].items()}
    assert encodings == {"br, gzip": "br", "gzip": "gzip", "": None}
    for status, _encoding, cache_control, vary in served["answers"].values():
        assert status == 200
        assert "max-age=315360000" in cache_control and "immutable" in cache_control
        assert vary == "Accept-Encoding"
    assert (tmp_path / "static" / served["url"].removeprefix("/static/")).exists()
