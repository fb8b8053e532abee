"""Which public holidays close a shift: the line's (the default), its own region's (a Berlin
shift keeps working on US Thanksgiving and closes on German Unity Day), or none (it stays
open, staffed by those who work holidays)."""

from datetime import date

from app.coverage.models import ShiftTemplate
from app.people.public_holidays import public_holidays


def own_holidays(shift: ShiftTemplate, first: date, last: date) -> frozenset[date] | None:
    """The days between `first` and `last` that close the shift by its own calendar; None
    when it follows the line's."""
    if shift.holidays == "open":
        return frozenset()
    if shift.holidays == "region":
        return frozenset(
            public_holidays(shift.holiday_country, shift.holiday_subdivision, first, last)
        )
    return None


def closed(day: date, own: frozenset[date] | None, line: set[date] | frozenset[date]) -> bool:
    return day in (line if own is None else own)
