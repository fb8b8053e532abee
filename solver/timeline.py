"""The one time model: a seat is a pair of UTC instants on its actual date; a person's days are
their own local dates.

Shifts are defined in the line's zone (each shift has its own); people live in theirs. Whether a
seat fits a person, whether two seats overlap and which of the person's days a seat falls on are
all decided here, on real dates, so that the clock changes of every zone are honoured. The
solver, the checker and the service's manual moves all call these functions.
"""

from bisect import bisect_left, bisect_right
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from solver.model import Person, Shift

Interval = tuple[datetime, datetime]

# Why a person does not work on one of their own dates, in the order they are reported.
NOT_HIRED, EXEMPT, WEEKEND, HOLIDAY, LEAVE = "not_hired", "exempt", "weekend", "holiday", "leave"
LEFT, HOURS_OFF = "left", "hours_off"
Windows = tuple[tuple[time, time] | None, ...]  # working hours per weekday (Mon = 0)


@lru_cache(maxsize=256)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@lru_cache(maxsize=65_536)
def seat_interval(day: date, shift: Shift) -> Interval:
    """The shift on `day` (a date in the shift's zone) as UTC instants."""
    tz = zone(shift.timezone)
    start = datetime.combine(day, shift.start, tzinfo=tz)
    end_day = day if shift.end > shift.start else day + timedelta(days=1)
    end = datetime.combine(end_day, shift.end, tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def overlaps(a: Interval, b: Interval) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@lru_cache(maxsize=262_144)
def local_date_in_hours(interval: Interval, timezone: str, windows: Windows) -> date | None:
    """The person's own date whose working hours hold the whole seat, or None. Hours whose
    end is at or before their start run past midnight; they belong to the date they start,
    like a shift does. Judged on wall-clock times of the real dates."""
    tz = zone(timezone)
    start = interval[0].astimezone(tz).replace(tzinfo=None)
    end = interval[1].astimezone(tz).replace(tzinfo=None)
    for day in (start.date(), start.date() - timedelta(days=1)):
        window = windows[day.weekday()]
        if window is None:
            continue
        opens = datetime.combine(day, window[0])
        closes = datetime.combine(
            day if window[1] > window[0] else day + timedelta(days=1), window[1]
        )
        if opens <= start and end <= closes:
            return day
    return None


def seat_local_date(person: Person, day: date, shift: Shift) -> date | None:
    """The person's own date of the seat if it lies inside their working hours that day."""
    return local_date_in_hours(seat_interval(day, shift), person.timezone, person.windows)


@lru_cache(maxsize=262_144)
def unwanted_minutes(
    interval: Interval, timezone: str, preferred: Windows, avoided: Windows
) -> int:
    """Minutes of the seat the person would rather not work: inside hours they avoid, or, on
    a date of theirs with preferred hours, outside those. Real minutes between instants on the
    actual dates (a clock change counts as it happens); a window past midnight belongs to the
    date it starts."""
    if not any(preferred) and not any(avoided):
        return 0
    tz = zone(timezone)
    start, end = interval
    total = 0
    day = start.astimezone(tz).date()
    while (opens := datetime.combine(day, time(), tz)) < end:  # each date the seat touches
        part = (max(start, opens), min(end, datetime.combine(day + timedelta(days=1), time(), tz)))
        minutes = _minutes(part)
        if minutes:
            unwanted = _inside(part, day, avoided, tz)
            if preferred[day.weekday()] is not None:
                unwanted = max(unwanted, minutes - _inside(part, day, preferred, tz))
            total += unwanted
        day += timedelta(days=1)
    return total


def _minutes(span: Interval) -> int:
    return max(0, int((span[1] - span[0]).total_seconds() // 60))


def _inside(part: Interval, day: date, windows: Windows, tz: ZoneInfo) -> int:
    """Minutes of `part` (within `day`) inside the windows of that day and of the day before
    (one running past midnight)."""
    found = 0
    for opened in (day - timedelta(days=1), day):
        window = windows[opened.weekday()]
        if window is None:
            continue
        closes_on = opened if window[1] > window[0] else opened + timedelta(days=1)
        opens = datetime.combine(opened, window[0], tz)
        closes = datetime.combine(closes_on, window[1], tz)
        found += _minutes((max(part[0], opens), min(part[1], closes)))
    return found


def off_for_hours(person: Person, interval: Interval) -> bool:
    """The seat overlaps a part-day absence of the person's."""
    return any(overlaps(interval, off) for off in person.hours_off)


def day_off_reason(person: Person, local_day: date) -> str | None:
    """Why the person does not work on this date of theirs, or None when they can."""
    if local_day < person.hire_date:
        return NOT_HIRED
    if person.last_day is not None and local_day > person.last_day:
        return LEFT
    if person.exempt_until is not None and local_day <= person.exempt_until:
        return EXEMPT
    if local_day.weekday() not in person.workdays:
        return WEEKEND
    if local_day in person.holidays:
        return HOLIDAY
    if local_day in person.days_off:
        return LEAVE
    return None


def may_be_off(person: Person, first: date, last: date) -> bool:
    """Some date of the person's from `first` to `last` may be off (see day_off_reason);
    False means day_off_reason is None on each of them that is a working weekday."""
    return (
        person.hire_date > first
        or (person.last_day is not None and person.last_day < last)
        or (person.exempt_until is not None and person.exempt_until >= first)
        or bisect_right(person.off_dates, last) > bisect_left(person.off_dates, first)
    )


def seat_refusal(person: Person, day: date, shift: Shift) -> str | None:
    """Why a person may not sit this seat ("hours", a day-off reason, or "hours_off" for a
    part-day absence), or None when they may."""
    local_day = seat_local_date(person, day, shift)
    if local_day is None:
        return "hours"
    reason = day_off_reason(person, local_day)
    if reason is None and off_for_hours(person, seat_interval(day, shift)):
        return HOURS_OFF
    return reason


def workdays_of_week(person: Person, monday: date) -> list[date]:
    """The person's own working dates in the week starting `monday` (weekends and their public
    holidays excluded, leave included)."""
    days = [monday + timedelta(days=k) for k in range(7)]
    return [d for d in days if d.weekday() in person.workdays and d not in person.holidays]


def mostly_away(person: Person, monday: date) -> bool:
    """On leave for more than half of their own working dates that week (or none to work)."""
    return mostly_off(workdays_of_week(person, monday), person.days_off)


def mostly_off(working: list[date], days_off: frozenset[date]) -> bool:
    """mostly_away, given the person's working dates of the week."""
    off = sum(1 for d in working if d in days_off)
    return not working or off * 2 > len(working)
