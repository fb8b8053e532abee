"""A leaving date that reaches the published plan: the person and HR hear once (per date)
which turns and seats after it a re-plan hands to others, with the link to re-plan; the
solver gives no one a seat after their last day."""

from sqlmodel import Session, col, select

from app import clock
from app.events import LeavingDateSet
from app.notifications import people
from app.notifications.outbox import render
from app.people.models import Employee
from app.schedules import store
from app.schedules.models import ScheduleShift, ScheduleTurn


def on_leaving(session: Session, event: LeavingDateSet) -> bool:
    """True when the date met published turns and messages were queued."""
    schedule = store.published(session)
    employee = session.get(Employee, event.employee_id)
    if schedule is None or employee is None:
        return False
    seats = session.exec(
        select(ScheduleShift)
        .where(
            ScheduleShift.schedule_id == schedule.id,
            ScheduleShift.employee_id == event.employee_id,
            col(ScheduleShift.day) > event.last_day,
        )
        .order_by(col(ScheduleShift.day))
    ).all()
    turns = session.exec(
        select(ScheduleTurn).where(
            ScheduleTurn.schedule_id == schedule.id,
            ScheduleTurn.employee_id == event.employee_id,
            col(ScheduleTurn.week_start) > event.last_day,
        )
    ).all()
    weeks = sorted({clock.monday(s.day) for s in seats} | {t.week_start for t in turns})
    if not weeks:
        return False
    message = render("leaving", employee=employee, event=event, seats=seats, weeks=weeks)
    key = f"leaving:{event.employee_id}:{event.last_day}"
    people.tell_person_and_hr(session, key, employee, message)
    return True
