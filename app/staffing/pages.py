"""Web: staffing from demand. Each channel's target, the advice per shift × weekday beside
today's coverage needs (the diff, applied in one click), and a heatmap of the agents the
forecast needs against the seats the coverage needs give, hour by hour."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from app.coverage.models import WEEKDAY_NAMES
from app.db import SessionDep
from app.staffing import recommend, service, views
from app.staffing.models import ChannelTargetBase
from app.web.deps import HRForm, HRPage, PostedForm, redirect
from app.web.templating import render

router = APIRouter(include_in_schema=False)


def heat_rows(need: list[int], seats: list[int]) -> list[list[tuple[int, int]]]:
    """Per weekday, per hour of the line's day: (agents needed, seats), the busier half hour."""
    rows = []
    for day in range(7):
        hours = []
        for hour in range(24):
            halves = [day * 48 + hour * 2, day * 48 + hour * 2 + 1]
            worst = max(halves, key=lambda s: (need[s] - seats[s], need[s]))
            hours.append((need[worst], seats[worst]))
        rows.append(hours)
    return rows


def _page(
    request: Request, session: SessionDep, weeks: int, status: int = 200, error: str = ""
) -> HTMLResponse:
    advice = recommend.advise(session, weeks)
    return render(
        request,
        "staffing/index.html",
        status=status,
        advice=advice,
        weeks=weeks,
        targets={t.channel_id: t for t in service.list_targets(session)},
        heat={c.channel: heat_rows(c.need, c.seats) for c in advice.channels if c.seats},
        uncovered={c.channel: views.uncovered(c) for c in advice.channels},
        weekdays=WEEKDAY_NAMES,
        error=error,
    )


@router.get("/demand/staffing")
def staffing_page(
    request: Request, session: SessionDep, _hr: HRPage, weeks: int = 13
) -> HTMLResponse:
    return _page(request, session, min(max(weeks, 1), 52))


@router.post("/demand/staffing/targets/{channel_id}")
def save_target(
    channel_id: int, request: Request, form: PostedForm, session: SessionDep, _hr: HRForm
) -> Response:
    values: dict[str, object] = {
        k: str(v) for k, v in form.items() if k in ChannelTargetBase.model_fields and v != ""
    }
    try:
        # The form asks for percentages; the model keeps shares.
        for name in ("target", "max_occupancy", "shrinkage"):
            if name in values:
                values[name] = float(str(values[name])) / 100
        data = ChannelTargetBase.model_validate(values)
    except (ValueError, ValidationError) as exc:
        fields = exc.errors() if isinstance(exc, ValidationError) else []
        named = ", ".join(str(e["loc"][0]) for e in fields if e.get("loc")) or "a number"
        return _page(request, session, 13, 422, error=f"Please correct {named} and save again.")
    service.set_target(session, channel_id, data)
    return redirect("/demand/staffing", "Target saved; the advice below uses it.")


@router.post("/demand/staffing/apply")
def apply(
    session: SessionDep,
    _hr: HRForm,
    tag: Annotated[str, Form(max_length=64)],
    weeks: Annotated[int, Form(ge=1, le=52)] = 13,
) -> Response:
    applied = service.apply_advice(session, weeks, tag)
    return redirect(
        "/coverage",
        f"Coverage needs follow the demand: {applied.updated} changed, {applied.created} added.",
    )
