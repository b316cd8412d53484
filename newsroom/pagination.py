"""Paging for every reader list, so all lists page alike."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

PER_PAGE = 20
PAGES_AHEAD = 10  # how many pages past the requested one a list counts before it stops
# Lists count ahead of this page at most (200,000 items, more than any list of the paper
# holds): a larger number shows the last page without counting, or overflowing, past it.
LAST_COUNTED_PAGE = 10_000


class CountingAhead(Paginator):
    """A paginator that counts no further than ``PAGES_AHEAD`` pages past the requested
    one, so paging a section of a ten-year archive costs what paging a new one does.

    Past that ``has_more`` is true and ``num_pages`` is a lower bound: the page links say
    "or more".
    """

    def __init__(self, object_list, per_page, number):
        super().__init__(object_list, per_page)
        self.limit = (number + PAGES_AHEAD) * per_page + 1

    @cached_property
    def count(self):
        # Neither the order nor the shown columns change how many there are: sorting every
        # match, or ranking it, would cost what counting them did.
        return self.object_list.order_by().values("pk")[: self.limit].count()

    @property
    def has_more(self) -> bool:
        return self.count >= self.limit


def paginate(request, queryset, *, exact_count=False):
    """The requested page of ``queryset`` (the last one for a number past the end).

    Counts only a few pages ahead unless ``exact_count`` (for pages that show the total).
    """
    number = request.GET.get("page")
    if exact_count:
        return Paginator(queryset, PER_PAGE).get_page(number)
    try:
        ahead_of = min(max(int(number), 1), LAST_COUNTED_PAGE)
    except (TypeError, ValueError):
        ahead_of = 1
    return CountingAhead(queryset, PER_PAGE, ahead_of).get_page(number)
