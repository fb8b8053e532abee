"""Reading the audit trail over the API: admins read all of it; HR reads the entries about
people and the plan (the page is app/web/audit_pages.py). Filters by actor, record, action
and time; pages by id; CSV and JSON lines for export. No route edits or deletes an entry."""

import io
import json
from collections.abc import Iterator
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from app import audit
from app.auth.deps import HRUser
from app.auth.models import Role, User
from app.csv_cells import SpreadsheetWriter
from app.db import SessionDep, read_apart
from app.errors import Forbidden
from app.validation import DB_INT_MAX, Instant

api = APIRouter(tags=["audit"])
EXPORT_LIMIT = 100_000
PAGE = 500


Actor = Annotated[
    str | None, Query(max_length=60, description="user:<id>, scim-token:<id>, sso, system")
]
Kind = Annotated[str | None, Query(max_length=40, description="The table, e.g. employee")]
# Bounded here: an export streams, so a number the database refuses cannot become a 422 later.
RecordId = Annotated[int | None, Query(ge=1, le=DB_INT_MAX)]
Action = Annotated[str | None, Query(max_length=40, description="create, update, delete, import")]
Since = Annotated[Instant | None, Query(description="From this instant (with an offset)")]
Until = Annotated[Instant | None, Query(description="Before this instant")]


def readable_kinds(user: User) -> frozenset[str] | None:
    """The record kinds this login reads (None: every kind, an admin)."""
    return None if user.role == Role.admin.value else audit.HR_KINDS


def readable(
    user: User,
    actor: str | None = None,
    record_kind: str | None = None,
    record_id: int | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> audit.Filter | None:
    """What this login may read of the trail with these filters; None when the kind asked
    for is beyond them (HR reads people and the plan, admins everything)."""
    kinds = readable_kinds(user)
    if kinds is not None and record_kind is not None and record_kind not in kinds:
        return None
    return audit.Filter(actor, record_kind, record_id, action, since, until, kinds)


def audit_filter(
    user: HRUser,
    actor: Actor = None,
    record_kind: Kind = None,
    record_id: RecordId = None,
    action: Action = None,
    since: Since = None,
    until: Until = None,
) -> audit.Filter:
    found = readable(user, actor, record_kind, record_id, action, since, until)
    if found is None:
        raise Forbidden("HR reads the trail of people and the plan; ask an admin for the rest.")
    return found


AuditFilter = Annotated[audit.Filter, Depends(audit_filter)]


@api.get("/audit")
def read_audit(
    session: SessionDep,
    found: AuditFilter,
    before_id: Annotated[int | None, Query(ge=1, description="Page on: the last id seen")] = None,
    limit: Annotated[int, Query(ge=1, le=PAGE)] = 100,
) -> list[audit.AuditEntryPublic]:
    """Who changed what, when, from what to what; newest first."""
    rows = audit.entries(session, found, limit=limit, before_id=before_id)
    return [audit.AuditEntryPublic.model_validate(row) for row in rows]


def _all(found: audit.Filter) -> Iterator[audit.AuditEntry]:
    """Every matching entry in pages of 500 (never the whole table in memory), each page read
    in its own short transaction while the response streams."""
    before, sent = None, 0
    while sent < EXPORT_LIMIT:
        rows = read_apart(audit.entries, found, limit=PAGE, before_id=before)
        if not rows:
            return
        yield from rows
        sent += len(rows)
        before = rows[-1].id


@api.get(
    "/audit.csv", response_class=StreamingResponse, responses={200: {"content": {"text/csv": {}}}}
)
def export_audit_csv(found: AuditFilter) -> StreamingResponse:
    """The same entries as CSV (changes as JSON in one column), at most 100,000."""

    def lines() -> Iterator[str]:
        out = io.StringIO()
        writer = SpreadsheetWriter(out)
        writer.writerow(["id", "at", "actor", "action", "record_kind", "record_id", "changes"])
        for row in _all(found):
            writer.writerow(
                [row.id, row.at.isoformat(), row.actor, row.action, row.record_kind,
                 row.record_id, json.dumps(row.changes, ensure_ascii=False, sort_keys=True)]
            )  # fmt: skip
            if out.tell() > 65_536:
                yield out.getvalue()
                out.seek(0)
                out.truncate()
        yield out.getvalue()

    return StreamingResponse(
        lines(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="audit.csv"'},
    )


@api.get(
    "/audit.jsonl",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/jsonl": {}}}},
)
def export_audit_jsonl(found: AuditFilter) -> StreamingResponse:
    """The same entries as JSON lines (one entry a line), at most 100,000."""

    def lines() -> Iterator[str]:
        for row in _all(found):
            yield audit.AuditEntryPublic.model_validate(row).model_dump_json() + "\n"

    return StreamingResponse(
        lines(),
        media_type="application/jsonl",
        headers={"Content-Disposition": 'attachment; filename="audit.jsonl"'},
    )
