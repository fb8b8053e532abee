"""Feed versions: every write to stored events raises the version of each feed that shows
them, in the same transaction, so a poll is one row read and a cached body is keyed by it."""

import hashlib
from collections.abc import Iterable
from datetime import date

from sqlalchemy import ColumnElement, and_, or_, update
from sqlmodel import Session, col

from app.calendars.models import FeedKind, FeedToken
from app.clock import utcnow


def raise_versions(
    *,
    session: Session,
    employee_ids: Iterable[int | None] = (),
    department_ids: Iterable[int | None] = (),
    line: bool = False,
) -> None:
    """The feeds of these people and departments (and the line's) show something new.
    A set-based UPDATE: it bypasses the unit of work, so the audit trail records no edit."""
    people = sorted({e for e in employee_ids if e is not None})
    departments = sorted({d for d in department_ids if d is not None})
    which: list[ColumnElement[bool]] = []
    for kind, owners in ((FeedKind.employee, people), (FeedKind.department, departments)):
        for start in range(0, len(owners), 1000):
            chunk = owners[start : start + 1000]
            which.append(
                and_(col(FeedToken.kind) == kind.value, col(FeedToken.owner_id).in_(chunk))
            )
    if line:
        which.append(col(FeedToken.kind) == FeedKind.line.value)
    if not which:
        return
    session.execute(
        update(FeedToken)
        .where(col(FeedToken.revoked_at).is_(None), or_(*which))
        .values(version=col(FeedToken.version) + 1, changed_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def etag(feed: FeedToken, today: date, layout: str) -> str:
    """The feed's entity tag: its layout, its row (the nonce: a restored database or a new
    feed with a reused id never matches a body cached for another), its version and the day
    (the window of past events and of cancellations moves with the date)."""
    key = f"{layout}:{feed.id}:{feed.nonce}:{feed.version}:{feed.changed_at}:{today}"
    return f'"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'
