"""Listing with filters and pagination (RFC 7644 §3.4.2). A filter is bounded (length and
terms) before anything runs. Filters over the attributes a record shows exactly as a column
holds them (userName, emails, externalId, id; a Group's displayName; eq, ne, co, sw, ew, pr,
and, or, not) run in SQL and page there; any other filter is evaluated by scim2-models
record by record."""

from collections.abc import Callable
from typing import Any

from scim2_models import ScimFilter
from scim2_models.path.expressions import Comparison, LogicalExpr, Not, Present
from sqlalchemy import and_, func, not_, or_
from sqlmodel import Session, col, select

from app.people.models import Department, Employee
from app.scim import mapping
from app.scim.errors import ScimError

MAX_RESULTS = 500
MAX_FILTER_CHARS = 4000
MAX_FILTER_TERMS = 50

# Columns for the attributes that live in a column; text ones compare lower-cased, as SCIM
# compares them case-insensitively (externalId is case-exact).
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
CASE_EXACT = {"externalid", "id"}


def paging(start_index: str | None, count: str | None) -> tuple[int, int]:
    try:
        start = max(1, int(start_index)) if start_index else 1
        size = min(MAX_RESULTS, max(0, int(count))) if count else 100
    except ValueError as exc:
        raise ScimError(400, "startIndex and count must be integers.", "invalidValue") from exc
    return start, size


def _terms(node: Any) -> int:
    if isinstance(node, LogicalExpr):
        return sum(_terms(t) for t in node.terms)
    if isinstance(node, Not):
        return _terms(node.expr)
    return 1


def parse_filter(model: Any, expression: str | None) -> ScimFilter[Any] | None:
    if not expression:
        return None
    if len(expression) > MAX_FILTER_CHARS:
        raise ScimError(
            400, f"The filter is longer than {MAX_FILTER_CHARS} characters.", "invalidFilter"
        )
    try:
        found = ScimFilter[model](expression)
    except Exception as exc:  # the parser raises several kinds; all mean a bad filter
        raise ScimError(400, f"The filter cannot be read: {exc}", "invalidFilter") from exc
    if _terms(found.ast) > MAX_FILTER_TERMS:
        raise ScimError(
            400,
            f"The filter has more than {MAX_FILTER_TERMS} comparisons; split the search.",
            "invalidFilter",
        )
    return found


def _comparison(node: Comparison, keys: dict[str, Any]) -> Any:
    path = str(node.attr_path).split(":")[-1].lower()
    column = keys.get(path)
    value = node.value
    if column is None or not isinstance(value, str | int) or isinstance(value, bool):
        return None
    op = node.op.value
    if path == "id":
        if op not in ("eq", "ne"):
            return None
        value = int(value) if str(value).isdigit() else -1
    elif isinstance(value, str):
        value = value if path in CASE_EXACT else value.lower()
    else:
        return None
    if op == "eq":
        return column == value
    if op == "ne":
        return or_(column != value, column.is_(None))
    if op in ("co", "sw", "ew") and isinstance(value, str):
        needle = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = {"co": f"%{needle}%", "sw": f"{needle}%", "ew": f"%{needle}"}[op]
        return column.like(pattern, escape="\\")
    return None  # gt, ge, lt, le: left to scim2-models


def to_sql(node: Any, keys: dict[str, Any]) -> Any:
    """The filter as a SQL condition, or None when some part needs scim2-models."""
    if isinstance(node, Comparison):
        return _comparison(node, keys)
    if isinstance(node, Present):
        column = keys.get(str(node.attr_path).split(":")[-1].lower())
        if column is None:
            return None
        path = str(node.attr_path).split(":")[-1].lower()
        return column.is_not(None) if path == "id" else and_(column.is_not(None), column != "")
    if isinstance(node, Not):
        inner = to_sql(node.expr, keys)
        return None if inner is None else not_(inner)
    if isinstance(node, LogicalExpr):
        parts = [to_sql(t, keys) for t in node.terms]
        if any(p is None for p in parts):
            return None
        return and_(*parts) if node.op.value == "and" else or_(*parts)
    return None


def _page(
    session: Session,
    query: Any,
    found: ScimFilter[Any] | None,
    keys: dict[str, Any],
    to_scim: Callable[[Any], Any],
    window: tuple[int, int] | None,
) -> tuple[int, list[Any]]:
    condition = to_sql(found.ast, keys) if found is not None else True
    if condition is None:  # scim2-models judges each record
        resources = [to_scim(row) for row in session.exec(query).all()]
        matched = [r for r in resources if found is not None and found.match(r)]
        return len(matched), matched if window is None else _slice(matched, window)
    query = query.where(condition)
    if window is None:
        rows = session.exec(query).all()
        return len(rows), [to_scim(row) for row in rows]
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    start, count = window
    rows = session.exec(query.offset(start - 1).limit(count)).all()
    return int(total), [to_scim(row) for row in rows]


def _slice(items: list[Any], window: tuple[int, int]) -> list[Any]:
    start, count = window
    return items[start - 1 : start - 1 + count]


def users(
    session: Session,
    found: ScimFilter[Any] | None,
    to_scim: Callable[[Employee], Any],
    window: tuple[int, int] | None = None,
) -> tuple[int, list[Any]]:
    """How many Users match, and those in the (startIndex, count) window (all if None)."""
    query = mapping.visible_employees().order_by(col(Employee.id))
    return _page(session, query, found, USER_KEYS, to_scim, window)


def groups(
    session: Session,
    found: ScimFilter[Any] | None,
    to_scim: Callable[[Department], Any],
    window: tuple[int, int] | None = None,
) -> tuple[int, list[Any]]:
    query = select(Department).order_by(col(Department.id))
    return _page(session, query, found, GROUP_KEYS, to_scim, window)
