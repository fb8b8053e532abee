"""REST: contact history import, the demand forecast and where demand comes from."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from app.auth.deps import HRUser
from app.db import SessionDep
from app.demand import contacts_import, forecasting, summaries, zones
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
    report = contacts_import.import_contacts(session, text_lines(upload), format, dry_run)
    if dry_run:
        session.rollback()
    return ContactImportResult(
        rows=report.rows,
        created=report.created,
        updated=report.updated,
        channels=report.channels,
        dry_run=dry_run,
    )


@router.get("/demand/forecast")
def demand_forecast(
    session: SessionDep, _hr: HRUser, weeks: Annotated[int, Query(ge=1, le=52)] = 13
) -> summaries.ForecastPublic:
    """Contacts per channel for the next weeks (in the line's zone), with how each number is
    made (level, seasonal index, holiday factor) and the error on held-back history."""
    return summaries.forecast_summary(forecasting.demand_forecast(session, weeks))


@router.get("/demand/zones")
def customer_zones(
    session: SessionDep, _hr: HRUser, weeks: Annotated[int, Query(ge=1, le=52)] = 13
) -> summaries.ZoneReportPublic:
    """Where demand comes from: per customer time zone, hour by hour in the line's zone, how
    much arrives in staffed hours, and a shift in the customers' daytime where it is missed."""
    return summaries.zone_summary(zones.zone_report(session, weeks))
