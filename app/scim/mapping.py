"""Employees and departments in SCIM form, and the ETag of each (a hash of what is shown)."""

import hashlib
import json
from typing import Any

from scim2_models import (
    Context,
    EnterpriseUser,
    GroupMember,
    GroupMembership,
    Meta,
)
from sqlmodel import Session, col, select

from app.people.models import Department, Employee
from app.scim.resources import ROTA_SCHEMA, WORKING_WEEK, RotaUser, ScimGroup, ScimUser

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def _stamp(resource: Any, kind: str, base: str, created: Any, modified: Any) -> Any:
    body = resource.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()
    resource.meta = Meta(
        resource_type=kind,
        created=created,
        last_modified=modified,
        location=f"{base}/{kind}s/{resource.id}",
        version=f'W/"{digest[:20]}"',
    )
    return resource


def _profile_name(profile: dict[str, Any]) -> str | None:
    name = profile.get("name") or {}
    joined = " ".join(p for p in (name.get("givenName"), name.get("familyName")) if p)
    return name.get("formatted") or joined or profile.get("displayName")


def user(employee: Employee, department: Department | None, base: str) -> ScimUser:
    """The User as the directory last wrote it, with Rota's own values laid over it where
    they changed since (HR renamed, moved or deactivated the person)."""
    profile: dict[str, Any] = dict(employee.directory_profile or {})
    body = {k: v for k, v in profile.items() if k not in ("id", "meta", "groups", "schemas")}
    body["userName"] = employee.user_name or employee.email
    body["externalId"] = employee.external_id
    if _profile_name(profile) != employee.name:
        body["name"] = {"formatted": employee.name}
        if "displayName" in body or not profile:
            body["displayName"] = employee.name
    emails = body.get("emails") or []
    if not any((e.get("value") or "").lower() == employee.email for e in emails):
        body["emails"] = [{"value": employee.email, "type": "work", "primary": True}]
    if (profile.get("title") or "") != employee.title:
        body["title"] = employee.title or None
    if "active" in profile or not employee.active or not profile:
        body["active"] = employee.active
    enterprise = dict(body.pop(ENTERPRISE, None) or {})
    said = enterprise.get("department")
    if department is not None and (said or not profile):
        enterprise["department"] = department.name
    enterprise["employeeNumber"] = employee.employee_number
    enterprise["manager"] = (
        {"value": str(employee.manager_id), "$ref": f"{base}/Users/{employee.manager_id}"}
        if employee.manager_id
        else None
    )
    body.pop("timezone", None)  # taken in, not shown: see resources.KEPT
    rota = dict(body.pop(ROTA_SCHEMA, None) or {})
    for taken_in in ("hireDate", *WORKING_WEEK):
        rota.pop(taken_in, None)
    if "isExecutive" in rota or employee.is_executive or not profile:
        rota["isExecutive"] = employee.is_executive
    resource = ScimUser.model_validate(body, scim_ctx=None)
    resource.id = str(employee.id)
    resource.groups = (
        [
            GroupMembership(
                value=str(department.id),
                display=department.name,
                ref=f"{base}/Groups/{department.id}",
                type="direct",
            )
        ]
        if department
        else None
    )
    extension = {k: v for k, v in enterprise.items() if v is not None}
    if extension:
        resource[EnterpriseUser] = EnterpriseUser.model_validate(extension, scim_ctx=None)
    if rota:
        resource[RotaUser] = RotaUser.model_validate(rota, scim_ctx=None)
    return _stamp(resource, "User", base, employee.created_at, employee.updated_at)


def profile_of(resource: ScimUser) -> dict[str, Any]:
    """What to keep of a User the directory sent."""
    return resource.model_dump(mode="json", scim_ctx=Context.RESOURCE_QUERY_RESPONSE)


def group(department: Department, members: list[Employee], base: str) -> ScimGroup:
    resource = ScimGroup(
        id=str(department.id),
        external_id=department.external_id,
        display_name=department.name,
        members=[
            # No display: a member's name is on their User, and a directory never writes it.
            GroupMember(value=str(e.id), ref=f"{base}/Users/{e.id}", type="User")
            for e in members
        ]
        or None,
    )
    return _stamp(resource, "Group", base, department.created_at, department.created_at)


def visible_employees() -> Any:
    """Employees the directory sees: all but those it deleted."""
    return select(Employee).where(col(Employee.directory_removed_at).is_(None))


def members_of(session: Session, department_id: int) -> list[Employee]:
    query = visible_employees().where(Employee.department_id == department_id)
    return list(session.exec(query.order_by(col(Employee.id))).all())
