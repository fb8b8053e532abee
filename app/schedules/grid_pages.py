"""Web: the rotation grid of a schedule, as a page and as a CSV file."""

from collections.abc import Iterator
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, StreamingResponse
from sqlmodel import col, select

from app import clock
from app.db import SessionDep, read_apart
from app.errors import Invalid
from app.people.models import Department
from app.schedules import grid, service
from app.validation import ascii_id
from app.web.deps import HRPage
from app.web.templating import render

router = APIRouter(include_in_schema=False)


def _first(first: str) -> date | None:
    try:
        return date.fromisoformat(first) if first else None
    except ValueError as exc:
        raise Invalid("Give the first week as a date, such as 2027-03-01.", field="from") from exc


@router.get("/schedules/{schedule_id}/grid")
def grid_page(
    schedule_id: int,
    request: Request,
    session: SessionDep,
    _hr: HRPage,
    department_id: Annotated[str, Query(max_length=12)] = "",
    q: Annotated[str, Query(max_length=80)] = "",
    first: Annotated[str, Query(alias="from", max_length=10)] = "",
    weeks: Annotated[int, Query(ge=1, le=104)] = 26,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> HTMLResponse:
    schedule = service.get_schedule(session=session, schedule_id=schedule_id)
    found = grid.grid(
        session,
        schedule,
        department_id=ascii_id(department_id),
        search=q,
        first=_first(first),
        weeks=weeks,
        offset=offset,
        limit=grid.PAGE,
    )
    departments = session.exec(select(Department).order_by(col(Department.name))).all()
    return render(
        request,
        "schedules/grid.html",
        schedule=schedule,
        grid=found,
        departments=departments,
        department_id=department_id,
        q=q,
        shown_weeks=weeks,
        today=clock.today(),
        query=request.url.query,
        page_url=f"/schedules/{schedule_id}/grid?"
        + urlencode({"department_id": department_id, "q": q, "from": first, "weeks": weeks})
        + "&",
    )


@router.get("/schedules/{schedule_id}/grid.csv")
def grid_csv(
    schedule_id: int,
    session: SessionDep,
    _hr: HRPage,
    department_id: Annotated[str, Query(max_length=12)] = "",
    q: Annotated[str, Query(max_length=80)] = "",
    first: Annotated[str, Query(alias="from", max_length=10)] = "",
    weeks: Annotated[int, Query(ge=1, le=104)] = 104,
) -> StreamingResponse:
    """Every matching person, streamed page by page (each page read in its own short
    transaction), so the file of a company of any size starts at once."""
    schedule = service.get_schedule(session=session, schedule_id=schedule_id)
    department, start = ascii_id(department_id), _first(first)

    def pages() -> Iterator[grid.Grid]:
        offset = 0
        while True:
            found = read_apart(
                grid.grid,
                schedule,
                department_id=department,
                search=q,
                first=start,
                weeks=weeks,
                offset=offset,
                limit=grid.CSV_PAGE,
            )
            yield found
            offset += grid.CSV_PAGE
            if offset >= found.total:
                return

    return StreamingResponse(
        grid.csv_lines(pages()),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="rotation-{schedule.id}.csv"'},
    )
