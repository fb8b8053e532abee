"""A person's data: the export (the person, HR, admins) and forgetting someone now (HR, with
a confirmation), over the API and on a page beside the person's record."""

import json
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from app import audit
from app.auth.deps import CurrentUser, HRUser
from app.auth.scope import require_own
from app.db import SessionDep
from app.errors import Invalid
from app.people import service as people
from app.privacy import erasure
from app.privacy.export import PersonalData, personal_data
from app.rules.service import get_rotation_settings
from app.web.deps import HRForm, HRPage, redirect
from app.web.templating import render

api = APIRouter(tags=["personal data"])
pages = APIRouter(include_in_schema=False)


@api.get("/employees/{employee_id}/export")
def export_person(employee_id: int, session: SessionDep, user: CurrentUser) -> PersonalData:
    """Everything Rota holds about this person, as one document (an access request)."""
    require_own(user, employee_id, "You can export only your own data (HR can export anyone's).")
    return personal_data(session, people.get_employee(session=session, employee_id=employee_id))


class Erasure(BaseModel):
    confirm: str = Field(max_length=254, description="The person's email, typed to confirm")


@api.post("/employees/{employee_id}/erase", status_code=204)
def erase_person(employee_id: int, body: Erasure, session: SessionDep, hr: HRUser) -> Response:
    """Forget this person now: name, email, directory ids, their free texts and absence
    reasons are replaced; turns, counts and learnings stay. Cannot be undone."""
    employee = people.get_employee(session=session, employee_id=employee_id)
    erasure.erase_now(session, employee, confirm=body.confirm, actor=audit.actor_of(hr.id))
    return Response(status_code=204)


@pages.get("/employees/{employee_id}/privacy")
def privacy_page(
    request: Request, employee_id: int, session: SessionDep, _hr: HRPage, error: str = ""
) -> HTMLResponse:
    employee = people.get_employee(session=session, employee_id=employee_id)
    return render(
        request,
        "people/privacy.html",
        employee=employee,
        months=get_rotation_settings(session=session).retention_months,
        error=error,
        status=422 if error else 200,
    )


@pages.get("/employees/{employee_id}/privacy/export.json")
def privacy_download(employee_id: int, session: SessionDep, _hr: HRPage) -> Response:
    employee = people.get_employee(session=session, employee_id=employee_id)
    document = personal_data(session, employee).model_dump(mode="json")
    return Response(
        json.dumps(document, indent=1, ensure_ascii=False),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="person-{employee_id}.json"'},
    )


@pages.post("/employees/{employee_id}/erase")
def erase_form(
    request: Request,
    employee_id: int,
    session: SessionDep,
    hr: HRForm,
    confirm: Annotated[str, Form(max_length=254)] = "",
) -> Response:
    employee = people.get_employee(session=session, employee_id=employee_id)
    try:
        erasure.erase_now(session, employee, confirm=confirm, actor=audit.actor_of(hr.user.id))
    except Invalid as exc:
        return privacy_page(request, employee_id, session, hr, error=exc.detail)
    return redirect("/employees", "The person is forgotten; their turns and counts stay.")
