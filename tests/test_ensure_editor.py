"""`ensure_editor` gives a newcomer a login with a random password, once."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_creates_staff_editor_with_random_password_saved_privately(tmp_path):
    password_file = tmp_path / "pw"
    out = StringIO()
    call_command("ensure_editor", "--password-file", str(password_file), stdout=out)

    username, password = password_file.read_text().split()
    user = get_user_model().objects.get(username=username)
    assert user.is_staff and not user.is_superuser
    assert user.check_password(password)
    assert len(password) >= 16
    assert password in out.getvalue()
    assert password_file.stat().st_mode & 0o077 == 0
    assert [group.name for group in user.groups.all()] == ["编辑"]
    assert user.has_perm("articles.change_article")
    assert user.has_perm("articles.publish_article")
    assert user.has_perm("events.add_performance")
    assert not user.has_perm("articles.withdraw_article")  # the chief editor's
    assert not user.has_perm("auth.change_user")


def test_second_run_keeps_the_password(tmp_path):
    password_file = tmp_path / "pw"
    call_command("ensure_editor", "--password-file", str(password_file), stdout=StringIO())
    first = password_file.read_text()
    out = StringIO()
    call_command("ensure_editor", "--password-file", str(password_file), stdout=out)

    assert password_file.read_text() == first
    assert "exists" in out.getvalue()
    assert get_user_model().objects.count() == 1


def test_two_editors_get_different_passwords(tmp_path):
    call_command("ensure_editor", "--password-file", str(tmp_path / "a"), stdout=StringIO())
    call_command(
        "ensure_editor", "--username", "editor2", "--password-file", str(tmp_path / "b"),
        stdout=StringIO(),
    )  # fmt: skip
    assert (tmp_path / "a").read_text().split()[1] != (tmp_path / "b").read_text().split()[1]
