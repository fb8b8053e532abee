"""Bearer tokens for directory sync: random, stored as a SHA-256, good only for /scim/v2."""

import secrets
from datetime import timedelta

from sqlmodel import Session, select

from app.auth.models import ScimToken, ScimTokenIssued, User
from app.auth.service import hash_token
from app.clock import utcnow
from app.errors import NotFound, Unauthorized

PREFIX = "rota_scim_"


def issue(session: Session, name: str, actor: User | None) -> ScimTokenIssued:
    token = PREFIX + secrets.token_urlsafe(32)
    row = ScimToken(
        name=name,
        token_hash=hash_token(token),
        prefix=token[:16],
        created_by=actor.id if actor else None,
    )
    session.add(row)
    session.flush()
    return ScimTokenIssued(**row.model_dump(), token=token)


def revoke(session: Session, token_id: int) -> ScimToken:
    row = session.get(ScimToken, token_id)
    if row is None:
        raise NotFound(f"SCIM token {token_id} does not exist.")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.add(row)
        session.flush()
    return row


def authenticate(session: Session, token: str) -> ScimToken:
    row = session.exec(select(ScimToken).where(ScimToken.token_hash == hash_token(token))).first()
    if row is None or row.revoked_at is not None:
        raise Unauthorized("The SCIM bearer token is unknown or revoked.")
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=1):
        row.last_used_at = now
        session.add(row)
    return row
