"""The login that belongs to an employee: found or made on their first sign-in, by single
sign-on or by a sign-in link, so nobody has to create user rows by hand."""

from dataclasses import dataclass

from sqlmodel import Session, select

from app.auth import ladder
from app.auth.models import Role, User
from app.auth.service import may_sign_in, set_role
from app.config import get_settings, listed
from app.errors import Forbidden
from app.people.models import Employee
from app.validation import normalize_email


@dataclass(frozen=True)
class Identity:
    """Who the identity provider says signed in, after its token was verified."""

    subject: str
    email: str
    email_verified: bool
    name: str
    groups: frozenset[str]


class SignInRefused(Forbidden):
    """Signing in is not possible for this person; the detail says why, in plain words."""


def login_for_employee(session: Session, employee: Employee, reach: str | None) -> User:
    """The employee's login, linked on first use. `reach` is the role of whoever vouches for
    this sign-in (the person who issued the link, the directory's groups; None for an
    automatic path): the login it reaches may not stand above it, and an unlinked login with
    the same email is adopted only when it is an employee login (`ladder`)."""
    user = session.exec(select(User).where(User.employee_id == employee.id)).first()
    if user is None:
        user = session.exec(select(User).where(User.email == employee.email)).first()
        if user is not None and user.employee_id is None:
            if not ladder.may_adopt(user) and not ladder.may_reach(reach, user):
                raise SignInRefused(
                    f"The login {user.email} has the {user.role} role; it cannot be taken "
                    "over this way. Sign in with its password, or ask an admin to link it."
                )
            user.employee_id = employee.id
        elif user is None:
            user = User(
                email=employee.email,
                name=employee.name,
                role=Role.employee.value,
                employee_id=employee.id,
            )
        else:
            raise SignInRefused(
                f"The login {user.email} belongs to another employee; ask HR to correct it."
            )
        session.add(user)
        session.flush()
    elif not ladder.may_reach(reach, user):
        raise SignInRefused(
            f"This person's login has the {user.role} role, above whoever vouched for this "
            "sign-in. Sign in with its password, or ask an admin for a link."
        )
    if not may_sign_in(session, user):
        raise SignInRefused("Your access to Rota has ended. Ask HR if this is a mistake.")
    return user


def role_from_groups(groups: frozenset[str]) -> Role | None:
    """The role the directory's groups give, or None when no group mapping is configured."""
    settings = get_settings()
    admin, hr = listed(settings.oidc_admin_groups), listed(settings.oidc_hr_groups)
    if not admin and not hr:
        return None
    if groups & admin:
        return Role.admin
    if groups & hr:
        return Role.hr
    return Role.employee


def sign_in_identity(session: Session, identity: Identity) -> User:
    """The login for a verified single sign-on identity: by subject once known, else by
    verified email to a login or an employee record; its role follows the groups claim."""
    settings = get_settings()
    user = session.exec(select(User).where(User.oidc_subject == identity.subject)).first()
    if user is None:
        if not identity.email or not identity.email_verified:
            raise SignInRefused(
                "Your identity provider did not vouch for your email address, so Rota cannot "
                "tell which employee you are. Ask IT to release a verified email claim."
            )
        email = normalize_email(identity.email)
        domains = {d.lower() for d in listed(settings.oidc_allowed_domains)}
        if domains and email.rsplit("@", 1)[-1] not in domains:
            raise SignInRefused(f"Accounts of {email.rsplit('@', 1)[-1]} cannot sign in here.")
        # A first sign-in adopts an HR or admin login only when the directory's configured
        # groups give that role; an email match alone vouches for an employee login.
        granted = role_from_groups(identity.groups)
        reach = granted.value if granted is not None else None
        user = session.exec(select(User).where(User.email == email)).first()
        employee = session.exec(select(Employee).where(Employee.email == email)).first()
        if employee is not None:
            user = login_for_employee(session, employee, reach)
        elif user is None:
            raise SignInRefused(
                f"There is no employee with the email {email} in Rota. Ask HR to add you "
                "(or your directory to provision you), then sign in again."
            )
        elif not ladder.may_adopt(user) and not ladder.may_reach(reach, user):
            raise SignInRefused(
                f"The login {email} has the {user.role} role and has not used single sign-on "
                "before; sign in with its password, or ask an admin to map your groups."
            )
        user.oidc_subject = identity.subject
    if not may_sign_in(session, user):
        raise SignInRefused("Your access to Rota has ended. Ask HR if this is a mistake.")
    role = role_from_groups(identity.groups)
    if role is not None:
        set_role(session, user=user, role=role, actor="sso")
    if identity.name and not user.name:
        user.name = identity.name
    session.add(user)
    session.flush()
    return user
