"""Template helpers for the theatre pages: JSON-LD in the head, an act's partners."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# As django.utils.html.json_script escapes: no value can end the script element early.
SCRIPT_SAFE = str.maketrans({"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"})


@register.filter
def json_ld(data):
    """``data`` as a ``<script type="application/ld+json">`` element.

    Django's ``json_script`` writes ``type="application/json"``, which search engines ignore,
    so this applies its escaping to the JSON-LD type.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_SAFE)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.filter
def partners_in(performer, act):
    """The others billed in ``act`` with ``performer``, in billed order (credits prefetched)."""
    return [credit.performer for credit in act.credits.all() if credit.performer_id != performer.pk]
