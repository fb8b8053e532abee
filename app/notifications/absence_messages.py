"""Time off that arrived from a subscribed calendar and meets a published turn: the person
and HR are told once, with what each can do (offer the days as a swap; re-plan)."""

from datetime import timedelta

from sqlmodel import Session, col, select

from app import clock
from app.events import AbsenceChanged
from app.notifications import people
from app.notifications.outbox import render
from app.people.models import Employee
from app.schedules import store
from app.schedules.models import ScheduleShift, ScheduleTurn


def on_absence(session: Session, event: AbsenceChanged) -> bool:
    """True when the change met a published turn and messages were queued."""
    schedule = store.published(session)
    employee = session.get(Employee, event.employee_id)
    if schedule is None or employee is None or event.change == "removed":
        return False
    seats = session.exec(
        select(ScheduleShift)
        .where(
            ScheduleShift.schedule_id == schedule.id,
            ScheduleShift.employee_id == event.employee_id,
            col(ScheduleShift.day) >= event.first_day - timedelta(days=1),
            col(ScheduleShift.day) <= event.last_day + timedelta(days=1),
        )
        .order_by(col(ScheduleShift.day))
    ).all()
    mondays = {clock.monday(event.first_day), clock.monday(event.last_day)}
    turns = session.exec(
        select(ScheduleTurn).where(
            ScheduleTurn.schedule_id == schedule.id,
            ScheduleTurn.employee_id == event.employee_id,
            col(ScheduleTurn.week_start).in_(sorted(mondays)),
        )
    ).all()
    if not seats and not turns:
        return False
    message = render("absence", employee=employee, event=event, seats=seats, weeks=sorted(mondays))
    people.tell_person_and_hr(session, f"absence:{event.key}", employee, message)
    return True
