"""Cover requests: ask, take (the first acceptance wins), approve, give back, cancel. The
person whose turn it is or HR for them asks; a colleague takes it for themselves, or HR for
anyone ("by HR for X": the actor and the colleague are both recorded)."""

import secrets
from datetime import timedelta

from sqlalchemy import ColumnElement, or_, update
from sqlmodel import Session, col, select

from app import clock, events
from app.auth.models import User
from app.auth.scope import require_own
from app.clock import utcnow
from app.cover import candidates
from app.cover.handover import covered_days, hand_over
from app.cover.models import (
    LIVE,
    AskAnswer,
    CoverAsk,
    CoverCreate,
    CoverRequest,
    CoverStatus,
    CoverTake,
)
from app.cover.reading import get_request
from app.db import saved_id
from app.errors import Conflict, Forbidden, Invalid, NotFound
from app.events import CoverChanged
from app.rules import approval
from app.schedules.models import Schedule, ScheduleStatus, ScheduleTurn
from app.swaps.models import WAITING, SwapRequest

WAVE = 5  # colleagues asked at once; each follow-up round asks this many more
GRACE = timedelta(hours=24)  # a taker may give a cover back this long after taking it


def _future_turn(session: Session, turn_id: int, field: str = "turn_id") -> ScheduleTurn:
    turn = session.get(ScheduleTurn, turn_id)
    if turn is None:
        raise NotFound(f"Turn {turn_id} does not exist.")
    schedule = session.get_one(Schedule, turn.schedule_id)
    if schedule.status != ScheduleStatus.published.value:
        raise Conflict("Only turns of the published schedule can be covered.", field=field)
    if turn.week_start + timedelta(days=6) < clock.today():
        raise Conflict(f"The week of {turn.week_start} is over.", field=field)
    return turn


def wanted(session: Session, request: CoverRequest, owner: int) -> candidates.Wanted:
    return candidates.wanted_of(
        session, request.schedule_id, owner, request.week_start, covered_days(request)
    )


def ask(*, session: Session, data: CoverCreate, actor: User) -> CoverRequest:
    turn = _future_turn(session, data.turn_id)
    require_own(actor, turn.employee_id, "You can ask for cover of your own turns only.")
    live = session.exec(
        select(CoverRequest).where(_naming(saved_id(turn)), col(CoverRequest.status).in_(LIVE))
    ).first()
    if live is not None:
        raise Conflict(f"This turn is in a cover request already ({live.id}).", field="turn_id")
    request = CoverRequest(
        schedule_id=turn.schedule_id,
        turn_id=saved_id(turn),
        employee_id=turn.employee_id,
        week_start=turn.week_start,
        days=sorted({d.isoformat() for d in data.days}),
        note=data.note,
        asked_by=actor.id,
    )
    seats = wanted(session, request, turn.employee_id).seats
    mine = {s.day for s in seats}
    stray = [d for d in data.days if d not in mine]
    if stray:
        raise Invalid(f"{stray[0]} is not a day of this turn.", field="days")
    if not seats:
        raise Conflict("This turn has no seats left to cover.", field="turn_id")
    if min(s.day for s in seats) < clock.today():
        raise Conflict("Some of these days are past; ask for the days ahead.", field="days")
    session.add(request)
    session.flush()
    next_wave(session, request)
    return request


def next_wave(session: Session, request: CoverRequest) -> int:
    """Ask the next colleagues in line (those not asked yet); returns how many."""
    asked = frozenset(
        session.exec(select(CoverAsk.employee_id).where(CoverAsk.request_id == request.id)).all()
    )
    ranking = candidates.rank(session, wanted(session, request, request.employee_id), WAVE, asked)
    start = len(asked)
    for number, found in enumerate(ranking.found, start=start + 1):
        session.add(
            CoverAsk(
                request_id=saved_id(request),
                employee_id=found.employee_id,
                rank=number,
                why=found.why,
                nonce=secrets.token_hex(32),
            )
        )
    session.flush()
    people = frozenset(f.employee_id for f in ranking.found)
    step = "asked" if not asked else "reminded"
    events.emit(session, CoverChanged(saved_id(request), step, people))
    return len(people)


def take(*, session: Session, request_id: int, actor: User, data: CoverTake) -> CoverRequest:
    """A colleague takes it for themselves, or HR for anyone (recorded as by HR for them);
    with a turn of theirs in return, it waits for the asker to accept the trade."""
    taker = data.employee_id if data.employee_id is not None else actor.employee_id
    if taker is None:
        raise Forbidden("Cover is taken by employees; this login has no employee record.")
    require_own(actor, taker, "You can take cover only for yourself.")
    return _take(session, get_request(session, request_id), taker, actor, data.trade_turn_id)


def take_by_link(*, session: Session, ask: CoverAsk) -> CoverRequest:
    """The asked colleague's one-click accept (the link is their credential; used once)."""
    if ask.answer is not None:
        raise Conflict(f"This link was already used or has gone ({ask.answer}).", field="status")
    return _take(session, get_request(session, ask.request_id), ask.employee_id, None)


def _take(
    session: Session,
    request: CoverRequest,
    taker: int,
    actor: User | None,
    trade_turn_id: int | None = None,
) -> CoverRequest:
    """The first to accept takes it: the status changes under a row lock, so a second
    acceptance at the same moment finds it taken (409)."""
    if taker == request.employee_id:
        raise Conflict("This is already your turn.", field="employee_id")
    _future_turn(session, request.turn_id)
    if request.status != CoverStatus.open.value:
        raise Conflict(f"Cover request {request.id} is {request.status}.", field="status")
    _fits(session, request, taker, trade_turn_id)
    won = session.execute(
        update(CoverRequest)
        .where(col(CoverRequest.id) == request.id, col(CoverRequest.status) == "open")
        .values(updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if won.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(f"Cover request {request.id} was just taken.", field="status")
    request.taken_by = taker
    request.taken_at = utcnow()
    request.trade_turn_id = trade_turn_id
    _answer(session, request, taker)
    if trade_turn_id is not None:
        request.status = CoverStatus.proposed.value  # the asker accepts or declines the trade
    elif approval.needs_approval(session, actor, request.employee_id):
        request.status = CoverStatus.pending.value
    else:
        _cover(session, request, actor)
    return _saved(session, request, request.status)


def _fits(session: Session, request: CoverRequest, taker: int, trade_turn_id: int | None) -> None:
    """The taker fits the seats, and in a trade the asker fits the taker's turn: one checker."""
    broken = candidates.why_not(session, wanted(session, request, request.employee_id), taker)
    if broken is not None:
        raise Conflict(f"This cover cannot be taken: {broken}.", field="employee_id")
    if trade_turn_id is None:
        return
    trade = _future_turn(session, trade_turn_id, "trade_turn_id")
    if trade.employee_id != taker or trade.schedule_id != request.schedule_id:
        raise Forbidden("Only one of the taker's own turns in the same schedule can trade.")
    if trade.week_start == request.week_start:
        raise Conflict("A trade is a turn of another week.", field="trade_turn_id")
    if _busy_turn(session, saved_id(trade), besides=saved_id(request)):
        raise Conflict("That turn is asked for cover or offered already.", field="trade_turn_id")
    theirs = candidates.wanted_of(
        session, request.schedule_id, taker, trade.week_start, frozenset()
    )
    broken = candidates.why_not(session, theirs, request.employee_id)
    if broken is not None:
        raise Conflict(f"This turn cannot go in return: {broken}.", field="trade_turn_id")


def _naming(turn_id: int) -> ColumnElement[bool]:
    """Requests for this turn, or offering it in return."""
    return or_(col(CoverRequest.turn_id) == turn_id, col(CoverRequest.trade_turn_id) == turn_id)


def _busy_turn(session: Session, turn_id: int, besides: int) -> bool:
    """The turn is in another live cover request (asked for, or offered in return) or in a
    waiting swap offer."""
    cover = select(CoverRequest.id).where(
        _naming(turn_id), col(CoverRequest.status).in_(LIVE), CoverRequest.id != besides
    )
    swap = select(SwapRequest.id).where(
        SwapRequest.turn_id == turn_id, col(SwapRequest.status).in_(WAITING)
    )
    return session.exec(cover).first() is not None or session.exec(swap).first() is not None


def accept_trade(*, session: Session, request_id: int, actor: User) -> CoverRequest:
    """The asker takes the taker's turn in return; both are checked again (the plan may have
    moved since), then approval as for any cover."""
    request = get_request(session, request_id)
    require_own(actor, request.employee_id, "Only the person whose turn it is accepts a trade.")
    if request.status != CoverStatus.proposed.value or request.taken_by is None:
        raise Conflict(f"Cover request {request_id} has no trade waiting.", field="status")
    traded = session.get(ScheduleTurn, request.trade_turn_id) if request.trade_turn_id else None
    if traded is None or traded.employee_id != request.taken_by:
        raise Conflict("The turn offered in return changed hands since.", field="status")
    _fits(session, request, request.taken_by, request.trade_turn_id)
    if approval.needs_approval(session, actor, request.employee_id):
        request.status = CoverStatus.pending.value
    else:
        _cover(session, request, actor)
    return _saved(session, request, request.status)


def decline_trade(*, session: Session, request_id: int, actor: User) -> CoverRequest:
    request = get_request(session, request_id)
    require_own(actor, request.employee_id, "Only the person whose turn it is declines a trade.")
    if request.status != CoverStatus.proposed.value:
        raise Conflict(f"Cover request {request_id} has no trade waiting.", field="status")
    taker = frozenset({request.taken_by} if request.taken_by else ())
    _reopen(request)
    request.decided_by = actor.id
    _saved(session, request, "declined", told=taker)
    next_wave(session, request)
    return request


def _reopen(request: CoverRequest) -> None:
    request.status = CoverStatus.open.value
    request.taken_by = None
    request.taken_at = None
    request.trade_turn_id = None


def _cover(session: Session, request: CoverRequest, actor: User | None) -> None:
    assert request.taken_by is not None
    hand_over(session, request, request.employee_id, request.taken_by, actor, "cover_taken")
    request.status = CoverStatus.covered.value
    request.decided_by = actor.id if actor is not None else None
    request.give_back_until = utcnow() + GRACE


def _answer(session: Session, request: CoverRequest, taker: int) -> None:
    """The taker's ask is accepted; every other open ask is gone (they are told)."""
    asks_end(session, request, accepted=taker)


def asks_end(
    session: Session, request: CoverRequest, accepted: int | None = None, waiting: bool = False
) -> None:
    """Open asks (and, `waiting`, one accepted while approval waits) are answered: the
    `accepted` colleague's as accepted, the others' as gone."""
    answers: list[ColumnElement[bool]] = [col(CoverAsk.answer).is_(None)]
    if waiting:
        answers.append(col(CoverAsk.answer) == AskAnswer.accepted.value)
    for asked in session.exec(
        select(CoverAsk).where(CoverAsk.request_id == request.id, or_(*answers))
    ).all():
        asked.answer = (
            AskAnswer.accepted if asked.employee_id == accepted else AskAnswer.gone
        ).value
        asked.answered_at = utcnow()
        session.add(asked)


def decide(*, session: Session, request_id: int, approve: bool, actor: User) -> CoverRequest:
    request = get_request(session, request_id)
    approval.require_approver(session, actor, request.employee_id)  # before its state is told
    if request.status != CoverStatus.pending.value:
        raise Conflict(f"Cover request {request_id} is {request.status}.", field="status")
    if approve:
        _cover(session, request, actor)
        return _saved(session, request, "approved")
    taker = frozenset({request.taken_by} if request.taken_by else ())
    _reopen(request)
    request.decided_by = actor.id
    _saved(session, request, "rejected", told=taker)
    next_wave(session, request)
    return request


def give_back(*, session: Session, request_id: int, actor: User) -> CoverRequest:
    """Within the grace period the taker hands it back and the request opens again."""
    request = get_request(session, request_id)
    require_own(actor, request.taken_by, "Only the colleague who took it can give it back.")
    if request.status != CoverStatus.covered.value or request.taken_by is None:
        raise Conflict(f"Cover request {request_id} is {request.status}.", field="status")
    until = request.give_back_until
    if until is None or clock.aware(until) < utcnow():
        raise Conflict("The time to give this cover back has passed.", field="status")
    turn = _future_turn(session, request.turn_id)
    again = session.exec(
        select(CoverRequest).where(
            CoverRequest.turn_id == request.turn_id,
            col(CoverRequest.status).in_(LIVE),
            CoverRequest.id != request.id,
        )
    ).first()
    if again is not None:
        raise Conflict(
            f"This turn is asked for cover again (request {again.id}); withdraw that first.",
            field="status",
        )
    traded = session.get(ScheduleTurn, request.trade_turn_id) if request.trade_turn_id else None
    if (not request.days and turn.employee_id != request.taken_by) or (
        traded is not None and traded.employee_id != request.employee_id
    ):
        raise Conflict("The turn changed hands since; it cannot be given back.", field="status")
    if traded is not None:
        _future_turn(session, saved_id(traded), "trade_turn_id")
    hand_over(session, request, request.taken_by, request.employee_id, actor, "cover_given_back")
    _reopen(request)
    request.give_back_until = None
    _saved(session, request, "given_back")
    next_wave(session, request)
    return request


def cancel(*, session: Session, request_id: int, actor: User) -> CoverRequest:
    """Withdrawn while open or waiting for approval; everyone asked (a waiting taker too)
    hears it is gone."""
    request = get_request(session, request_id)
    require_own(actor, request.employee_id, "Only the person whose turn it is can withdraw it.")
    if request.status not in LIVE:
        raise Conflict(f"Cover request {request_id} is {request.status}.", field="status")
    request.status = CoverStatus.cancelled.value
    request.taken_by = None
    request.taken_at = None
    request.trade_turn_id = None
    asks_end(session, request, waiting=True)
    return _saved(session, request, "cancelled")


def _saved(
    session: Session, request: CoverRequest, step: str, told: frozenset[int] = frozenset()
) -> CoverRequest:
    request.updated_at = utcnow()
    session.add(request)
    session.flush()
    events.emit(session, CoverChanged(saved_id(request), step, told))
    return request
