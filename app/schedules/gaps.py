"""Gaps after a change by hand: the weeks a change touched are paired and diagnosed again from
what is stored, with the same code the solver uses, so the list never keeps a gap that closed
nor misses one that opened, and no new hire keeps a mentor who left their shift (or one HR
asked to avoid) while someone else there could mentor them."""

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta

from sqlmodel import Session, col, select

from app.db import saved_id
from app.schedules import store
from app.schedules.gap_rows import gap_values
from app.schedules.models import Schedule, ScheduleGap, ScheduleShift, ScheduleTurn
from app.schedules.problem import build_problem
from solver.availability import Availability
from solver.diagnose import Diagnosis
from solver.mentoring import pair_mentors
from solver.model import ShiftAssignment, WeekTurn
from solver.obligations import build_obligations
from solver.seat_gaps import SEAT_GAP_KINDS, seat_gaps


def refresh_gaps(*, session: Session, schedule: Schedule, week_starts: Iterable[date]) -> set[int]:
    """Returns the people whose seats' mentoring changed (new hires and their mentors): their
    calendars show it."""
    end = store.horizon_end(schedule)
    touched: set[int] = set()
    for week_start in sorted(set(week_starts)):
        if not schedule.start <= week_start < end:
            continue
        problem = build_problem(session=session, start=week_start, weeks=1)
        problem = replace(problem, history=store.history_before(session, week_start))
        avail = Availability(problem)
        turns = [
            WeekTurn(t.employee_id, 0, t.days, t.rule_id or 0, t.block, t.turn_weeks, t.with_mentor)
            for t in session.exec(
                select(ScheduleTurn).where(
                    ScheduleTurn.schedule_id == schedule.id, ScheduleTurn.week_start == week_start
                )
            ).all()
        ]
        rows = store.shifts_of(
            session, saved_id(schedule), week_start, week_start + timedelta(days=7)
        )
        stored = [
            ShiftAssignment(
                s.employee_id, s.day, s.shift_template_id, s.channel, s.role, s.mentor_id
            )
            for s in rows
        ]
        # The pairs stored stay where they still hold (the pass keeps a seat's mentor first).
        seats, unpaired = pair_mentors(
            replace(problem, previous_shifts=tuple(stored)), turns, stored
        )
        touched |= _named(rows, seats)
        diagnosis = Diagnosis(problem, avail, build_obligations(problem, avail), turns, seats)
        for row in session.exec(
            select(ScheduleGap).where(
                ScheduleGap.schedule_id == schedule.id,
                ScheduleGap.week_start == week_start,
                col(ScheduleGap.kind).in_(SEAT_GAP_KINDS),
            )
        ).all():
            session.delete(row)
        session.add_all(
            ScheduleGap(**gap_values(saved_id(schedule), gap, problem.horizon))
            for gap in [*seat_gaps(diagnosis, [0]), *unpaired]
        )
    session.flush()
    return touched


def _named(rows: list[ScheduleShift], seats: list[ShiftAssignment]) -> set[int]:
    """Store the mentors the pass named; the people whose seats changed."""
    mentor = {(a.person_id, a.day, a.shift_id, a.channel): a.mentor_id for a in seats}
    touched: set[int] = set()
    for row in rows:
        named = mentor[(row.employee_id, row.day, row.shift_template_id, row.channel)]
        if named != row.mentor_id:
            touched |= {row.employee_id, *(m for m in (named, row.mentor_id) if m is not None)}
            row.mentor_id = named
    return touched
