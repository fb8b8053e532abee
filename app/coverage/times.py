"""When a shift really is: one day of a shift template as two instants, in the shift's own
zone on that actual date (a shift that ends at or before its start ends the next day)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from app.coverage.models import ShiftTemplate, ShiftTemplateBase


def shift_window(shift: ShiftTemplate | ShiftTemplateBase, day: date) -> tuple[datetime, datetime]:
    zone = ZoneInfo(shift.timezone)
    start = datetime.combine(day, shift.start_time, tzinfo=zone)
    end = datetime.combine(day, shift.end_time, tzinfo=zone)
    if end <= start:
        end += timedelta(days=1)
    return start, end


def hours_text(start: datetime, end: datetime, zone: str) -> str:
    """ "15:00–19:00" in a viewer's zone (the end's weekday when it falls on another day)."""
    tz = ZoneInfo(zone)
    first, last = start.astimezone(tz), end.astimezone(tz)
    until = f"{last:%H:%M}" if last.date() == first.date() else f"{last:%a %H:%M}"
    return f"{first:%H:%M}–{until}"


def local_text(start: datetime, end: datetime, zone: str) -> str:
    """ "Mon 07 Jun, 15:00–19:00" in a viewer's zone."""
    return f"{start.astimezone(ZoneInfo(zone)):%a %d %b}, {hours_text(start, end, zone)}"
