"""Use cases for departments, employees and time off."""

from datetime import date, time
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from app import clock, events
from app.auth import ladder
from app.auth.models import User
from app.clock import utcnow
from app.db import saved_id
from app.errors import Conflict, Invalid, NotFound
from app.events import (
    DepartmentMoved,
    DepartmentRemoving,
    EmployeeDeactivated,
    EmployeesCreated,
    LeavingDateSet,
    ScheduleChanged,
)
from app.people import moves, questions
from app.people.models import (
    Department,
    DepartmentCreate,
    DepartmentUpdate,
    Employee,
    EmployeeCreate,
    EmployeeUpdate,
    TimeOff,
    TimeOffCreate,
    TimeOffUpdate,
)
from app.people.working_week import hours_problem
from app.validation import holiday_calendar_problem

# --- Departments ------------------------------------------------------------------------------


def get_department(*, session: Session, department_id: int) -> Department:
    department = session.get(Department, department_id)
    if department is None:
        raise NotFound(f"Department {department_id} does not exist.")
    return department


def headcounts(*, session: Session) -> dict[int, int]:
    rows = session.exec(
        select(Employee.department_id, func.count())
        .where(Employee.active)
        .group_by(col(Employee.department_id))
    ).all()
    return {dept_id: count for dept_id, count in rows}


def _check_department_name(*, session: Session, name: str, department_id: int | None) -> None:
    clash = session.exec(
        select(Department).where(func.lower(Department.name) == name.strip().lower())
    ).first()
    if clash is not None and clash.id != department_id:
        raise Conflict(f"A department named {name!r} already exists.", field="name")


def _check_lead(*, session: Session, employee_id: int | None) -> None:
    if employee_id is not None and session.get(Employee, employee_id) is None:
        raise Invalid(f"Employee {employee_id} does not exist.", field="lead_employee_id")


def create_department(*, session: Session, data: DepartmentCreate) -> Department:
    _check_department_name(session=session, name=data.name, department_id=None)
    _check_lead(session=session, employee_id=data.lead_employee_id)
    department = Department.model_validate(data, update={"name": data.name.strip()})
    session.add(department)
    session.flush()
    return department


def update_department(
    *, session: Session, department_id: int, data: DepartmentUpdate
) -> Department:
    department = get_department(session=session, department_id=department_id)
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    if "name" in changes:
        _check_department_name(session=session, name=changes["name"], department_id=department_id)
        changes["name"] = changes["name"].strip()
    if "lead_employee_id" in data.model_fields_set:
        _check_lead(session=session, employee_id=data.lead_employee_id)
        changes["lead_employee_id"] = data.lead_employee_id
    department.sqlmodel_update(changes)
    session.add(department)
    members = session.exec(select(Employee).where(Employee.department_id == department_id))
    people = {e.id for e in members.all() if e.id is not None}
    events.emit(session, ScheduleChanged.for_people(people, reason="department"))
    return department


def delete_department(*, session: Session, department_id: int) -> None:
    department = get_department(session=session, department_id=department_id)
    people = session.exec(select(func.count()).where(Employee.department_id == department_id)).one()
    if people:
        raise Conflict(
            f"Department {department.name!r} still has {people} employee(s); "
            "move them to another department first.",
            field="department_id",
        )
    reasons = questions.against_deleting_department.collect(session, department_id, department.name)
    if reasons:
        raise Conflict(" ".join(reasons), field="department_id")
    events.emit(session, DepartmentRemoving(department_id, department.name))
    session.delete(department)
    session.flush()


# --- Employees --------------------------------------------------------------------------------


def employee_query(
    *,
    department_id: int | None = None,
    active: bool | None = None,
    is_executive: bool | None = None,
    hired_after: date | None = None,
    search: str | None = None,
) -> SelectOfScalar[Employee]:
    query = select(Employee).order_by(col(Employee.name), col(Employee.id))
    if department_id is not None:
        query = query.where(Employee.department_id == department_id)
    if active is not None:
        query = query.where(Employee.active == active)
    if is_executive is not None:
        query = query.where(Employee.is_executive == is_executive)
    if hired_after is not None:
        query = query.where(Employee.hire_date > hired_after)
    if search:
        # % and _ typed by a person are characters to find, not wildcards.
        needle = search.strip().lower().replace("\\", "\\\\").replace("%", "\\%")
        pattern = "%" + needle.replace("_", "\\_") + "%"
        query = query.where(
            func.lower(Employee.name).like(pattern, escape="\\")
            | func.lower(Employee.email).like(pattern, escape="\\")
        )
    return query


def get_employee(*, session: Session, employee_id: int) -> Employee:
    employee = session.get(Employee, employee_id)
    if employee is None:
        raise NotFound(f"Employee {employee_id} does not exist.")
    return employee


def employee_by_email(*, session: Session, email: str) -> Employee | None:
    """The person with this work email (any case), for forms that name people by it."""
    return session.exec(
        select(Employee).where(func.lower(Employee.email) == email.strip().lower())
    ).first()


def _check_employee(
    *, session: Session, values: dict[str, Any], employee_id: int | None, actor: User | None
) -> None:
    if session.get(Department, values["department_id"]) is None:
        raise Invalid(
            f"Department {values['department_id']} does not exist.", field="department_id"
        )
    wrong_hours = hours_problem(values["work_start"], values["work_end"])
    if wrong_hours is not None:
        raise Invalid(wrong_hours[0].upper() + wrong_hours[1:] + ".", field="work_end")
    if values.get("last_day") is not None and values["last_day"] < values["hire_date"]:
        raise Invalid("The last day comes before the start date.", field="last_day")
    moves.check(session, values)
    if values.get("holiday_country"):
        values["holiday_country"] = values["holiday_country"].upper()
    problem = holiday_calendar_problem(
        values.get("holiday_country"), values.get("holiday_subdivision")
    )
    if problem is not None:
        raise Invalid(problem[1], field=problem[0])
    clash = session.exec(select(Employee).where(Employee.email == values["email"])).first()
    if clash is not None and clash.id != employee_id:
        raise Conflict(f"An employee with email {values['email']} already exists.", field="email")
    ladder.check_email_claim(
        session=session, email=values["email"], employee_id=employee_id, actor=actor
    )


def create_employee(*, session: Session, data: EmployeeCreate, actor: User | None) -> Employee:
    values = data.model_dump()
    _check_employee(session=session, values=values, employee_id=None, actor=actor)
    moves.settle(values, clock.today())  # a move already due: they start in its department
    employee = Employee(**values)
    session.add(employee)
    session.flush()
    events.emit(session, EmployeesCreated((saved_id(employee),)))
    return employee


def update_employee(
    *, session: Session, employee_id: int, data: EmployeeUpdate, actor: User | None
) -> Employee:
    employee = get_employee(session=session, employee_id=employee_id)
    changes = data.model_dump(exclude_unset=True)
    nullable = {
        "exempt_reason",
        "exempt_until",
        "holiday_country",
        "holiday_subdivision",
        "last_day",
        *moves.FIELDS,
    }
    changes = {k: v for k, v in changes.items() if v is not None or k in nullable}
    merged = employee.model_dump() | changes
    _check_employee(session=session, values=merged, employee_id=employee_id, actor=actor)
    moved_from = employee.department_id
    moved_on = moves.settle(merged, clock.today())  # dated today or earlier: made at once
    if moved_on is not None:
        changes |= {k: merged[k] for k in ("department_id", *moves.FIELDS)}
    if "holiday_country" in changes:
        changes["holiday_country"] = merged["holiday_country"]
    leaving = employee.active and changes.get("active") is False
    differing = {k for k, v in changes.items() if getattr(employee, k) != v}
    announce_leaving(session, employee, changes)
    employee.sqlmodel_update(changes)
    employee.updated_at = utcnow()
    session.add(employee)
    events.emit(
        session, ScheduleChanged.for_people({employee_id}, reason="employee", fields=differing)
    )
    if leaving:
        events.emit(session, EmployeeDeactivated(employee_id))
    if moved_on is not None and employee.department_id != moved_from:
        events.emit(
            session, DepartmentMoved(employee_id, moved_from, employee.department_id, moved_on)
        )
    return employee


def announce_leaving(session: Session, employee: Employee, changes: dict[str, Any]) -> None:
    """A leaving date set, or moved earlier, is news for the plan (one rule for every path)."""
    last_day = changes.get("last_day")
    if last_day is not None and (employee.last_day is None or last_day < employee.last_day):
        events.emit(session, LeavingDateSet(saved_id(employee), last_day))


def deactivate_employee(*, session: Session, employee_id: int, actor: User | None) -> Employee:
    """People leave but their rotation history stays: deactivate instead of deleting."""
    employee = get_employee(session=session, employee_id=employee_id)
    leaving = employee.active
    employee.active = False
    employee.updated_at = utcnow()
    session.add(employee)
    events.emit(session, ScheduleChanged.for_people({employee_id}, reason="deactivated"))
    if leaving:
        events.emit(session, EmployeeDeactivated(employee_id))
    return employee


# --- Time off ---------------------------------------------------------------------------------


def time_off_query(
    *,
    employee_id: int | None = None,
    department_id: int | None = None,
    overlapping_from: date | None = None,
    overlapping_to: date | None = None,
) -> SelectOfScalar[TimeOff]:
    query = select(TimeOff).order_by(col(TimeOff.first_day), col(TimeOff.id))
    if employee_id is not None:
        query = query.where(TimeOff.employee_id == employee_id)
    if department_id is not None:
        members = select(Employee.id).where(Employee.department_id == department_id)
        query = query.where(col(TimeOff.employee_id).in_(members))
    if overlapping_from is not None:
        query = query.where(TimeOff.last_day >= overlapping_from)
    if overlapping_to is not None:
        query = query.where(TimeOff.first_day <= overlapping_to)
    return query


def get_time_off(*, session: Session, time_off_id: int) -> TimeOff:
    row = session.get(TimeOff, time_off_id)
    if row is None:
        raise NotFound(f"Time off {time_off_id} does not exist.")
    return row


def check_time_off(
    *,
    session: Session,
    employee_id: int,
    first: date,
    last: date,
    time_off_id: int | None,
    hours: tuple[time | None, time | None] = (None, None),
) -> None:
    """The rules every way in (API, pages, .ics import) applies to a stretch of time off:
    whole days, or the same hours (from–to, the person's zone) on each of its days."""
    if (hours[0] is None) != (hours[1] is None):
        raise Invalid("Part of a day needs both a from and a to time.", field="to_time")
    if hours[0] is not None and hours[1] is not None and hours[1] <= hours[0]:
        raise Invalid("The hours off must end after they start.", field="to_time")
    if session.get(Employee, employee_id) is None:
        raise Invalid(f"Employee {employee_id} does not exist.", field="employee_id")
    if last < first:
        raise Invalid("The last day must be on or after the first day.", field="last_day")
    if (last - first).days > 366:
        raise Invalid(
            "Time off longer than a year: split it or exempt the person.", field="last_day"
        )
    for overlap in session.exec(
        time_off_query(employee_id=employee_id, overlapping_from=first, overlapping_to=last)
    ).all():
        if overlap.id != time_off_id and _hours_meet(hours, (overlap.from_time, overlap.to_time)):
            raise Conflict(
                f"Overlaps time off {overlap.first_day}–{overlap.last_day} (id {overlap.id}).",
                field="first_day",
            )


def _hours_meet(a: tuple[time | None, time | None], b: tuple[time | None, time | None]) -> bool:
    """Two absences on a common day meet unless both are hours that do not overlap."""
    if a[0] is None or a[1] is None or b[0] is None or b[1] is None:
        return True
    return a[0] < b[1] and b[0] < a[1]


def create_time_off(*, session: Session, data: TimeOffCreate) -> TimeOff:
    check_time_off(
        session=session,
        employee_id=data.employee_id,
        first=data.first_day,
        last=data.last_day,
        time_off_id=None,
        hours=(data.from_time, data.to_time),
    )
    row = TimeOff.model_validate(data)
    session.add(row)
    session.flush()
    return row


def update_time_off(*, session: Session, time_off_id: int, data: TimeOffUpdate) -> TimeOff:
    row = get_time_off(session=session, time_off_id=time_off_id)
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    check_time_off(
        session=session,
        employee_id=row.employee_id,
        first=changes.get("first_day", row.first_day),
        last=changes.get("last_day", row.last_day),
        time_off_id=time_off_id,
        hours=(changes.get("from_time", row.from_time), changes.get("to_time", row.to_time)),
    )
    row.sqlmodel_update(changes)
    session.add(row)
    session.flush()
    return row


def delete_time_off(*, session: Session, time_off_id: int) -> None:
    session.delete(get_time_off(session=session, time_off_id=time_off_id))
    session.flush()
