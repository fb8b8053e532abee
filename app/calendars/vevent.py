"""One stored event as the VEVENT that clients receive (escaped by icalendar, DST-safe)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Event

from app.calendars.models import CalendarEvent

KEEP_CANCELLED = timedelta(days=30)  # long enough for every client to poll once


def aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def to_vevent(event: CalendarEvent, summary_prefix: str = "") -> Event:
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", aware(event.updated_at))
    vevent.add("last-modified", aware(event.updated_at))
    vevent.add("created", aware(event.created_at))
    vevent.add("sequence", event.sequence)
    vevent.add("status", event.status)
    vevent.add("summary", f"{summary_prefix}{event.summary}")
    if event.description:
        vevent.add("description", event.description)
    if event.all_day:
        vevent.add("dtstart", event.first_day)
        vevent.add("dtend", event.last_day + timedelta(days=1))
    else:
        zone = ZoneInfo(event.tzid or "UTC")
        assert event.start_local is not None and event.end_local is not None
        vevent.add("dtstart", event.start_local.replace(tzinfo=zone))
        vevent.add("dtend", event.end_local.replace(tzinfo=zone))
    vevent.add("transp", "TRANSPARENT" if event.transparent else "OPAQUE")
    return vevent
