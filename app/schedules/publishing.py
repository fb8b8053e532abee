"""Publishing a draft: the published plan outside the draft's horizon is carried over, never
dropped silently; ending a plan early is a choice the caller names."""

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app import clock, events
from app.auth.models import User
from app.clock import utcnow
from app.db import saved_id
from app.errors import Conflict, NotFound
from app.events import ScheduleChanged, SchedulePublished
from app.people.models import Employee
from app.schedules import differences, move_reasons, store
from app.schedules.models import (
    ChangeLog,
    Schedule,
    ScheduleGap,
    ScheduleShift,
    ScheduleStatus,
    ScheduleTurn,
)


def dropped_turns(session: Session, draft: Schedule, current: Schedule | None) -> list[dict]:
    """The published turns after the draft ends: publishing it as it is would cancel them."""
    if current is None:
        return []
    names = {e.id: e.name for e in session.exec(select(Employee)).all()}
    turns = session.exec(
        select(ScheduleTurn)
        .where(
            ScheduleTurn.schedule_id == current.id,
            col(ScheduleTurn.week_start) >= store.horizon_end(draft),
        )
        .order_by(col(ScheduleTurn.week_start), col(ScheduleTurn.employee_id))
    ).all()
    return [
        {
            "employee_id": t.employee_id,
            "name": names.get(t.employee_id, str(t.employee_id)),
            "week_start": str(t.week_start),
            "days": t.days,
            "rule_id": t.rule_id,
        }
        for t in turns
    ]


def publishable(
    *, session: Session, schedule_id: int, end_early: bool
) -> tuple[Schedule, Schedule | None, list[dict]]:
    """The draft, the plan it would replace and the turns it would drop; refuses (404, 409)
    what cannot publish. The request checks this before it queues the job, the job again."""
    schedule = session.get(Schedule, schedule_id)
    if schedule is None:
        raise NotFound(f"Schedule {schedule_id} does not exist.")
    if schedule.status != ScheduleStatus.draft.value:
        raise Conflict(
            f"Schedule {schedule_id} is {schedule.status}; only drafts publish.", field="status"
        )
    current = store.published(session)
    dropped = dropped_turns(session, schedule, current)
    if dropped and not end_early:
        people = len({d["employee_id"] for d in dropped})
        raise Conflict(
            f"The published plan runs past this draft's last week ({store.horizon_end(schedule)}): "
            f"publishing would cancel {len(dropped)} turns of {people} people. Generate a "
            "draft that reaches the end of the published plan, or publish with end_early "
            "to drop them.",
            field="end_early",
        )
    return schedule, current, dropped


def publish(
    *, session: Session, schedule_id: int, actor: User, end_early: bool = False
) -> Schedule:
    """Publish a draft. Published weeks before its start stay as they were; published weeks
    after its end are kept unless `end_early` names the choice to drop them."""
    schedule, current, dropped = publishable(
        session=session, schedule_id=schedule_id, end_early=end_early
    )
    if current is not None:
        _carry_over(session, current, schedule)
        current.status = ScheduleStatus.superseded.value
        session.add(current)
        session.flush()  # one published schedule at a time
    schedule.status = ScheduleStatus.published.value
    schedule.published_at = utcnow()
    schedule.published_by = actor.id
    schedule.version += 1
    session.add(schedule)
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict(
            "Another schedule was published at the same moment; reload and compare first.",
            field="status",
        ) from exc
    session.add(
        ChangeLog(
            schedule_id=schedule.id,
            kind="published",
            actor_id=actor.id,
            details={
                "supersedes": current.id if current else None,
                "ended_early": bool(dropped),
                "dropped_turns": dropped,
            },
        )
    )
    # Calendars re-derive only the weeks the new plan changes: an unchanged re-publish
    # writes no event, a re-plan that moves five people touches their weeks alone.
    weeks = (
        differences.changed_weeks(session, saved_id(schedule), saved_id(current))
        if current is not None
        else None
    )
    events.emit(session, ScheduleChanged(weeks=weeks, reason="published"))
    events.emit(
        session, SchedulePublished(saved_id(schedule), saved_id(current) if current else None)
    )
    return schedule


def _carry_over(session: Session, current: Schedule, draft: Schedule) -> None:
    """Copy the published weeks before the draft's start into it, so the published schedule
    stays the whole record: feeds keep past turns, reports read one schedule."""
    start = draft.start
    if current.start >= start:
        return
    store.copy_rows(
        session,
        ScheduleTurn,
        saved_id(current),
        saved_id(draft),
        col(ScheduleTurn.week_start) < start,
    )
    store.copy_rows(
        session, ScheduleShift, saved_id(current), saved_id(draft), col(ScheduleShift.day) < start
    )
    store.copy_rows(
        session,
        ScheduleGap,
        saved_id(current),
        saved_id(draft),
        or_(col(ScheduleGap.week_start) < start, col(ScheduleGap.day) < start),
    )
    end = store.horizon_end(draft)
    draft.start = current.start
    draft.weeks = (end - current.start).days // 7
    session.add(draft)
    session.flush()


def compare(*, session: Session, schedule: Schedule, other: Schedule) -> dict[str, Any]:
    """Who moves between two schedules over both horizons, and which gaps appear or close."""
    start = min(schedule.start, other.start)
    end = max(store.horizon_end(schedule), store.horizon_end(other))
    mine = _weeks_by_person(session, saved_id(schedule), start, end)
    theirs = _weeks_by_person(session, saved_id(other), start, end)
    people = {
        e.id: e
        for e in session.exec(
            select(Employee).where(col(Employee.id).in_(set(mine) | set(theirs)))
        ).all()
    }
    past_end = store.horizon_end(schedule)
    reasons = move_reasons.context(session, schedule, other, past_end, clock.today())
    moves = []
    for person_id in sorted(set(mine) | set(theirs)):
        added = sorted(mine.get(person_id, set()) - theirs.get(person_id, set()))
        removed = sorted(theirs.get(person_id, set()) - mine.get(person_id, set()))
        if not added and not removed:
            continue
        person = people.get(person_id)
        moves.append(
            {
                "employee_id": person_id,
                "name": person.name if person else str(person_id),
                "added_weeks": [str(w) for w in added],
                "removed_weeks": [str(w) for w in removed],
                "why": move_reasons.why_moved(session, reasons, person, added, removed),
            }
        )
    gaps_now = _gap_messages(session, saved_id(schedule))
    gaps_then = _gap_messages(session, saved_id(other))
    dropped = (
        dropped_turns(session, schedule, other)
        if schedule.status == ScheduleStatus.draft.value
        else []
    )
    return {
        "schedule_id": schedule.id,
        "against_id": other.id,
        "from": str(start),
        "to": str(end),
        "people_moved": len(moves),
        "moves": moves,
        "gaps_opened": [gaps_now[k] for k in sorted(set(gaps_now) - set(gaps_then))],
        "gaps_closed": [gaps_then[k] for k in sorted(set(gaps_then) - set(gaps_now))],
        "ends_early": {
            "after": str(past_end),
            "turns": dropped,
            "people": len({d["employee_id"] for d in dropped}),
        }
        if dropped
        else None,
    }


def _gap_messages(session: Session, schedule_id: int) -> dict[str, str]:
    rows = session.exec(select(ScheduleGap).where(ScheduleGap.schedule_id == schedule_id)).all()
    return {g.fingerprint: g.message for g in rows}


def _weeks_by_person(
    session: Session, schedule_id: int, start: date, end: date
) -> dict[int, set[date]]:
    found: dict[int, set[date]] = defaultdict(set)
    for turn in session.exec(
        select(ScheduleTurn).where(
            ScheduleTurn.schedule_id == schedule_id,
            col(ScheduleTurn.week_start) >= start,
            col(ScheduleTurn.week_start) < end,
        )
    ).all():
        found[turn.employee_id].add(turn.week_start)
    return found
