"""One stored event as the VEVENT that clients receive (escaped and folded as icalendar
does, DST-safe).

`vevent_text` writes the few properties our events carry straight to text with icalendar's
own escaping and folding: a publish writes tens of thousands of events, and building each as
an icalendar component took most of its time. `to_vevent` builds the same event as an
icalendar component; a test holds the two byte for byte equal.
"""

from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from icalendar import Event
from icalendar.parser import escape_char, foldline

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


class EventFields(Protocol):
    """What a VEVENT is written from: a stored event, or one about to be stored."""

    uid: str
    all_day: bool
    first_day: date
    last_day: date
    start_local: datetime | None
    end_local: datetime | None
    tzid: str | None
    summary: str
    description: str
    transparent: bool
    sequence: int
    status: str
    created_at: datetime
    updated_at: datetime


def vevent_text(event: EventFields, summary_prefix: str = "") -> str:
    """The VEVENT as icalendar would write it (property order, escaping, folding)."""
    lines = ["BEGIN:VEVENT", "SUMMARY:" + escape_char(summary_prefix + event.summary)]
    if event.all_day:
        lines.append("DTSTART;VALUE=DATE:" + _day(event.first_day))
        lines.append("DTEND;VALUE=DATE:" + _day(event.last_day + timedelta(days=1)))
    else:
        assert event.start_local is not None and event.end_local is not None
        lines.append("DTSTART" + _local(event.start_local, event.tzid))
        lines.append("DTEND" + _local(event.end_local, event.tzid))
    lines += [
        "DTSTAMP:" + _utc(event.updated_at),
        "UID:" + escape_char(event.uid),
        f"SEQUENCE:{event.sequence}",
        "CREATED:" + _utc(event.created_at),
    ]
    if event.description:
        lines.append("DESCRIPTION:" + escape_char(event.description))
    lines += [
        "LAST-MODIFIED:" + _utc(event.updated_at),
        "STATUS:" + event.status,
        "TRANSP:" + ("TRANSPARENT" if event.transparent else "OPAQUE"),
        "END:VEVENT",
    ]
    return "".join(_fold(line) + "\r\n" for line in lines)


def _fold(line: str) -> str:
    # Most lines are short ASCII: no fold needed, and icalendar's folding is the slow part.
    short = len(line) < 75 and (line.isascii() or len(line.encode()) < 75)
    return line if short else foldline(line)


def _day(day: date) -> str:
    return f"{day:%Y%m%d}"


def _utc(moment: datetime) -> str:
    return f"{aware(moment).astimezone(UTC):%Y%m%dT%H%M%S}Z"


def _local(moment: datetime, tzid: str | None) -> str:
    if tzid in (None, "UTC"):
        return f":{moment:%Y%m%dT%H%M%S}Z"
    return f";TZID={tzid}:{moment:%Y%m%dT%H%M%S}"
