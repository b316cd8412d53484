"""Reader pages of the theatre programme; only ``visible()`` performances are ever shown."""

import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from newsroom.pagination import paginate

from .calendar import performances_calendar
from .models import Act, Performance, Performer, Piece, Programme

CALENDAR_HISTORY = datetime.timedelta(days=90)  # past evenings a subscriber still sees


def programme_index(request):
    """Upcoming performances first (soonest first), then past ones, newest first."""
    performances = Performance.objects.visible().with_acts()
    context = {
        "upcoming": performances.upcoming(),
        "page_obj": paginate(request, performances.past()),
    }
    return render(request, "events/programme_list.html", context)


def programme_detail(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    performances = programme.performances.visible().with_acts()
    context = {
        "programme": programme,
        "upcoming": performances.upcoming(),
        "page_obj": paginate(request, performances.past()),
    }
    return render(request, "events/programme_detail.html", context)


def performance_detail(request, pk):
    performance = get_object_or_404(Performance.objects.visible().with_acts(), pk=pk)
    return render(request, "events/performance_detail.html", {"performance": performance})


def performer_detail(request, slug):
    """The visible performances a performer appears in, newest first, with their own acts."""
    performer = get_object_or_404(Performer, slug=slug)
    appears_in = Act.objects.filter(performers=performer).values("performance")
    performances = Performance.objects.visible().filter(pk__in=appears_in).with_acts()
    page_obj = paginate(request, performances.order_by("-date", "-time"))
    if not page_obj.paginator.count:
        raise Http404(_("This performer is in no visible performance."))
    for performance in page_obj:
        performance.performer_acts = [
            act
            for act in performance.acts.all()
            if any(credit.performer_id == performer.pk for credit in act.credits.all())
        ]
    context = {"performer": performer, "page_obj": page_obj}
    return render(request, "events/performer_detail.html", context)


def piece_detail(request, pk):
    """Every visible performance of one piece, newest first, with the act that performed it."""
    piece = get_object_or_404(Piece.objects.titled(), pk=pk)
    performances = Performance.objects.visible().filter(acts__piece=piece).distinct().with_acts()
    page_obj = paginate(request, performances.order_by("-date", "-time"))
    if not page_obj.paginator.count:
        raise Http404(_("This piece is in no visible performance."))
    for performance in page_obj:
        performance.piece_acts = [act for act in performance.acts.all() if act.piece_id == piece.pk]
    return render(request, "events/piece_detail.html", {"piece": piece, "page_obj": page_obj})


def programme_calendar(request):
    """The whole programme as a subscribable iCalendar feed: upcoming and recent evenings."""
    since = timezone.localdate() - CALENDAR_HISTORY
    performances = Performance.objects.visible().filter(date__gte=since).with_acts()
    body = performances_calendar(performances, name=_("Theatre"), request=request)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


def performance_calendar(request, pk):
    """One evening as an .ics file for "add to calendar"."""
    performance = get_object_or_404(Performance.objects.visible().with_acts(), pk=pk)
    body = performances_calendar([performance], name=str(performance.programme), request=request)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="performance-{pk}.ics"'
    return response
