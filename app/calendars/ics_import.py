"""Time off from an .ics export (another calendar, the HR system): preview, then add once."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
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


def import_time_off(
    *, session: Session, data: bytes, employee_id: int | None, dry_run: bool
) -> IcsImport:
    """Each busy event becomes a day range for its employee (the given one, else the attendee)."""
    try:
        calendar = Calendar.from_ical(data)
    except ValueError as exc:
        raise Invalid(f"This is not an iCalendar file: {exc}", field="file") from exc
    by_email = {e.email: e for e in session.exec(select(Employee)).all()}
    fixed = session.get(Employee, employee_id) if employee_id is not None else None
    if employee_id is not None and fixed is None:
        raise Invalid(f"Employee {employee_id} does not exist.", field="employee_id")
    result = IcsImport()
    for event in calendar.walk("VEVENT"):
        summary = str(event.get("SUMMARY", "Time off"))[:500]
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            result.skipped.append(f"{summary}: cancelled")
            continue
        if str(event.get("TRANSP", "")).upper() == "TRANSPARENT":
            result.skipped.append(f"{summary}: marked free, not an absence")
            continue
        if event.get("RRULE") is not None:
            result.skipped.append(f"{summary}: repeating events are not imported")
            continue
        person = fixed or _attendee(event, by_email)
        if person is None:
            result.skipped.append(f"{summary}: no employee matches its attendee")
            continue
        try:
            start = event.decoded("DTSTART", None)
            if start is None:
                result.skipped.append(f"{summary}: no start")
                continue
            end = event.decoded("DTEND", None) or start
            first, last = _day_span(start, end, ZoneInfo(person.timezone))
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            result.skipped.append(f"{summary}: its start or end cannot be read ({exc})")
            continue
        assert person.id is not None
        try:  # the same schema and rules as POST /time-off
            TimeOffCreate(employee_id=person.id, first_day=first, last_day=last, reason=summary)
            check_time_off(
                session=session, employee_id=person.id, first=first, last=last, time_off_id=None
            )
        except ValidationError as exc:
            result.skipped.append(f"{summary}: {exc.errors()[0]['msg']}")
            continue
        except Conflict:
            pass  # an overlap is reported below as "overlaps existing"
        except Invalid as exc:
            result.skipped.append(f"{summary}: {exc.detail}")
            continue
        result.absences.append(Absence(saved_id(person), first, last, summary))
    for absence in result.absences:
        existing = session.exec(
            select(TimeOff).where(
                TimeOff.employee_id == absence.employee_id,
                TimeOff.last_day >= absence.first_day,
                TimeOff.first_day <= absence.last_day,
            )
        ).all()
        if any(
            t.first_day == absence.first_day and t.last_day == absence.last_day for t in existing
        ):
            absence.status = "already there"
        elif existing:
            absence.status = "overlaps existing"
        elif not dry_run:
            session.add(
                TimeOff(
                    employee_id=absence.employee_id,
                    first_day=absence.first_day,
                    last_day=absence.last_day,
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
