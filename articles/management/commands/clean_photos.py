"""``clean_photos``: clean the article and author photos stored before uploads were cleaned.

Uploads are re-encoded without their EXIF (the GPS position among it) and get their sizes
for ``srcset`` when they are saved (``newsroom.images``); photos stored earlier have no
recorded dimensions, which is how this command finds them. Each is cleaned in place and
its row's dimensions are written without a new version or a new modification time: the
picture is the same. Run it once after migrating; a second run finds nothing to do.
"""

from django.core.exceptions import ValidationError

from articles.models import Article, Author
from articles.parts import rows_changed
from newsroom.caching import new_content_version
from newsroom.management.operational import OperationalCommand
from newsroom.uploads import validate_image


class Command(OperationalCommand):
    written_if_stopped = "photos before the failure cleaned, the rest as they were: run it again"
    help = (
        "Re-encode photos stored before uploads were cleaned: without EXIF (GPS), upright, "
        "with their sizes for reader pages."
    )

    def handle(self, *args, **options):
        cleaned = skipped = 0
        for model in (Author, Article):
            for row in model.objects.exclude(photo="").filter(photo_width=None):
                try:
                    with row.photo.open("rb"):
                        validate_image(row.photo)
                    row.photo.clean_in_place()
                except (OSError, ValidationError) as problem:
                    reason = " ".join(getattr(problem, "messages", [])) or problem.strerror
                    self.stderr.write(f"{row.photo.name}: left as it is: {reason}")
                    skipped += 1
                    continue
                model.objects.filter(pk=row.pk).update(
                    photo=row.photo.name, photo_width=row.photo_width, photo_height=row.photo_height
                )
                rows_changed(model, [row.pk])  # the article parts that show it offer its sizes
                cleaned += 1
        if cleaned:
            new_content_version()  # pages offer the new sizes; no save said so
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(f"{cleaned} photos cleaned, {skipped} left as they were.")
            )
