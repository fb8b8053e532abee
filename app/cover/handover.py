"""Handing covered seats over: the owner's seats on the covered days (and, for a whole turn,
the turn itself) go to the colleague, a traded turn the other way, and back again when they
give it back."""

from datetime import date, timedelta

from sqlmodel import Session, col, select

from app import events
from app.auth.models import User
from app.cover.models import CoverRequest
from app.events import ScheduleChanged
from app.schedules.gaps import refresh_gaps
from app.schedules.models import ChangeLog, Schedule, ScheduleShift, ScheduleTurn
from app.schedules.store import turn_uid


def covered_days(request: CoverRequest) -> frozenset[date]:
    return frozenset(date.fromisoformat(d) for d in request.days)


def hand_over(
    session: Session, request: CoverRequest, from_id: int, to_id: int, actor: User | None, kind: str
) -> None:
    """The covered seats go from `from_id` to `to_id`; in a trade, the traded turn goes the
    other way (giving back reverses both)."""
    schedule = session.get_one(Schedule, request.schedule_id)
    turn = session.get_one(ScheduleTurn, request.turn_id)
    _move(session, schedule, turn, covered_days(request), from_id, to_id)
    weeks = [request.week_start]
    details = {
        "cover_request_id": request.id,
        "from": from_id,
        "to": to_id,
        "week": str(request.week_start),
        "days": sorted(request.days),
    }
    if request.trade_turn_id is not None:
        trade = session.get_one(ScheduleTurn, request.trade_turn_id)
        _move(session, schedule, trade, frozenset(), to_id, from_id)
        weeks.append(trade.week_start)
        details["trade_week"] = str(trade.week_start)
    session.add(
        ChangeLog(
            schedule_id=schedule.id,
            kind=kind,
            actor_id=actor.id if actor is not None else None,
            employee_id=to_id,
            reason=request.note,
            details=details,
        )
    )
    schedule.version += 1
    session.add(schedule)
    session.flush()
    paired = refresh_gaps(session=session, schedule=schedule, week_starts=weeks)
    events.emit(session, ScheduleChanged.for_days({from_id, to_id, *paired}, weeks, reason="cover"))


def _move(
    session: Session,
    schedule: Schedule,
    turn: ScheduleTurn,
    days: frozenset[date],
    from_id: int,
    to_id: int,
) -> None:
    """`from_id`'s seats of the turn's week (on `days`, or all and the turn itself) and the
    new hires they mentor there go to `to_id`."""
    week = (
        col(ScheduleShift.day) >= turn.week_start - timedelta(days=1),
        col(ScheduleShift.day) <= turn.week_start + timedelta(days=7),
    )
    seats = session.exec(
        select(ScheduleShift).where(
            ScheduleShift.schedule_id == schedule.id, ScheduleShift.employee_id == from_id, *week
        )
    ).all()
    moved = [s for s in seats if not days or s.day in days]
    slots = {(s.day, s.shift_template_id) for s in moved}
    for seat in moved:
        seat.employee_id = to_id
        seat.source = "cover"
        session.add(seat)
    for mentee in session.exec(
        select(ScheduleShift).where(
            ScheduleShift.schedule_id == schedule.id, ScheduleShift.mentor_id == from_id, *week
        )
    ).all():
        if (mentee.day, mentee.shift_template_id) in slots:
            mentee.mentor_id = to_id
            session.add(mentee)
    if not days:
        turn.employee_id = to_id
        turn.uid = turn_uid(to_id, turn.week_start)
        turn.source = "cover"
        session.add(turn)
