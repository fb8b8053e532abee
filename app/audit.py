"""The audit trail: who changed what, when, from what to what. Entries are written in the
same transaction as the change they record and are never edited or deleted by the
application. Secrets never enter an entry: callers pass only the fields that changed, and
`record` drops any field named like a secret."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, Session, SQLModel, col, select

from app.clock import utcnow

SECRET_WORDS = ("password", "token", "secret", "hash", "salt")
SYSTEM = "system"


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_entry"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    # "user:<id>", "scim-token:<id>", "sso" (the identity provider's groups) or "system".
    actor: str = Field(max_length=60, index=True)
    action: str = Field(max_length=40)
    record_kind: str = Field(max_length=40)
    record_id: int | None = Field(default=None, index=True)
    changes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class AuditEntryPublic(SQLModel):
    id: int
    at: datetime
    actor: str
    action: str
    record_kind: str
    record_id: int | None
    changes: dict[str, Any]


def actor_of(user_id: int | None) -> str:
    return f"user:{user_id}" if user_id is not None else SYSTEM


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    record_kind: str,
    record_id: int | None,
    changes: dict[str, tuple[Any, Any]],
) -> AuditEntry:
    """One entry: `changes` maps a field to its (before, after)."""
    kept = {
        name: [before, after]
        for name, (before, after) in changes.items()
        if not any(word in name for word in SECRET_WORDS)
    }
    entry = AuditEntry(
        actor=actor, action=action, record_kind=record_kind, record_id=record_id, changes=kept
    )
    session.add(entry)
    session.flush()
    return entry


def entries(
    session: Session, *, record_kind: str | None, record_id: int | None, limit: int
) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(limit)
    if record_kind is not None:
        query = query.where(AuditEntry.record_kind == record_kind)
    if record_id is not None:
        query = query.where(AuditEntry.record_id == record_id)
    return list(session.exec(query).all())
