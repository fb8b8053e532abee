"""A leaving date that reaches the published plan: the person and HR hear once (per date)
which turns and seats after it a re-plan hands to others, with the link to re-plan; the
solver gives no one a seat after their last day."""

from datetime import timedelta

from sqlmodel import Session

from app.db import saved_id
from app.events import LeavingDateSet
from app.notifications import people
from app.notifications.outbox import render
from app.people.models import Employee
from app.schedules import store


def on_leaving(session: Session, event: LeavingDateSet) -> bool:
    """True when the date met published turns and messages were queued."""
    schedule = store.published(session)
    employee = session.get(Employee, event.employee_id)
    if schedule is None or employee is None:
        return False
    seats, weeks = people.published_from(
        session, saved_id(schedule), event.employee_id, event.last_day + timedelta(days=1)
    )
    if not weeks:
        return False
    message = render("leaving", employee=employee, event=event, seats=seats, weeks=weeks)
    key = f"leaving:{event.employee_id}:{event.last_day}"
    people.tell_person_and_hr(session, key, employee, message)
    return True
