"""Logins follow the people they belong to: leavers lose access at once (sessions end,
tokens are revoked); newcomers get a sign-in link for HR to pass on."""

from sqlmodel import Session, select

from app.auth.models import User
from app.auth.service import end_access
from app.config import get_settings
from app.events import EmployeeCreated, EmployeeDeactivated, on
from app.identity import invitations
from app.people.models import Employee


@on(EmployeeDeactivated)
def end_leavers_access(session: Session, event: EmployeeDeactivated) -> None:
    user = session.exec(select(User).where(User.employee_id == event.employee_id)).first()
    if user is not None:
        end_access(session, user)
    invitations.revoke_pending(session, event.employee_id)


@on(EmployeeCreated)
def invite_newcomer(session: Session, event: EmployeeCreated) -> None:
    settings = get_settings()
    # With single sign-on the first sign-in makes the login; no link is needed.
    if settings.invite_new_hires and not settings.oidc_enabled:
        employee = session.get(Employee, event.employee_id)
        if employee is not None:
            invitations.invite(session, [employee], actor=None)
