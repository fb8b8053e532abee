"""Swaps: an employee offers a turn, a colleague takes it or proposes a trade, HR approves
where the settings say so, and a done swap can be undone while its weeks are ahead. HR may
do any of these for the people in it (offer, take for a colleague, accept, withdraw, undo):
the audit trail names HR, the swap names the people."""

from sqlmodel import Session, col, func, select

from app import clock, events
from app.auth.deps import is_hr
from app.auth.models import User
from app.auth.scope import may_act_for, require_own
from app.clock import utcnow
from app.db import saved_id
from app.errors import Conflict, Forbidden, Invalid, NotFound
from app.events import ScheduleChanged, SwapChanged
from app.people.models import Employee
from app.rules import approval
from app.schedules import changes
from app.schedules import questions as schedule_questions
from app.schedules.gaps import refresh_gaps
from app.schedules.models import ChangeLog, Schedule, ScheduleStatus, ScheduleTurn
from app.schedules.store import turn_uid
from app.swaps.models import WAITING, SwapCreate, SwapRequest, SwapStatus, SwapTake


def _saved(session: Session, swap: SwapRequest) -> SwapRequest:
    swap.updated_at = utcnow()
    session.add(swap)
    session.flush()
    events.emit(session, SwapChanged(saved_id(swap), swap.status))
    return swap


def _employee_of(user: User) -> int:
    if user.employee_id is None:
        raise Forbidden("Swaps are between employees; this login has no employee record.")
    return user.employee_id


def get_swap(*, session: Session, swap_id: int) -> SwapRequest:
    swap = session.get(SwapRequest, swap_id)
    if swap is None:
        raise NotFound(f"Swap {swap_id} does not exist.")
    return swap


def _future_turn(session: Session, turn_id: int, field: str) -> tuple[ScheduleTurn, Schedule]:
    turn = session.get(ScheduleTurn, turn_id)
    if turn is None:
        raise NotFound(f"Turn {turn_id} does not exist.")
    schedule = session.get(Schedule, turn.schedule_id)
    assert schedule is not None
    if schedule.status != ScheduleStatus.published.value:
        raise Conflict("Only turns of the published schedule can be swapped.", field=field)
    if turn.week_start <= clock.today():
        raise Conflict(
            f"The week of {turn.week_start} has started; it can no longer be swapped.", field=field
        )
    return turn, schedule


def offer(*, session: Session, data: SwapCreate, actor: User) -> SwapRequest:
    turn, schedule = _future_turn(session, data.turn_id, "turn_id")
    require_own(actor, turn.employee_id, "You can offer only your own turns.")
    existing = session.exec(
        select(SwapRequest).where(
            SwapRequest.turn_id == turn.id,
            col(SwapRequest.status).in_(WAITING),
        )
    ).first()
    if existing is not None:
        raise Conflict(f"This turn is already offered (swap {existing.id}).", field="turn_id")
    swap = SwapRequest(
        schedule_id=turn.schedule_id,
        turn_id=saved_id(turn),
        offered_by=turn.employee_id,
        note=data.note,
    )
    session.add(swap)
    session.flush()
    events.emit(session, SwapChanged(saved_id(swap), swap.status))
    return swap


def take(*, session: Session, swap_id: int, data: SwapTake, actor: User) -> SwapRequest:
    swap = get_swap(session=session, swap_id=swap_id)
    if swap.status != SwapStatus.open.value:
        raise Conflict(f"Swap {swap_id} is {swap.status}, not open.", field="status")
    taker = data.employee_id if data.employee_id is not None else _employee_of(actor)
    require_own(actor, taker, "You can take a swap only for yourself.")
    if taker == swap.offered_by:
        raise Conflict("A turn cannot go to the person who offered it.", field="employee_id")
    turn, schedule = _future_turn(session, swap.turn_id, "turn_id")
    employee = session.get(Employee, taker)
    if employee is None or not employee.active:
        raise Invalid(f"Employee {taker} does not exist or has left.", field="employee_id")
    trade = None
    if data.trade_turn_id is not None:
        trade, _ = _future_turn(session, data.trade_turn_id, "trade_turn_id")
        if trade.employee_id != taker or trade.schedule_id != schedule.id:
            raise Forbidden("Only one of the taker's own turns in the same schedule can trade.")
    changes.check_week(
        session=session,
        schedule=schedule,
        employee=employee,
        week_start=turn.week_start,
        leaving=(turn, trade),
        field="swap_id",
    )
    swap.taken_by = taker
    swap.trade_turn_id = trade.id if trade else None
    if trade is not None:
        swap.status = SwapStatus.proposed.value  # the offerer accepts or declines the trade
    elif approval.needs_approval(session, actor, swap.offered_by):
        swap.status = SwapStatus.pending.value  # an approver taking it is the approval
    else:
        _apply(session, swap, actor)
    return _saved(session, swap)


def accept_trade(*, session: Session, swap_id: int, actor: User) -> SwapRequest:
    swap = get_swap(session=session, swap_id=swap_id)
    # Who may act is checked before the state, so outsiders learn nothing about the swap.
    require_own(actor, swap.offered_by, "Only the person who offered the turn accepts a trade.")
    if swap.status != SwapStatus.proposed.value:
        raise Conflict(f"Swap {swap_id} has no trade waiting.", field="status")
    if approval.needs_approval(session, actor, swap.offered_by):
        swap.status = SwapStatus.pending.value
    else:
        _apply(session, swap, actor)
    return _saved(session, swap)


def decide(*, session: Session, swap_id: int, approve: bool, actor: User) -> SwapRequest:
    swap = get_swap(session=session, swap_id=swap_id)
    approval.require_approver(session, actor, swap.offered_by)  # before its state is told
    if swap.status != SwapStatus.pending.value:
        raise Conflict(
            f"Swap {swap_id} is {swap.status}, not waiting for approval.", field="status"
        )
    if approve:
        _apply(session, swap, actor)
    else:
        swap.status = SwapStatus.rejected.value
        swap.decided_by = actor.id
    return _saved(session, swap)


def cancel(*, session: Session, swap_id: int, actor: User) -> SwapRequest:
    swap = get_swap(session=session, swap_id=swap_id)
    require_own(actor, swap.offered_by, "Only the person who offered the turn can withdraw it.")
    if swap.status not in WAITING:
        raise Conflict(f"Swap {swap_id} is {swap.status}; undo it instead.", field="status")
    swap.status = SwapStatus.cancelled.value
    return _saved(session, swap)


def undo(*, session: Session, swap_id: int, actor: User) -> SwapRequest:
    swap = get_swap(session=session, swap_id=swap_id)
    parties = {swap.offered_by, swap.taken_by}
    if not any(may_act_for(actor, person) for person in parties):
        raise Forbidden("Only the two people in the swap or HR can undo it.")
    if swap.status != SwapStatus.done.value:
        raise Conflict(
            f"Swap {swap_id} is {swap.status}; only done swaps can be undone.", field="status"
        )
    _apply(session, swap, actor, reverse=True)
    swap.status = SwapStatus.undone.value
    return _saved(session, swap)


def _apply(session: Session, swap: SwapRequest, actor: User, reverse: bool = False) -> None:
    """Hand the turn (and the traded one back) over, re-seating shifts, all checked."""
    assert swap.taken_by is not None
    giver, receiver = (
        (swap.taken_by, swap.offered_by) if reverse else (swap.offered_by, swap.taken_by)
    )
    moves = [(swap.turn_id, giver, receiver)]
    if swap.trade_turn_id is not None:
        moves.append((swap.trade_turn_id, receiver, giver))
    for turn_id, from_id, to_id in moves:
        turn, schedule = _future_turn(session, turn_id, "turn_id")
        if turn.employee_id != from_id:
            raise Conflict(
                "The turn changed hands since; this swap cannot be applied.", field="status"
            )
        receiver_row = session.get(Employee, to_id)
        assert receiver_row is not None
        changes.check_week(
            session=session,
            schedule=schedule,
            employee=receiver_row,
            week_start=turn.week_start,
            leaving=(turn, _turn_of(session, to_id, moves, turn_id)),
            field="swap_id",
        )
        changes.drop_shifts(session, saved_id(schedule), from_id, turn.week_start)
        turn.employee_id = to_id
        turn.uid = turn_uid(to_id, turn.week_start)
        turn.source = "swap"
        session.add(turn)
        session.flush()
        changes.place_shifts(
            session=session,
            schedule=schedule,
            employee=receiver_row,
            week_start=turn.week_start,
            days=turn.days,
            source="swap",
        )
        session.add(
            ChangeLog(
                schedule_id=schedule.id,
                kind="swap_undone" if reverse else "swap_done",
                actor_id=actor.id,
                employee_id=to_id,
                reason=swap.note,
                details={
                    "swap_id": swap.id,
                    "from": from_id,
                    "to": to_id,
                    "week": str(turn.week_start),
                },
            )
        )
        schedule.version += 1
        session.add(schedule)
    if not reverse:
        swap.status = SwapStatus.done.value
        swap.decided_by = actor.id
    session.flush()
    weeks = [session.get_one(ScheduleTurn, turn_id).week_start for turn_id, _, _ in moves]
    people = refresh_gaps(session=session, schedule=schedule, week_starts=weeks)
    people |= {person for _, giver_id, receiver_id in moves for person in (giver_id, receiver_id)}
    events.emit(session, ScheduleChanged.for_days(people, weeks, reason="swap"))


def _turn_of(
    session: Session, employee_id: int, moves: list[tuple[int, int, int]], turn_id: int
) -> ScheduleTurn | None:
    """In a trade, the receiver's own traded turn leaves too: it must not count against them."""
    for other_id, from_id, _ in moves:
        if other_id != turn_id and from_id == employee_id:
            return session.get(ScheduleTurn, other_id)
    return None


def visible_swap(*, session: Session, swap_id: int, actor: User) -> SwapRequest:
    swap = get_swap(session=session, swap_id=swap_id)
    if swap.status == SwapStatus.open.value or any(
        may_act_for(actor, person) for person in (swap.offered_by, swap.taken_by)
    ):
        return swap
    if swap.status == SwapStatus.pending.value and approval.may_approve(
        session, actor, swap.offered_by
    ):
        return swap  # the lead who approves it
    raise Forbidden("Only the two people in the swap, their approver or HR can see it.")


def list_swaps(*, session: Session, actor: User, status: str | None) -> list[SwapRequest]:
    query = select(SwapRequest).order_by(col(SwapRequest.id))
    if status:
        query = query.where(SwapRequest.status == status)
    swaps = list(session.exec(query).all())
    if is_hr(actor):
        return swaps
    mine, led = actor.employee_id, set(approval.approving_for(session, actor))
    return [
        s
        for s in swaps
        if s.status == SwapStatus.open.value
        or mine in (s.offered_by, s.taken_by)
        or (s.status == SwapStatus.pending.value and s.offered_by in led)
    ]


def open_offers(session: Session, employee_id: int | None) -> int:
    """Colleagues' open offers this person could take (shown beside Swaps in the menu)."""
    if employee_id is None:
        return 0
    return len(
        session.exec(
            select(SwapRequest.id).where(
                SwapRequest.status == SwapStatus.open.value,
                SwapRequest.offered_by != employee_id,
            )
        ).all()
    )


@schedule_questions.swaps_awaiting_approval.answer
def awaiting_approval(session: Session) -> int:
    """Taken swaps waiting for HR's approval."""
    return session.exec(
        select(func.count()).where(SwapRequest.status == SwapStatus.pending.value)
    ).one()
