"""Production settings refuse to start half-configured; development needs nothing set."""

import os
import secrets
import subprocess
import sys

import pytest

from .conftest import ROOT


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


def test_production_settings_pass_the_deploy_check():
    result = run_check(SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="news.example.org")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_interface_defaults_to_simplified_chinese_in_shanghai(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans", "en"]
