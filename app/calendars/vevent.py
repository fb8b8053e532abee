"""One stored event as the VEVENT that clients receive (escaped and folded as icalendar
does, DST-safe).

`vevent_text` writes the few properties our events carry straight to text, escaped (RFC 5545
TEXT) and folded (75 octets) exactly as icalendar writes them: a first publish writes a
hundred thousand events, and building each as an icalendar component, or folding with its
character-by-character loop, was most of the time. `to_vevent` builds the same event as an
icalendar component; property tests hold the two byte for byte equal.
"""

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Event

from app.calendars.models import CalendarEvent
from app.calendars.wanted import New
from app.clock import aware

KEEP_CANCELLED = timedelta(days=30)  # long enough for every client to poll once


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


def vevent_text(event: CalendarEvent | New, summary_prefix: str = "") -> str:
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
    return "".join(fold(line) + "\r\n" for line in lines)


def escape_char(text: str) -> str:
    """RFC 5545 TEXT escaping, in icalendar's order (backslash first; any line break → \\n)."""
    return (
        text.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


FOLD = 74  # octets a folded line carries before "\r\n " (icalendar folds at >= 75)


def fold(line: str) -> str:
    """Lines longer than the limit split into 74-octet pieces; a piece never ends on an
    escape character (a backslash moves to the next piece), as icalendar folds."""
    if line.isascii():
        if len(line) <= FOLD:
            return line
        pieces, start = [], 0
        while len(line) - start > FOLD:
            end = start + FOLD
            if line[end - 1] in "\\^" and end - start > 1:
                end -= 1
            pieces.append(line[start:end])
            start = end
        pieces.append(line[start:])
        return "\r\n ".join(pieces)
    return _fold_octets(line)


def _fold_octets(line: str) -> str:
    if len(line.encode()) <= FOLD:
        return line  # most lines with an em dash or an accented name are short
    pieces: list[str] = []
    current: list[str] = []
    count = 0
    for char in line:
        size = 1 if char < "\x80" else len(char.encode())
        if current and count + size > FOLD:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                pieces.append("".join(current))
                current, count = [carried], 1
            else:
                pieces.append("".join(current))
                current, count = [], 0
        current.append(char)
        count += size
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def _day(day: date) -> str:
    return f"{day:%Y%m%d}"


@lru_cache(maxsize=4096)
def _utc(moment: datetime) -> str:
    """A publish stamps all its events with one instant: each is written once."""
    return f"{aware(moment).astimezone(UTC):%Y%m%dT%H%M%S}Z"


def _local(moment: datetime, tzid: str | None) -> str:
    if tzid in (None, "UTC"):
        return f":{moment:%Y%m%dT%H%M%S}Z"
    return f";TZID={tzid}:{moment:%Y%m%dT%H%M%S}"
