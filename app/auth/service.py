"""Users, password hashing and bearer tokens."""

import hashlib
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlmodel import Session, col, delete, select

from app import audit
from app.auth import holders
from app.auth.models import (
    ApiToken,
    ApiTokenIssued,
    Role,
    User,
    UserCreate,
    UserUpdate,
    WebSession,
)
from app.clock import utcnow
from app.db import saved_id
from app.errors import Conflict, Forbidden, Invalid, NotFound, Unauthorized
from app.validation import normalize_email

_hasher = PasswordHasher()
TOKEN_PREFIX = "rota_"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


# Checked against when there is no hash to check, so a refusal always costs one verification.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def verify_password(password: str, password_hash: str | None) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerifyMismatchError, InvalidHashError):
        return False


def may_sign_in(session: Session, user: User) -> bool:
    """An active login whose employee (if any) has not left."""
    if not user.active:
        return False
    if user.employee_id is None:
        return True
    return holders.employee_state(session, user.employee_id) is True


def end_access(session: Session, user: User, keep_tokens: bool = False) -> None:
    """Sign the user out everywhere and revoke their API tokens (unless kept)."""
    session.exec(delete(WebSession).where(col(WebSession.user_id) == user.id))
    if not keep_tokens:
        now = utcnow()
        for token in session.exec(
            select(ApiToken).where(ApiToken.user_id == user.id, col(ApiToken.revoked_at).is_(None))
        ).all():
            token.revoked_at = now
            session.add(token)
    session.flush()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def get_user(*, session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"User {user_id} does not exist.")
    return user


def create_user(*, session: Session, data: UserCreate) -> User:
    email = normalize_email(data.email)
    if session.exec(select(User).where(User.email == email)).first():
        raise Conflict(f"A user with email {email} already exists.", field="email")
    if data.employee_id is not None:
        _check_employee_link(session=session, employee_id=data.employee_id, user_id=None)
    user = User(
        email=email,
        name=data.name,
        role=Role(data.role).value,
        employee_id=data.employee_id,
        active=data.active,
        password_hash=hash_password(data.password) if data.password else None,
    )
    session.add(user)
    session.flush()
    return user


def update_user(
    *, session: Session, user_id: int, data: UserUpdate, actor: User | None = None
) -> User:
    """Change a login. A new password, a new role or deactivation ends the user's sessions
    and revokes their tokens (an admin changing their own keeps the token in use)."""
    user = get_user(session=session, user_id=user_id)
    changes = data.model_dump(exclude_unset=True)
    for field in ("role", "active"):
        if field in changes and changes[field] is None:
            raise Invalid(f"{field} cannot be null; leave it out to keep it.", field=field)
    if "name" in changes and changes["name"] is None:
        raise Invalid("name cannot be null; send an empty string to clear it.", field="name")
    reason = bool(changes.get("password")) or (changes.get("active") is False and user.active)
    if "employee_id" in changes and changes["employee_id"] is not None:
        _check_employee_link(session=session, employee_id=changes["employee_id"], user_id=user_id)
    password = changes.pop("password", None)
    if password:
        user.password_hash = hash_password(password)
    role = changes.pop("role", None)
    for key, value in changes.items():
        setattr(user, key, value)
    session.add(user)
    session.flush()
    keep_tokens = actor is not None and actor.id == user.id
    if role is not None:
        set_role(
            session,
            user=user,
            role=Role(role),
            actor=audit.actor_of(actor.id if actor else None),
            keep_tokens=keep_tokens,
        )
    if reason:
        end_access(session, user, keep_tokens=keep_tokens)
    return user


def set_role(
    session: Session, *, user: User, role: Role, actor: str, keep_tokens: bool = False
) -> None:
    """The one way a login's role changes (an admin's act, or "sso" for the directory's
    groups): what the old role opened (sessions, tokens) ends, and the change is audited."""
    if user.role == role.value:
        return
    with audit.acting(session, actor):  # the trail names who: an admin, or "sso"
        user.role = role.value
        session.add(user)
        session.flush()
        end_access(session, user, keep_tokens=keep_tokens)


def _check_employee_link(*, session: Session, employee_id: int, user_id: int | None) -> None:
    if holders.employee_state(session, employee_id) is None:
        raise Invalid(f"Employee {employee_id} does not exist.", field="employee_id")
    other = session.exec(select(User).where(User.employee_id == employee_id)).first()
    if other is not None and other.id != user_id:
        raise Conflict(
            f"Employee {employee_id} already has a login ({other.email}).", field="employee_id"
        )


def issue_token(
    *, session: Session, user: User, name: str, expires_at: datetime | None = None
) -> ApiTokenIssued:
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        user_id=saved_id(user),
        name=name,
        token_hash=hash_token(token),
        prefix=token[:12],
        expires_at=expires_at,
    )
    session.add(row)
    session.flush()
    return ApiTokenIssued(**row.model_dump(), token=token)


def list_tokens(*, session: Session, user: User) -> list[ApiToken]:
    query = select(ApiToken).where(ApiToken.user_id == user.id).order_by(col(ApiToken.id))
    return list(session.exec(query).all())


def revoke_token(*, session: Session, token_id: int, actor: User) -> ApiToken:
    row = session.get(ApiToken, token_id)
    if row is None:
        raise NotFound(f"Token {token_id} does not exist.")
    if row.user_id != actor.id and actor.role != Role.admin.value:
        raise Forbidden("You can revoke only your own tokens.")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.add(row)
        session.flush()
    return row


def authenticate_token(*, session: Session, token: str) -> User:
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == hash_token(token))).first()
    now = utcnow()
    if row is None or row.revoked_at is not None or (row.expires_at and row.expires_at < now):
        raise Unauthorized("The bearer token is unknown, expired or revoked.")
    user = session.get(User, row.user_id)
    if user is None or not may_sign_in(session, user):
        raise Unauthorized("The account behind this token is disabled.")
    # Touch last_used_at at most once a minute so reads stay cheap.
    if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=1):
        row.last_used_at = now
        session.add(row)
    return user


def require_role(user: User, *roles: Role) -> None:
    if user.role not in {r.value for r in roles}:
        raise Forbidden(f"This needs the {' or '.join(r.value for r in roles)} role.")
