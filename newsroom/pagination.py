"""Paging for every reader list, so all lists page alike."""

from django.core.paginator import Paginator

PER_PAGE = 20


def paginate(request, queryset):
    """The requested page of ``queryset`` (the last one for a number past the end)."""
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
