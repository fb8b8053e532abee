"""Feeds follow every change to the published schedule or to what it shows."""

from sqlmodel import Session, col, select

from app.calendars import sync, versions
from app.calendars.models import FeedKind, FeedToken
from app.calendars.wanted import PERSON_FIELDS
from app.clock import utcnow
from app.events import EmployeeDeactivated, ScheduleChanged, on
from app.people.models import Employee


@on(ScheduleChanged)
def follow_schedule(session: Session, event: ScheduleChanged) -> None:
    """Re-derive the events of the weeks concerned; the rest of the feeds stay untouched."""
    weeks = event.weeks
    if weeks is None and event.employee_ids is not None:
        if event.fields is not None and not event.fields & PERSON_FIELDS:
            return  # a title or an email: no stored event shows it
        sync.sync_people(session=session, employee_ids=event.employee_ids)
        _renamed(session, event.employee_ids)
        return
    if weeks is None and event.shift_template_ids is not None:
        weeks = sync.weeks_with_shifts(session, event.shift_template_ids)
    sync.sync_events(session=session, weeks=weeks)


def _renamed(session: Session, employee_ids: frozenset[int]) -> None:
    """Names are rendered live in feed titles (a person's own) and in a department feed's
    summaries: those feeds show something new even when no stored event changed."""
    departments = session.exec(
        select(Employee.department_id).where(col(Employee.id).in_(employee_ids))
    ).all()
    versions.raise_versions(session=session, employee_ids=employee_ids, department_ids=departments)


@on(EmployeeDeactivated)
def revoke_leavers_feeds(session: Session, event: EmployeeDeactivated) -> None:
    """A leaver's personal feed link stops working (their turns stay in the record)."""
    feeds = session.exec(
        select(FeedToken).where(
            FeedToken.kind == FeedKind.employee.value,
            FeedToken.owner_id == event.employee_id,
            col(FeedToken.revoked_at).is_(None),
        )
    ).all()
    for feed in feeds:
        feed.revoked_at = utcnow()
        session.add(feed)
    session.flush()
