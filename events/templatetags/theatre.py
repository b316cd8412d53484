"""Template helpers for the theatre pages: an act's partners."""

from django import template

register = template.Library()


@register.filter
def partners_in(performer, act):
    """The others billed in ``act`` with ``performer``, in billed order (credits prefetched)."""
    return [credit.performer for credit in act.credits.all() if credit.performer_id != performer.pk]
