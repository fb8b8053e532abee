"""Web: sign-in and directory sync for HR and admins. Invitations (one-time links to pass
on), how single sign-on is set up, and SCIM tokens for the identity provider."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, col, select

from app.auth import scim_tokens
from app.auth.models import Role, ScimToken, ScimTokenIssued
from app.config import get_settings
from app.db import SessionDep
from app.errors import Forbidden
from app.identity import invitations
from app.web.deps import HRForm, HRPage, Viewer, redirect
from app.web.templating import render

router = APIRouter(include_in_schema=False)


def _admin(viewer: Viewer) -> None:
    if viewer.user.role != Role.admin.value:
        raise Forbidden("Directory sync tokens are for admins.")


def _page(
    request: Request, session: Session, viewer: Viewer, issued: ScimTokenIssued | None = None
) -> HTMLResponse:
    settings = get_settings()
    is_admin = viewer.user.role == Role.admin.value
    tokens = session.exec(select(ScimToken).order_by(col(ScimToken.id).desc())).all()
    return render(
        request,
        "auth/access.html",
        invitations=invitations.listing(session, viewer.user)[:500],
        settings=settings,
        is_admin=is_admin,
        tokens=tokens if is_admin else [],
        issued=issued,
        scim_url=settings.base_url.rstrip("/") + "/scim/v2",
    )


@router.get("/access")
def access(request: Request, session: SessionDep, hr: HRPage) -> HTMLResponse:
    return _page(request, session, hr)


@router.post("/access/invite")
def invite_everyone(session: SessionDep, hr: HRForm) -> Response:
    made = invitations.invite_ids(session, None, only_without_login=True, actor=hr.user)
    return redirect("/access", f"{len(made)} sign-in link(s) made; copy them below.")


@router.post("/access/invite/{employee_id}")
def invite_one(employee_id: int, session: SessionDep, hr: HRForm) -> Response:
    [(_link, employee)] = invitations.invite_ids(
        session, [employee_id], only_without_login=False, actor=hr.user
    )
    return redirect("/access", f"A new sign-in link for {employee.name} is below.")


@router.post("/access/invitations/{invitation_id}/revoke")
def revoke_invitation(invitation_id: int, session: SessionDep, _hr: HRForm) -> Response:
    _link, employee = invitations.revoke(session, invitation_id)
    return redirect("/access", f"The sign-in link for {employee.name} no longer works.")


@router.post("/access/scim-tokens")
def issue_scim_token(
    request: Request,
    session: SessionDep,
    hr: HRForm,
    name: Annotated[str, Form(min_length=1, max_length=100)] = "directory",
) -> HTMLResponse:
    _admin(hr)
    issued = scim_tokens.issue(session, name.strip() or "directory", hr.user)
    return _page(request, session, hr, issued)


@router.post("/access/scim-tokens/{token_id}/revoke")
def revoke_scim_token(token_id: int, session: SessionDep, hr: HRForm) -> Response:
    _admin(hr)
    row = scim_tokens.revoke(session, token_id)
    return redirect("/access", f"SCIM token {row.prefix}… no longer works.")
