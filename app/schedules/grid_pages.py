"""Web: the rotation grid of a schedule, as a page and as a CSV file."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, col, select

from app import clock
from app.db import SessionDep
from app.errors import Invalid
from app.people.models import Department
from app.schedules import grid, service
from app.schedules.models import Schedule
from app.validation import ascii_id
from app.web.deps import HRPage
from app.web.templating import render

router = APIRouter(include_in_schema=False)


def _grid(
    session: Session, schedule_id: int, department_id: str, q: str, first: str, weeks: int
) -> tuple[Schedule, grid.Grid]:
    schedule = service.get_schedule(session=session, schedule_id=schedule_id)
    try:
        start = date.fromisoformat(first) if first else None
    except ValueError as exc:
        raise Invalid("Give the first week as a date, such as 2027-03-01.", field="from") from exc
    found = grid.grid(
        session, schedule, department_id=ascii_id(department_id), search=q, first=start, weeks=weeks
    )
    return schedule, found


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
) -> HTMLResponse:
    schedule, found = _grid(session, schedule_id, department_id, q, first, weeks)
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
) -> Response:
    schedule, found = _grid(session, schedule_id, department_id, q, first, weeks)
    return Response(
        grid.as_csv(found),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="rotation-{schedule.id}.csv"'},
    )
