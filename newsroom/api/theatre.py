"""Performances of the theatre programme: only what ``visible()`` lets readers see."""

import datetime

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from events.models import Performance

from .common import Invalid, NotFound, Pages, get_or_404
from .schemas import PerformanceOut

performances = Router(tags=["performances"])


class PerformanceFilters(Schema):
    upcoming: bool | None = Field(
        None, description="true: today and later, soonest first; false: before today."
    )
    date_from: datetime.date | None = Field(None, alias="from", description="On or after.")
    date_to: datetime.date | None = Field(None, alias="to", description="On or before.")


@performances.get("/", response={200: list[PerformanceOut], 422: Invalid})
@paginate(Pages)
def list_performances(request, filters: Query[PerformanceFilters]):
    """Visible performances, newest first, or upcoming ones soonest first."""
    visible = Performance.objects.visible().with_acts()
    if filters.upcoming is None:
        visible = visible.order_by("-date", "-time")
    else:
        visible = visible.upcoming() if filters.upcoming else visible.past()
    if filters.date_from:
        visible = visible.filter(date__gte=filters.date_from)
    if filters.date_to:
        visible = visible.filter(date__lte=filters.date_to)
    return visible


@performances.get("/{id}", response={200: PerformanceOut, 404: NotFound, 422: Invalid})
def get_performance(request, id: int):
    """A visible performance and its bill."""
    return get_or_404(
        Performance.objects.visible().with_acts(),
        _("No performance with this id is visible."),
        pk=id,
    )
