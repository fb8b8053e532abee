"""Time off kept in step with subscribed calendars: each poll fetches the .ics (only when it
changed: ETag / Last-Modified), reads its absences the way an .ics import does, and makes the
absences this calendar brought match it — new ones added, moved ones moved, cancelled or
vanished ones removed — in one transaction, each change in the audit trail and announced
(`AbsenceChanged`). An unreachable calendar, or one that is not iCalendar, changes nothing:
the last good state stays and the error shows on the page."""

from datetime import date
from urllib.parse import urlsplit

from sqlmodel import Session, col, select

from app import events, outbound
from app.calendars import ics_import
from app.calendars.time_off_feed_models import (
    SyncReport,
    TimeOffFeed,
    TimeOffFeedCreate,
    TimeOffFeedPublic,
)
from app.clock import utcnow
from app.db import saved_id
from app.errors import Conflict, Invalid, NotFound
from app.events import AbsenceChanged
from app.people.models import Employee, TimeOff
from app.people.service import check_time_off


def public(feed: TimeOffFeed) -> TimeOffFeedPublic:
    host = urlsplit(feed.url).hostname or ""
    return TimeOffFeedPublic.model_validate(feed, update={"host": host})


def add_feed(session: Session, data: TimeOffFeedCreate) -> TimeOffFeed:
    url = str(data.url)
    try:
        outbound.check_public_url(url)
    except outbound.BlockedAddress as exc:
        raise Invalid(str(exc), field="url") from exc
    if data.employee_id is not None and session.get(Employee, data.employee_id) is None:
        raise Invalid(f"Employee {data.employee_id} does not exist.", field="employee_id")
    feed = TimeOffFeed(name=data.name, url=url, employee_id=data.employee_id)
    session.add(feed)
    session.flush()
    return feed


def get_feed(session: Session, feed_id: int) -> TimeOffFeed:
    feed = session.get(TimeOffFeed, feed_id)
    if feed is None:
        raise NotFound(f"No time-off calendar {feed_id}.")
    return feed


def remove_feed(session: Session, feed_id: int) -> None:
    """Stop following the calendar; the absences it brought stay, as if entered by hand."""
    feed = get_feed(session, feed_id)
    for row in _brought_by(session, feed):
        row.source = None
        session.add(row)
    session.delete(feed)
    session.flush()


def _prefix(feed: TimeOffFeed) -> str:
    return f"feed:{feed.id}:"


def _brought_by(session: Session, feed: TimeOffFeed) -> list[TimeOff]:
    query = select(TimeOff).where(col(TimeOff.source).startswith(_prefix(feed), autoescape=True))
    return list(session.exec(query).all())


def sync(session: Session, feed_id: int) -> SyncReport:
    feed = get_feed(session, feed_id)
    feed.polled_at = utcnow()
    session.add(feed)
    try:
        fetched = outbound.fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
    except (outbound.FetchError, outbound.BlockedAddress) as exc:
        feed.error = f"Could not fetch the calendar: {exc}"[:500]
        return SyncReport(fetched=False, error=feed.error)
    if fetched.status == 304:
        feed.ok_at, feed.error = utcnow(), None
        return SyncReport(fetched=False)
    try:
        calendar = ics_import.parse(fetched.body)
    except Invalid:
        feed.error = "The calendar is not an iCalendar file; its last good state is kept."
        return SyncReport(fetched=True, error=feed.error)
    people = {e.email: e for e in session.exec(select(Employee)).all()}
    fixed = session.get(Employee, feed.employee_id) if feed.employee_id is not None else None
    found, skipped = ics_import.read_absences(calendar, people, fixed)
    report = SyncReport(fetched=True, skipped=skipped)
    _apply(session, feed, {_prefix(feed) + a.uid: a for a in found}, report)
    feed.etag, feed.last_modified = fetched.etag, fetched.last_modified
    feed.ok_at, feed.error = utcnow(), None
    session.flush()
    return report


def _apply(
    session: Session, feed: TimeOffFeed, wanted: dict[str, ics_import.Found], report: SyncReport
) -> None:
    current = {row.source: row for row in _brought_by(session, feed) if row.source}
    for source in sorted(current.keys() - wanted.keys()):
        gone = current[source]
        _announce(session, gone, "removed", gone.first_day, gone.last_day, feed.name)
        session.delete(gone)
        report.removed += 1
    session.flush()
    kept = 0
    for source, absence in sorted(wanted.items()):
        row = current.get(source)
        span = (absence.first_day, absence.last_day, absence.from_time, absence.to_time)
        if row is not None and (row.first_day, row.last_day, row.from_time, row.to_time) == span:
            kept += 1
            continue
        try:
            check_time_off(
                session=session,
                employee_id=saved_id(absence.employee),
                first=absence.first_day,
                last=absence.last_day,
                time_off_id=row.id if row is not None else None,
                hours=(absence.from_time, absence.to_time),
            )
        except (Conflict, Invalid) as exc:
            report.skipped.append(f"{absence.reason}: {exc.detail}")
            continue
        kept += 1
        if row is None:
            row = TimeOff(
                employee_id=saved_id(absence.employee),
                source=source,
                reason=absence.reason,
                first_day=absence.first_day,
                last_day=absence.last_day,
                from_time=absence.from_time,
                to_time=absence.to_time,
            )
            session.add(row)
            session.flush()
            _announce(session, row, "added", row.first_day, row.last_day, feed.name)
            report.added += 1
            continue
        first, last = min(row.first_day, absence.first_day), max(row.last_day, absence.last_day)
        row.first_day, row.last_day = absence.first_day, absence.last_day
        row.from_time, row.to_time, row.reason = absence.from_time, absence.to_time, absence.reason
        session.add(row)
        session.flush()
        _announce(session, row, "moved", first, last, feed.name)
        report.moved += 1
    feed.absences = kept


def _announce(
    session: Session, row: TimeOff, change: str, first: date, last: date, feed: str
) -> None:
    """The row's change is in the audit trail by the unit of work (actor: the system, its
    `source` naming the calendar); the event tells who needs to know."""
    events.emit(
        session,
        AbsenceChanged(
            employee_id=row.employee_id,
            first_day=first,
            last_day=last,
            change=change,
            source=feed,
            key=f"{row.source}:{change}:{row.first_day}:{row.last_day}:{row.from_time}",
        ),
    )
