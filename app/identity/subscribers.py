"""Logins follow the people they belong to: leavers lose access at once (sessions end,
tokens are revoked); newcomers get a sign-in link for HR to pass on."""

from datetime import date

from sqlmodel import Session, select

from app import clock
from app.auth.models import User
from app.auth.service import end_access
from app.config import get_settings
from app.events import EmployeeDeactivated, EmployeesCreated, on
from app.identity import invitations
from app.people.models import Employee, is_new_hire


@on(EmployeeDeactivated)
def end_leavers_access(session: Session, event: EmployeeDeactivated) -> None:
    user = session.exec(select(User).where(User.employee_id == event.employee_id)).first()
    if user is not None:
        end_access(session, user)
    invitations.revoke_pending(session, event.employee_id)


@on(EmployeesCreated)
def invite_newcomers(session: Session, event: EmployeesCreated) -> None:
    """A new hire (hired lately or starting soon) gets a link at once. People who were
    already here when the directory or a file first brings them in wait for HR, who chooses
    when to invite them (Sign-in page, "Invite everyone without a login"): provisioning a
    whole company does not mail it in one go."""
    settings = get_settings()
    # With single sign-on the first sign-in makes the login; no link is needed.
    if not settings.invite_new_hires or settings.oidc_enabled:
        return
    today = clock.today()
    found = (session.get(Employee, employee_id) for employee_id in event.employee_ids)
    joining = [e for e in found if e is not None and _joining(e.hire_date, today)]
    if joining:
        invitations.invite(session, joining, actor=None)


def _joining(hire_date: date, today: date) -> bool:
    return hire_date > today or is_new_hire(hire_date, today)
