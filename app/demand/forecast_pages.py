"""Web: the demand forecast (with how it is made and how wrong it was on held-back weeks) and
where demand comes from (customers' time zones, with shifts suggested in their daytime)."""

from datetime import date, time
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from app.coverage import service as coverage
from app.coverage.models import ShiftTemplateCreate
from app.db import SessionDep
from app.demand import charts, events, forecasting, zones
from app.demand.models import DemandEventBase
from app.errors import Invalid
from app.web.deps import HRForm, HRPage, redirect
from app.web.templating import render

router = APIRouter(include_in_schema=False)
HISTORY_SHOWN = 26


@router.get("/demand/forecast")
def forecast_page(
    request: Request, session: SessionDep, _hr: HRPage, weeks: int = 13
) -> HTMLResponse:
    return _forecast_page(request, session, min(max(weeks, 1), 52))


def _forecast_page(
    request: Request, session: SessionDep, weeks: int, status: int = 200, error: str = ""
) -> HTMLResponse:
    found = forecasting.demand_forecast(session, weeks)
    figures = {}
    for name, predicted in found.channels.items():
        past = sorted(found.history[name])[-HISTORY_SHOWN:]
        axis = past + found.horizon
        figures[name] = charts.weekly_lines(
            f"Contacts per week on {name}: the last {len(past)} weeks and the forecast",
            axis,
            {
                "history": [sum(found.history[name][w]) for w in past] + [None] * weeks,
                "forecast": [None] * len(past) + [predicted.total(w) for w in found.horizon],
            },
            f"fc-{name}",
            label=charts.count,
            dashed=frozenset({"forecast"}),
        )
    return render(
        request,
        "demand/forecast.html",
        found=found,
        weeks=weeks,
        figures=figures,
        events=events.list_events(session),
        error=error,
        status=status,
    )


@router.post("/demand/events")
def create_event(
    request: Request,
    session: SessionDep,
    _hr: HRForm,
    name: Annotated[str, Form(min_length=1, max_length=80)],
    first_day: Annotated[date, Form()],
    last_day: Annotated[date, Form()],
    lift_percent: Annotated[float, Form(ge=-90, le=500)],
    channel: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """Mark a launch, a campaign or an outage; the forecast below includes it."""
    data = DemandEventBase(
        name=name,
        channel=channel or None,
        first_day=first_day,
        last_day=last_day,
        lift_percent=lift_percent,
    )
    try:
        created = events.create_event(session, data)
    except Invalid as exc:
        return _forecast_page(request, session, 13, 422, error=exc.detail)
    return redirect("/demand/forecast", f"{created.name} is in the forecast.")


@router.post("/demand/events/{event_id}/delete")
def delete_event(session: SessionDep, _hr: HRForm, event_id: int) -> Response:
    events.delete_event(session, event_id)
    return redirect("/demand/forecast", "Event removed; the forecast no longer counts it.")


@router.get("/demand/zones")
def zones_page(request: Request, session: SessionDep, _hr: HRPage, weeks: int = 13) -> HTMLResponse:
    report = zones.zone_report(session, min(max(weeks, 1), 52))
    return render(request, "demand/zones.html", report=report, weeks=weeks)


@router.post("/demand/zones/shift")
def create_suggested_shift(
    session: SessionDep,
    _hr: HRForm,
    name: Annotated[str, Form(max_length=80)],
    start: Annotated[time, Form()],
    end: Annotated[time, Form()],
    timezone: Annotated[str, Form(max_length=64)],
) -> Response:
    """Make the suggested shift a shift template; its coverage needs come from the staffing
    advice (or are set by hand)."""
    shift = coverage.create_shift_template(
        session=session,
        data=ShiftTemplateCreate(
            name=name, start_time=start, end_time=end, timezone=timezone, weekdays=[0, 1, 2, 3, 4]
        ),
    )
    return redirect(
        "/demand/staffing",
        f"Shift {shift.name} created. Staffing advice now counts it; apply to give it people.",
    )
