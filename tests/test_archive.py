"""The month calendar of the archive, on its own: weeks, blank days, issues on their days."""

import datetime
from types import SimpleNamespace

import pytest

from articles.archive import first_of_month, month_calendar


def test_weeks_start_on_monday_and_days_outside_the_month_are_marked():
    calendar = month_calendar(2022, 8, [])

    assert calendar.month == datetime.date(2022, 8, 1)
    assert [day.strftime("%a") for day in calendar.weekdays] == [
        "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"
    ]  # fmt: skip
    days = [day for week in calendar.weeks for day in week]
    assert [day.date.day for day in days if day.in_month] == list(range(1, 32))
    assert days[0].date == datetime.date(2022, 8, 1)  # a Monday: no blank day before it
    assert not calendar.has_issues


def test_issues_sit_on_their_days_and_other_months_issues_are_left_out():
    august, september = datetime.date(2022, 8, 25), datetime.date(2022, 9, 1)
    issues = [SimpleNamespace(date=august), SimpleNamespace(date=september)]

    calendar = month_calendar(2022, 8, issues)

    placed = {day.date: day.issue for week in calendar.weeks for day in week if day.issue}
    assert calendar.has_issues
    assert placed == {august: issues[0]}
    assert september in [day.date for day in calendar.weeks[-1]]  # shown, but blank


@pytest.mark.parametrize(
    ("year", "month"), [(2022, 13), (2022, 0), (0, 1), (9999, 12), (10**12, 1)]
)
def test_months_the_calendar_cannot_show_are_refused(year, month):
    with pytest.raises((ValueError, OverflowError)):
        first_of_month(year, month)
