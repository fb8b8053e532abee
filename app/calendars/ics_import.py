"""Time off from an .ics export (another calendar, the HR system): preview, then add once."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar
from pydantic import ValidationError
from sqlmodel import Session, select

from app.db import saved_id
from app.errors import Conflict, Invalid
from app.people.models import Employee, TimeOff, TimeOffCreate
from app.people.service import check_time_off


@dataclass
class Absence:
    employee_id: int
    first_day: date
    last_day: date
    reason: str
    status: str = "new"  # new | already there | overlaps existing
    from_time: time | None = None
    to_time: time | None = None


@dataclass
class IcsImport:
    absences: list[Absence] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    added: int = 0


def _day_span(start: object, end: object, zone: ZoneInfo) -> tuple[date, date]:
    if isinstance(start, tuple):  # VALUE=PERIOD: a start and an end (or a duration)
        begin, finish = start[0], start[1]
        start, end = begin, (begin + finish if isinstance(finish, timedelta) else finish)
    if isinstance(start, date) and not isinstance(start, datetime) and isinstance(end, datetime):
        end = (end.astimezone(zone) if end.tzinfo else end).date()  # a date start, a time end
    if isinstance(start, datetime):
        local_start = start.astimezone(zone) if start.tzinfo else start
        local_end = end.astimezone(zone) if isinstance(end, datetime) and end.tzinfo else end
        if not isinstance(local_end, datetime):
            local_end = local_start
        last = local_end.date()
        if local_end.time() == datetime.min.time() and last > local_start.date():
            last -= timedelta(days=1)  # ends at midnight: the day before is the last one off
        return local_start.date(), last
    if not isinstance(start, date):
        raise ValueError("the start is not a date")
    last = (end - timedelta(days=1)) if isinstance(end, date) and end > start else start
    return start, last


@dataclass(frozen=True)
class Found:
    """An absence an .ics event describes: whole days, or hours of one day (from–to)."""

    uid: str
    employee: Employee
    first_day: date
    last_day: date
    from_time: time | None
    to_time: time | None
    reason: str


def _hours(start: object, end: object, zone: ZoneInfo) -> tuple[time, time] | None:
    """A timed event within one local day, shorter than a day: its hours; else None."""
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        return None
    local_start = start.astimezone(zone) if start.tzinfo else start
    local_end = end.astimezone(zone) if end.tzinfo else end
    if local_start.date() != local_end.date() or local_end <= local_start:
        return None
    if local_start.time() == time(0) and local_end.time() >= time(23, 59):
        return None
    return local_start.time().replace(tzinfo=None), local_end.time().replace(tzinfo=None)


def read_absences(
    calendar: Calendar, by_email: dict[str, Employee], fixed: Employee | None
) -> tuple[list[Found], list[str]]:
    """Each busy event as an absence of its employee (the given one, else the attendee or
    organiser, else an email named in its summary or description), and why others were
    skipped. Checked with the same schema as POST /time-off."""
    found: list[Found] = []
    skipped: list[str] = []
    for event in calendar.walk("VEVENT"):
        summary = str(event.get("SUMMARY", "Time off"))[:500]
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            skipped.append(f"{summary}: cancelled")
            continue
        if str(event.get("TRANSP", "")).upper() == "TRANSPARENT":
            skipped.append(f"{summary}: marked free, not an absence")
            continue
        if event.get("RRULE") is not None:
            skipped.append(f"{summary}: repeating events are not imported")
            continue
        person = fixed or _attendee(event, by_email) or _named(event, by_email)
        if person is None:
            skipped.append(f"{summary}: no employee matches its attendee or email")
            continue
        try:
            start = event.decoded("DTSTART", None)
            if start is None:
                skipped.append(f"{summary}: no start")
                continue
            end = event.decoded("DTEND", None) or start
            zone = ZoneInfo(person.timezone)
            first, last = _day_span(start, end, zone)
            hours = _hours(start, end, zone)
            TimeOffCreate(
                employee_id=saved_id(person),
                first_day=first,
                last_day=last,
                from_time=hours[0] if hours else None,
                to_time=hours[1] if hours else None,
                reason=summary,
            )
        except ValidationError as exc:
            skipped.append(f"{summary}: {exc.errors()[0]['msg']}")
            continue
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            skipped.append(f"{summary}: its start or end cannot be read ({exc})")
            continue
        uid = str(event.get("UID") or f"{summary}|{first}|{last}")[:200]
        hour_from, hour_to = hours or (None, None)
        found.append(Found(uid, person, first, last, hour_from, hour_to, summary))
    return found, skipped


def parse(data: bytes) -> Calendar:
    try:
        return Calendar.from_ical(data)
    except ValueError as exc:
        raise Invalid(f"This is not an iCalendar file: {exc}", field="file") from exc


def import_time_off(
    *, session: Session, data: bytes, employee_id: int | None, dry_run: bool
) -> IcsImport:
    """Each busy event becomes time off for its employee, once (previewed with dry_run)."""
    calendar = parse(data)
    by_email = {e.email: e for e in session.exec(select(Employee)).all()}
    fixed = session.get(Employee, employee_id) if employee_id is not None else None
    if employee_id is not None and fixed is None:
        raise Invalid(f"Employee {employee_id} does not exist.", field="employee_id")
    result = IcsImport()
    found, result.skipped = read_absences(calendar, by_email, fixed)
    for absence in found:
        hours = (absence.from_time, absence.to_time)
        try:
            check_time_off(
                session=session,
                employee_id=saved_id(absence.employee),
                first=absence.first_day,
                last=absence.last_day,
                time_off_id=None,
                hours=hours,
            )
            status = "new"
        except Conflict:
            same = session.exec(
                select(TimeOff).where(
                    TimeOff.employee_id == saved_id(absence.employee),
                    TimeOff.first_day == absence.first_day,
                    TimeOff.last_day == absence.last_day,
                    TimeOff.from_time == absence.from_time,
                )
            ).first()
            status = "already there" if same is not None else "overlaps existing"
        except Invalid as exc:
            result.skipped.append(f"{absence.reason}: {exc.detail}")
            continue
        result.absences.append(
            Absence(
                saved_id(absence.employee),
                absence.first_day,
                absence.last_day,
                absence.reason,
                status,
                absence.from_time,
                absence.to_time,
            )
        )
        if status == "new" and not dry_run:
            session.add(
                TimeOff(
                    employee_id=saved_id(absence.employee),
                    first_day=absence.first_day,
                    last_day=absence.last_day,
                    from_time=absence.from_time,
                    to_time=absence.to_time,
                    reason=absence.reason,
                )
            )
            session.flush()
            result.added += 1
    return result


def _attendee(event, by_email: dict[str, Employee]) -> Employee | None:
    values = event.get("ATTENDEE") or event.get("ORGANIZER")
    for value in values if isinstance(values, list) else [values]:
        email = str(value or "").lower().removeprefix("mailto:")
        if email in by_email:
            return by_email[email]
    return None


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def _named(event, by_email: dict[str, Employee]) -> Employee | None:
    """HR systems' company calendars name the person in the text ("Ada (ada@x.com) –
    Vacation"); the first email there that is an employee's."""
    text = f"{event.get('SUMMARY', '')} {event.get('DESCRIPTION', '')}"
    for match in EMAIL.finditer(text):
        person = by_email.get(match.group(0).lower())
        if person is not None:
            return person
    return None
