"""Reader pages of the theatre programme; only ``visible()`` performances are ever shown."""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from articles.jsonld import profile_page
from articles.models import Article
from articles.parts import EVERY_ARTICLE, ListPage, list_response
from newsroom.caching import reader_page
from newsroom.pagination import paginate
from newsroom.times import next_midnight

from .calendar import performances_calendar
from .jsonld import theater_event
from .models import Act, FormerPerformerSlug, Performance, Performer, Piece, Programme

MONTHS_PER_PAGE = 3  # of past performances; a month is never split over two pages


@dataclass
class Month:
    """The past performances of one month, listed under a heading such as 2022年9月."""

    start: datetime.date
    performances: list = field(default_factory=list)


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
    for performance in past.in_months(page_obj[-1], page_obj[0]).with_acts():
        shown[performance.date.replace(day=1)].performances.append(performance)
    return page_obj, list(shown.values())


def upcoming_and_past_acts(request, *, not_found: str, **filters):
    """Visible acts matching ``filters``: all upcoming ones (soonest first), a page of past ones.

    Raises 404 (saying ``not_found``) when there are none: a piece or performer known only
    from unpublished programmes has no page yet.
    """
    upcoming = Act.objects.upcoming().for_listing().filter(**filters)
    page_obj = paginate(request, Act.objects.past().for_listing().filter(**filters))
    if not page_obj.paginator.count and not upcoming:
        raise Http404(not_found)
    return upcoming, page_obj


@reader_page
def programme_index(request):
    """Upcoming performances first (soonest first), then past ones by month, newest first: a
    list kept whole (``articles.parts``), which any article's change moves on (it may
    announce an evening), as the theatre's rows do (``events.apps``)."""

    def index_page():
        performances = Performance.objects.visible()
        page_obj, months = past_by_month(request, performances)
        context = {
            "upcoming": performances.upcoming().with_acts(),
            "page_obj": page_obj,
            "months": months,
        }
        return ListPage(EVERY_ARTICLE, "events/programme_list.html", context, programme_changes_at)

    return list_response(request, index_page, subject=EVERY_ARTICLE)


@reader_page
def programme_detail(request, slug):
    """One programme's evenings, as the theatre's page lists them all."""

    def programme_page():
        programme = get_object_or_404(Programme, slug=slug)
        performances = programme.performances.visible()
        page_obj, months = past_by_month(request, performances)
        context = {
            "programme": programme,
            "upcoming": performances.upcoming().with_acts(),
            "page_obj": page_obj,
            "months": months,
        }
        return ListPage(
            EVERY_ARTICLE, "events/programme_detail.html", context, programme_changes_at
        )

    return list_response(request, programme_page)


def programme_changes_at():
    """When a programme's page changes without an edit: an article is published as
    scheduled (it may announce an evening), or midnight comes (evenings become past)."""
    return min(filter(None, (Article.objects.next_publication(), next_midnight())))


@reader_page
def performance_detail(request, pk):
    performance = get_object_or_404(Performance.objects.visible().with_acts(), pk=pk)
    context = {"performance": performance, "event": theater_event(performance)}
    return render(request, "events/performance_detail.html", context)


@reader_page
def performer_detail(request, slug):
    """Every visible act of a performer, upcoming then past, and whom and what they play most."""
    performer = Performer.objects.filter(slug=slug).first()
    if performer is None:
        former = get_object_or_404(FormerPerformerSlug.objects.visible(), slug=slug)
        return redirect(former.performer, permanent=True)
    upcoming, page_obj = upcoming_and_past_acts(
        request,
        not_found=_("This performer is in no visible performance."),
        credits__performer=performer,
    )
    context = {
        "performer": performer,
        "upcoming": upcoming,
        "page_obj": page_obj,
        "partners": Performer.objects.partners_of(performer),
        "pieces": Piece.objects.performed_by(performer),
        "structured_data": profile_page(performer.name, performer.get_absolute_url()),
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
    performances = Performance.objects.visible().in_calendar().with_acts()
    body = performances_calendar(performances, name=_("Theatre"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@reader_page
def performance_calendar(request, pk):
    """One evening as an .ics file for "add to calendar"."""
    performance = get_object_or_404(Performance.objects.visible().with_acts(), pk=pk)
    body = performances_calendar([performance], name=str(performance.programme))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="performance-{pk}.ics"'
    return response
