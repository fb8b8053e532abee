"""Web (HR): departments, and the pickers of departments and people other pages share."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, col, select

from app.db import SessionDep, saved_id
from app.people import service
from app.people.models import (
    Department,
    DepartmentCreate,
    DepartmentPublic,
    DepartmentUpdate,
    Employee,
)
from app.web.crud import form_page, submit_form
from app.web.deps import HRForm, HRPage, PostedForm, redirect
from app.web.forms import Field
from app.web.templating import render

router = APIRouter(include_in_schema=False)


def department_options(session: Session) -> list[tuple[str, str]]:
    rows = session.exec(select(Department).order_by(col(Department.name))).all()
    return [(str(d.id), d.name) for d in rows]


def people_options(session: Session) -> list[tuple[str, str]]:
    rows = session.exec(select(Employee).where(Employee.active).order_by(col(Employee.name))).all()
    return [(str(e.id), f"{e.name} ({e.email})") for e in rows]


# --- Departments ------------------------------------------------------------------------------


def department_fields(session: Session) -> list[Field]:
    return [
        Field("name", "Name", required=True),
        Field(
            "max_away_fraction",
            "Share that may rotate at once",
            "number",
            "Between 0 and 1. 0.2 lets a fifth of the department be on the line in the same "
            "week, rounded down to whole people but at least one; 0 means nobody rotates.",
            step="0.01",
        ),
        Field("is_support", "Permanent support team", "checkbox", "Its people mentor rotators."),
        Field(
            "lead_employee_id",
            "Department lead",
            "select",
            "Moves the status of learnings routed to this department.",
            options=people_options(session),
        ),
    ]


@router.get("/departments")
def departments_page(request: Request, session: SessionDep, _hr: HRPage) -> HTMLResponse:
    rows = session.exec(select(Department).order_by(col(Department.name))).all()
    counts = service.headcounts(session=session)
    departments = [DepartmentPublic.of(d, counts.get(saved_id(d), 0)) for d in rows]
    return render(request, "people/departments.html", departments=departments)


def _department_page(action: str, title: str) -> dict[str, Any]:
    return {"title": title, "action": action, "submit": "Save", "back": "/departments"}


@router.get("/departments/new")
def new_department(request: Request, session: SessionDep, _hr: HRPage) -> HTMLResponse:
    values = {"max_away_fraction": "0.2", "is_support": False}
    page = _department_page("/departments/new", "New department")
    return form_page(request, fields=department_fields(session), values=values, **page)


@router.post("/departments/new")
def create_department(
    request: Request, form: PostedForm, session: SessionDep, hr: HRForm
) -> Response:
    return submit_form(
        request,
        form,
        session,
        hr,
        fields=department_fields(session),
        model=DepartmentCreate,
        save=lambda data: service.create_department(session=session, data=data),
        done="/departments",
        flash="Department created.",
        page=_department_page("/departments/new", "New department"),
    )


@router.get("/departments/{department_id}/edit")
def edit_department(
    department_id: int, request: Request, session: SessionDep, _hr: HRPage
) -> HTMLResponse:
    department = service.get_department(session=session, department_id=department_id)
    page = _department_page(f"/departments/{department_id}/edit", f"Edit {department.name}")
    return form_page(
        request,
        fields=department_fields(session),
        values=department.model_dump(),
        current=department,
        **page,
    )


@router.post("/departments/{department_id}/edit")
def update_department(
    department_id: int, request: Request, form: PostedForm, session: SessionDep, hr: HRForm
) -> Response:
    department = service.get_department(session=session, department_id=department_id)
    fields = department_fields(session)
    return submit_form(
        request,
        form,
        session,
        hr,
        fields=fields,
        model=DepartmentCreate,  # the form sends every field, so the full schema checks it
        save=lambda data: service.update_department(
            session=session,
            department_id=department_id,
            data=DepartmentUpdate.model_validate(data.model_dump()),
        ),
        done="/departments",
        flash="Department saved.",
        page=_department_page(f"/departments/{department_id}/edit", f"Edit {department.name}"),
        current=department,
    )


@router.post("/departments/{department_id}/delete")
def delete_department(department_id: int, session: SessionDep, _hr: HRForm) -> Response:
    service.delete_department(session=session, department_id=department_id)
    return redirect("/departments", "Department deleted.")
