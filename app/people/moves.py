"""A department move recorded ahead and made on its day.

HR (by hand, the CSV import or the directory) records where someone moves and from which day.
Until then they stay in their department — its caps, its rules, its reports, the plan — and
on that day the worker moves them: the audit trail names the system, and feeds, caps and the
plan's news follow as after any edit (`DepartmentMoved`). A move dated today or earlier is
made at once. The solver plans one department per person: a plan that reaches past the day
is re-planned once the move is made, and HR hears which weeks that touches.
"""

from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from app import events
from app.db import saved_id
from app.errors import Invalid
from app.events import DepartmentMoved, ScheduleChanged
from app.people.models import Department, Employee

FIELDS = ("moves_to_department_id", "moves_on")


def check(session: Session, values: dict[str, Any]) -> None:
    """A move names both its department and its day, a department that exists, and another
    than the one the person is in."""
    target, day = values.get("moves_to_department_id"), values.get("moves_on")
    if target is None and day is None:
        return
    if target is None:
        raise Invalid("Say which department they move to.", field="moves_to_department_id")
    if day is None:
        raise Invalid("Say from which day the move takes effect.", field="moves_on")
    if session.get(Department, target) is None:
        raise Invalid(f"Department {target} does not exist.", field="moves_to_department_id")
    if target == values.get("department_id"):
        raise Invalid("They are in that department already.", field="moves_to_department_id")


def settle(values: dict[str, Any], today: date) -> date | None:
    """A move that is due is made in `values`: the department changes and the move is
    cleared. The day of the move made, if one was."""
    day: date | None = values.get("moves_on")
    if day is None or day > today or values.get("moves_to_department_id") is None:
        return None
    values["department_id"] = values["moves_to_department_id"]
    values["moves_to_department_id"] = values["moves_on"] = None
    return day


def make_due(session: Session, today: date) -> list[int]:
    """Every move due by `today` is made (in the caller's transaction); the people moved."""
    due = session.exec(
        select(Employee)
        .where(col(Employee.moves_on).is_not(None), col(Employee.moves_on) <= today)
        .order_by(col(Employee.id))
    ).all()
    moved = []
    for employee in due:
        values = {name: getattr(employee, name) for name in (*FIELDS, "department_id")}
        before, day = employee.department_id, settle(values, today)
        if day is None:
            continue
        employee.sqlmodel_update(values)
        session.add(employee)
        moved.append(saved_id(employee))
        events.emit(
            session, DepartmentMoved(saved_id(employee), before, values["department_id"], day)
        )
    if moved:
        events.emit(session, ScheduleChanged.for_people(set(moved), reason="department move"))
    return moved
