"""Web: time off — who is away from when, filtered by person, department and dates."""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, col, select

from app import clock
from app.db import SessionDep
from app.errors import Invalid
from app.pagination import PageParams, paginate
from app.people import service
from app.people.department_pages import department_options, people_options
from app.people.models import Employee, TimeOffCreate
from app.people.questions import line_holidays
from app.people.time_off_calendar import month_calendar
from app.validation import ascii_id
from app.web.crud import form_page, submit_form
from app.web.deps import HRForm, HRPage, PostedForm, redirect
from app.web.forms import Field
from app.web.templating import render

router = APIRouter(include_in_schema=False)


def time_off_fields(session: Session) -> list[Field]:
    return [
        Field("employee_id", "Employee", "select", required=True, options=people_options(session)),
        Field("first_day", "First day", "date", required=True),
        Field("last_day", "Last day", "date", "The last day away (inclusive).", required=True),
        Field(
            "from_time",
            "Away from",
            "time",
            "For part of a day (a doctor's appointment): from this time, in their zone. "
            "Leave both times empty for whole days.",
        ),
        Field("to_time", "Away until", "time", "… until this time, on each of the days."),
        Field("reason", "Reason", help="Optional; visible to HR only."),
    ]


def _day(value: str, name: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError as exc:
        raise Invalid("Give a date such as 2027-03-01.", field=name) from exc


@router.get("/time-off")
def time_off_page(
    request: Request,
    session: SessionDep,
    _hr: HRPage,
    employee_id: Annotated[str, Query(max_length=12)] = "",
    department_id: Annotated[str, Query(max_length=12)] = "",
    first: Annotated[str, Query(alias="from", max_length=10)] = "",
    until: Annotated[str, Query(max_length=10)] = "",
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    start = _day(first, "from") or clock.today()
    end = _day(until, "until")
    query = service.time_off_query(
        employee_id=ascii_id(employee_id),
        department_id=ascii_id(department_id),
        overlapping_from=start,
        overlapping_to=end,
    )
    page = paginate(session, query, PageParams(limit=50, offset=offset))
    ids = {t.employee_id for t in page.items}
    names = {
        e.id: e.name
        for e in session.exec(select(Employee).where(col(Employee.id).in_(ids or {-1}))).all()
    }
    filters = {"employee_id": employee_id, "department_id": department_id, "from": first}
    filters["until"] = until
    base = "/time-off?" + "&".join(f"{k}={v}" for k, v in filters.items() if v) + "&"
    return render(
        request,
        "people/time_off.html",
        page=page,
        names=names,
        filters=filters,
        start=start,
        people=people_options(session),
        departments=department_options(session),
        base=base,
    )


@router.get("/time-off/calendar")
def time_off_calendar_page(
    request: Request,
    session: SessionDep,
    _hr: HRPage,
    month: Annotated[str, Query(max_length=7)] = "",
    department_id: Annotated[str, Query(max_length=12)] = "",
) -> HTMLResponse:
    first = _month(month) or clock.today().replace(day=1)
    country, subdivision = line_holidays(session)
    calendar = month_calendar(
        session=session,
        month=first,
        department_id=ascii_id(department_id),
        line_country=country,
        line_subdivision=subdivision,
    )
    return render(
        request,
        "people/time_off_calendar.html",
        calendar=calendar,
        department_id=department_id,
        departments=department_options(session),
        today=clock.today(),
    )


def _month(value: str) -> date | None:
    try:
        return date.fromisoformat(value + "-01") if value else None
    except ValueError as exc:
        raise Invalid("Give a month such as 2027-03.", field="month") from exc


_TIME_OFF_PAGE: dict[str, Any] = {
    "title": "Add time off",
    "action": "/time-off/new",
    "submit": "Add",
    "back": "/time-off",
}


@router.get("/time-off/new")
def new_time_off(request: Request, session: SessionDep, _hr: HRPage) -> HTMLResponse:
    return form_page(request, fields=time_off_fields(session), values={}, **_TIME_OFF_PAGE)


@router.post("/time-off/new")
def create_time_off(
    request: Request, form: PostedForm, session: SessionDep, hr: HRForm
) -> Response:
    return submit_form(
        request,
        form,
        session,
        hr,
        fields=time_off_fields(session),
        model=TimeOffCreate,
        save=lambda data: service.create_time_off(session=session, data=data),
        done="/time-off",
        flash="Time off added. Re-plan to move anyone it affects.",
        page=_TIME_OFF_PAGE,
    )


@router.post("/time-off/{time_off_id}/delete")
def delete_time_off(time_off_id: int, session: SessionDep, _hr: HRForm) -> Response:
    service.delete_time_off(session=session, time_off_id=time_off_id)
    return redirect("/time-off", "Time off removed.")
