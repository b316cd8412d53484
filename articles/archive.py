"""The issue archive as month calendars: which day of a month had which issue."""

import calendar
import datetime
from dataclasses import dataclass

# Chinese calendars, like the paper's readers, start the week on Monday.
WEEK = calendar.Calendar(firstweekday=calendar.MONDAY)


@dataclass(frozen=True)
class CalendarDay:
    date: datetime.date
    in_month: bool
    issue: object = None  # the Issue of that day, if one was published


@dataclass(frozen=True)
class MonthCalendar:
    """A month as weeks of days, Monday first, with the published issues placed on their days."""

    month: datetime.date  # the first of the month
    weeks: list[list[CalendarDay]]

    @property
    def weekdays(self) -> list[datetime.date]:
        """The days of the first week, for the column headers."""
        return [day.date for day in self.weeks[0]]

    @property
    def has_issues(self) -> bool:
        return any(day.issue for week in self.weeks for day in week)


def month_calendar(year: int, month: int, issues) -> MonthCalendar:
    """The calendar of ``year``-``month`` with those of ``issues`` that are in it on their days."""
    in_month = {
        issue.date: issue
        for issue in issues
        if (issue.date.year, issue.date.month) == (year, month)
    }
    weeks = [
        [CalendarDay(date, date.month == month, in_month.get(date)) for date in week]
        for week in WEEK.monthdatescalendar(year, month)
    ]
    return MonthCalendar(datetime.date(year, month, 1), weeks)


def first_of_month(year: int, month: int) -> datetime.date:
    """The first day of a month the calendar can show; ValueError for an impossible one.

    Python's dates end with 9999, and the last week of December 9999 would run past it.
    """
    if not datetime.MINYEAR <= year < datetime.MAXYEAR:
        raise ValueError(f"year {year} is out of range")
    return datetime.date(year, month, 1)
