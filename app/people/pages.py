"""Web (HR): employees with search and CSV import."""

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, col

from app import clock
from app.db import SessionDep, saved_id
from app.errors import AppError, Invalid
from app.limits import upload_body_max
from app.pagination import PageParams, paginate
from app.people import csv_import, login_summary, service
from app.people.department_pages import department_options
from app.people.models import (
    Employee,
    EmployeeCreate,
    EmployeeUpdate,
)
from app.people.questions import last_and_next_turns
from app.people.working_week import format_day_hours, format_workdays
from app.uploads import UploadedFile
from app.validation import ascii_id
from app.web.crud import form_page, submit_form
from app.web.deps import HRForm, HRPage, PostedForm, redirect
from app.web.forms import Field
from app.web.templating import render

router = APIRouter(include_in_schema=False)


# --- Employees --------------------------------------------------------------------------------


def employee_fields(session: Session, *, editing: bool) -> list[Field]:
    fields = [
        Field("name", "Full name", required=True),
        Field("email", "Work email", "email", required=True),
        Field(
            "department_id",
            "Department",
            "select",
            required=True,
            options=department_options(session),
        ),
        Field("title", "Job title"),
        Field(
            "hire_date",
            "Hire date",
            "date",
            "New hires start on the line within weeks of this date.",
            required=True,
        ),
        Field("is_executive", "Executive", "checkbox", "Executives answer customers regularly."),
        Field(
            "timezone",
            "Time zone",
            help="IANA name, e.g. Europe/Berlin or America/New_York.",
            required=True,
        ),
        Field("work_start", "Working hours start", "time", "Local time."),
        Field(
            "work_end",
            "Working hours end",
            "time",
            "Local time; shifts stay inside these hours. An end before the start runs past "
            "midnight (22:00 to 03:00).",
        ),
        Field(
            "workdays",
            "Working week",
            help="Days they work: Mon-Fri, Sun-Thu, or Mon, Wed, Fri.",
            required=True,
        ),
        Field(
            "day_hours",
            "Hours that differ by weekday",
            help="For example Sat 10:00-18:00; Sun 12:00-20:00. Other working days keep the "
            "hours above.",
        ),
        Field(
            "preferred_hours",
            "Hours they prefer",
            help="For example Mon 13:00-18:00; Tue 13:00-18:00. Seats follow them where the "
            "line allows; other hours those days count as not preferred.",
        ),
        Field(
            "avoided_hours",
            "Hours they would rather not work",
            help="For example Fri 15:00-18:00. Soft: the line's needs come first.",
        ),
        Field(
            "last_day",
            "Last working day",
            "date",
            "A known leaving date: they are not planned after it.",
        ),
        Field(
            "moves_to_department_id",
            "Moves to department",
            "select",
            "A move recorded ahead: until the day below they stay where they are.",
            options=[("", "No move planned")] + department_options(session),
        ),
        Field(
            "moves_on",
            "Move takes effect on",
            "date",
            "Made on this day (at once if it is today or earlier).",
        ),
        Field(
            "skills",
            "Skills",
            "list",
            "Languages and product areas, separated by commas (de, billing).",
        ),
        Field("exempt_reason", "Exempt from rotating because", help="Leave empty if not exempt."),
        Field("exempt_until", "Exempt until", "date"),
    ]
    if editing:
        fields.append(Field("active", "Active", "checkbox", "Inactive people are never scheduled."))
    return fields


def _employee_values(employee: Employee) -> dict[str, Any]:
    values = employee.model_dump()
    values["skills"] = ", ".join(employee.skills)
    values["workdays"] = format_workdays(employee.workdays)
    for key in ("day_hours", "preferred_hours", "avoided_hours"):
        values[key] = format_day_hours(getattr(employee, key))
    for key in ("work_start", "work_end"):
        values[key] = employee.model_dump()[key].strftime("%H:%M")
    return values


SORTS = {
    "name": (col(Employee.name),),
    "department": (col(Employee.department_id), col(Employee.name)),
    "hired": (col(Employee.hire_date), col(Employee.name)),
    "-hired": (col(Employee.hire_date).desc(), col(Employee.name)),
}


@router.get("/employees")
def employees_page(
    request: Request,
    session: SessionDep,
    _hr: HRPage,
    q: Annotated[str, Query(max_length=100)] = "",
    department_id: Annotated[str, Query(max_length=12)] = "",
    status: Annotated[str, Query(pattern="^(active|inactive|all)$")] = "active",
    executive: bool = False,
    new_hires: bool = False,
    offset: Annotated[int, Query(ge=0)] = 0,
    sort: Annotated[str, Query(pattern="^(name|department|hired|-hired)$")] = "name",
) -> HTMLResponse:
    dept = ascii_id(department_id)
    query = service.employee_query(
        department_id=dept,
        active=None if status == "all" else status == "active",
        is_executive=True if executive else None,
        hired_after=clock.today().replace(year=clock.today().year - 1) if new_hires else None,
        search=q or None,
    )
    query = query.order_by(None).order_by(*SORTS[sort], col(Employee.id))
    page = paginate(session, query, PageParams(limit=50, offset=offset))
    names = dict((int(k), v) for k, v in department_options(session))
    filters = {
        "q": q,
        "department_id": department_id,
        "status": status,
        "executive": executive,
        "new_hires": new_hires,
    }
    query_text = "&".join(f"{k}={quote(str(v))}" for k, v in filters.items() if v)
    base = f"/employees?{query_text}&sort={sort}&"
    return render(
        request,
        "people/employees.html",
        page=page,
        names=names,
        filters=filters,
        departments=department_options(session),
        base=base,
        sort_base=f"/employees?{query_text}&",
        sort=sort,
        turns=last_and_next_turns(session, [saved_id(e) for e in page.items], clock.today()),
        today=clock.today(),
    )


def _employee_page(action: str, title: str) -> dict[str, Any]:
    return {"title": title, "action": action, "submit": "Save", "back": "/employees"}


@router.get("/employees/new")
def new_employee(request: Request, session: SessionDep, _hr: HRPage) -> HTMLResponse:
    values = {
        "timezone": "America/New_York",
        "work_start": "09:00",
        "work_end": "17:00",
        "workdays": "Mon-Fri",
        "hire_date": clock.today().isoformat(),
    }
    return form_page(
        request,
        fields=employee_fields(session, editing=False),
        values=values,
        **_employee_page("/employees/new", "New employee"),
    )


@router.post("/employees/new")
def create_employee(
    request: Request, form: PostedForm, session: SessionDep, hr: HRForm
) -> Response:
    return submit_form(
        request,
        form,
        session,
        hr,
        fields=employee_fields(session, editing=False),
        model=EmployeeCreate,
        save=lambda data: service.create_employee(session=session, data=data, actor=hr.user),
        done="/employees",
        flash="Employee added.",
        page=_employee_page("/employees/new", "New employee"),
    )


@router.get("/employees/{employee_id}/edit")
def edit_employee(
    employee_id: int, request: Request, session: SessionDep, _hr: HRPage
) -> HTMLResponse:
    employee = service.get_employee(session=session, employee_id=employee_id)
    return form_page(
        request,
        fields=employee_fields(session, editing=True),
        values=_employee_values(employee),
        current=employee,
        sign_in=login_summary.summary(session, employee),
        invite_action=f"/access/invite/{employee_id}" if employee.active else None,
        privacy_link=f"/employees/{employee_id}/privacy",
        **_employee_page(f"/employees/{employee_id}/edit", f"Edit {employee.name}"),
    )


@router.post("/employees/{employee_id}/edit")
def update_employee(
    employee_id: int, request: Request, form: PostedForm, session: SessionDep, hr: HRForm
) -> Response:
    employee = service.get_employee(session=session, employee_id=employee_id)
    return submit_form(
        request,
        form,
        session,
        hr,
        fields=employee_fields(session, editing=True),
        model=EmployeeCreate,
        save=lambda data: service.update_employee(
            session=session,
            employee_id=employee_id,
            data=EmployeeUpdate.model_validate(data.model_dump()),
            actor=hr.user,
        ),
        done="/employees",
        flash="Employee saved.",
        page=_employee_page(f"/employees/{employee_id}/edit", f"Edit {employee.name}"),
        current=employee,
    )


@router.post("/employees/{employee_id}/deactivate")
def deactivate_employee(employee_id: int, session: SessionDep, hr: HRForm) -> Response:
    employee = service.deactivate_employee(session=session, employee_id=employee_id, actor=hr.user)
    return redirect("/employees", f"{employee.name} is deactivated.")


@router.get("/employees/import")
def import_page(request: Request, _hr: HRPage) -> HTMLResponse:
    return render(request, "people/import.html", report=None, errors=[], message="", csv_text="")


KEEP_TEXT_UP_TO = 200_000  # characters of a refused file shown again for fixing in place


@router.post("/employees/import", max_body_size=upload_body_max())
def import_employees(
    request: Request, form: PostedForm, upload: UploadedFile, session: SessionDep, _hr: HRForm
) -> Response:
    dry_run = form.get("dry_run") == "on"
    text = str(form.get("csv_text") or "")
    try:
        raw = upload.raw if upload.missing and text.strip() else upload.read()
        if raw.strip():  # a chosen file wins over pasted rows
            text = raw.decode("utf-8-sig", errors="replace")
        if not text.strip():
            raise Invalid("Choose a CSV file or paste its rows, header first.", field="file")
        report = csv_import.import_employees(session=session, text=text, dry_run=dry_run)
    except AppError as exc:
        session.rollback()
        # The rows come back in the text box, so HR fixes them there and sends them again.
        return render(
            request,
            "people/import.html",
            status=exc.status,
            report=None,
            errors=exc.errors,
            message=exc.detail,
            dry_run=dry_run,
            csv_text=text if len(text) <= KEEP_TEXT_UP_TO else "",
        )
    if dry_run:
        session.rollback()
    return render(
        request,
        "people/import.html",
        report=report,
        dry_run=dry_run,
        errors=[],
        message="",
        csv_text=text if dry_run else "",
    )
