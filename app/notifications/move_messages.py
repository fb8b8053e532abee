"""A department move made on its day that reaches the published plan: the person and HR hear
once which weeks from that day were planned for the old department (its caps, its rules, or
the support team's seats), with the link to re-plan."""

from sqlmodel import Session, col, select

from app import clock
from app.events import DepartmentMoved
from app.notifications import people
from app.notifications.outbox import render
from app.people.models import Department, Employee
from app.schedules import store
from app.schedules.models import ScheduleShift, ScheduleTurn


def on_move(session: Session, event: DepartmentMoved) -> bool:
    """True when the move met published weeks and messages were queued."""
    schedule = store.published(session)
    employee = session.get(Employee, event.employee_id)
    if schedule is None or employee is None:
        return False
    days = session.exec(
        select(col(ScheduleShift.day)).where(
            ScheduleShift.schedule_id == schedule.id,
            ScheduleShift.employee_id == event.employee_id,
            col(ScheduleShift.day) >= event.on,
        )
    ).all()
    turns = session.exec(
        select(col(ScheduleTurn.week_start)).where(
            ScheduleTurn.schedule_id == schedule.id,
            ScheduleTurn.employee_id == event.employee_id,
            col(ScheduleTurn.week_start) >= clock.monday(event.on),
        )
    ).all()
    weeks = sorted({clock.monday(day) for day in days} | set(turns))
    if not weeks:
        return False
    message = render(
        "department_move",
        employee=employee,
        event=event,
        weeks=weeks,
        before=session.get(Department, event.from_department_id),
        after=session.get(Department, event.to_department_id),
    )
    key = f"move:{event.employee_id}:{event.on}:{event.to_department_id}"
    people.tell_person_and_hr(session, key, employee, message)
    return True
