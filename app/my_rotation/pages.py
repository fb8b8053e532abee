"""Web: "My rotation" for everyone with an employee record, and the same view of anyone for HR."""

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlmodel import Session

from app import clock
from app.calendars import tokens as calendars
from app.calendars.models import FeedKind
from app.db import SessionDep, saved_id
from app.errors import AppError, Forbidden, Invalid
from app.learning import growth
from app.people import preferences
from app.people.models import Department, Employee
from app.people.preference_models import HourPreferences, WeekPreferenceSet
from app.people.service import get_employee
from app.people.working_week import format_day_hours
from app.schedules import reports, store
from app.web.deps import FormViewer, HRPage, PageViewer, PostedForm, Viewer, redirect
from app.web.templating import render

router = APIRouter(include_in_schema=False)


def _rotation_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    employee: Employee,
    own: bool,
    **wish_form: Any,
) -> HTMLResponse:
    today = clock.today()
    published = store.published(session)
    upcoming = (
        reports.upcoming(
            session=session, schedule=published, employee_id=saved_id(employee), today=today
        )
        if published
        else []
    )
    feed = calendars.current_feed(
        session=session, kind=FeedKind.employee, owner_id=employee.id, actor=viewer.user
    )
    https_url, webcal_url = calendars.urls(feed)
    department = session.get(Department, employee.department_id)
    return render(
        request,
        "me.html",
        employee=employee,
        department=department,
        own=own,
        upcoming=upcoming,
        feed_url=https_url,
        webcal_url=webcal_url,
        profile=growth.profile(session=session, employee=employee, today=today),
        published=published,
        wishes=preferences.week_preferences(
            session=session, employee_id=saved_id(employee), today=today
        ),
        hours={
            key: format_day_hours(getattr(employee, key))
            for key in ("preferred_hours", "avoided_hours")
        },
        wish_error=wish_form.get("error", ""),
        wish_values=wish_form.get("values", {}),
        hours_error=wish_form.get("hours_error", ""),
        status=wish_form.get("status", 200),
    )


@router.get("/me")
def my_rotation(request: Request, session: SessionDep, viewer: PageViewer) -> HTMLResponse:
    if viewer.user.employee_id is None:
        return render(request, "me_none.html")
    employee = get_employee(session=session, employee_id=viewer.user.employee_id)
    return _rotation_page(request, session, viewer, employee, own=True)


@router.get("/people/{employee_id}")
def person_page(
    employee_id: int, request: Request, session: SessionDep, viewer: HRPage
) -> HTMLResponse:
    employee = get_employee(session=session, employee_id=employee_id)
    own = viewer.user.employee_id == employee_id
    return _rotation_page(request, session, viewer, employee, own=own)


@router.post("/me/week-preferences")
def add_week_preference(
    request: Request, form: PostedForm, session: SessionDep, viewer: FormViewer
) -> Response:
    employee = _own_employee(session, viewer)
    values = {k: str(form.get(k, "")) for k in ("week_start", "wish", "note")}
    try:
        data = WeekPreferenceSet.model_validate({"wish": values["wish"], "note": values["note"]})
        week = _monday_given(values["week_start"])
        preferences.set_week_preference(
            session=session,
            employee_id=saved_id(employee),
            week_start=week,
            data=data,
            today=clock.today(),
        )
    except (AppError, ValidationError) as exc:
        session.rollback()
        message = exc.detail if isinstance(exc, AppError) else "Choose a wish from the list."
        return _rotation_page(
            request, session, viewer, employee, True, error=message, values=values, status=422
        )
    return redirect("/me#wishes", f"Noted for the week of {week:%a %d %b}.")


@router.post("/me/hour-preferences")
def set_hour_preferences(
    request: Request, form: PostedForm, session: SessionDep, viewer: FormViewer
) -> Response:
    employee = _own_employee(session, viewer)
    given = {k: str(form.get(k, "")).strip() for k in ("preferred_hours", "avoided_hours")}
    try:
        data = HourPreferences.model_validate(given)
    except ValidationError as exc:
        field = str(exc.errors()[0]["loc"][0])
        label = {"preferred_hours": "Hours you prefer", "avoided_hours": "Hours to avoid"}
        message = f"{label.get(field, field)}: write them like Mon 13:00-18:00; Fri 09:00-12:00."
        return _rotation_page(
            request, session, viewer, employee, True, hours_error=message, status=422
        )
    preferences.set_hour_preferences(
        session=session, employee_id=saved_id(employee), data=data, actor=viewer.user
    )
    return redirect("/me#hours", "Your hours are noted; the next plan follows them where it can.")


@router.post("/me/week-preferences/{week_start}/delete")
def remove_week_preference(week_start: date, session: SessionDep, viewer: FormViewer) -> Response:
    employee = _own_employee(session, viewer)
    preferences.remove_week_preference(
        session=session, employee_id=saved_id(employee), week_start=week_start
    )
    return redirect("/me#wishes", f"Removed the wish for the week of {week_start:%a %d %b}.")


def _own_employee(session: Session, viewer: Viewer) -> Employee:
    if viewer.user.employee_id is None:
        raise Forbidden("Only people with an employee record have weeks on the line.")
    return get_employee(session=session, employee_id=viewer.user.employee_id)


def _monday_given(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise Invalid(
            "Give the week's Monday as a date, such as 2027-03-01.", field="week_start"
        ) from exc
