"""Web: HR's mentoring pairs — a new hire and a mentor to pair where possible, or never — and
the mentor pool beyond its default, everyone named by work email (a company of thousands is not
a drop-down)."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, col, select

from app.db import SessionDep
from app.errors import AppError
from app.people.models import Employee
from app.people.service import employee_by_email
from app.rules import mentor_pairs, mentor_pool
from app.rules.mentor_pairs import MentorPairCreate
from app.rules.mentor_pool import MentorPoolCreate
from app.web.deps import HRForm, HRPage, PostedForm, redirect
from app.web.templating import render

router = APIRouter(include_in_schema=False)


def _page(
    request: Request,
    session: Session,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    pairs = mentor_pairs.listed(session)
    pool = mentor_pool.listed(session)
    ids = {p.mentee_id for p in pairs} | {p.mentor_id for p in pairs}
    ids |= {e.employee_id for e in pool}
    names = {
        e.id: e.name
        for e in session.exec(select(Employee).where(col(Employee.id).in_(ids or {-1}))).all()
    }
    return render(
        request,
        "rules/mentor_pairs.html",
        status=status,
        pairs=pairs,
        pool=pool,
        names=names,
        errors=errors or {},
        values=values or {},
    )


@router.get("/mentor-pairs")
def pairs_page(request: Request, session: SessionDep, _hr: HRPage) -> HTMLResponse:
    return _page(request, session)


@router.post("/mentor-pairs")
def add_pair(request: Request, form: PostedForm, session: SessionDep, _hr: HRForm) -> Response:
    values = {k: str(form.get(k, "")).strip() for k in ("mentee", "mentor", "kind", "note")}
    found = {k: employee_by_email(session=session, email=values[k]) for k in ("mentee", "mentor")}
    errors = {k: "No one with that work email." for k, person in found.items() if person is None}
    if values["kind"] not in ("prefer", "avoid"):
        errors["kind"] = "Choose pair or never pair."
    if not errors:
        mentee, mentor = found["mentee"], found["mentor"]
        assert mentee is not None and mentor is not None and mentee.id and mentor.id
        try:
            mentor_pairs.add(
                session,
                MentorPairCreate(
                    mentee_id=mentee.id,
                    mentor_id=mentor.id,
                    prefer=values["kind"] == "prefer",
                    note=values["note"][:300],
                ),
            )
        except AppError as exc:
            session.rollback()
            field = exc.errors[0]["field"] if exc.errors else "mentor"
            errors[{"mentee_id": "mentee", "mentor_id": "mentor"}.get(field, "mentor")] = exc.detail
    if errors:
        return _page(request, session, errors, values, 422)
    return redirect("/mentor-pairs", "Pairing saved; the next plan follows it.")


@router.post("/mentor-pairs/{pair_id}/delete")
def delete_pair(pair_id: int, session: SessionDep, _hr: HRForm) -> Response:
    mentor_pairs.remove(session, pair_id)
    return redirect("/mentor-pairs", "Pairing removed.")


@router.post("/mentor-pool")
def add_to_pool(request: Request, form: PostedForm, session: SessionDep, _hr: HRForm) -> Response:
    values = {k: str(form.get(k, "")).strip() for k in ("person", "member", "pool_note")}
    person = employee_by_email(session=session, email=values["person"])
    errors = {} if person is not None else {"person": "No one with that work email."}
    if values["member"] not in ("in", "out"):
        errors["member"] = "Choose add to the pool or take out of it."
    if not errors:
        assert person is not None and person.id
        try:
            mentor_pool.add(
                session,
                MentorPoolCreate(
                    employee_id=person.id,
                    member=values["member"] == "in",
                    note=values["pool_note"][:300],
                ),
            )
        except AppError as exc:
            session.rollback()
            errors["person"] = exc.detail
    if errors:
        return _page(request, session, errors, values, 422)
    return redirect("/mentor-pairs", "Mentor pool saved; the next plan follows it.")


@router.post("/mentor-pool/{entry_id}/delete")
def remove_from_pool(entry_id: int, session: SessionDep, _hr: HRForm) -> Response:
    mentor_pool.remove(session, entry_id)
    return redirect("/mentor-pairs", "Back to the default rule for this person.")
