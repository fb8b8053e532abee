"""Stored calendar events kept in step with the published schedule, one scope at a time:
whole weeks (a publish, a move, a swap) or the people an edit concerns."""

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, delete, false, or_, true, tuple_, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app import clock
from app.calendars import versions
from app.calendars.models import CalendarEvent
from app.calendars.vevent import KEEP_CANCELLED, vevent_text
from app.calendars.wanted import (
    SEAT_COLUMNS,
    TURN_COLUMNS,
    New,
    Seat,
    Turn,
    Wanted,
    line_uid,
    shift_uid,
    wanted_events,
)
from app.clock import aware, utcnow
from app.db import insert_rows
from app.schedules.models import ScheduleShift, ScheduleTurn
from app.schedules.store import published


def sync_events(*, session: Session, weeks: frozenset[date] | None = None) -> int:
    """Bring stored events of these weeks (None: all) in line with the published schedule;
    returns how many changed. Only the rows of those weeks are read and compared."""
    schedule = published(session)
    turns: Sequence[Turn] = []
    rows: Sequence[Seat] = []
    if schedule is not None:
        turn_query = sa_select(*TURN_COLUMNS).where(col(ScheduleTurn.schedule_id) == schedule.id)
        row_query = sa_select(*SEAT_COLUMNS).where(col(ScheduleShift.schedule_id) == schedule.id)
        if weeks is not None:
            turn_query = turn_query.where(col(ScheduleTurn.week_start).in_(weeks))
            row_query = row_query.where(_in_weeks(col(ScheduleShift.day), weeks))
        turns, rows = session.execute(turn_query).all(), session.execute(row_query).all()
    wanted = {w.uid: w for w in wanted_events(session, turns, rows)}
    scope = true() if weeks is None else _in_weeks(col(CalendarEvent.first_day), weeks)
    return _apply(session, wanted, scope)


def sync_people(*, session: Session, employee_ids: frozenset[int]) -> int:
    """After an edit of these people (name, department): only the events that show them are
    derived again — their own blocks and shifts, the shifts of those they mentor or who
    mentor them, and the line's slots they sit in — not every week they appear in, which for
    the support team is the whole plan."""
    schedule = published(session)
    weeks = weeks_of(session, employee_ids)
    if schedule is None or not weeks:
        return sync_events(session=session, weeks=weeks)
    in_plan = col(ScheduleShift.schedule_id) == schedule.id
    own = session.execute(
        sa_select(*SEAT_COLUMNS).where(
            in_plan,
            or_(
                col(ScheduleShift.employee_id).in_(employee_ids),
                col(ScheduleShift.mentor_id).in_(employee_ids),
            ),
        )
    ).all()
    slots = {(r.day, r.shift_template_id) for r in own}
    people = set(employee_ids) | {r.employee_id for r in own}
    people |= {r.mentor_id for r in own if r.mentor_id is not None}
    turns = session.execute(
        sa_select(*TURN_COLUMNS).where(
            col(ScheduleTurn.schedule_id) == schedule.id,
            col(ScheduleTurn.employee_id).in_(people),
            col(ScheduleTurn.week_start).in_(weeks),
        )
    ).all()
    # Whole weeks of everyone whose shift events are in scope (a week's last shift is
    # known), and every seat of the slots in scope (a slot's staff is known).
    mine = session.execute(
        sa_select(*SEAT_COLUMNS).where(
            in_plan,
            col(ScheduleShift.employee_id).in_(people),
            _in_weeks(col(ScheduleShift.day), weeks),
        )
    ).all()
    shared: list[Seat] = []
    ordered = sorted(slots)
    for start in range(0, len(ordered), 500):  # the slots' seats only, by (day, shift) pairs
        pairs = tuple_(col(ScheduleShift.day), col(ScheduleShift.shift_template_id))
        shared += session.execute(
            sa_select(*SEAT_COLUMNS).where(in_plan, pairs.in_(ordered[start : start + 500]))
        ).all()
    rows = list({r.id: r for r in [*mine, *shared]}.values())
    scope = {t.uid for t in turns}
    scope |= {shift_uid(r.employee_id, r.day, r.shift_template_id) for r in mine}
    scope |= {line_uid(day, shift_id) for day, shift_id in slots}
    wanted = {w.uid: w for w in wanted_events(session, turns, rows) if w.uid in scope}
    stored = or_(
        col(CalendarEvent.uid).in_(scope),
        and_(
            col(CalendarEvent.employee_id).in_(people),
            _in_weeks(col(CalendarEvent.first_day), weeks),
        ),
    )
    return _apply(session, wanted, stored)


def _apply(session: Session, wanted: dict[str, Wanted], scope: ColumnElement[bool]) -> int:
    """Write what differs: new events, changed ones (SEQUENCE up), and stored events the
    scope no longer wants (cancelled, deleted once every client has seen that). Stored events
    are compared by their digest alone; only those that change are written, in batches."""
    light = sa_select(
        col(CalendarEvent.id),
        col(CalendarEvent.uid),
        col(CalendarEvent.kind),
        col(CalendarEvent.employee_id),
        col(CalendarEvent.department_id),
        col(CalendarEvent.content_hash),
        col(CalendarEvent.status),
        col(CalendarEvent.sequence),
        col(CalendarEvent.created_at),
        col(CalendarEvent.cancelled_at),
    ).where(scope)
    stored = {row.uid: row for row in session.execute(light).all()}
    now = utcnow()
    fresh: list[dict[str, object]] = []
    revised: list[dict[str, object]] = []
    for uid, want in wanted.items():
        digest = want.digest()
        row = stored.get(uid)
        if row is not None and row.content_hash == digest and row.status == "CONFIRMED":
            continue
        if row is None:
            new = New(**want.__dict__, content_hash=digest, created_at=now, updated_at=now)
            fresh.append(dict(new.__dict__, ics=vevent_text(new)))
            continue
        again = New(
            **want.__dict__,
            content_hash=digest,
            created_at=row.created_at,
            updated_at=now,
            sequence=row.sequence + 1,
        )
        revised.append(dict(again.__dict__, id=row.id, ics=vevent_text(again)))
    gone = [row for uid, row in stored.items() if uid not in wanted]
    ending = [row.id for row in gone if row.status == "CONFIRMED"]
    expired = [
        row.id
        for row in gone
        if row.status != "CONFIRMED"
        and row.cancelled_at is not None
        and aware(row.cancelled_at) < now - KEEP_CANCELLED
    ]
    changed = {r["id"] for r in revised} | set(ending) | set(expired)
    _raise_versions(
        session,
        [(r.kind, r.employee_id, r.department_id) for r in stored.values() if r.id in changed]
        + [(r["kind"], r["employee_id"], r["department_id"]) for r in [*fresh, *revised]],
    )
    for start in range(0, len(ending), 500):
        for event in session.exec(
            select(CalendarEvent).where(col(CalendarEvent.id).in_(ending[start : start + 500]))
        ).all():
            event.status = "CANCELLED"
            event.sequence += 1
            event.cancelled_at = now
            event.updated_at = now
            event.ics = vevent_text(event)
            session.add(event)
    insert_rows(session, CalendarEvent, fresh)  # a first publish makes a hundred thousand
    if revised:  # changed ones by primary key, in batches
        session.execute(update(CalendarEvent), revised)
    for start in range(0, len(expired), 500):
        session.execute(
            delete(CalendarEvent).where(col(CalendarEvent.id).in_(expired[start : start + 500]))
        )
    session.flush()
    return len(fresh) + len(revised) + len(ending)


def _raise_versions(session: Session, owners: list[tuple[str, int | None, int | None]]) -> None:
    """Every feed that showed or now shows a written event: its owner as before and after."""
    versions.raise_versions(
        session=session,
        employee_ids=(e for kind, e, _ in owners if kind in ("block", "shift")),
        department_ids=(d for kind, _, d in owners if kind == "block"),
        line=any(kind == "line" for kind, _, _ in owners),
    )


def weeks_of(session: Session, employee_ids: frozenset[int]) -> frozenset[date]:
    """The weeks in which these people have events now or in the published schedule."""
    days = _seat_days(
        session,
        or_(
            col(ScheduleShift.employee_id).in_(employee_ids),
            col(ScheduleShift.mentor_id).in_(employee_ids),
        ),
    )
    schedule = published(session)
    if schedule is not None:
        days |= set(
            session.exec(
                select(col(ScheduleTurn.week_start)).where(
                    ScheduleTurn.schedule_id == schedule.id,
                    col(ScheduleTurn.employee_id).in_(employee_ids),
                )
            ).all()
        )
    days |= set(
        session.exec(
            select(col(CalendarEvent.first_day))
            .where(col(CalendarEvent.employee_id).in_(employee_ids))
            .distinct()
        ).all()
    )
    return frozenset(clock.monday(d) for d in days)


def weeks_with_shifts(session: Session, shift_template_ids: frozenset[int]) -> frozenset[date]:
    """The weeks in which these shift templates have seats in the published schedule."""
    days = _seat_days(session, col(ScheduleShift.shift_template_id).in_(shift_template_ids))
    return frozenset(clock.monday(d) for d in days)


def _seat_days(session: Session, condition: ColumnElement[bool]) -> set[date]:
    schedule = published(session)
    if schedule is None:
        return set()
    query = select(col(ScheduleShift.day)).where(
        ScheduleShift.schedule_id == schedule.id, condition
    )
    return set(session.exec(query.distinct()).all())


def _in_weeks(column, weeks: frozenset[date]):
    """A day column inside one of these weeks (Monday to Sunday)."""
    if not weeks:
        return false()
    return or_(*(and_(column >= w, column < w + timedelta(days=7)) for w in sorted(weeks)))
