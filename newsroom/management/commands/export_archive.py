"""``export_archive PATH``: the whole archive as one portable JSON file, or a zip with media.

Portable means readable without this database: plain JSON (Django's serialisation of each
row, primary keys kept, so references between rows survive), restored by
``restore_archive`` into any empty database, SQLite or PostgreSQL. Everything editors made
is in it: the content, every saved version of what has a history (django-simple-history's
rows, those of deleted articles too), the workflow's changes of state, and who did each of
these, by user name (``newsroom.archive_users``). Accounts themselves are not: no password,
group or permission. Media files are kept as references (paths under MEDIA_ROOT) unless
``--with-media`` bundles them. The word-segmented search copies are left out:
``restore_archive`` rebuilds them from the text.
"""

import datetime
import json
import re
import zipfile
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import get_history_model_for_model

from articles.models import (
    Article,
    Author,
    Byline,
    Column,
    Correction,
    ImportWarning,
    Issue,
    Page,
    PageRegion,
    Section,
    Series,
    StateChange,
)
from events.models import (
    Act,
    ActPerformer,
    FormerPerformerSlug,
    Performance,
    Performer,
    Piece,
    Programme,
)
from newsroom.archive_users import name_accounts
from newsroom.management.operational import OperationalCommand

ARCHIVE_FORMAT = "newsroom-archive"
ARCHIVE_VERSION = 2  # 2: history rows, changes of state, accounts by user name
ARCHIVE_JSON = "archive.json"  # its name inside a zip; media files sit under media/
# In the order they can be written back: every row after the rows it refers to (but an
# issue's lead story, checked with the rest once all are written).
CONTENT_MODELS = [
    Section,
    Column,
    Series,
    Author,
    Issue,
    Page,
    Article,
    PageRegion,
    StateChange,
    Byline,
    Correction,
    ImportWarning,
    Programme,
    Performer,
    FormerPerformerSlug,
    Piece,
    Performance,
    Act,
    ActPerformer,
]
# Every saved version of the models that keep a history. Their references to content are
# not constraints (a version may be of an article deleted since), so they go last.
HISTORY_MODELS = [
    get_history_model_for_model(model)
    for model in CONTENT_MODELS
    if hasattr(model._meta, "simple_history_manager_attribute")
]
ARCHIVE_MODELS = CONTENT_MODELS + HISTORY_MODELS
# What the archive leaves out, and why. A model with a reference to an account must be
# archived or listed here (tests/test_backup.py checks).
NOT_ARCHIVED = {
    "newsroom.FormSubmission": "a week's record of saved admin forms, against double saves",
    "admin.LogEntry": "the admin's log of its own actions; pg_dump keeps it",
    "auth.User_groups": "the archive names accounts, never copies them with their groups",
    "auth.User_user_permissions": "the archive names accounts, never copies their permissions",
    "articles.ArticlePart": "the article pages' parts, rendered again from the articles",
    "articles.IssuePart": "the issue pages' parts, rendered again from the issues",
    "articles.ListPart": "the list pages kept, rendered again from the articles",
}
REBUILT_FIELDS = {Article: set(Article.SEARCH_COLUMNS)}


class ArchiveJSONEncoder(DjangoJSONEncoder):
    """Times to the microsecond: Django's encoder cuts them to milliseconds (as JavaScript)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def archive_fields(model) -> list[str]:
    """The fields written for ``model``: all but the rebuilt ones (the primary key is the
    row's ``pk``). References to accounts are written as user names (``name_accounts``)."""
    skipped = REBUILT_FIELDS.get(model, set())
    return [
        f.name for f in model._meta.concrete_fields if not f.primary_key and f.name not in skipped
    ]


def media_references() -> list[str]:
    """Every file under MEDIA_ROOT that a row names: photos and page images with the sizes
    made of them (``newsroom.images``), pages' PDFs, and images inside article bodies."""
    names = set()
    for model in (Author, Article):
        for row in model.objects.exclude(photo="").only("photo", "photo_width", "photo_height"):
            names |= {row.photo.name} | {size.name for size in row.photo.renditions}
    for page in Page.objects.exclude(image="", pdf="").only("image", "image_width", "pdf"):
        if page.image:
            names |= {page.image.name} | {size.name for size in page.image.renditions}
        if page.pdf:
            names.add(page.pdf.name)
    in_html = re.compile(rf"""(?:src|href)=["']/?{re.escape(settings.MEDIA_URL)}([^"'?#]+)""")
    for body in Article.objects.filter(body__contains=settings.MEDIA_URL).values_list(
        "body", flat=True
    ):
        names |= set(in_html.findall(body))
    return sorted(names)


class Command(OperationalCommand):
    help = (
        "Write every issue (with its pages, their PDFs and images, and import warnings), "
        "article (with its place on its page, its corrections and changes of state), author, "
        "byline, series, column, section and the "
        "theatre programme (performances, acts, pieces, performers), every saved version of "
        "them, and who did what by user name, to one portable JSON file; media files as "
        "references, or bundled with --with-media (a zip)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, metavar="PATH")
        parser.add_argument(
            "--with-media",
            action="store_true",
            help="Write a zip holding archive.json and the media files it names.",
        )

    def handle(self, *args, path, with_media, **options):
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if outermost and connection.vendor == "postgresql":
                # One snapshot for every table, even while editors work: PostgreSQL's default
                # isolation would show rows committed half-way through the export.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            objects = [
                row
                for model in ARCHIVE_MODELS
                for row in serializers.serialize(
                    "python", model._base_manager.order_by("pk"), fields=archive_fields(model)
                )
            ]
            accounts, lost = name_accounts(objects, ARCHIVE_MODELS)
            media = media_references()
        archive = {
            "format": ARCHIVE_FORMAT,
            "version": ARCHIVE_VERSION,
            "exported_at": timezone.now().isoformat(),
            "counts": {m._meta.label: sum(o["model"] == m._meta.label_lower for o in objects)
                       for m in ARCHIVE_MODELS},
            "media": media,
            # Who the rows name; references to accounts deleted before the export, by field.
            "accounts": accounts,
            "accounts_missing": dict(sorted(lost.items())),
            "objects": objects,
        }  # fmt: skip
        text = json.dumps(archive, cls=ArchiveJSONEncoder, ensure_ascii=False, indent=1)
        try:
            if with_media:
                missing = self.write_zip(path, text, media)
            else:
                path.write_text(text, encoding="utf-8")
                missing = []
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from exc
        counts = archive["counts"]
        versions = sum(counts[m._meta.label] for m in HISTORY_MODELS)
        bundled = f", {len(media) - len(missing)} bundled" if with_media else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Archive written to {path}: {counts['articles.Issue']} issues, "
                f"{counts['articles.Article']} articles, {counts['articles.Author']} authors, "
                f"{counts['events.Performance']} performances; {versions} saved versions, "
                f"{counts['articles.StateChange']} changes of state, {len(accounts)} accounts "
                f"named by user name; {len(media)} media references{bundled}."
            )
        )
        for field, count in archive["accounts_missing"].items():
            self.stderr.write(
                f"  {field}: {count} references to accounts deleted before this export, "
                "written empty"
            )
        for name in missing:
            self.stderr.write(f"  missing media file, not bundled: {name}")

    def write_zip(self, path: Path, text: str, media: list[str]) -> list[str]:
        """Write archive.json and media/<name> for each file; return the names not found."""
        missing = []
        root = Path(settings.MEDIA_ROOT)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
            bundle.writestr(ARCHIVE_JSON, text)
            for name in media:
                if (root / name).is_file():
                    bundle.write(root / name, f"media/{name}")
                else:
                    missing.append(name)
        return missing
