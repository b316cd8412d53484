"""The project's own model fields: rich text, and where a story is printed on its page.

``RichTextField``: a plain text column, cleaned on save, edited with CKEditor; the editor is
chosen in ``formfield`` only, so replacing CKEditor touches this file alone.
``RectanglesField``: a region's rectangles on a page, as fractions of the page image.
"""

import math

from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from .sanitize import clean_html


class RichTextField(models.TextField):
    """HTML that is sanitised with nh3 every time the model is saved."""

    def pre_save(self, model_instance, add):
        value = clean_html(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        # The editor wins over the admin's plain-textarea default for text fields.
        return super().formfield(**{**kwargs, "widget": CKEditorUploadingWidget})


MAX_RECTANGLES = 12  # a story continued in several columns, with room to spare
EDGE = 0.0001  # what rounding to four places may add at the page's right or bottom edge


def validate_rectangles(value) -> None:
    """A list of at most MAX_RECTANGLES [left, top, width, height], each within the page."""
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_RECTANGLES:
        raise ValidationError(
            _("A region is one to %(max)d rectangles.") % {"max": MAX_RECTANGLES},
            code="rectangles",
        )
    for rect in value:
        numbers = isinstance(rect, list) and len(rect) == 4
        numbers = numbers and all(
            isinstance(n, int | float) and not isinstance(n, bool) and math.isfinite(n)
            for n in rect
        )
        if not numbers:
            raise ValidationError(
                _("Each rectangle is [left, top, width, height]."), code="rectangle"
            )
        left, top, width, height = rect
        inside = min(left, top) >= 0 and min(width, height) > 0
        if not inside or left + width > 1 + EDGE or top + height > 1 + EDGE:
            raise ValidationError(_("A rectangle lies within the page."), code="outside")


class RectanglesField(models.JSONField):
    """[[left, top, width, height], …] in fractions of the page, each within it."""

    default_validators = [validate_rectangles]
