"""``restore_archive PATH``: write an ``export_archive`` file back into an empty database.

Refuses a database that holds any archive content (issues, articles, authors, the theatre
programme…, or saved versions of them): a restore is for a new or wiped database, never a
merge. The sections, columns and programmes that migrations create are replaced by the
archive's own. Accounts are matched by user name; a name with no account here gets one that
cannot log in (inactive, no usable password, no groups, not staff), and the report names it.
A version 1 archive (no history, no changes of state, no user names) restores as before. All
in one transaction: a damaged archive leaves the database as it was, accounts included.
"""

import json
import zipfile
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, transaction
from django.utils import translation

from articles.models import Article, Column, Section
from articles.search_index import refresh_search_text
from events.models import Programme
from newsroom.archive_users import find_or_create_accounts, named_accounts, refer_by_id
from newsroom.management.operational import OperationalCommand

from .export_archive import (
    ARCHIVE_FORMAT,
    ARCHIVE_JSON,
    ARCHIVE_MODELS,
    ARCHIVE_VERSION,
    HISTORY_MODELS,
)

READABLE_VERSIONS = {1, ARCHIVE_VERSION}  # 1: no history, no changes of state, no user names
REFERENCE_MODELS = [Section, Column, Programme]  # created by migrations, replaced on restore
ARCHIVED = {model._meta.label_lower: model for model in ARCHIVE_MODELS}


class Command(OperationalCommand):
    help = (
        "Restore an archive written by export_archive (JSON, or a zip with media) into a "
        "database that holds no issues, articles, authors, performances or saved versions "
        "yet. Accounts are matched by user name; missing ones are created inactive."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, metavar="PATH")

    def handle(self, *args, path, **options):
        archive, media = read_archive(path)
        objects = archive["objects"]
        try:
            check_rows(objects)
            names = named_accounts(objects, ARCHIVE_MODELS)
        except ValueError as exc:
            raise CommandError(f"{path}: not restored, nothing written: {exc}") from exc
        with translation.override(None):  # model names in English, as the rest of the line
            occupied = [
                f"{model._base_manager.count()} {model._meta.verbose_name_plural}"
                for model in ARCHIVE_MODELS
                if model not in REFERENCE_MODELS and model._base_manager.exists()
            ]
        if occupied:
            raise CommandError(
                f"the database is not empty ({', '.join(occupied)}); restore into an empty "
                "database (a new one, or after `manage.py flush`)."
            )
        try:
            with transaction.atomic():
                for model in reversed(REFERENCE_MODELS):
                    model.objects.all().delete()
                ids, created = find_or_create_accounts(names)
                refer_by_id(objects, ARCHIVE_MODELS, ids)
                for row in serializers.deserialize("python", objects):
                    row.save()  # raw: writes no history row of its own
                # Rows were written with their references unchecked until now (as loaddata).
                # A version's references to content are no constraints (it may be of an
                # article deleted since); its reference to an account is one, and checked.
                connection.check_constraints([model._meta.db_table for model in ARCHIVE_MODELS])
                reset_sequences()
                refresh_search_text(Article.objects.all())
                written = write_media(media)
        except (DatabaseError, DeserializationError) as exc:
            message = " ".join(str(exc).split())  # PostgreSQL's DETAIL comes on a line of its own
            raise CommandError(f"{path}: not restored, nothing written: {message}") from exc
        counts = Counter(row["model"] for row in objects)
        versions = sum(counts[model._meta.label_lower] for model in HISTORY_MODELS)
        self.stdout.write(
            self.style.SUCCESS(
                f"Archive {path} restored: {counts['articles.issue']} issues, "
                f"{counts['articles.article']} articles, {counts['articles.author']} authors, "
                f"{counts['events.performance']} performances; {versions} saved versions, "
                f"{counts['articles.statechange']} changes of state; {written} media files "
                f"written, {len(archive['media'])} media references."
            )
        )
        self.report_accounts(archive, names, created)

    def report_accounts(self, archive: dict, names: set[str], created: list[str]) -> None:
        """Say which accounts the rows now refer to, and what could not be given one."""
        if archive["version"] == 1:
            self.stdout.write(
                "A version 1 archive: it holds no saved versions, changes of state or user "
                "names, so rows come back without who made them."
            )
        matched = sorted(names.difference(created))
        if matched:
            self.stdout.write(
                f"{accounts(len(matched))} named in the archive matched by user name: "
                f"{', '.join(matched)}"
            )
        if created:
            self.stdout.write(
                self.style.WARNING(
                    f"{accounts(len(created))} named in the archive did not exist here and "
                    f"{'was' if len(created) == 1 else 'were'} created inactive, without a "
                    f"password: {', '.join(created)}"
                )
            )
        for field, count in archive.get("accounts_missing", {}).items():
            self.stdout.write(
                self.style.WARNING(
                    f"{field}: {count} references to accounts deleted before the export stay empty"
                )
            )


def accounts(count: int) -> str:
    return f"{count} account" if count == 1 else f"{count} accounts"


def check_rows(objects: list) -> None:
    """Raise ``ValueError`` for what deserialising would let through or fail on with a
    traceback: a row of a model no archive holds (an account, a group), a field its model
    lacks, a saved version whose kind is not simple-history's (created, changed, deleted)."""
    for row in objects:
        label = row.get("model") if isinstance(row, dict) else row
        model = ARCHIVED.get(label) if isinstance(label, str) else None
        if model is None:
            raise ValueError(f"a row of {label!r}, which no archive holds")
        fields = row.get("fields")
        where = f"{model._meta.label} {row.get('pk')}"
        if not isinstance(fields, dict):
            raise ValueError(f"{where}: no fields")
        known = {f.name for f in model._meta.concrete_fields if not f.primary_key}
        if unknown := sorted(fields.keys() - known):
            raise ValueError(f"{where}: no such field {', '.join(unknown)}")
        if model in HISTORY_MODELS:
            kinds = [kind for kind, _label in model._meta.get_field("history_type").choices]
            if fields.get("history_type") not in kinds:
                raise ValueError(
                    f"{where}: history_type {fields.get('history_type')!r} is none of "
                    f"{', '.join(kinds)}"
                )


def read_archive(path: Path) -> tuple[dict, dict[str, bytes]]:
    """The archive's JSON and its bundled media files by name (none for a plain JSON file)."""
    media = {}
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as bundle:
                text = bundle.read(ARCHIVE_JSON).decode("utf-8")
                for name in bundle.namelist():
                    if name.startswith("media/") and not name.endswith("/"):
                        media[name.removeprefix("media/")] = bundle.read(name)
        else:
            text = path.read_text(encoding="utf-8")
        archive = json.loads(text)
    except OSError as exc:
        raise CommandError(f"{path}: {exc.strerror}") from exc
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise CommandError(f"{path}: not an archive written by export_archive ({exc})") from exc
    if not isinstance(archive, dict) or archive.get("format") != ARCHIVE_FORMAT:
        raise CommandError(f"{path}: not an archive written by export_archive")
    if archive.get("version") not in READABLE_VERSIONS:
        raise CommandError(
            f"{path}: archive version {archive.get('version')!r}; this code reads versions "
            f"{', '.join(map(str, sorted(READABLE_VERSIONS)))}"
        )
    if not isinstance(archive.get("objects"), list) or not isinstance(
        archive.get("accounts_missing", {}), dict
    ):
        raise CommandError(f"{path}: not an archive written by export_archive")
    return archive, media


def reset_sequences() -> None:
    """Rows keep their ids; new rows must be numbered after them (PostgreSQL sequences)."""
    statements = connection.ops.sequence_reset_sql(no_style(), ARCHIVE_MODELS)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def write_media(media: dict[str, bytes]) -> int:
    """Write bundled files under MEDIA_ROOT; a name that would land outside it is an error."""
    root = Path(settings.MEDIA_ROOT).resolve()
    for name, content in media.items():
        target = (root / name).resolve()
        if not target.is_relative_to(root):
            raise CommandError(f"media file {name!r} would be written outside MEDIA_ROOT")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return len(media)
