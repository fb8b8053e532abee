"""Roles are a ladder, climbed only on purpose: employee < HR < admin.

The one rule, for every way a login is made, found or given credentials:
- an automatic path (a sign-in link, a first single sign-on, a directory write) creates or
  adopts only an *employee* login, never an HR or admin one;
- nobody issues credentials (a sign-in link, a token) for a login above their own role; an
  automatic path ranks as an employee;
- a role changes only by an admin's act or the directory's configured groups, and every
  change is written to the audit trail with who and when (`service.set_role`);
- an email that belongs to an HR or admin login stays with that login's own employee record:
  only an admin may give it to another record.
"""

from sqlmodel import Session, col, func, select

from app.auth.models import Role, User
from app.errors import Conflict, Forbidden

_RANK = {Role.employee.value: 0, Role.hr.value: 1, Role.admin.value: 2}


def rank(role: str | None) -> int:
    """How high a role stands; None (an automatic path: the directory, a welcome link made
    for a newcomer) stands as an employee."""
    return _RANK.get(role or Role.employee.value, 0)


def is_privileged(user: User) -> bool:
    return rank(user.role) > rank(Role.employee.value)


def may_adopt(user: User) -> bool:
    """Whether an automatic path may take this login as someone's own."""
    return not is_privileged(user)


def may_reach(actor_role: str | None, user: User) -> bool:
    """Whether someone of `actor_role` may hand out credentials for this login."""
    return rank(user.role) <= rank(actor_role)


def require_reach(actor: User | None, user: User, what: str) -> None:
    if not may_reach(actor.role if actor else None, user):
        raise Forbidden(
            f"{what}: the login {user.email} has the {user.role} role, above yours; "
            "only someone of that role or higher can do this."
        )


def check_email_claim(
    session: Session, *, email: str, employee_id: int | None, actor: User | None
) -> None:
    """An HR or admin login's email cannot move to another employee record (409 on email),
    unless an admin does it on purpose."""
    login = session.exec(select(User).where(func.lower(User.email) == email.lower())).first()
    if login is None or not is_privileged(login):
        return
    if employee_id is not None and login.employee_id == employee_id:
        return
    if actor is not None and actor.role == Role.admin.value:
        return
    raise Conflict(
        f"The email {email} belongs to a login with the {login.role} role; it cannot be "
        "given to another employee record (an admin can link that login).",
        field="email",
    )


def privileged_emails(session: Session, emails: list[str]) -> dict[str, str]:
    """Of these emails, those that belong to HR or admin logins, with the login's role."""
    found: dict[str, str] = {}
    for start in range(0, len(emails), 500):
        rows = session.exec(
            select(User.email, User.role).where(
                col(User.email).in_(emails[start : start + 500]),
                User.role != Role.employee.value,
            )
        ).all()
        found.update({email: role for email, role in rows})
    return found
