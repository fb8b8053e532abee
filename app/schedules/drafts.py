"""A solver Plan stored as a draft schedule, in two steps that may lie apart in time.

`open_draft` creates the draft and copies the base schedule's turns of the horizon and its
seats of the weeks it may keep, inside the database; `save_plan` writes the plan into it: the
turns the plan does not hold as the base does (dropping the copies it changed or left out),
the seats of every week the plan does not hold as the base does (dropping a copied week the
plan changed), the gaps. A re-plan keeps most turns and weeks as they were, so most of its
rows are a copy: a solve job opens the draft while the solver runs (jobs.py), and PostgreSQL
copies them on the other core.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, insert, or_, select
from sqlmodel import Session, col

from app.db import insert_rows, read_rows, saved_id, table_of
from app.schedules.channel_names import channel_ids
from app.schedules.gap_rows import gap_values
from app.schedules.models import Schedule, ScheduleGap, ScheduleShift, ScheduleTurn
from app.schedules.store import copy_rows, turn_uid
from solver import model as sm


@dataclass
class Draft:
    """A draft being stored, not yet committed, and the weeks (Mondays) whose seats it
    already holds as its base does."""

    session: Session
    schedule: Schedule
    copied: frozenset[date]


def open_draft(
    *, session: Session, horizon: sm.Horizon, base: Schedule | None, weeks: Collection[date]
) -> Draft:
    """A new draft of the horizon holding the base's turns of the horizon and its seats of
    these weeks."""
    schedule = Schedule(
        start=horizon.start,
        weeks=horizon.weeks,
        base_schedule_id=base.id if base else None,
        stats={},
        fairness={},
    )
    session.add(schedule)
    session.flush()
    if base is None:
        return Draft(session, schedule, frozenset())
    in_horizon = _between(col(ScheduleTurn.week_start), [(horizon.start, horizon.end)])
    copy_rows(session, ScheduleTurn, saved_id(base), saved_id(schedule), in_horizon)
    if weeks:
        where = _between(col(ScheduleShift.day), _spans(weeks))
        copy_rows(session, ScheduleShift, saved_id(base), saved_id(schedule), where)
    return Draft(session, schedule, frozenset(weeks))


def save_plan(
    *,
    draft: Draft,
    plan: sm.Plan,
    horizon: sm.Horizon,
    base: Schedule | None,
    keep_from_base_before: date | None,
    sources: dict[tuple[int, date], str] | None = None,
    copy_weeks: Collection[date] = (),
) -> Schedule:
    """Store a plan in the draft. Weeks before `keep_from_base_before` keep the base's seats
    and gaps; so do the weeks of `copy_weeks` the draft holds, whose seats the plan holds as
    the base does. Every other week's seats are the plan's."""
    session, schedule = draft.session, draft.schedule
    schedule_id = saved_id(schedule)
    frozen_until = keep_from_base_before or horizon.start
    kept = {w for w in draft.copied if w < frozen_until or w in copy_weeks}
    stale = sorted(draft.copied - kept)  # copied ahead, then seated anew by the plan
    if stale:
        session.execute(
            delete(ScheduleShift).where(
                col(ScheduleShift.schedule_id) == schedule_id,
                _between(col(ScheduleShift.day), _spans(stale)),
            )
        )
    _describe(schedule, plan, base, keep_from_base_before)
    session.add(schedule)
    sources = sources or {}
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
    _write_turns(session, schedule_id, turns)
    ids = channel_ids(session)
    kept_days = {week + timedelta(days=k) for week in kept for k in range(7)}
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
        if a.day >= frozen_until and a.day not in kept_days
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
    if base is not None and keep_from_base_before is not None:
        frozen = [(horizon.start, keep_from_base_before)]
        where = _between(col(ScheduleGap.week_start), frozen)
        copy_rows(session, ScheduleGap, saved_id(base), schedule_id, where)
    session.flush()
    return schedule


TURN_VALUES = ("days", "rule_id", "block", "turn_weeks", "with_mentor", "source", "uid")
DELETE_CHUNK = 5_000  # ids a statement names at most


def _write_turns(session: Session, schedule_id: int, turns: list[dict[str, Any]]) -> None:
    """The plan's turns into the draft: a turn copied from the base that the plan holds as
    it is stays, every other copy goes, and the turns the plan changed or added are written."""
    table = table_of(ScheduleTurn)
    copied = {
        (row[1], row[2]): row
        for row in read_rows(
            session,
            select(
                table.c.id,
                table.c.employee_id,
                table.c.week_start,
                *(table.c[name] for name in TURN_VALUES),
            ).where(table.c.schedule_id == schedule_id),
        )
    }
    fresh = []
    for turn in turns:
        copy = copied.get((turn["employee_id"], turn["week_start"]))
        if copy is not None and copy[3:] == tuple(turn[name] for name in TURN_VALUES):
            del copied[(turn["employee_id"], turn["week_start"])]
        else:
            fresh.append(turn)
    stale = sorted(row[0] for row in copied.values())
    for start in range(0, len(stale), DELETE_CHUNK):
        chunk = stale[start : start + DELETE_CHUNK]
        session.execute(delete(ScheduleTurn).where(col(ScheduleTurn.id).in_(chunk)))
    insert_rows(session, ScheduleTurn, fresh)


def kept_weeks(
    horizon: sm.Horizon, keep_from_base_before: date | None, may_keep: Collection[date]
) -> set[date]:
    """The Mondays whose seats a draft takes from its base: the frozen weeks (before
    `keep_from_base_before`) and those of `may_keep`."""
    end = keep_from_base_before or horizon.start
    mondays = map(horizon.week_start, range(horizon.weeks))
    return {w for w in mondays if w < end or w in may_keep}


def _describe(
    schedule: Schedule, plan: sm.Plan, base: Schedule | None, kept_before: date | None
) -> None:
    """The draft's figures: the solve's statistics, fairness and week fingerprints."""
    stats = dict(plan.stats.__dict__) | {"warnings": list(plan.warnings)}
    fairness = plan.fairness.__dict__.copy() if plan.fairness else {}
    if fairness:
        for name in ("turns_per_person", "days_per_person", "department_share"):
            fairness[name] = {str(k): v for k, v in fairness[name].items()}
        fairness["score_notes"] = list(fairness["score_notes"])
    schedule.stats = _json_safe(stats)
    schedule.fairness = fairness
    schedule.seat_fingerprints = _fingerprints(
        plan.seat_fingerprints, base.seat_fingerprints if base else {}, kept_before
    )
    schedule.gap_fingerprints = _fingerprints(
        plan.gap_fingerprints, base.gap_fingerprints if base else {}, kept_before
    )


def _spans(weeks: Collection[date]) -> list[tuple[date, date]]:
    """Weeks (Mondays) as spans of days, weeks in a row making one span."""
    spans: list[tuple[date, date]] = []
    for week in sorted(weeks):
        if spans and spans[-1][1] == week:
            spans[-1] = (spans[-1][0], week + timedelta(weeks=1))
        else:
            spans.append((week, week + timedelta(weeks=1)))
    return spans


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


def _json_safe(values: dict) -> dict:
    clean = {}
    for key, value in values.items():
        if isinstance(value, float) and value != value:
            value = None
        clean[key] = value
    return clean
