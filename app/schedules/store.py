"""Plans in and out of the database: store a solver Plan, read turns back as solver input."""

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Hashable, Sequence
from datetime import UTC, date, timedelta
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, and_, insert, literal, or_
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Row as ResultRow
from sqlmodel import Session, SQLModel, col, select

from app import clock
from app.coverage.models import ShiftTemplate
from app.coverage.times import shift_window
from app.db import insert_rows, saved_id, table_of
from app.schedules.channel_names import channel_ids
from app.schedules.gap_rows import gap_values
from app.schedules.models import (
    GapAcknowledgement,
    Schedule,
    ScheduleGap,
    ScheduleShift,
    ScheduleStatus,
    ScheduleTurn,
)
from app.validation import ascii_id
from solver import model as sm


def turn_uid(employee_id: int, week_start: date) -> str:
    return f"turn-{employee_id}-{week_start:%Y%m%d}@rota"


def save_plan(
    *,
    session: Session,
    plan: sm.Plan,
    horizon: sm.Horizon,
    base: Schedule | None,
    keep_from_base_before: date | None,
    sources: dict[tuple[int, date], str] | None = None,
    copy_weeks: Collection[date] = (),
) -> Schedule:
    """Store a plan as a draft. Weeks before `keep_from_base_before` keep the base's shifts;
    so do the weeks (Mondays) of `copy_weeks`, whose seats the plan holds as the base does."""
    stats = {k: v for k, v in plan.stats.__dict__.items()} | {"warnings": list(plan.warnings)}
    fairness = plan.fairness.__dict__.copy() if plan.fairness else {}
    if fairness:
        fairness["turns_per_person"] = {str(k): v for k, v in fairness["turns_per_person"].items()}
        fairness["days_per_person"] = {str(k): v for k, v in fairness["days_per_person"].items()}
        fairness["department_share"] = {str(k): v for k, v in fairness["department_share"].items()}
        fairness["score_notes"] = list(fairness["score_notes"])
    schedule = Schedule(
        start=horizon.start,
        weeks=horizon.weeks,
        base_schedule_id=base.id if base else None,
        stats=_json_safe(stats),
        fairness=fairness,
        seat_fingerprints=_fingerprints(
            plan.seat_fingerprints, base.seat_fingerprints if base else {}, keep_from_base_before
        ),
        gap_fingerprints=_fingerprints(
            plan.gap_fingerprints, base.gap_fingerprints if base else {}, keep_from_base_before
        ),
    )
    session.add(schedule)
    session.flush()
    sources = sources or {}
    schedule_id = saved_id(schedule)
    # Rows as values in batched INSERTs: a company's year is tens of thousands of seats, and
    # an object per row was most of the time (and memory) of storing a plan.
    turns = []
    for turn in plan.turns:
        week_start = horizon.week_start(turn.week)
        turns.append(
            {
                "schedule_id": schedule_id,
                "employee_id": turn.person_id,
                "week_start": week_start,
                "days": turn.days,
                "rule_id": turn.rule_id or None,
                "block": turn.block,
                "turn_weeks": turn.turn_weeks,
                "with_mentor": turn.with_mentor,
                "source": sources.get((turn.person_id, week_start), "solver"),
                "uid": turn_uid(turn.person_id, week_start),
            }
        )
    insert_rows(session, ScheduleTurn, turns)
    frozen_until = keep_from_base_before or horizon.start
    copied = {w for w in copy_weeks if w >= frozen_until} if base is not None else set()
    ids = channel_ids(session)
    shifts = [
        {
            "schedule_id": schedule_id,
            "employee_id": a.person_id,
            "day": a.day,
            "shift_template_id": a.shift_id,
            "channel_id": ids.get(a.channel),
            "channel": a.channel,
            "role": a.role,
            "mentor_id": a.mentor_id,
            "source": "solver",
        }
        for a in plan.assignments
        if a.day >= frozen_until and clock.monday(a.day) not in copied
    ]
    insert_rows(session, ScheduleShift, shifts)
    gaps = [
        gap_values(schedule_id, g, horizon)
        for g in plan.gaps
        if (g.day or (horizon.week_start(g.week) if g.week is not None else frozen_until))
        >= frozen_until
    ]
    if gaps:
        session.execute(insert(table_of(ScheduleGap)), gaps)
    if base is None:
        return schedule
    # Seats and gaps the draft holds as the base does, copied inside the database.
    kept: list[tuple[date, date]] = []
    for week in sorted(copied):  # weeks in a row make one span
        if kept and kept[-1][1] == week:
            kept[-1] = (kept[-1][0], week + timedelta(weeks=1))
        else:
            kept.append((week, week + timedelta(weeks=1)))
    if keep_from_base_before is not None:
        kept.append((horizon.start, keep_from_base_before))
        copy_rows(
            session,
            ScheduleGap,
            saved_id(base),
            schedule_id,
            _between(col(ScheduleGap.week_start), [kept[-1]]),
        )
    if kept:
        between = _between(col(ScheduleShift.day), kept)
        copy_rows(session, ScheduleShift, saved_id(base), schedule_id, between)
    return schedule


def _between(column: Any, spans: list[tuple[date, date]]) -> ColumnElement[bool]:
    """The column lies in one of the spans (first day included, end excluded)."""
    return or_(*(and_(column >= first, column < end) for first, end in spans))


def _fingerprints(
    marks: Sequence[tuple[date, str]], base: dict[str, str], kept_before: date | None
) -> dict[str, str]:
    """The plan's week fingerprints; weeks whose seats and gaps stay the base's keep the
    base's."""
    kept_before = kept_before or date.min
    return base | {str(week): mark for week, mark in marks if week >= kept_before}


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


def _json_safe(values: dict) -> dict:
    clean = {}
    for key, value in values.items():
        if isinstance(value, float) and value != value:
            value = None
        clean[key] = value
    return clean


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
    rows = session.execute(
        sa_select(
            col(ScheduleShift.employee_id),
            col(ScheduleShift.day),
            col(ScheduleShift.shift_template_id),
            col(ScheduleShift.channel),
            col(ScheduleShift.role),
            col(ScheduleShift.mentor_id),
        )
        .where(*_seats_between(schedule_id, first, end))
        .order_by(col(ScheduleShift.day), col(ScheduleShift.id))
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
