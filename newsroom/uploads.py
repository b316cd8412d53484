"""Uploaded images are checked by what they contain, not by what they are called.

Every image an editor can upload (the article and author photos, and pictures put into
rich text through CKEditor) passes ``validate_image``: Pillow must recognise a JPEG, PNG,
WebP or GIF that is whole, not too big on disk and not too big once decoded (a small
file can unpack to gigabytes: a decompression bomb). An SVG or an HTML page named
``.jpg`` is not an image to Pillow, so it is refused like any other non-image.
"""

import warnings

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # 40 megapixels: more than any press photo needs

# Pillow warns above this and raises above twice this; we refuse at the limit itself.
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS


def validate_image(file) -> None:
    """Raise ``ValidationError`` unless ``file`` is a safe JPEG, PNG, WebP or GIF."""
    if file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is %(size)s; images may be at most %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
            code="too_large",
        )
    if file.closed:  # a stored photo whose dimensions were just read (ImageField closes it)
        file.open("rb")
    position = file.tell()
    try:  # Image.open reads from the start whatever the position (Pillow documents it)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format = image.format
                image.verify()  # checks the structure (PNG chunks and checksums)
            with Image.open(file) as image:
                image.load()  # decodes every pixel: a truncated JPEG fails only here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("The image is too large once decoded; images may be at most %(limit)s megapixels.")
            % {"limit": MAX_IMAGE_PIXELS // 1_000_000},
            code="decompression_bomb",
        ) from None
    except Exception:
        raise ValidationError(
            _("The file is not a whole JPEG, PNG, WebP or GIF image."), code="not_an_image"
        ) from None
    finally:
        file.seek(position)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("%(format)s images are not accepted: upload a JPEG, PNG, WebP or GIF.")
            % {"format": image_format},
            code="format",
        )
