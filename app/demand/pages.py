"""Web: contact history import, what the line achieves (with charts), and a staffing
calculator (Erlang C)."""

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import func, select

from app import clock
from app.db import SessionDep
from app.demand import charts, contacts_import, outcomes
from app.demand.formats import FORMATS
from app.demand.models import Contact
from app.demand.uploads import Upload, text_lines
from app.errors import AppError
from app.limits import large_upload_max
from app.web.deps import HRForm, HRPage, redirect
from app.web.templating import render
from staffing_math import erlang

router = APIRouter(include_in_schema=False)


def _range(session: SessionDep, weeks: int) -> tuple[date, date]:
    last = session.exec(select(func.max(Contact.week))).one() or clock.monday(clock.today())
    return last - timedelta(weeks=max(weeks, 1) - 1), last


def _staffing(request: Request) -> dict[str, object] | None:
    params = request.query_params
    if "calls" not in params:
        return None
    try:
        result = erlang.agents_for(
            float(params["calls"]),
            float(params.get("interval_minutes", 30)) * 60,
            float(params.get("aht_seconds", 180)),
            float(params.get("target", 80)) / 100,
            float(params.get("within_seconds", 20)),
            concurrency=int(params.get("concurrency", 1)),
        )
    except ValueError as exc:
        return {"error": str(exc)}
    return {"result": result}


@router.get("/demand")
def demand_page(
    request: Request, session: SessionDep, _hr: HRPage, weeks: int = 12, error: str = ""
) -> HTMLResponse:
    first, last = _range(session, min(weeks, 104))
    found = outcomes.report(session, first, last)
    series = {
        channel: [
            found["weekly"].get((week, channel), {}).get("first_response_median_s")
            for week in found["weeks"]
        ]
        for channel in found["channels"]
    }
    chart = charts.weekly_lines(
        "Median time to first response per week and channel", found["weeks"], series, "ttfr"
    )
    resolution = charts.weekly_lines(
        "Median time to resolution per week and channel",
        found["weeks"],
        {
            channel: [
                found["weekly"].get((week, channel), {}).get("resolution_median_s")
                for week in found["weeks"]
            ]
            for channel in found["channels"]
        },
        "ttr",
    )
    return render(
        request,
        "demand/index.html",
        found=found,
        first=first,
        last=last,
        weeks=weeks,
        chart=chart,
        resolution=resolution,
        groups=outcomes.GROUP_TEXT,
        duration=charts.duration,
        formats=sorted(FORMATS),
        contacts=session.exec(select(func.count()).select_from(Contact)).one(),
        staffing=_staffing(request),
        params=request.query_params,
        error=error,
    )


@router.post("/demand/import", max_body_size=large_upload_max())
def import_page(
    request: Request,
    session: SessionDep,
    _hr: HRForm,
    upload: Upload,
    format: Annotated[str, Form(max_length=20)] = "generic",
    dry_run: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    try:
        report = contacts_import.import_contacts(session, text_lines(upload), format, bool(dry_run))
    except AppError as exc:
        session.rollback()
        problems = "; ".join(f"{e['field']}: {e['message']}" for e in exc.errors[:10])
        return demand_page(request, session, _hr, error=f"{exc.detail} {problems}".strip())
    if dry_run:
        session.rollback()
        return redirect("/demand", f"All {report.rows} rows are fine; nothing was imported yet.")
    return redirect(
        "/demand",
        f"Imported {report.rows} contacts ({report.created} new, {report.updated} updated).",
    )
