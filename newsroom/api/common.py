"""What every endpoint shares: pages that link their neighbours, 404s that say what is missing,
422s that say which parameter is refused."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from ninja import Field, Schema
from ninja.pagination import PaginationBase

from newsroom.addresses import absolute_url
from newsroom.converters import UnicodeSlugConverter

MAX_LIMIT = 100
MAX_OFFSET = 1_000_000_000  # far past the end of any list, and within every database's offsets
SLUG = rf"^{UnicodeSlugConverter.regex}$"  # what a slug of the reader pages' addresses is


class Pages(PaginationBase):
    """Limit/offset pages that give the total and absolute links to the pages either side."""

    class Input(Schema):
        limit: int = Field(
            20, ge=1, le=MAX_LIMIT, description=f"Items per page, at most {MAX_LIMIT}."
        )
        offset: int = Field(
            0, ge=0, le=MAX_OFFSET, description=f"Items to skip, at most {MAX_OFFSET}."
        )

    class Output(Schema):
        count: int = Field(description="Items in all pages together.")
        next: str | None = Field(description="The next page, or null on the last.")
        previous: str | None = Field(description="The previous page, or null on the first.")
        items: list[Any]

    def paginate_queryset(self, queryset: QuerySet, pagination: Input, request, **params):
        limit, offset = pagination.limit, pagination.offset
        count = queryset.count()
        return {
            "count": count,
            "next": page_url(request, limit, offset + limit) if offset + limit < count else None,
            "previous": page_url(request, limit, max(offset - limit, 0)) if offset else None,
            "items": queryset[offset : offset + limit],
        }


class NotFound(Schema):
    """Nothing readers may see is there; ``detail`` says what was looked for."""

    detail: str


class RefusedParameter(Schema):
    """One refused parameter, as the validation describes it."""

    type: str = Field(description="What is wrong with it, e.g. less_than_equal.")
    loc: list[str | int] = Field(description="Where it is (path or query) and its name.")
    msg: str = Field(description="Why it is refused.")
    ctx: dict[str, Any] | None = Field(None, description="The bound it broke, if any.")


class Invalid(Schema):
    """A parameter is of the wrong kind or out of range; ``detail`` lists each one and why."""

    detail: list[RefusedParameter]


def page_url(request, limit: int, offset: int) -> str:
    """This request's URL, filters and all, at another offset."""
    query = request.GET.copy()
    query["limit"], query["offset"] = limit, offset
    return absolute_url(f"{request.path}?{query.urlencode()}")


def get_or_404(queryset: QuerySet, message: str, **lookup):
    """The object ``lookup`` finds in ``queryset``, or a 404 whose detail is ``message``.

    Unpublished and missing look alike, so the API never tells that a draft exists.
    """
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404(message) from None
