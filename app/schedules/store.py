"""Schedules read back: turns and seats as the solver reads them, the published plan, history.
(A plan is stored as a draft by drafts.py.)"""

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Hashable, Sequence
from datetime import UTC, date, timedelta
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, insert, literal
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Row as ResultRow
from sqlmodel import Session, SQLModel, col, select

from app import clock
from app.coverage.models import ShiftTemplate
from app.coverage.times import shift_window
from app.db import read_rows, saved_id, table_of
from app.schedules.models import (
    GapAcknowledgement,
    Schedule,
    ScheduleShift,
    ScheduleStatus,
    ScheduleTurn,
)
from app.validation import ascii_id
from solver import model as sm


def turn_uid(employee_id: int, week_start: date) -> str:
    return f"turn-{employee_id}-{week_start:%Y%m%d}@rota"


def copy_rows(
    session: Session,
    model: type[SQLModel],
    source_id: int,
    target_id: int,
    where: ColumnElement[bool],
) -> None:
    """INSERT … SELECT inside the database: thousands of seats move without loading them."""
    table = table_of(model)
    columns = [c for c in table.columns if c.name != "id"]
    chosen = [
        literal(target_id).label("schedule_id") if c.name == "schedule_id" else c for c in columns
    ]
    source = sa_select(*chosen).where(table.c.schedule_id == source_id, where)
    session.execute(insert(table).from_select([c.name for c in columns], source))


def horizon_end(schedule: Schedule) -> date:
    """The Monday after a schedule's last week."""
    return schedule.start + timedelta(weeks=schedule.weeks)


def opening_week(schedule: Schedule, asked: date | None, today: date) -> date:
    """The week a schedule's pages open on: the Monday of the week asked for when it lies in
    the schedule, else this week while the schedule runs, else its first week."""
    end = horizon_end(schedule)
    for candidate in (asked, today):
        if candidate is not None and schedule.start <= clock.monday(candidate) < end:
            return clock.monday(candidate)
    return schedule.start


def published(session: Session) -> Schedule | None:
    return session.exec(
        select(Schedule).where(Schedule.status == ScheduleStatus.published.value)
    ).first()


def turns_of(session: Session, schedule_id: int) -> Sequence[ResultRow[Any]]:
    """The schedule's turns as the solver reads them: the columns it uses, no record objects
    (12,000 turns at 10,000 people)."""
    return session.execute(
        sa_select(
            col(ScheduleTurn.employee_id),
            col(ScheduleTurn.week_start),
            col(ScheduleTurn.days),
            col(ScheduleTurn.rule_id),
            col(ScheduleTurn.block),
            col(ScheduleTurn.turn_weeks),
            col(ScheduleTurn.with_mentor),
            col(ScheduleTurn.source),
        )
        .where(col(ScheduleTurn.schedule_id) == schedule_id)
        .order_by(col(ScheduleTurn.week_start), col(ScheduleTurn.employee_id))
    ).all()


def shifts_of(session: Session, schedule_id: int, first: date, end: date) -> list[ScheduleShift]:
    """The schedule's seats from `first` up to (not including) `end`."""
    return list(
        session.exec(
            select(ScheduleShift)
            .where(*_seats_between(schedule_id, first, end))
            .order_by(col(ScheduleShift.day), col(ScheduleShift.id))
        ).all()
    )


def _seats_between(schedule_id: int, first: date, end: date) -> list[ColumnElement[bool]]:
    return [
        col(ScheduleShift.schedule_id) == schedule_id,
        col(ScheduleShift.day) >= first,
        col(ScheduleShift.day) < end,
    ]


def seats_of(
    session: Session, schedule_id: int, first: date, end: date
) -> tuple[sm.ShiftAssignment, ...]:
    """The schedule's seats from `first` up to (not including) `end`, as the solver reads
    them: six columns per seat, no record objects (a 10,000-person year is 140,000 seats)."""
    rows = read_rows(
        session,
        sa_select(
            col(ScheduleShift.employee_id),
            col(ScheduleShift.day),
            col(ScheduleShift.shift_template_id),
            col(ScheduleShift.channel),
            col(ScheduleShift.role),
            col(ScheduleShift.mentor_id),
        )
        .where(*_seats_between(schedule_id, first, end))
        .order_by(col(ScheduleShift.day), col(ScheduleShift.id)),
    )
    return tuple(sm.ShiftAssignment(*row) for row in rows)


# Schedules whose turns happened (or will): the published one and those it replaced.
PUBLISHED_EVER = (ScheduleStatus.published.value, ScheduleStatus.superseded.value)
Row = TypeVar("Row")


def _latest(rows: Sequence[tuple[Row, object]], key: Callable[[Row], Hashable]) -> list[Row]:
    """Of rows published more than once for the same key, the one published last."""
    latest: dict[Hashable, tuple[str, Row]] = {}
    for row, published_at in rows:
        k = key(row)
        if k not in latest or str(published_at) > latest[k][0]:
            latest[k] = (str(published_at), row)
    return [row for _, row in latest.values()]


def history_before(session: Session, start: date) -> tuple[sm.History, ...]:
    """Turns people did (published, then kept or superseded) before a horizon starts."""
    rows = session.exec(
        select(ScheduleTurn, Schedule.published_at)
        .join(Schedule, col(Schedule.id) == ScheduleTurn.schedule_id)
        .where(col(Schedule.status).in_(PUBLISHED_EVER))
        .where(col(ScheduleTurn.week_start) < start)
    ).all()
    turns = _latest(rows, lambda t: (t.employee_id, t.week_start))
    return tuple(sm.History(t.employee_id, t.week_start, t.rule_id) for t in turns)


def mentee_weeks(
    session: Session, schedule_id: int, first: date, last: date
) -> set[tuple[int, date]]:
    """(person, Monday) of new hires beside a mentor between these days: their seats come on
    top of a shift's coverage and are not counted in it (solver.model.mentee_weeks)."""
    rows = session.exec(
        select(ScheduleTurn).where(
            ScheduleTurn.schedule_id == schedule_id,
            col(ScheduleTurn.with_mentor),
            col(ScheduleTurn.week_start) >= first - timedelta(days=6),
            col(ScheduleTurn.week_start) <= last,
        )
    ).all()
    return {(t.employee_id, t.week_start) for t in rows}


def shifts_worked_before(
    session: Session, before: date, employee_ids: Collection[int] | None = None
) -> dict[int, Counter[str]]:
    """Shifts per person and channel in published schedules (the latest word on each day);
    `employee_ids` limits it to those people."""
    query = (
        select(ScheduleShift, Schedule.published_at)
        .join(Schedule, col(Schedule.id) == ScheduleShift.schedule_id)
        .where(col(Schedule.status).in_(PUBLISHED_EVER))
        .where(col(ScheduleShift.day) < before)
    )
    if employee_ids is not None:
        query = query.where(col(ScheduleShift.employee_id).in_(sorted(employee_ids)))
    rows = session.exec(query).all()
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for shift in _latest(rows, lambda s: (s.employee_id, s.day, s.shift_template_id)):
        counts[shift.employee_id][shift.channel] += 1
    return counts


def line_hours_before(
    session: Session, before: date, employee_ids: Collection[int], days: int = 364
) -> dict[int, float]:
    """Hours each of these people sat on the line in published schedules (the latest word on
    each day) in the `days` before `before`, each seat measured on its real instants."""
    if not employee_ids:
        return {}
    rows = session.execute(
        select(
            col(ScheduleShift.employee_id),
            col(ScheduleShift.day),
            col(ScheduleShift.shift_template_id),
            Schedule.published_at,
        )
        .join(Schedule, col(Schedule.id) == ScheduleShift.schedule_id)
        .where(col(Schedule.status).in_(PUBLISHED_EVER))
        .where(col(ScheduleShift.day) < before)
        .where(col(ScheduleShift.day) >= before - timedelta(days=days))
        .where(col(ScheduleShift.employee_id).in_(sorted(employee_ids)))
    ).all()
    seats = _latest([(row[:3], row[3]) for row in rows], lambda r: tuple(r))
    templates = {saved_id(t): t for t in session.exec(select(ShiftTemplate)).all()}
    lengths: dict[tuple[int, date], float] = {}
    hours: dict[int, float] = defaultdict(float)
    for employee_id, day, shift_id in seats:
        key = (shift_id, day)
        if key not in lengths and shift_id in templates:
            start, end = shift_window(templates[shift_id], day)
            lengths[key] = (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() / 3600
        hours[employee_id] += lengths.get(key, 0.0)
    return dict(hours)


def acknowledged(session: Session) -> dict[str, GapAcknowledgement]:
    return {a.fingerprint: a for a in session.exec(select(GapAcknowledgement)).all()}


def published_turn(session: Session, ref: str) -> ScheduleTurn | None:
    """A turn of the published schedule, named by its UID or by the id of the same turn in
    any schedule: ids change when a plan is published again, the UID stays."""
    uid = ref
    turn_id = ascii_id(ref)
    if turn_id is not None:
        row = session.get(ScheduleTurn, turn_id)
        if row is None:
            return None
        uid = row.uid
    schedule = published(session)
    if schedule is None:
        return None
    return session.exec(
        select(ScheduleTurn).where(ScheduleTurn.schedule_id == schedule.id, ScheduleTurn.uid == uid)
    ).first()
