"""Uploaded photos are stored as Pillow re-encodes them, with nothing of the camera's notes.

A press photo straight from a camera or phone carries EXIF (often the GPS position where
it was taken, the photographer's home included), XMP and comments. ``clean_image`` decodes
the picture, turns it upright as its EXIF orientation says, and encodes the pixels alone
(and the colour profile, without which colours shift): JPEG, PNG and WebP stay what they
are, a GIF becomes a PNG of its first frame.

``PhotoField`` does that when an uploaded file is saved, and makes the smaller copies that
reader pages offer in ``srcset`` (the thumbnail, the article width and twice that for
sharp screens) once, next to the original, never larger than the original.
"""

import io
import re
from pathlib import PurePosixPath
from typing import NamedTuple

from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from PIL import Image, ImageOps

# Rendition widths in pixels: list thumbnail, article column, article column on 2× screens.
THUMBNAIL_WIDTH = 320
ARTICLE_WIDTH = 800
LARGE_WIDTH = 2 * ARTICLE_WIDTH
RENDITION_WIDTHS = (THUMBNAIL_WIDTH, ARTICLE_WIDTH, LARGE_WIDTH)

# The format each accepted format is stored in, and its file extension.
STORED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "PNG"}
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
ENCODER_OPTIONS = {"JPEG": {"quality": 85, "optimize": True}, "PNG": {}, "WEBP": {"quality": 85}}

# "photo.800w.jpg": the name of a rendition, which no uploaded file may take (see PhotoField).
RENDITION_SUFFIX = re.compile(r"\.\d+w$")


class CleanImage(NamedTuple):
    """A decoded, upright image without metadata, and the format to store it in."""

    image: Image.Image
    format: str
    icc_profile: bytes | None

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]

    def encoded(self, width: int | None = None) -> bytes:
        """The image (scaled down to ``width`` if given) as file content, metadata-free."""
        image = self.image
        if width is not None and width < image.width:
            height = max(1, round(image.height * width / image.width))
            image = image.resize((width, height), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        options = dict(ENCODER_OPTIONS[self.format])
        if self.icc_profile:
            options["icc_profile"] = self.icc_profile
        image.save(buffer, self.format, **options)
        return buffer.getvalue()


def clean_image(file) -> CleanImage:
    """Decode ``file`` (already checked by ``newsroom.uploads.validate_image``) for storing.

    Everything Pillow keeps beside the pixels (EXIF, XMP, comments, PNG text) is left
    behind; the orientation tag is applied to the pixels first.
    """
    file.seek(0)
    with Image.open(file) as opened:
        stored_format = STORED_FORMATS[opened.format]
        icc_profile = opened.info.get("icc_profile")
        image = ImageOps.exif_transpose(opened)  # a new, upright image
    has_alpha = "A" in image.mode or "transparency" in image.info
    if stored_format == "JPEG":
        wanted = image.mode if image.mode in {"L", "RGB"} else "RGB"
    else:
        wanted = image.mode if image.mode in {"L", "LA", "RGB", "RGBA"} else None
        wanted = wanted or ("RGBA" if has_alpha else "RGB")
    if image.mode != wanted:
        if image.mode == "CMYK":
            icc_profile = None  # a CMYK profile would misdescribe the RGB pixels
        image = image.convert(wanted)
    image.info = {}  # nothing of the original's metadata reaches the encoder
    return CleanImage(image, stored_format, icc_profile)


def rendition_name(name: str, width: int) -> str:
    """Where the ``width``-pixel copy of the stored file ``name`` is: photo.jpg → photo.800w.jpg."""
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.{width}w{path.suffix}"))


class Rendition(NamedTuple):
    name: str  # in the storage, as a FieldFile's name
    url: str
    width: int
    height: int


class PhotoFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        """Store the cleaned image in place of what was uploaded, and its renditions beside it."""
        cleaned = clean_image(content)
        name = str(PurePosixPath(name).with_suffix(cleaned.extension))
        super().save(name, ContentFile(cleaned.encoded(), name=name), save)
        self._save_renditions(cleaned)

    save.alters_data = True

    def clean_in_place(self) -> None:
        """Clean a file stored before uploads were cleaned, and make its renditions.

        It keeps its name, so earlier versions of the row still show it, unless its format
        changes (a GIF becomes a PNG). The row's dimensions are set but not saved.
        """
        with self.storage.open(self.name, "rb") as stored:
            cleaned = clean_image(stored)
        self.storage.delete(self.name)
        name = str(PurePosixPath(self.name).with_suffix(cleaned.extension))
        self.name = self.storage.save(name, ContentFile(cleaned.encoded()))
        self.__dict__.pop("_dimensions_cache", None)  # those of the file before
        setattr(self.instance, self.field.attname, self)  # records the new dimensions
        self._save_renditions(cleaned)

    clean_in_place.alters_data = True

    def _save_renditions(self, cleaned: CleanImage) -> None:
        for width in RENDITION_WIDTHS:
            if width < cleaned.image.width:
                target = rendition_name(self.name, width)
                self.storage.delete(target)  # a file left by a deleted photo of that name
                self.storage.save(target, ContentFile(cleaned.encoded(width)))

    @property
    def renditions(self) -> list[Rendition]:
        """The stored sizes, narrowest first: the copies made at upload, and the original
        itself where it is no wider than the largest (it is never scaled up).

        Empty for a file stored before its dimensions were recorded (nothing to offer but
        the file itself).
        """
        width, height = self.stored_dimensions
        if not (self and width and height):
            return []
        sizes = [
            Rendition(name, self.storage.url(name), w, round(height * w / width))
            for w in RENDITION_WIDTHS
            if w < width
            for name in [rendition_name(self.name, w)]
        ]
        if width <= LARGE_WIDTH:
            sizes.append(Rendition(self.name, self.url, width, height))
        return sizes

    @property
    def stored_dimensions(self) -> tuple[int | None, int | None]:
        """Width and height as recorded when the file was saved (no file is opened)."""
        field = self.field
        return (
            getattr(self.instance, field.width_field, None) if field.width_field else None,
            getattr(self.instance, field.height_field, None) if field.height_field else None,
        )

    def _widest_up_to(self, width: int) -> Rendition | None:
        fitting = [r for r in self.renditions if r.width <= width]
        return fitting[-1] if fitting else next(iter(self.renditions), None)

    @property
    def thumbnail(self) -> Rendition | None:
        return self._widest_up_to(THUMBNAIL_WIDTH)

    @property
    def article_width(self) -> Rendition | None:
        return self._widest_up_to(ARTICLE_WIDTH)

    @property
    def largest(self) -> Rendition | None:
        return self._widest_up_to(LARGE_WIDTH)


class PhotoField(models.ImageField):
    """An ``ImageField`` whose uploads are cleaned and get renditions (see ``PhotoFieldFile``).

    Its width and height fields are filled when a file is assigned or saved, never when a
    row is loaded: a row from before they existed does not open its file on every read.
    A file whose dimensions cannot be read (a name whose file is missing, a decompression
    bomb that validation will refuse) has none, and so no renditions.
    """

    attr_class = PhotoFieldFile

    def update_dimension_fields(self, instance, force=False, **kwargs):
        if not force:
            return
        try:
            super().update_dimension_fields(instance, force=True)
        except (OSError, Image.DecompressionBombError):
            setattr(instance, self.width_field, None)
            setattr(instance, self.height_field, None)

    def generate_filename(self, instance, filename):
        """An upload called like a rendition (x.800w.jpg) is renamed x.800w_.jpg."""
        path = PurePosixPath(filename)
        if RENDITION_SUFFIX.search(path.stem):
            filename = str(path.with_name(f"{path.stem}_{path.suffix}"))
        return super().generate_filename(instance, filename)
