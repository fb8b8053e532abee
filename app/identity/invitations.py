"""Invitations: one-time, expiring sign-in links for employees, where there is no single
sign-on (or for people outside it). The token is an HMAC of the secret key and the row's
salt: the database keeps only its SHA-256, yet the server can show HR the link again until
it is used. Redeeming a link makes (or finds) the employee's login and may set a password."""

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col, select, update

from app import events
from app.auth import ladder
from app.auth.models import InvitationPublic, Role, SignInLink, User
from app.auth.service import hash_password, hash_token
from app.auth.sessions import check_rate, client_keys, open_session, record_failure
from app.clock import utcnow
from app.config import get_settings
from app.db import saved_id
from app.errors import Forbidden, Invalid, NotFound
from app.events import SignInLinksMade
from app.identity.logins import login_for_employee
from app.people.models import Employee

LINK_PATH = "/login/link/"


def _token(salt: str) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, f"sign-in-link:{salt}".encode(), hashlib.sha256).hexdigest()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def status(link: SignInLink, now: datetime | None = None) -> str:
    if link.used_at is not None:
        return "used"
    if link.revoked_at is not None:
        return "revoked"
    return "expired" if _aware(link.expires_at) <= (now or utcnow()) else "pending"


def url(link: SignInLink) -> str:
    return get_settings().base_url.rstrip("/") + LINK_PATH + _token(link.salt)


def reached_logins(session: Session, employees: list[Employee]) -> dict[int, User]:
    """The login a link for each employee would sign in: theirs, or an unlinked login with
    their email (which a link may adopt only when it is an employee login). Two queries per
    500 people, whatever their number."""
    found: dict[int, User] = {}
    for start in range(0, len(employees), 500):
        chunk = employees[start : start + 500]
        ids = [saved_id(e) for e in chunk]
        for user in session.exec(select(User).where(col(User.employee_id).in_(ids))).all():
            if user.employee_id is not None:
                found.setdefault(user.employee_id, user)
        unlinked = {
            u.email: u
            for u in session.exec(
                select(User).where(
                    col(User.email).in_([e.email for e in chunk if saved_id(e) not in found]),
                    col(User.employee_id).is_(None),
                )
            ).all()
        }
        for employee in chunk:
            if saved_id(employee) not in found and employee.email in unlinked:
                found[saved_id(employee)] = unlinked[employee.email]
    return found


def public(link: SignInLink, employee: Employee, shows_link: bool = True) -> InvitationPublic:
    """An invitation as HR sees it; `shows_link` is False for a login above the viewer."""
    state = status(link)
    return InvitationPublic(
        id=saved_id(link),
        employee_id=saved_id(employee),
        email=employee.email,
        name=employee.name,
        created_at=link.created_at,
        expires_at=link.expires_at,
        used_at=link.used_at,
        revoked_at=link.revoked_at,
        status=state,
        link=url(link) if state == "pending" and shows_link else None,
    )


def revoke_pending(session: Session, employee_id: int) -> None:
    session.exec(
        update(SignInLink)
        .where(col(SignInLink.employee_id) == employee_id)
        .where(col(SignInLink.used_at).is_(None), col(SignInLink.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )


def within_reach(
    session: Session, employees: Iterable[Employee], actor: User | None
) -> tuple[list[Employee], list[Employee]]:
    """Split people into those the actor may send a link to and those whose login stands
    above the actor (`ladder`): an automatic path reaches employee logins only."""
    role = actor.role if actor else None
    allowed: list[Employee] = []
    above: list[Employee] = []
    people = list(employees)
    logins = reached_logins(session, people)
    for employee in people:
        login = logins.get(saved_id(employee))
        reachable = login is None or ladder.may_reach(role, login)
        (allowed if reachable else above).append(employee)
    return allowed, above


def invite(
    session: Session, employees: Iterable[Employee], actor: User | None
) -> list[tuple[SignInLink, Employee]]:
    """A fresh link for each active employee with an email whose login is within the actor's
    reach; their older pending links end."""
    chosen, _above = within_reach(session, [e for e in employees if e.active and e.email], actor)
    ids = [e.id for e in chosen]
    now = utcnow()
    for start in range(0, len(ids), 500):
        session.exec(
            update(SignInLink)
            .where(col(SignInLink.employee_id).in_(ids[start : start + 500]))
            .where(col(SignInLink.used_at).is_(None), col(SignInLink.revoked_at).is_(None))
            .values(revoked_at=now)
        )
    expires = now + timedelta(days=get_settings().invite_days)
    made = []
    for employee in chosen:
        salt = secrets.token_hex(16)
        link = SignInLink(
            employee_id=saved_id(employee),
            salt=salt,
            token_hash=hash_token(_token(salt)),
            created_by=actor.id if actor else None,
            expires_at=expires,
        )
        session.add(link)
        made.append((link, employee))
    session.flush()
    if made:
        events.emit(session, SignInLinksMade(tuple(saved_id(link) for link, _ in made)))
    return made


def invite_ids(
    session: Session, employee_ids: list[int] | None, only_without_login: bool, actor: User
) -> list[tuple[SignInLink, Employee]]:
    query = select(Employee).where(Employee.active).order_by(col(Employee.name))
    if employee_ids is not None:
        found = {
            saved_id(e): e.active
            for e in session.exec(select(Employee).where(col(Employee.id).in_(employee_ids))).all()
        }
        missing = sorted(set(employee_ids) - set(found))
        if missing:
            raise Invalid(
                f"No employee with id {', '.join(map(str, missing[:10]))}.", field="employee_ids"
            )
        left = sorted(i for i, active in found.items() if not active)
        if left:
            raise Invalid(
                f"Employee {', '.join(map(str, left[:10]))} has left and cannot be invited.",
                field="employee_ids",
            )
        query = query.where(col(Employee.id).in_(employee_ids))
        _allowed, above = within_reach(session, session.exec(query).all(), actor)
        if above:
            raise Forbidden(
                "A sign-in link would open a login above your role for "
                + ", ".join(f"{e.name} (employee {e.id})" for e in above[:10])
                + "; ask an admin.",
                field="employee_ids",
            )
    if only_without_login:
        signed_in = select(User.employee_id).where(col(User.last_sign_in_at).is_not(None))
        query = query.where(
            col(Employee.id).not_in(signed_in.where(col(User.employee_id).is_not(None)))
        )
    return invite(session, session.exec(query).all(), actor)


def listing(session: Session, viewer: User, state: str | None = None) -> list[InvitationPublic]:
    """Every invitation; the working link only of those within the viewer's reach."""
    rows = session.exec(
        select(SignInLink, Employee)
        .join(Employee, col(Employee.id) == SignInLink.employee_id)
        .order_by(col(SignInLink.id).desc())
    ).all()
    privileged = session.exec(select(User).where(User.role != Role.employee.value)).all()
    by_employee = {u.employee_id: u for u in privileged if u.employee_id is not None}
    by_email = {u.email: u for u in privileged if u.employee_id is None}
    shown = []
    for link, employee in rows:
        login = by_employee.get(saved_id(employee)) or by_email.get(employee.email)
        reachable = login is None or ladder.may_reach(viewer.role, login)
        shown.append(public(link, employee, shows_link=reachable))
    return [s for s in shown if state is None or s.status == state]


def get(session: Session, link_id: int) -> tuple[SignInLink, Employee]:
    link = session.get(SignInLink, link_id)
    if link is None:
        raise NotFound(f"Invitation {link_id} does not exist.")
    return link, session.get_one(Employee, link.employee_id)


def revoke(session: Session, link_id: int) -> tuple[SignInLink, Employee]:
    link, employee = get(session, link_id)
    if link.used_at is None and link.revoked_at is None:
        link.revoked_at = utcnow()
        session.add(link)
        session.flush()
    return link, employee


def pending(session: Session, token: str, client: str) -> tuple[SignInLink, Employee]:
    """The pending link behind a token; failures count towards the client's throttle."""
    keys = client_keys(client)
    check_rate(session=session, keys=keys)
    link = session.exec(
        select(SignInLink).where(SignInLink.token_hash == hash_token(token))
    ).first()
    employee = session.get(Employee, link.employee_id) if link else None
    if link is None or employee is None or status(link) != "pending" or not employee.active:
        record_failure(session=session, keys=keys)
        raise Invalid(
            "This sign-in link is not valid any more: it was used, replaced by a newer one, "
            "or it expired. Ask HR for a new one.",
            field="token",
        )
    return link, employee


def redeem(session: Session, token: str, client: str, password: str | None) -> tuple[User, str]:
    """Use a link once: the employee's login signs in (a password is set if given)."""
    link, employee = pending(session, token, client)
    if password is not None and len(password) < 8:
        raise Invalid("A password needs at least 8 characters.", field="password")
    # Single use even when two requests race: only one update finds the link unused.
    claimed = session.exec(
        update(SignInLink)
        .where(col(SignInLink.id) == link.id, col(SignInLink.used_at).is_(None))
        .values(used_at=utcnow())
    )
    if claimed.rowcount != 1:
        raise Invalid("This sign-in link was just used.", field="token")
    issuer = session.get(User, link.created_by) if link.created_by is not None else None
    # The issuer's role now, not when the link was made: a demoted issuer's links shrink too.
    user = login_for_employee(session, employee, issuer.role if issuer else None)
    if password:
        user.password_hash = hash_password(password)
        session.add(user)
    return user, open_session(session=session, user=user)
