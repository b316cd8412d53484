"""``restore_archive PATH``: write an ``export_archive`` file back into an empty database.

Refuses a database that holds any archive content (issues, articles, authors, the theatre
programme…): a restore is for a new or wiped database, never a merge. The sections, columns
and programmes that migrations create are replaced by the archive's own. All in one
transaction: a damaged archive leaves the database as it was.
"""

import json
import zipfile
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, transaction
from django.utils import translation

from articles.models import Article, Column, Section
from articles.search import refresh_search_text
from events.models import Programme

from .export_archive import ARCHIVE_FORMAT, ARCHIVE_JSON, ARCHIVE_MODELS, ARCHIVE_VERSION

REFERENCE_MODELS = [Section, Column, Programme]  # created by migrations, replaced on restore


class Command(BaseCommand):
    help = (
        "Restore an archive written by export_archive (JSON, or a zip with media) into a "
        "database that holds no issues, articles, authors or performances yet."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, metavar="PATH")

    def handle(self, *args, path, **options):
        archive, media = read_archive(path)
        with translation.override(None):  # model names in English, as the rest of the line
            occupied = [
                f"{model.objects.count()} {model._meta.verbose_name_plural}"
                for model in ARCHIVE_MODELS
                if model not in REFERENCE_MODELS and model.objects.exists()
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
                for row in serializers.deserialize("python", archive["objects"]):
                    row.save()
                # Rows were written with their references unchecked until now (as loaddata).
                connection.check_constraints([model._meta.db_table for model in ARCHIVE_MODELS])
                reset_sequences()
                refresh_search_text(Article.objects.all())
                written = write_media(media)
        except (DatabaseError, DeserializationError) as exc:
            raise CommandError(f"{path}: not restored, nothing written: {exc}") from exc
        counts = archive["counts"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Archive {path} restored: {counts['articles.Issue']} issues, "
                f"{counts['articles.Article']} articles, {counts['articles.Author']} authors, "
                f"{counts['events.Performance']} performances; {written} media files written, "
                f"{len(archive['media'])} media references."
            )
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
    if archive.get("version") != ARCHIVE_VERSION:
        raise CommandError(
            f"{path}: archive version {archive.get('version')!r}; this code reads version "
            f"{ARCHIVE_VERSION}"
        )
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
