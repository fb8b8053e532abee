"""REST: contact history import and what the line achieves."""

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel

from app.auth.deps import HRUser
from app.db import SessionDep
from app.demand import contacts_import
from app.demand.uploads import Upload, text_lines
from app.limits import large_upload_max

router = APIRouter(tags=["demand"])
Format = Literal["generic", "zendesk", "freshdesk", "helpscout", "intercom"]


class ContactImportResult(BaseModel):
    rows: int
    created: int
    updated: int
    channels: dict[str, int]
    dry_run: bool


@router.post(
    "/contacts/import",
    max_body_size=large_upload_max(),
    openapi_extra={"requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def import_contacts(
    session: SessionDep,
    _hr: HRUser,
    upload: Upload,
    format: Format = "generic",
    dry_run: bool = False,
) -> ContactImportResult:
    """A help desk's export as CSV (the raw body, or a form field `file`): all rows or none;
    re-importing the same ids updates them. Problems come back per line and column."""
    lines = text_lines(upload)
    try:
        report = contacts_import.import_contacts(session, lines, format, dry_run)
    finally:
        lines.detach()
    if dry_run:
        session.rollback()
    return ContactImportResult(
        rows=report.rows,
        created=report.created,
        updated=report.updated,
        channels=report.channels,
        dry_run=dry_run,
    )
