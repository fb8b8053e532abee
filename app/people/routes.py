"""REST: departments, employees, time off and the CSV import."""

from typing import Annotated

from fastapi import APIRouter, Query, Response
from sqlmodel import col, select

from app.auth.deps import CurrentUser, HRUser, is_hr
from app.auth.models import User
from app.auth.scope import acting_for, require_own
from app.db import SessionDep, saved_id
from app.limits import upload_body_max
from app.pagination import Page, PageDep, paginate
from app.people import csv_import, service
from app.people.models import (
    Department,
    DepartmentCreate,
    DepartmentPublic,
    DepartmentUpdate,
    EmployeeCreate,
    EmployeeImportResult,
    EmployeePublic,
    EmployeeUpdate,
    TimeOffCreate,
    TimeOffPublic,
    TimeOffUpdate,
)
from app.uploads import Upload, UploadedFile
from app.validation import Day, Flag

router = APIRouter()


def _own_employee(user: User, employee_id: int) -> None:
    require_own(user, employee_id, "Employees can see and change only their own records.")


# --- Departments ------------------------------------------------------------------------------


@router.get("/departments", tags=["departments"])
def list_departments(
    session: SessionDep, _user: CurrentUser, page: PageDep
) -> Page[DepartmentPublic]:
    result = paginate(session, select(Department).order_by(col(Department.name)), page)
    counts = service.headcounts(session=session)
    items = [DepartmentPublic.of(d, counts.get(saved_id(d), 0)) for d in result.items]
    return Page[DepartmentPublic](
        items=items, total=result.total, limit=page.limit, offset=page.offset
    )


@router.post("/departments", status_code=201, tags=["departments"])
def create_department(body: DepartmentCreate, session: SessionDep, _hr: HRUser) -> DepartmentPublic:
    department = service.create_department(session=session, data=body)
    return DepartmentPublic.of(department, 0)


@router.get("/departments/{department_id}", tags=["departments"])
def read_department(
    department_id: int, session: SessionDep, _user: CurrentUser
) -> DepartmentPublic:
    department = service.get_department(session=session, department_id=department_id)
    count = service.headcounts(session=session).get(department_id, 0)
    return DepartmentPublic.of(department, count)


@router.patch("/departments/{department_id}", tags=["departments"])
def update_department(
    department_id: int, body: DepartmentUpdate, session: SessionDep, _hr: HRUser
) -> DepartmentPublic:
    department = service.update_department(session=session, department_id=department_id, data=body)
    count = service.headcounts(session=session).get(department_id, 0)
    return DepartmentPublic.of(department, count)


@router.delete("/departments/{department_id}", status_code=204, tags=["departments"])
def delete_department(department_id: int, session: SessionDep, _hr: HRUser) -> Response:
    service.delete_department(session=session, department_id=department_id)
    return Response(status_code=204)


# --- Employees --------------------------------------------------------------------------------


@router.get("/employees", tags=["employees"])
def list_employees(
    session: SessionDep,
    _hr: HRUser,
    page: PageDep,
    department_id: int | None = None,
    active: Flag | None = None,
    is_executive: Flag | None = None,
    hired_after: Day | None = None,
    q: Annotated[str | None, Query(max_length=100, description="Name or email contains")] = None,
) -> Page[EmployeePublic]:
    query = service.employee_query(
        department_id=department_id,
        active=active,
        is_executive=is_executive,
        hired_after=hired_after,
        search=q,
    )
    return paginate(session, query, page)


@router.post("/employees", status_code=201, tags=["employees"])
def create_employee(body: EmployeeCreate, session: SessionDep, user: HRUser) -> EmployeePublic:
    employee = service.create_employee(session=session, data=body, actor=user)
    return EmployeePublic.model_validate(employee)


@router.post("/employees/import", tags=["employees"], max_body_size=upload_body_max())
def import_employees(
    upload: UploadedFile,
    session: SessionDep,
    _hr: HRUser,
    dry_run: Flag = False,
) -> EmployeeImportResult:
    """Send the CSV as the request body (text/csv) or as a multipart field named `file`."""
    text = _csv_text(upload)
    report = csv_import.import_employees(session=session, text=text, dry_run=dry_run)
    return EmployeeImportResult(
        rows=report.rows,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        departments_created=report.departments_created,
        dry_run=dry_run,
    )


def _csv_text(upload: Upload) -> str:
    raw = upload.read()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


@router.get("/employees/{employee_id}", tags=["employees"])
def read_employee(employee_id: int, session: SessionDep, user: CurrentUser) -> EmployeePublic:
    _own_employee(user, employee_id)
    return EmployeePublic.model_validate(
        service.get_employee(session=session, employee_id=employee_id)
    )


@router.patch("/employees/{employee_id}", tags=["employees"])
def update_employee(
    employee_id: int, body: EmployeeUpdate, session: SessionDep, user: HRUser
) -> EmployeePublic:
    employee = service.update_employee(
        session=session, employee_id=employee_id, data=body, actor=user
    )
    return EmployeePublic.model_validate(employee)


@router.delete("/employees/{employee_id}", tags=["employees"])
def deactivate_employee(employee_id: int, session: SessionDep, user: HRUser) -> EmployeePublic:
    """Deactivates: the person leaves future plans, their rotation history stays."""
    employee = service.deactivate_employee(session=session, employee_id=employee_id, actor=user)
    return EmployeePublic.model_validate(employee)


# --- Time off ---------------------------------------------------------------------------------


@router.get("/time-off", tags=["time off"])
def list_time_off(
    session: SessionDep,
    user: CurrentUser,
    page: PageDep,
    employee_id: int | None = None,
    department_id: int | None = None,
    start: Annotated[Day | None, Query(description="Overlapping on or after")] = None,
    end: Annotated[Day | None, Query(description="Overlapping on or before")] = None,
) -> Page[TimeOffPublic]:
    if not is_hr(user):
        department_id = None
    employee_id = acting_for(user, employee_id, "Employees can see only their own time off.")
    query = service.time_off_query(
        employee_id=employee_id,
        department_id=department_id,
        overlapping_from=start,
        overlapping_to=end,
    )
    return paginate(session, query, page)


@router.post("/time-off", status_code=201, tags=["time off"])
def create_time_off(body: TimeOffCreate, session: SessionDep, user: CurrentUser) -> TimeOffPublic:
    _own_employee(user, body.employee_id)
    return TimeOffPublic.model_validate(service.create_time_off(session=session, data=body))


@router.get("/time-off/{time_off_id}", tags=["time off"])
def read_time_off(time_off_id: int, session: SessionDep, user: CurrentUser) -> TimeOffPublic:
    row = service.get_time_off(session=session, time_off_id=time_off_id)
    _own_employee(user, row.employee_id)
    return TimeOffPublic.model_validate(row)


@router.patch("/time-off/{time_off_id}", tags=["time off"])
def update_time_off(
    time_off_id: int, body: TimeOffUpdate, session: SessionDep, user: CurrentUser
) -> TimeOffPublic:
    _own_employee(user, service.get_time_off(session=session, time_off_id=time_off_id).employee_id)
    row = service.update_time_off(session=session, time_off_id=time_off_id, data=body)
    return TimeOffPublic.model_validate(row)


@router.delete("/time-off/{time_off_id}", status_code=204, tags=["time off"])
def delete_time_off(time_off_id: int, session: SessionDep, user: CurrentUser) -> Response:
    _own_employee(user, service.get_time_off(session=session, time_off_id=time_off_id).employee_id)
    service.delete_time_off(session=session, time_off_id=time_off_id)
    return Response(status_code=204)
