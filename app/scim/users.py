"""Directory sync of people: SCIM Users become employees through the people service, so
every rule (validation, events for feeds, swaps and access) applies as for HR's own edits.
Deleting a User deactivates the employee and hides it from SCIM; history stays."""

from datetime import date
from typing import Any

from pydantic import ValidationError
from scim2_models import EnterpriseUser
from sqlmodel import Session, col, func, select

from app import clock
from app.clock import utcnow
from app.db import saved_id
from app.errors import AppError, Conflict
from app.people import service as people
from app.people.models import (
    Department,
    DepartmentCreate,
    Employee,
    EmployeeBase,
    EmployeeCreate,
    EmployeeUpdate,
)
from app.scim import mapping
from app.scim.errors import ScimError
from app.scim.payloads import first_error, patched
from app.scim.resources import ROTA_SCHEMA, WORKING_WEEK, RotaUser, ScimUser

UNASSIGNED = "Unassigned"  # where the directory's people wait for a department


def get(session: Session, user_id: str) -> Employee:
    employee = session.get(Employee, int(user_id)) if user_id.isdigit() else None
    if employee is None or employee.directory_removed_at is not None:
        raise ScimError(404, f"User {user_id} not found.")
    return employee


def department_named(session: Session, name: str | None) -> Department:
    """The department a directory names (made on first mention), or the unassigned one."""
    wanted = (name or "").strip() or UNASSIGNED
    found = session.exec(
        select(Department).where(func.lower(Department.name) == wanted.lower())
    ).first()
    if found is None:
        try:
            found = people.create_department(session=session, data=DepartmentCreate(name=wanted))
        except ValidationError as exc:
            raise ScimError(400, f"department: {first_error(exc)}", "invalidValue") from exc
    return found


def to_scim(session: Session, employee: Employee, base: str) -> ScimUser:
    return mapping.user(employee, session.get(Department, employee.department_id), base)


def _email(resource: ScimUser, current: str | None) -> str | None:
    emails = resource.emails or []
    primary = next((e for e in emails if e.primary), emails[0] if emails else None)
    if primary is not None and primary.value:
        return str(primary.value)
    if resource.user_name and "@" in resource.user_name:
        return resource.user_name
    return current


def _name(resource: ScimUser) -> str | None:
    name = resource.name
    if name is not None and name.formatted:
        return name.formatted
    parts = [name.given_name, name.family_name] if name else []
    joined = " ".join(p for p in parts if p)
    return joined or resource.display_name or None


def _check_unique(session: Session, resource: ScimUser, email: str, own_id: int | None) -> None:
    checks: list[tuple[Any, str, str]] = [
        (func.lower(Employee.user_name), (resource.user_name or "").lower(), "userName"),
        (func.lower(Employee.email), email.lower(), "an email"),
    ]
    if resource.external_id:
        checks.append((col(Employee.external_id), resource.external_id, "externalId"))
    for column, value, label in checks:
        if not value:
            continue
        clash = session.exec(select(Employee).where(column == value)).first()
        if clash is not None and clash.id != own_id and clash.directory_removed_at is None:
            raise ScimError(409, f"Another User already has {label} {value!r}.", "uniqueness")


def _manager(session: Session, resource: ScimUser, own_id: int | None) -> int | None:
    manager = resource[EnterpriseUser].manager if resource[EnterpriseUser] else None
    if manager is None or not manager.value:
        return None
    if not str(manager.value).isdigit() or str(manager.value) == str(own_id):
        raise ScimError(400, f"manager {manager.value!r} is not another User's id.", "invalidValue")
    get(session, str(manager.value))
    return int(manager.value)


def _hire_date(resource: ScimUser) -> date | None:
    extension = resource[RotaUser]
    return extension.hire_date.date() if extension and extension.hire_date else None


def _working_week(sent: dict[str, Any], before: dict[str, Any]) -> dict[str, Any]:
    """The zone and working week the directory sent (validated with the employee, so a bad
    value is a 400 naming it); one it sent before and now leaves out goes back to the default."""
    rota, had = sent.get(ROTA_SCHEMA) or {}, before.get(ROTA_SCHEMA) or {}
    given = {"timezone": (sent.get("timezone"), "timezone" in before)} | {
        field: (rota.get(name), name in had) for name, field in WORKING_WEEK.items()
    }
    values: dict[str, Any] = {}
    for field, (value, was_sent) in given.items():
        if value not in (None, ""):
            values[field] = value
        elif was_sent:
            values[field] = EmployeeBase.model_fields[field].get_default(call_default_factory=True)
    return values


def _move(session: Session, sent: dict[str, Any], before: dict[str, Any]) -> dict[str, Any]:
    """A department move the directory records ahead (Rota's moveDepartment and moveOn); one
    it sent before and now leaves out is withdrawn."""
    rota, had = sent.get(ROTA_SCHEMA) or {}, before.get(ROTA_SCHEMA) or {}
    if rota.get("moveDepartment"):
        target = department_named(session, rota["moveDepartment"])
        return {"moves_to_department_id": target.id, "moves_on": rota.get("moveOn")}
    if "moveDepartment" in had:
        return {"moves_to_department_id": None, "moves_on": None}
    return {}


def save(session: Session, resource: ScimUser, employee: Employee | None) -> Employee:
    """Create or replace an employee from a whole User; what the User leaves out (department,
    hire date) keeps its current value, or a default on creation."""
    if not resource.user_name:
        raise ScimError(400, "userName is required.", "invalidValue")
    email = _email(resource, employee.email if employee else None)
    if not email:
        raise ScimError(
            400, "Rota needs a work email: send emails or an email userName.", "invalidValue"
        )
    own_id = employee.id if employee else None
    _check_unique(session, resource, email, own_id)
    extension = resource[EnterpriseUser]
    named = extension.department if extension else None
    department = department_named(session, named) if named or employee is None else None
    values: dict[str, Any] = {
        "name": _name(resource) or resource.user_name,
        "email": email,
        "title": resource.title or "",
    }
    if department is not None:
        values["department_id"] = department.id
    if _hire_date(resource) is not None:
        values["hire_date"] = _hire_date(resource)
    # An attribute the directory used to send and now leaves out goes back to its default;
    # one it never sent stays as HR set it.
    before = (employee.directory_profile if employee else None) or {}
    executive = resource[RotaUser].is_executive if resource[RotaUser] else None
    if executive is not None or "isExecutive" in before.get(ROTA_SCHEMA, {}):
        values["is_executive"] = bool(executive)
    if resource.active is not None or "active" in before:
        values["active"] = resource.active is not False
    profile = mapping.profile_of(resource)  # as stored: camelCase, extensions under their URN
    values |= _working_week(profile, before) | _move(session, profile, before)
    manager_id = _manager(session, resource, own_id)
    removed = session.exec(
        select(Employee).where(func.lower(Employee.email) == email.lower())
    ).first()
    if employee is None and removed is not None and removed.directory_removed_at is not None:
        employee = removed  # provisioned again after a deletion: the same person returns
        employee.directory_removed_at = None
    try:
        if employee is None:
            values.setdefault("hire_date", clock.today())
            values.setdefault("active", True)
            employee = people.create_employee(
                session=session, data=EmployeeCreate(**values), actor=None
            )
        else:
            employee = people.update_employee(
                session=session,
                employee_id=saved_id(employee),
                data=EmployeeUpdate(**values),
                actor=None,
            )
    except ValidationError as exc:
        raise ScimError(400, first_error(exc), "invalidValue") from exc
    except Conflict as exc:
        raise ScimError(409, exc.detail, "uniqueness") from exc
    except AppError as exc:
        raise ScimError(400, exc.detail, "invalidValue") from exc
    employee.user_name = resource.user_name
    employee.external_id = resource.external_id
    employee.employee_number = extension.employee_number if extension else None
    employee.manager_id = manager_id
    employee.directory_profile = profile
    employee.updated_at = utcnow()
    session.add(employee)
    session.flush()
    return employee


def patch(session: Session, employee: Employee, payload: Any, base: str) -> Employee:
    return save(session, patched(ScimUser, to_scim(session, employee, base), payload), employee)


def delete(session: Session, employee: Employee) -> None:
    """The directory deleted the person: deactivate (access, feeds and future turns follow)
    and hide them from SCIM; the rotation history stays."""
    if employee.active:
        people.deactivate_employee(
            session=session,
            employee_id=saved_id(employee),
            actor=None,
        )
    employee.directory_removed_at = utcnow()
    session.add(employee)
    session.flush()
