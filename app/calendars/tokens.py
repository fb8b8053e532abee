"""Feed links: secret, random, revocable tokens, and who may manage which feed."""

import base64
import hashlib
import hmac
import re
import secrets

from sqlmodel import Session, col, select

from app.auth.deps import is_hr
from app.auth.models import User
from app.auth.scope import require_own
from app.calendars.models import FeedKind, FeedToken
from app.clock import utcnow
from app.config import get_settings
from app.errors import Forbidden, Invalid, NotFound
from app.people.models import Department, Employee


def signature(message: str) -> str:
    """An HMAC-SHA256 of `message` under the app's secret key, 43 base64url characters: the
    secret half of a feed link (and of a cover link)."""
    key = get_settings().secret_key.encode()
    digest = hmac.new(key, message.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _mac(feed: FeedToken) -> str:
    return signature(f"{feed.id}:{feed.kind}:{feed.owner_id}:{feed.nonce}")


def token_of(feed: FeedToken) -> str:
    return f"{feed.id}-{_mac(feed)}"


def urls(feed: FeedToken) -> tuple[str, str]:
    base = get_settings().base_url.rstrip("/")
    url = f"{base}/calendars/{token_of(feed)}.ics"
    return url, "webcal://" + url.split("://", 1)[1]


# `<id>-<mac>`: an ASCII id that fits a database integer, then 43 base64url characters.
TOKEN = re.compile(r"([1-9][0-9]{0,17})-([A-Za-z0-9_-]{43})", re.ASCII)


def resolve(*, session: Session, token: str) -> FeedToken:
    """The feed behind a token; malformed, unknown, forged and revoked tokens all answer 404."""
    match = TOKEN.fullmatch(token)
    if match is None:
        raise NotFound("No such calendar.")
    feed_id, mac = match.groups()
    feed = session.get(FeedToken, int(feed_id))
    if feed is None or feed.revoked_at is not None or not hmac.compare_digest(mac, _mac(feed)):
        raise NotFound("No such calendar.")
    return feed


def _check_owner(session: Session, kind: FeedKind, owner_id: int | None, actor: User) -> None:
    if kind == FeedKind.employee:
        if owner_id is None or session.get(Employee, owner_id) is None:
            raise Invalid("Name the employee whose calendar this is.", field="owner_id")
        require_own(actor, owner_id, "You can manage only your own calendar feed.")
    elif kind == FeedKind.department:
        if owner_id is None or session.get(Department, owner_id) is None:
            raise Invalid("Name the department.", field="owner_id")
        if not is_hr(actor):
            raise Forbidden("Department feeds are managed by HR.")
    elif not is_hr(actor):
        raise Forbidden("The line's feed is managed by HR.")


def current_feed(
    *, session: Session, kind: FeedKind, owner_id: int | None, actor: User
) -> FeedToken:
    """The active feed for an owner, made on first use."""
    owner_id = None if kind == FeedKind.line else owner_id
    _check_owner(session, kind, owner_id, actor)
    active = _active_feeds(session, kind, owner_id)
    return active[0] if active else _new_feed(session, kind, owner_id, actor)


def personal_feed(*, session: Session, employee_id: int) -> FeedToken:
    """An employee's active feed, made if they have none (for links in messages to them)."""
    active = _active_feeds(session, FeedKind.employee, employee_id)
    if active:
        return active[0]
    feed = FeedToken(
        kind=FeedKind.employee.value, owner_id=employee_id, nonce=secrets.token_hex(32)
    )
    session.add(feed)
    session.flush()
    return feed


def reissue(*, session: Session, kind: FeedKind, owner_id: int | None, actor: User) -> FeedToken:
    """Revoke the owner's current link and hand out a new one."""
    owner_id = None if kind == FeedKind.line else owner_id
    _check_owner(session, kind, owner_id, actor)
    for old in _active_feeds(session, kind, owner_id):
        old.revoked_at = utcnow()
        session.add(old)
    return _new_feed(session, kind, owner_id, actor)


def revoke(*, session: Session, feed_id: int, actor: User) -> FeedToken:
    feed = session.get(FeedToken, feed_id)
    if feed is None:
        raise NotFound(f"Feed {feed_id} does not exist.")
    _check_owner(session, FeedKind(feed.kind), feed.owner_id, actor)
    if feed.revoked_at is None:
        feed.revoked_at = utcnow()
        session.add(feed)
        session.flush()
    return feed


def _active_feeds(session: Session, kind: FeedKind, owner_id: int | None) -> list[FeedToken]:
    query = select(FeedToken).where(
        FeedToken.kind == kind.value,
        FeedToken.owner_id == owner_id,
        col(FeedToken.revoked_at).is_(None),
    )
    return list(session.exec(query.order_by(col(FeedToken.id))).all())


def _new_feed(session: Session, kind: FeedKind, owner_id: int | None, actor: User) -> FeedToken:
    feed = FeedToken(
        kind=kind.value, owner_id=owner_id, nonce=secrets.token_hex(32), created_by=actor.id
    )
    session.add(feed)
    session.flush()
    return feed
