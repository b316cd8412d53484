"""``ensure_editor``: a newcomer gets an editor login whose password is never fixed in code."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import CommandError

from newsroom.management.operational import OperationalCommand

EDITORS_GROUP = "编辑"  # made, with its permissions, by migration articles 0005
PASSWORD_FILE = settings.BASE_DIR / ".editor-password"


class Command(OperationalCommand):
    help = (
        "Create the 'editor' login (staff, in the 编辑 group that edits, approves and publishes "
        "articles and keeps the theatre programme) if it does not exist, with a random "
        "password written to .editor-password."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--password-file", type=Path, default=PASSWORD_FILE)

    def handle(self, *args, username, password_file, **options):
        group = Group.objects.filter(name=EDITORS_GROUP).first()
        if group is None:
            raise CommandError(f"The group {EDITORS_GROUP} is missing: run manage.py migrate.")
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"is_staff": True}
        )
        user.groups.add(group)
        if not created:
            self.stdout.write(
                f"Editor login '{username}' exists; its password is in {password_file.name} "
                f"if this command made it (reset: manage.py changepassword {username})."
            )
            return
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.save()
        password_file.write_text(f"{username}\n{password}\n", encoding="utf-8")
        password_file.chmod(0o600)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created editor login '{username}' with password {password} "
                f"(also saved in {password_file.name}; log in at /admin/)."
            )
        )
