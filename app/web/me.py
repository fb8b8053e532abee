"""Web: "My rotation" for everyone with an employee record, and the same view of anyone for HR."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from app import clock
from app.calendars import tokens as calendars
from app.calendars.models import FeedKind
from app.db import SessionDep
from app.learning import growth
from app.people.models import Department, Employee
from app.people.service import get_employee
from app.schedules import reports, store
from app.web.deps import HRPage, PageViewer, Viewer
from app.web.templating import render

router = APIRouter(include_in_schema=False)


def _rotation_page(
    request: Request, session: Session, viewer: Viewer, employee: Employee, own: bool
) -> HTMLResponse:
    today = clock.today()
    published = store.published(session)
    upcoming = (
        reports.upcoming(
            session=session, schedule=published, employee_id=employee.id or 0, today=today
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
