"""REST: contact history import, the demand forecast (weeks and half hours, JSON and CSV),
the events that change demand, and where demand comes from."""

import io
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from app import clock
from app.auth.deps import HRUser
from app.csv_cells import SpreadsheetWriter
from app.db import SessionDep
from app.demand import contacts_import, events, forecasting, summaries, zones
from app.demand.models import DemandEventBase, DemandEventPublic
from app.demand.uploads import Upload, text_lines
from app.errors import Invalid
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


Weeks = Annotated[int, Query(ge=1, le=52, description="Weeks to forecast")]
Start = Annotated[
    date | None,
    Query(description="First Monday to forecast (line's zone); default: next Monday"),
]
FURTHEST_START = timedelta(weeks=104)


def _start(start: date | None) -> date | None:
    if start is None:
        return None
    if start.weekday() != 0:
        raise Invalid(f"{start} is a {start:%A}; the forecast starts on a Monday.", field="start")
    if start > clock.today() + FURTHEST_START:
        raise Invalid("The forecast starts at most two years ahead.", field="start")
    return start


@router.get("/demand/forecast")
def demand_forecast(
    session: SessionDep,
    _hr: HRUser,
    weeks: Weeks = 13,
    start: Start = None,
    intervals: Annotated[bool, Query(description="Include every half hour")] = False,
) -> summaries.ForecastPublic:
    """Contacts per channel for the weeks from `start` (in the line's zone): the model used
    (the lowest error in a backtest against the standard models, all listed), how Rota's own
    decomposition reads the history (level, growth, seasonal index, holiday factor), the
    events applied, the error on held-back history, and with `intervals=true` every half hour.
    A `start` in the past forecasts from the weeks before it, as it would have then."""
    found = forecasting.demand_forecast(session, weeks, _start(start))
    return summaries.forecast_summary(found, intervals)


@router.get(
    "/demand/forecast.csv",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}}},
)
def demand_forecast_csv(
    session: SessionDep, _hr: HRUser, weeks: Weeks = 13, start: Start = None
) -> Response:
    """The same forecast as CSV: one row per channel and half hour (start with its UTC
    offset, contacts), with the model that made it."""
    found = forecasting.demand_forecast(session, weeks, _start(start))
    zone = ZoneInfo(found.zone)

    def rows() -> Iterator[str]:
        out = io.StringIO()
        writer = SpreadsheetWriter(out)
        writer.writerow(["channel", "interval_start", "contacts", "model"])
        for name, predicted in found.channels.items():
            for moment, contacts in summaries.half_hours(predicted, found.horizon, zone):
                writer.writerow([name, moment.isoformat(), f"{contacts:.2f}", predicted.model])
            yield out.getvalue()
            out.seek(0)
            out.truncate()
        yield out.getvalue()

    first = found.horizon[0]
    return StreamingResponse(
        rows(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="forecast-{first}.csv"'},
    )


@router.get("/demand/events")
def list_demand_events(session: SessionDep, _hr: HRUser) -> list[DemandEventPublic]:
    """Launches, campaigns and outages HR marked, with their expected lift."""
    return events.list_events(session)


@router.post("/demand/events", status_code=201)
def create_demand_event(
    session: SessionDep, _hr: HRUser, data: DemandEventBase
) -> DemandEventPublic:
    """Mark days that will (or did) change demand: the forecast lifts them, and once past
    they are left out of what the models learn from."""
    return events.create_event(session, data)


@router.delete("/demand/events/{event_id}", status_code=204)
def delete_demand_event(session: SessionDep, _hr: HRUser, event_id: int) -> Response:
    events.delete_event(session, event_id)
    return Response(status_code=204)


@router.get("/demand/zones")
def customer_zones(
    session: SessionDep, _hr: HRUser, weeks: Annotated[int, Query(ge=1, le=52)] = 13
) -> summaries.ZoneReportPublic:
    """Where demand comes from: per customer time zone, hour by hour in the line's zone, how
    much arrives in staffed hours, and a shift in the customers' daytime where it is missed."""
    return summaries.zone_summary(zones.zone_report(session, weeks))
