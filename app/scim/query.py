"""Listing with filters and pagination (RFC 7644 §3.4.2). The filters directories send to
find one record (userName, externalId, emails or displayName eq a value) run in SQL; any
other filter is evaluated by scim2-models on each record."""

from collections.abc import Callable
from typing import Any

from scim2_models import ScimFilter
from scim2_models.path.expressions import Comparison
from sqlalchemy import func
from sqlmodel import Session, col, select

from app.people.models import Department, Employee
from app.scim import mapping
from app.scim.errors import ScimError

MAX_RESULTS = 500

# SQL for "attribute eq value" on the attributes that identify a record.
USER_KEYS: dict[str, Any] = {
    "username": func.lower(func.coalesce(Employee.user_name, Employee.email)),
    "externalid": col(Employee.external_id),
    "emails.value": func.lower(Employee.email),
    "emails": func.lower(Employee.email),
    "id": col(Employee.id),
}
GROUP_KEYS: dict[str, Any] = {
    "displayname": func.lower(Department.name),
    "externalid": col(Department.external_id),
    "id": col(Department.id),
}


def paging(start_index: str | None, count: str | None) -> tuple[int, int]:
    try:
        start = max(1, int(start_index)) if start_index else 1
        size = min(MAX_RESULTS, max(0, int(count))) if count else 100
    except ValueError as exc:
        raise ScimError(400, "startIndex and count must be integers.", "invalidValue") from exc
    return start, size


def parse_filter(model: Any, expression: str | None) -> ScimFilter[Any] | None:
    if not expression:
        return None
    try:
        return ScimFilter[model](expression)  # type: ignore[no-any-return]
    except Exception as exc:  # the parser raises several kinds; all mean a bad filter
        raise ScimError(400, f"The filter cannot be read: {exc}", "invalidFilter") from exc


def _sql_key(found: ScimFilter[Any] | None, keys: dict[str, Any]) -> tuple[Any, Any] | None:
    node = found.ast if found is not None else None
    if not isinstance(node, Comparison) or node.op.value != "eq":
        return None
    path = str(node.attr_path).split(":")[-1].lower()
    column = keys.get(path)
    if column is None or not isinstance(node.value, str | int):
        return None
    value = (
        node.value.lower() if isinstance(node.value, str) and path != "externalid" else node.value
    )
    if path == "id":
        if not str(value).isdigit():
            return (col(Employee.id) if keys is USER_KEYS else col(Department.id), -1)
        value = int(value)
    return column, value


def users(
    session: Session, found: ScimFilter[Any] | None, to_scim: Callable[[Employee], Any]
) -> list[Any]:
    query = mapping.visible_employees().order_by(col(Employee.id))
    key = _sql_key(found, USER_KEYS)
    if key is not None:
        return [to_scim(e) for e in session.exec(query.where(key[0] == key[1])).all()]
    resources = [to_scim(e) for e in session.exec(query).all()]
    return [r for r in resources if found is None or found.match(r)]


def groups(
    session: Session, found: ScimFilter[Any] | None, to_scim: Callable[[Department], Any]
) -> list[Any]:
    query = select(Department).order_by(col(Department.id))
    key = _sql_key(found, GROUP_KEYS)
    if key is not None:
        return [to_scim(d) for d in session.exec(query.where(key[0] == key[1])).all()]
    resources = [to_scim(d) for d in session.exec(query).all()]
    return [r for r in resources if found is None or found.match(r)]
