"""A department move made on its day that reaches the published plan: the person and HR hear
once which weeks from that day were planned for the old department (its caps, its rules, or
the support team's seats), with the link to re-plan."""

from sqlmodel import Session

from app.db import saved_id
from app.events import DepartmentMoved
from app.notifications import people
from app.notifications.outbox import render
from app.people.models import Department, Employee
from app.schedules import store


def on_move(session: Session, event: DepartmentMoved) -> bool:
    """True when the move met published weeks and messages were queued."""
    schedule = store.published(session)
    employee = session.get(Employee, event.employee_id)
    if schedule is None or employee is None:
        return False
    _, weeks = people.published_from(session, saved_id(schedule), event.employee_id, event.on)
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
