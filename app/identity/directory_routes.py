"""REST: invitations (HR) and directory-sync tokens for SCIM (admin)."""

from typing import Literal

from fastapi import APIRouter
from sqlmodel import col, select

from app.auth import scim_tokens
from app.auth.deps import AdminUser, HRUser
from app.auth.models import (
    InvitationCreate,
    InvitationPublic,
    ScimToken,
    ScimTokenCreate,
    ScimTokenIssued,
    ScimTokenPublic,
)
from app.db import SessionDep
from app.identity import invitations

router = APIRouter(tags=["directory"])


@router.post("/invitations", status_code=201)
def invite(body: InvitationCreate, session: SessionDep, hr: HRUser) -> list[InvitationPublic]:
    """A one-time sign-in link for each person chosen (everyone active when no ids are
    given); older pending links of theirs stop working."""
    made = invitations.invite_ids(session, body.employee_ids, body.only_without_login, hr)
    return [invitations.public(link, employee) for link, employee in made]


@router.get("/invitations")
def list_invitations(
    session: SessionDep,
    hr: HRUser,
    status: Literal["pending", "used", "expired", "revoked"] | None = None,
) -> list[InvitationPublic]:
    return invitations.listing(session, hr, status)


@router.delete("/invitations/{invitation_id}")
def revoke_invitation(invitation_id: int, session: SessionDep, _hr: HRUser) -> InvitationPublic:
    link, employee = invitations.revoke(session, invitation_id)
    return invitations.public(link, employee, shows_link=False)


@router.get("/scim-tokens")
def list_scim_tokens(session: SessionDep, _admin: AdminUser) -> list[ScimTokenPublic]:
    rows = session.exec(select(ScimToken).order_by(col(ScimToken.id))).all()
    return [ScimTokenPublic.model_validate(row) for row in rows]


@router.post("/scim-tokens", status_code=201)
def issue_scim_token(
    body: ScimTokenCreate, session: SessionDep, admin: AdminUser
) -> ScimTokenIssued:
    return scim_tokens.issue(session, body.name, admin)


@router.delete("/scim-tokens/{token_id}")
def revoke_scim_token(token_id: int, session: SessionDep, _admin: AdminUser) -> ScimTokenPublic:
    return ScimTokenPublic.model_validate(scim_tokens.revoke(session, token_id))
