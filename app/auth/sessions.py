"""Browser sign-in: session cookies, CSRF tokens bound to the session, login rate limiting."""

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlmodel import Session, col, delete, func, select

from app import audit
from app.auth.models import LoginAttempt, User, WebSession
from app.auth.service import hash_token, may_sign_in, verify_password
from app.clock import utcnow
from app.config import get_settings
from app.db import saved_id
from app.errors import AppError, Invalid
from app.validation import normalize_email

COOKIE = "rota_session"
SESSION_DAYS = 14
MAX_FAILURES = 5  # per email and per client address
FAILURE_WINDOW = timedelta(minutes=15)


class TooManyAttempts(AppError):
    status = 429
    title = "Too many requests"


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _attempt_keys(email: str, client: str) -> list[str]:
    return [
        hashlib.sha256(f"email:{email}".encode()).hexdigest(),
        hashlib.sha256(f"client:{client}".encode()).hexdigest(),
    ]


def check_rate(*, session: Session, keys: list[str]) -> None:
    since = utcnow() - FAILURE_WINDOW
    for key in keys:
        failures = session.exec(
            select(func.count())
            .select_from(LoginAttempt)
            .where(LoginAttempt.key == key, col(LoginAttempt.at) > since)
        ).one()
        if failures >= MAX_FAILURES:
            raise TooManyAttempts(
                "Too many failed sign-ins. Wait 15 minutes and try again.", field="email"
            )


def login(*, session: Session, email: str, password: str, client: str) -> tuple[User, str]:
    """Check the password and open a session; returns the user and the cookie value."""
    email = normalize_email(email)  # the same form for the throttle and the lookup
    keys = _attempt_keys(email, client)
    check_rate(session=session, keys=keys)
    user = session.exec(select(User).where(User.email == email)).first()
    # Unknown accounts cost one hash check too, so timing does not tell who has an account.
    known = verify_password(password, user.password_hash if user else None)
    if user is None or not known or not may_sign_in(session, user):
        record_failure(session=session, keys=keys)
        raise Invalid("That email and password do not match an active account.", field="password")
    session.exec(delete(LoginAttempt).where(col(LoginAttempt.key) == keys[0]))
    return user, open_session(session=session, user=user)


def open_session(*, session: Session, user: User) -> str:
    """Sign a user in, however they proved who they are; returns the cookie value. The
    sign-in is theirs in the audit trail."""
    audit.act_as(session, audit.actor_of(saved_id(user)))
    token = secrets.token_urlsafe(32)
    session.add(
        WebSession(
            token_hash=hash_token(token),
            user_id=saved_id(user),
            csrf_secret=secrets.token_hex(16),
            expires_at=utcnow() + timedelta(days=SESSION_DAYS),
        )
    )
    user.last_sign_in_at = utcnow()
    session.add(user)
    session.flush()
    return token


def record_failure(*, session: Session, keys: list[str]) -> None:
    for key in keys:
        session.add(LoginAttempt(key=key))
    session.flush()


def client_keys(client: str) -> list[str]:
    """The throttle key of a client address alone (for sign-in links, which name no email)."""
    return [_attempt_keys("", client)[1]]


def resolve(*, session: Session, token: str | None) -> tuple[User, WebSession] | None:
    if not token:
        return None
    row = session.exec(select(WebSession).where(WebSession.token_hash == hash_token(token))).first()
    now = utcnow()
    if row is None or _aware(row.expires_at) < now:
        return None
    user = session.get(User, row.user_id)
    if user is None or not may_sign_in(session, user):
        return None
    if now - _aware(row.last_seen_at) > timedelta(minutes=5):
        row.last_seen_at = now
        session.add(row)
    return user, row


def purge_expired(*, session: Session) -> tuple[int, int]:
    """Forget failed sign-ins older than the throttle window and sessions past their expiry;
    returns how many of each went."""
    now = utcnow()
    attempts = session.exec(delete(LoginAttempt).where(col(LoginAttempt.at) < now - FAILURE_WINDOW))
    sessions = session.exec(delete(WebSession).where(col(WebSession.expires_at) < now))
    session.flush()
    return attempts.rowcount, sessions.rowcount


def logout(*, session: Session, token: str | None) -> None:
    if token:
        session.exec(delete(WebSession).where(col(WebSession.token_hash) == hash_token(token)))


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(get_settings().secret_key, salt="rota-csrf")


def csrf_token(web_session: WebSession) -> str:
    """A signed token bound to this session; forms carry it back."""
    return _serializer().dumps(web_session.csrf_secret)


def csrf_valid(web_session: WebSession, token: str | None) -> bool:
    if not token:
        return False
    try:
        secret = _serializer().loads(token, max_age=SESSION_DAYS * 86400)
    except BadSignature:
        return False
    return hmac.compare_digest(str(secret), web_session.csrf_secret)
