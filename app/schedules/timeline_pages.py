"""Web: the timeline of the published plan, for everyone signed in."""

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app import clock
from app.db import SessionDep
from app.errors import Invalid
from app.schedules import store
from app.schedules.timeline import RANGES, timeline
from app.schedules.zone import viewer_zone
from app.web.deps import PageViewer
from app.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/timeline")
def timeline_page(
    request: Request,
    session: SessionDep,
    viewer: PageViewer,
    first: Annotated[str, Query(alias="from", max_length=10)] = "",
    span: Annotated[str, Query(alias="range", pattern="^(week|fortnight|month)$")] = "week",
) -> HTMLResponse:
    today = clock.today()
    try:
        start = clock.monday(date.fromisoformat(first)) if first else clock.monday(today)
    except ValueError as exc:
        raise Invalid("Give the first day as a date, such as 2027-03-01.", field="from") from exc
    zone = viewer_zone(session, viewer)
    published = store.published(session)
    if not first and published is not None and published.start > start:
        start = published.start  # a plan that starts next week: show its first week
    days = RANGES[span]
    found = timeline(session, published, start, days, zone) if published else None
    return render(
        request,
        "schedules/timeline.html",
        found=found,
        start=start,
        span=span,
        today=today,
        zone=zone,
        earlier=start - timedelta(days=days),
        later=start + timedelta(days=days),
    )
