"""The audit trail: who changed what, when, from what to what.

Written by one hook on the unit of work, never by hand in handlers: each domain declares the
tables people change (`track`), and after every flush the hook writes an entry per created,
updated or deleted row of them (a record changed again later in the same transaction merges
into its entry: one act, one entry) — the actor the request set on its session (`act_as`: a
login, a SCIM token, "sso", or the system), the record, and before → after of the fields that
changed — with the same connection, so the entry commits or rolls back with the change.
Bulk writes that are one act (an import, a publish) are recorded once with their counts
(`record`, inside `as_one`, which quiets the per-row entries). Secrets never enter an entry:
fields named like a secret, and fields a table declares private, are left out. The
application never edits or deletes an entry (erasure of a person rewrites their values in
place, see people.erasure)."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar, cast

from sqlalchemy import JSON, Column, event, insert, inspect, update
from sqlalchemy.orm import UOWTransaction
from sqlmodel import Field, Session, SQLModel, col, select

from app.clock import utcnow

SECRET_WORDS = ("password", "token", "secret", "hash", "salt", "nonce")
SYSTEM = "system"
# Bookkeeping every table keeps; a change of only these is no change anyone made.
NOISE = frozenset({"created_at", "updated_at", "last_used_at", "last_seen_at", "last_sign_in_at"})
ACTOR = "audit_actor"
QUIET = "audit_quiet"
WRITTEN = "audit_written"  # this transaction's entries by (actor, kind, record id)
M = TypeVar("M", bound=type[SQLModel])


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


@dataclass(frozen=True)
class Tracked:
    kind: str
    private: frozenset[str]  # never written (secrets, addresses holding a secret)
    actions: frozenset[str]
    system_updates: bool  # False: only a person's changes (a worker's progress is no act)


_TRACKED: dict[type, Tracked] = {}


def track(
    model: M,
    *,
    private: tuple[str, ...] = (),
    actions: tuple[str, ...] = ("create", "update", "delete"),
    system_updates: bool = True,
) -> M:
    """Audit every change to this table's rows (called once, beside the model)."""
    table = getattr(model, "__tablename__", model.__name__.lower())
    _TRACKED[model] = Tracked(str(table), frozenset(private), frozenset(actions), system_updates)
    return model


def tracked_kinds() -> set[str]:
    return {t.kind for t in _TRACKED.values()}


def actor_in(session: Session) -> str:
    return str(session.info.get(ACTOR, SYSTEM))


def act_as(session: Session, actor: str) -> None:
    """Who the session's changes are by, for the rest of its life (set by the auth layer)."""
    session.info[ACTOR] = actor


@contextmanager
def acting(session: Session, actor: str) -> Iterator[None]:
    """Changes inside are by `actor` (the directory's groups: "sso")."""
    before = session.info.get(ACTOR)
    session.info[ACTOR] = actor
    try:
        yield
    finally:
        if before is None:
            session.info.pop(ACTOR, None)
        else:
            session.info[ACTOR] = before


@contextmanager
def as_one(session: Session) -> Iterator[None]:
    """Rows written inside are one act recorded once by the caller (`record`), not each."""
    session.info[QUIET] = session.info.get(QUIET, 0) + 1
    try:
        yield
    finally:
        session.flush()
        session.info[QUIET] -= 1


def plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return float(value)
    try:
        json.dumps(value)
        return value
    except TypeError:
        return str(value)


def is_secret(name: str) -> bool:
    """A field named like a secret: never written to the trail or an export."""
    return any(word in name for word in SECRET_WORDS)


def _kept(name: str, tracked: Tracked) -> bool:
    return name not in tracked.private and name not in NOISE and not is_secret(name)


def _changes(obj: Any, tracked: Tracked, action: str) -> dict[str, list[Any]]:
    state = inspect(obj)
    found: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        name = attr.key
        if not _kept(name, tracked):
            continue
        if action == "update":
            history = state.attrs[name].history
            if not history.has_changes():
                continue
            before = history.deleted[0] if history.deleted else None
            after = history.added[0] if history.added else None
            if before == after:
                continue
            found[name] = [plain(before), plain(after)]
        else:
            value = plain(state.attrs[name].value)
            if value is not None and value != [] and value != {}:
                found[name] = [value, None] if action == "delete" else [None, value]
    return found


@dataclass
class _Written:
    """An entry this transaction wrote: a later flush changing the same record merges into
    it, so one request leaves one entry per record however often it flushed."""

    entry_id: int
    changes: dict[str, list[Any]]


def _merged(first: dict[str, list[Any]], then: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Before from the first change, after from the last; a field back where it began drops."""
    out = dict(first)
    for name, (before, after) in then.items():
        out[name] = [first[name][0] if name in first else before, after]
        if out[name][0] == out[name][1]:
            del out[name]
    return out


@event.listens_for(Session, "after_flush")
def _write_entries(session: Session, _flush: UOWTransaction) -> None:
    if session.info.get(QUIET):
        return
    actor = session.info.get(ACTOR, SYSTEM)
    written: dict[tuple[str, str, Any], _Written] = session.info.setdefault(WRITTEN, {})
    rows: list[dict[str, Any]] = []
    keys: list[tuple[str, str, Any] | None] = []
    for action, objects in (
        ("create", session.new),
        ("update", session.dirty),
        ("delete", session.deleted),
    ):
        for obj in objects:
            tracked = _TRACKED.get(type(obj))
            if tracked is None or action not in tracked.actions:
                continue
            if action == "update" and actor == SYSTEM and not tracked.system_updates:
                continue
            changes = _changes(obj, tracked, action)
            if action == "update" and not changes:
                continue
            key = (actor, tracked.kind, getattr(obj, "id", None))
            earlier = written.get(key) if action == "update" else None
            if earlier is not None:
                earlier.changes = _merged(earlier.changes, changes)
                session.connection().execute(
                    update(AuditEntry)
                    .where(col(AuditEntry.id) == earlier.entry_id)
                    .values(changes=earlier.changes)
                )
                continue
            rows.append(
                {
                    "at": utcnow(),
                    "actor": actor,
                    "action": action,
                    "record_kind": tracked.kind,
                    "record_id": key[2],
                    "changes": changes,
                }
            )
            keys.append(key if action != "delete" else None)
    if not rows:
        return
    inserted = session.connection().execute(
        insert(AuditEntry).returning(col(AuditEntry.id), sort_by_parameter_order=True), rows
    )
    ids = cast(list[int], list(inserted.scalars()))  # ids the database just gave
    for mergeable, row, entry_id in zip(keys, rows, ids, strict=True):
        if mergeable is not None:
            written[mergeable] = _Written(entry_id, row["changes"])


@event.listens_for(Session, "after_transaction_end")
def _forget_written(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(WRITTEN, None)


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    record_kind: str,
    record_id: int | None,
    changes: dict[str, tuple[Any, Any]],
) -> AuditEntry:
    """One entry for an act that is not a row of a tracked table (an import with its
    counts, a publish): `changes` maps a field to its (before, after)."""
    kept = {
        name: [plain(before), plain(after)]
        for name, (before, after) in changes.items()
        if not is_secret(name)
    }
    entry = AuditEntry(
        actor=actor, action=action, record_kind=record_kind, record_id=record_id, changes=kept
    )
    session.add(entry)
    session.flush()
    return entry


def record_import(session: Session, record_kind: str, counts: dict[str, Any]) -> AuditEntry:
    """An import as one entry by whoever the session acts for, with its counts."""
    return record(
        session,
        actor=actor_in(session),
        action="import",
        record_kind=record_kind,
        record_id=None,
        changes={name: (None, value) for name, value in counts.items()},
    )


# What HR reads besides admins: people and the plan, not logins, tokens or webhooks.
HR_KINDS = frozenset(
    {
        "employee", "department", "time_off", "time_off_feed", "week_preference", "schedule",
        "schedule_turn", "schedule_shift", "swap_request", "solve_job", "gap_acknowledgement",
        "rotation_rule", "rotation_settings", "coverage_need", "shift_template", "channel",
        "channel_target", "learning", "demand_event", "product_area_tag", "contact",
        "notification",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Filter:
    actor: str | None = None
    record_kind: str | None = None
    record_id: int | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    kinds: frozenset[str] | None = None  # None: every kind (an admin)


def entries(
    session: Session, found: Filter, *, limit: int, before_id: int | None = None
) -> list[AuditEntry]:
    """Newest first; `before_id` pages on (the last id of the previous page)."""
    query = select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(limit)
    for column, value in (
        (AuditEntry.actor, found.actor),
        (AuditEntry.record_kind, found.record_kind),
        (AuditEntry.record_id, found.record_id),
        (AuditEntry.action, found.action),
    ):
        if value is not None:
            query = query.where(column == value)
    if found.since is not None:
        query = query.where(col(AuditEntry.at) >= found.since)
    if found.until is not None:
        query = query.where(col(AuditEntry.at) < found.until)
    if found.kinds is not None:
        query = query.where(col(AuditEntry.record_kind).in_(sorted(found.kinds)))
    if before_id is not None:
        query = query.where(col(AuditEntry.id) < before_id)
    return list(session.exec(query).all())
