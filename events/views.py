"""Reader pages of the theatre programme; only ``visible()`` performances are ever shown."""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from newsroom.caching import reader_page
from newsroom.pagination import paginate

from .calendar import performances_calendar
from .jsonld import theater_event
from .models import (
    Act,
    ActPerformer,
    FormerPerformerSlug,
    Performance,
    Performer,
    Piece,
    Programme,
)

CALENDAR_HISTORY = datetime.timedelta(days=90)  # past evenings a subscriber still sees
MONTHS_PER_PAGE = 3  # of past performances; a month is never split over two pages


@dataclass
class Month:
    """The past performances of one month, listed under a heading such as 2022年9月."""

    start: datetime.date
    performances: list = field(default_factory=list)


def first_of_next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def past_by_month(request, performances):
    """The requested page of whole months of past ``performances``, newest month first.

    Paging by month rather than by performance keeps each month under one heading on one
    page. Returns the page of months and the months with their performances (newest first).
    """
    past = performances.past()
    months = Paginator(list(past.dates("date", "month", order="DESC")), MONTHS_PER_PAGE)
    page_obj = months.get_page(request.GET.get("page"))
    if not page_obj.object_list:
        return page_obj, []
    shown = {month: Month(month) for month in page_obj}
    in_page = past.filter(date__gte=page_obj[-1], date__lt=first_of_next_month(page_obj[0]))
    for performance in in_page.with_acts():
        shown[performance.date.replace(day=1)].performances.append(performance)
    return page_obj, list(shown.values())


def listed_acts(performances):
    """Acts of ``performances`` with their evening, programme, piece and billed performers."""
    return (
        Act.objects.filter(performance__in=performances)
        .select_related("performance__programme", "piece")
        .prefetch_related(
            Prefetch("credits", queryset=ActPerformer.objects.select_related("performer"))
        )
    )


def upcoming_and_past_acts(request, *, not_found: str, **filters):
    """Visible acts matching ``filters``: all upcoming ones (soonest first), a page of past ones.

    Raises 404 (saying ``not_found``) when there are none: a piece or performer known only
    from unpublished programmes has no page yet.
    """
    visible = Performance.objects.visible()
    upcoming = (
        listed_acts(visible.upcoming())
        .filter(**filters)
        .order_by("performance__date", "performance__time", "performance", "order")
    )
    past = (
        listed_acts(visible.past())
        .filter(**filters)
        .order_by("-performance__date", "-performance__time", "performance", "order")
    )
    page_obj = paginate(request, past)
    if not page_obj.paginator.count and not upcoming:
        raise Http404(not_found)
    return upcoming, page_obj


@reader_page
def programme_index(request):
    """Upcoming performances first (soonest first), then past ones by month, newest first."""
    performances = Performance.objects.visible()
    page_obj, months = past_by_month(request, performances)
    context = {
        "upcoming": performances.upcoming().with_acts(),
        "page_obj": page_obj,
        "months": months,
    }
    return render(request, "events/programme_list.html", context)


@reader_page
def programme_detail(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    performances = programme.performances.visible()
    page_obj, months = past_by_month(request, performances)
    context = {
        "programme": programme,
        "upcoming": performances.upcoming().with_acts(),
        "page_obj": page_obj,
        "months": months,
    }
    return render(request, "events/programme_detail.html", context)


@reader_page
def performance_detail(request, pk):
    performance = get_object_or_404(Performance.objects.visible().with_acts(), pk=pk)
    context = {"performance": performance, "event": theater_event(performance, request)}
    return render(request, "events/performance_detail.html", context)


def frequent_partners(performer, acts):
    """Who shared ``acts`` with ``performer``, with how many, most frequent first."""
    return (
        Performer.objects.filter(credits__act__in=acts)
        .exclude(pk=performer.pk)
        .annotate(shared_acts=Count("credits"))
        .order_by("-shared_acts", "name")
    )


def pieces_performed(acts):
    """The titled pieces of ``acts``, with how often each was played, most often first."""
    return (
        Piece.objects.titled()
        .filter(acts__in=acts)
        .annotate(times=Count("acts"))
        .order_by("-times", "form", "title")
    )


@reader_page
def performer_detail(request, slug):
    """Every visible act of a performer, upcoming then past, and whom and what they play most."""
    performer = Performer.objects.filter(slug=slug).first()
    if performer is None:
        # Only to a performer readers may see: the new address would name a hidden one.
        seen = Performer.objects.filter(credits__act__performance__in=Performance.objects.visible())
        former = get_object_or_404(
            FormerPerformerSlug.objects.select_related("performer"), slug=slug, performer__in=seen
        )
        return redirect(former.performer, permanent=True)
    upcoming, page_obj = upcoming_and_past_acts(
        request,
        not_found=_("This performer is in no visible performance."),
        credits__performer=performer,
    )
    visible_acts = Act.objects.filter(
        performance__in=Performance.objects.visible(), credits__performer=performer
    )
    context = {
        "performer": performer,
        "upcoming": upcoming,
        "page_obj": page_obj,
        "partners": frequent_partners(performer, visible_acts),
        "pieces": pieces_performed(visible_acts),
    }
    return render(request, "events/performer_detail.html", context)


@reader_page
def piece_detail(request, pk):
    """Every visible performance of one piece, upcoming then past, with who performed it."""
    piece = get_object_or_404(Piece.objects.titled(), pk=pk)
    upcoming, page_obj = upcoming_and_past_acts(
        request, not_found=_("This piece is in no visible performance."), piece=piece
    )
    context = {"piece": piece, "upcoming": upcoming, "page_obj": page_obj}
    return render(request, "events/piece_detail.html", context)


@reader_page
def programme_calendar(request):
    """The whole programme as a subscribable iCalendar feed: upcoming and recent evenings."""
    since = timezone.localdate() - CALENDAR_HISTORY
    performances = Performance.objects.visible().filter(date__gte=since).with_acts()
    body = performances_calendar(performances, name=_("Theatre"), request=request)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@reader_page
def performance_calendar(request, pk):
    """One evening as an .ics file for "add to calendar"."""
    performance = get_object_or_404(Performance.objects.visible().with_acts(), pk=pk)
    body = performances_calendar([performance], name=str(performance.programme), request=request)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="performance-{pk}.ics"'
    return response
