"""The audit trail's page: the same filters and rules as the API (app.auth.audit_routes)."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app import audit
from app.auth.audit_routes import readable, readable_kinds
from app.db import SessionDep
from app.validation import ascii_id
from app.web.deps import HRPage
from app.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/audit")
def audit_page(
    request: Request,
    session: SessionDep,
    viewer: HRPage,
    actor: Annotated[str, Query(max_length=60)] = "",
    record_kind: Annotated[str, Query(max_length=40)] = "",
    record_id: Annotated[str, Query(max_length=12)] = "",
    action: Annotated[str, Query(max_length=40)] = "",
    before_id: Annotated[str, Query(max_length=12)] = "",
) -> HTMLResponse:
    found = readable(
        viewer.user, actor or None, record_kind or None, ascii_id(record_id), action or None
    )
    # A kind beyond this login shows nothing, as a filter that matches nothing would.
    rows = audit.entries(session, found, limit=100, before_id=ascii_id(before_id)) if found else []
    kinds = readable_kinds(viewer.user)
    shown = sorted(kinds if kinds is not None else audit.tracked_kinds() | {"contact"})
    return render(
        request,
        "audit.html",
        entries=rows,
        filters={"actor": actor, "record_kind": record_kind, "record_id": record_id,
                 "action": action},
        kinds=shown,
        older=rows[-1].id if len(rows) == 100 else None,
    )  # fmt: skip
