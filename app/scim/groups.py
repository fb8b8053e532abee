"""Directory sync of departments: a SCIM Group is a department, its members the people in
it. Everyone works in exactly one department, so joining a group moves a person, and
leaving one moves them to the unassigned department (if they are still in it)."""

from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, func, select

from app.db import saved_id
from app.errors import AppError, Conflict
from app.people import service as people
from app.people.models import (
    Department,
    DepartmentCreate,
    DepartmentUpdate,
    Employee,
    EmployeeUpdate,
)
from app.scim import mapping, users
from app.scim.errors import ScimError
from app.scim.payloads import patched
from app.scim.resources import ScimGroup


def get(session: Session, group_id: str) -> Department:
    department = session.get(Department, int(group_id)) if group_id.isdigit() else None
    if department is None:
        raise ScimError(404, f"Group {group_id} not found.")
    return department


def to_scim(session: Session, department: Department, base: str) -> ScimGroup:
    return mapping.group(department, mapping.members_of(session, saved_id(department)), base)


def _move(session: Session, employee_id: int, department_id: int) -> None:
    people.update_employee(
        session=session,
        employee_id=employee_id,
        data=EmployeeUpdate(department_id=department_id),
        actor=None,
    )


def save(session: Session, resource: ScimGroup, department: Department | None) -> Department:
    name = (resource.display_name or "").strip()
    if not name:
        raise ScimError(400, "displayName is required.", "invalidValue")
    clash = session.exec(
        select(Department).where(func.lower(Department.name) == name.lower())
    ).first()
    if clash is not None and (department is None or clash.id != department.id):
        raise ScimError(409, f"A Group named {name!r} already exists.", "uniqueness")
    if resource.external_id:
        taken = session.exec(
            select(Department).where(Department.external_id == resource.external_id)
        ).first()
        if taken is not None and (department is None or taken.id != department.id):
            raise ScimError(409, f"externalId {resource.external_id!r} is taken.", "uniqueness")
    wanted = {str(m.value) for m in resource.members or [] if m.value}
    members = [users.get(session, member_id) for member_id in sorted(wanted)]
    try:
        if department is None:
            department = people.create_department(session=session, data=DepartmentCreate(name=name))
        elif department.name != name:
            department = people.update_department(
                session=session,
                department_id=saved_id(department),
                data=DepartmentUpdate(name=name),
            )
    except ValidationError as exc:
        raise ScimError(400, f"displayName: {exc.errors()[0]['msg']}", "invalidValue") from exc
    except Conflict as exc:
        raise ScimError(409, exc.detail, "uniqueness") from exc
    department.external_id = resource.external_id
    session.add(department)
    session.flush()
    current = mapping.members_of(session, saved_id(department))
    leaving = [e for e in current if str(e.id) not in wanted]
    if leaving:
        unassigned = users.department_named(session, None)
        if unassigned.id == department.id:
            raise ScimError(400, "People cannot leave the unassigned Group.", "invalidValue")
        for employee in leaving:
            _move(session, saved_id(employee), saved_id(unassigned))
    for employee in members:
        if employee.department_id != department.id:
            _move(session, saved_id(employee), saved_id(department))
    return department


def patch(session: Session, department: Department, payload: Any, base: str) -> Department:
    current = to_scim(session, department, base)
    return save(session, patched(ScimGroup, current, payload), department)


def delete(session: Session, department: Department) -> None:
    """Members move to the unassigned department first; a department that other parts of
    Rota still route to (learnings) refuses, as it does in the HR pages."""
    # People the directory deleted stay in their department too; they move with the rest.
    members = session.exec(select(Employee).where(Employee.department_id == department.id)).all()
    if members:
        unassigned = users.department_named(session, None)
        if unassigned.id == department.id:
            raise ScimError(409, "The unassigned Group still has people in it.", "mutability")
        for employee in members:
            _move(session, saved_id(employee), saved_id(unassigned))
    try:
        people.delete_department(session=session, department_id=saved_id(department))
    except AppError as exc:
        raise ScimError(409, exc.detail) from exc
