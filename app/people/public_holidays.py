"""Public holidays: a person's own country's calendar, else the line's (rotation settings)."""

from datetime import date

import holidays as holiday_calendars


def public_holidays(
    country: str | None, subdivision: str | None, start: date, end: date
) -> set[date]:
    """A country's (and region's) public holidays from `start` up to, not including, `end`."""
    if not country:
        return set()
    years = list(range(start.year, end.year + 1))
    calendar = holiday_calendars.country_holidays(country, subdiv=subdivision, years=years)
    return {day for day in calendar if start <= day < end}


class HolidayCalendars:
    """Each person's public holidays between two dates; each country's calendar is read once."""

    def __init__(
        self, line_country: str | None, line_subdivision: str | None, start: date, end: date
    ) -> None:
        self.line = (line_country, line_subdivision)
        self.start, self.end = start, end
        self._calendars: dict[tuple[str | None, str | None], frozenset[date]] = {}

    def of(self, country: str | None, subdivision: str | None) -> frozenset[date]:
        """The holidays of a person whose own calendar is `country` (and `subdivision`)."""
        key = self.line
        if country:
            key = (country, subdivision)
        if key not in self._calendars:
            self._calendars[key] = frozenset(public_holidays(*key, self.start, self.end))
        return self._calendars[key]
