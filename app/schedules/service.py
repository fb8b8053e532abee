"""Schedules: start solves and re-plans, review, compare, publish, acknowledge gaps."""

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app import events
from app.auth.models import User
from app.db import after_commit
from app.errors import Conflict, Invalid, NotFound
from app.events import ScheduleChanged
from app.people.models import Employee, TimeOff, utcnow
from app.schedules import jobs, planning, store
from app.schedules.models import (
    ChangeLog,
    GapAcknowledgement,
    Schedule,
    ScheduleGap,
    ScheduleGapPublic,
    SchedulePublic,
    ScheduleStatus,
    ScheduleTurn,
    SolveJob,
    SolveJobCreate,
)


def start_solve(*, session: Session, data: SolveJobCreate, actor: User) -> SolveJob:
    job = jobs.create_job(
        session=session,
        start=data.start,
        weeks=data.weeks,
        time_limit_s=data.time_limit_s,
        actor=actor,
    )
    _enqueue_after_commit(session, job)
    return job


def start_replan(*, session: Session, reason: str, time_limit_s: float, actor: User) -> SolveJob:
    published = store.published(session)
    if published is None:
        raise Conflict("There is no published schedule to re-plan; generate and publish one.")
    start, weeks = planning.replan_horizon(published)
    job = jobs.create_job(
        session=session,
        start=start,
        weeks=weeks,
        time_limit_s=time_limit_s,
        actor=actor,
        kind="replan",
        reason=reason,
        base_schedule_id=published.id,
    )
    _enqueue_after_commit(session, job)
    return job


def _enqueue_after_commit(session: Session, job: SolveJob) -> None:
    from app.schedules.tasks import enqueue_solve

    job_id = job.id
    after_commit(session, lambda: enqueue_solve(job_id))  # type: ignore[arg-type]


def get_schedule(*, session: Session, schedule_id: int) -> Schedule:
    schedule = session.get(Schedule, schedule_id)
    if schedule is None:
        raise NotFound(f"Schedule {schedule_id} does not exist.")
    return schedule


def resolve_schedule(*, session: Session, ref: str) -> Schedule:
    """A schedule id, or the word `published`."""
    if ref == "published":
        schedule = store.published(session)
        if schedule is None:
            raise NotFound("No schedule is published yet.")
        return schedule
    if not ref.isdigit():
        raise Invalid("Name a schedule by id or as 'published'.", field="schedule")
    return get_schedule(session=session, schedule_id=int(ref))


def schedule_public(*, session: Session, schedule: Schedule) -> SchedulePublic:
    turns = session.exec(select(func.count()).where(ScheduleTurn.schedule_id == schedule.id)).one()
    gaps = list_gaps(session=session, schedule=schedule)
    return SchedulePublic.model_validate(
        schedule,
        update={
            "turns": turns,
            "gaps": len(gaps),
            "open_gaps": sum(1 for g in gaps if not g.acknowledged),
        },
    )


def list_gaps(
    *, session: Session, schedule: Schedule, open_only: bool = False, kind: str | None = None
) -> list[ScheduleGapPublic]:
    query = select(ScheduleGap).where(ScheduleGap.schedule_id == schedule.id)
    if kind:
        query = query.where(ScheduleGap.kind == kind)
    acks = store.acknowledged(session)
    result = []
    for gap in session.exec(query.order_by(col(ScheduleGap.id))).all():
        ack = acks.get(gap.fingerprint)
        if open_only and ack is not None:
            continue
        result.append(
            ScheduleGapPublic.model_validate(
                gap,
                update={
                    "acknowledged": ack is not None,
                    "acknowledged_note": ack.note if ack else None,
                },
            )
        )
    return result


def acknowledge_gap(
    *, session: Session, schedule_id: int, gap_id: int, note: str, actor: User
) -> ScheduleGapPublic:
    gap = session.get(ScheduleGap, gap_id)
    if gap is None or gap.schedule_id != schedule_id:
        raise NotFound(f"Gap {gap_id} does not exist in schedule {schedule_id}.")
    ack = session.exec(
        select(GapAcknowledgement).where(GapAcknowledgement.fingerprint == gap.fingerprint)
    ).first()
    if ack is None:
        ack = GapAcknowledgement(fingerprint=gap.fingerprint, note=note, acknowledged_by=actor.id)
        session.add(ack)
        session.add(
            ChangeLog(
                schedule_id=schedule_id,
                kind="gap_acknowledged",
                actor_id=actor.id,
                reason=note,
                details={"gap": gap.message},
            )
        )
        session.flush()
    return ScheduleGapPublic.model_validate(
        gap, update={"acknowledged": True, "acknowledged_note": ack.note}
    )


def publish(*, session: Session, schedule_id: int, actor: User) -> Schedule:
    schedule = get_schedule(session=session, schedule_id=schedule_id)
    if schedule.status != ScheduleStatus.draft.value:
        raise Conflict(
            f"Schedule {schedule_id} is {schedule.status}; only drafts publish.", field="status"
        )
    current = store.published(session)
    if current is not None:
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
            details={"supersedes": current.id if current else None},
        )
    )
    events.emit(session, ScheduleChanged(reason="published"))
    return schedule


def compare(*, session: Session, schedule: Schedule, other: Schedule) -> dict[str, Any]:
    """Who moves between two schedules, and which gaps appear or close."""
    start = max(schedule.start, other.start)
    end = min(
        schedule.start + timedelta(weeks=schedule.weeks), other.start + timedelta(weeks=other.weeks)
    )
    mine = _weeks_by_person(session, schedule.id, start, end)  # type: ignore[arg-type]
    theirs = _weeks_by_person(session, other.id, start, end)  # type: ignore[arg-type]
    people = {
        e.id: e
        for e in session.exec(
            select(Employee).where(col(Employee.id).in_(set(mine) | set(theirs)))
        ).all()
    }
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
                "why": _why_moved(session, person, added, removed),
            }
        )
    gaps_now = {
        g.fingerprint: g.message
        for g in session.exec(
            select(ScheduleGap).where(ScheduleGap.schedule_id == schedule.id)
        ).all()
    }
    gaps_then = {
        g.fingerprint: g.message
        for g in session.exec(select(ScheduleGap).where(ScheduleGap.schedule_id == other.id)).all()
    }
    return {
        "schedule_id": schedule.id,
        "against_id": other.id,
        "from": str(start),
        "to": str(end),
        "people_moved": len(moves),
        "moves": moves,
        "gaps_opened": [gaps_now[k] for k in sorted(set(gaps_now) - set(gaps_then))],
        "gaps_closed": [gaps_then[k] for k in sorted(set(gaps_then) - set(gaps_now))],
    }


def _weeks_by_person(session: Session, schedule_id: int, start: date, end: date) -> dict:  # type: ignore[type-arg]
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


def _why_moved(
    session: Session, person: Employee | None, added: list[date], removed: list[date]
) -> str:
    if person is None:
        return "no longer in the company"
    if not person.active:
        return "no longer active: their turns are released"
    reasons = []
    for week in removed:
        leave = session.exec(
            select(TimeOff).where(
                TimeOff.employee_id == person.id,
                TimeOff.first_day <= week + timedelta(days=4),
                TimeOff.last_day >= week,
            )
        ).first()
        if leave is not None:
            reasons.append(
                f"time off {leave.first_day}–{leave.last_day} overlaps the week of {week}"
            )
    if added and not removed:
        reasons.append("newly due (a new hire, a new rule, or a turn that fell due)")
    if not reasons:
        reasons.append("moved to keep coverage, caps and fairness after other changes")
    return "; ".join(reasons)


def history(
    *, session: Session, schedule_id: int | None, employee_id: int | None
) -> list[ChangeLog]:
    query = select(ChangeLog).order_by(col(ChangeLog.at), col(ChangeLog.id))
    if schedule_id is not None:
        query = query.where(ChangeLog.schedule_id == schedule_id)
    if employee_id is not None:
        query = query.where(ChangeLog.employee_id == employee_id)
    return list(session.exec(query).all())
