"""Feeds follow every change to the published schedule or to what it shows."""

from sqlmodel import Session

from app.calendars import sync
from app.events import ScheduleChanged, on


@on(ScheduleChanged)
def follow_schedule(session: Session, event: ScheduleChanged) -> None:
    """Re-derive the events of the weeks concerned; the rest of the feeds stay untouched."""
    weeks = event.weeks
    if weeks is None and event.employee_ids is not None:
        weeks = sync.weeks_of(session, event.employee_ids)
    elif weeks is None and event.shift_template_ids is not None:
        weeks = sync.weeks_with_shifts(session, event.shift_template_ids)
    sync.sync_events(session=session, weeks=weeks)
