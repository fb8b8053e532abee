"""Schedules: start solves and re-plans, review, compare, publish, acknowledge gaps."""

from datetime import date
from typing import NamedTuple

from sqlalchemy import func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.auth.models import User
from app.db import saved_id
from app.errors import Conflict, Invalid, NotFound
from app.events import SolveQueued, emit
from app.schedules import jobs, planning, store
from app.schedules.models import (
    ChangeLog,
    GapAcknowledgement,
    Schedule,
    ScheduleGap,
    ScheduleGapPublic,
    SchedulePublic,
    ScheduleTurn,
    SolveJob,
    SolveJobCreate,
)
from app.validation import ascii_id


def start_solve(*, session: Session, data: SolveJobCreate, actor: User) -> SolveJob:
    job = jobs.create_job(
        session=session,
        start=data.start,
        weeks=data.weeks,
        time_limit_s=data.time_limit_s,
        actor=actor,
    )
    emit(session, SolveQueued(saved_id(job)))
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
    emit(session, SolveQueued(saved_id(job)))
    return job


def start_publish(
    *, session: Session, schedule_id: int, actor: User, end_early: bool = False
) -> SolveJob:
    """Queue the publish of a draft (checked first); the job page follows it."""
    job = jobs.create_publish_job(
        session=session, schedule_id=schedule_id, actor=actor, end_early=end_early
    )
    emit(session, SolveQueued(saved_id(job)))
    return job


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
    schedule_id = ascii_id(ref)
    if schedule_id is None:
        raise Invalid("Name a schedule by id or as 'published'.", field="schedule")
    return get_schedule(session=session, schedule_id=schedule_id)


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


class OpenGap(NamedTuple):
    kind: str
    week_start: date | None
    short: int


def open_gap_rows(*, session: Session, schedule: Schedule, since: date) -> list[OpenGap]:
    """Unacknowledged gaps from `since` on (or without a week), as their kind, week and
    shortfall: for counts and summaries, where a company's thousands of gaps need neither an
    answer model nor their causes read each (decoding those was a third of the dashboard)."""
    acks = store.acknowledged(session)
    query = sa_select(
        col(ScheduleGap.kind),
        col(ScheduleGap.week_start),
        col(ScheduleGap.short),
        col(ScheduleGap.fingerprint),
    ).where(
        col(ScheduleGap.schedule_id) == schedule.id,
        or_(col(ScheduleGap.week_start).is_(None), col(ScheduleGap.week_start) >= since),
    )
    return [
        OpenGap(kind, week_start, short)
        for kind, week_start, short, fingerprint in session.execute(
            query.order_by(col(ScheduleGap.id))
        ).all()
        if fingerprint not in acks
    ]


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


def acknowledge_gaps(
    *,
    session: Session,
    schedule_id: int,
    kinds: list[str],
    week: date | None,
    note: str,
    actor: User,
) -> int:
    """Acknowledge every open gap of these kinds in one week (None: gaps without a week), in
    one transaction. Returns how many were acknowledged."""
    schedule = session.get(Schedule, schedule_id)
    if schedule is None:
        raise NotFound(f"Schedule {schedule_id} does not exist.")
    wanted = [
        g
        for g in list_gaps(session=session, schedule=schedule, open_only=True)
        if g.kind in kinds and g.week_start == week
    ]
    for gap in wanted:
        acknowledge_gap(
            session=session, schedule_id=schedule_id, gap_id=gap.id, note=note, actor=actor
        )
    return len(wanted)


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


def history(
    *, session: Session, schedule_id: int | None, employee_id: int | None
) -> list[ChangeLog]:
    query = select(ChangeLog).order_by(col(ChangeLog.at), col(ChangeLog.id))
    if schedule_id is not None:
        query = query.where(ChangeLog.schedule_id == schedule_id)
    if employee_id is not None:
        query = query.where(ChangeLog.employee_id == employee_id)
    return list(session.exec(query).all())
