"""Path converters the reader pages share, registered when this module is imported."""

from django.urls import register_converter
from django.urls.converters import StringConverter


class UnicodeSlugConverter(StringConverter):
    """A slug as ``SlugField(allow_unicode=True)`` stores it: 民生一线, jiefang-theatre.

    Any other text is no page of ours and never reaches a query (PostgreSQL refuses a NUL).
    """

    regex = r"[-\w]+"


register_converter(UnicodeSlugConverter, "unicode_slug")
