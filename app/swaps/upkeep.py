"""Swap offers follow their turn: when a change moves or removes it, a waiting offer closes
itself with the reason, so nobody is shown a Take button that can only fail."""

from sqlmodel import Session, col, select

from app.clock import utcnow
from app.db import saved_id
from app.events import ScheduleChanged, on
from app.schedules.models import ScheduleTurn
from app.schedules.store import published
from app.swaps.models import WAITING, SwapRequest, SwapStatus


@on(ScheduleChanged)
def follow_turns(session: Session, event: ScheduleChanged) -> None:
    """Point waiting swaps at their turn in the published schedule, or close them."""
    waiting = session.exec(select(SwapRequest).where(col(SwapRequest.status).in_(WAITING))).all()
    if not waiting:
        return
    schedule = published(session)
    for swap in waiting:
        offered = _current(session, schedule.id if schedule else None, swap.turn_id)
        reason = _why_gone(session, swap.turn_id, offered, swap.offered_by)
        traded = None
        if reason is None and swap.trade_turn_id is not None:
            traded = _current(session, schedule.id if schedule else None, swap.trade_turn_id)
            reason = _why_gone(session, swap.trade_turn_id, traded, swap.taken_by)
            if reason is not None:
                reason = "The turn offered in trade: " + reason[0].lower() + reason[1:]
        if reason is not None:
            swap.status = SwapStatus.closed.value
            swap.closed_reason = reason
        elif offered is not None and schedule is not None:
            swap.schedule_id = saved_id(schedule)
            swap.turn_id = saved_id(offered)
            if traded is not None:
                swap.trade_turn_id = traded.id
        else:
            continue
        swap.updated_at = utcnow()
        session.add(swap)
    session.flush()


def _current(session: Session, schedule_id: int | None, turn_id: int) -> ScheduleTurn | None:
    """The same turn (by UID) in the published schedule."""
    turn = session.get(ScheduleTurn, turn_id)
    if turn is None or schedule_id is None:
        return None
    if turn.schedule_id == schedule_id:
        return turn
    return session.exec(
        select(ScheduleTurn).where(
            ScheduleTurn.schedule_id == schedule_id, ScheduleTurn.uid == turn.uid
        )
    ).first()


def _why_gone(
    session: Session, turn_id: int, current: ScheduleTurn | None, owner: int | None
) -> str | None:
    before = session.get(ScheduleTurn, turn_id)
    week = before.week_start if before else "?"
    if current is None:
        return f"The turn in the week of {week} is no longer in the published schedule."
    if current.employee_id != owner:
        return f"The turn in the week of {week} changed hands."
    if before is not None and current.days != before.days:
        return f"The turn in the week of {week} changed from {before.days} to {current.days} days."
    return None
