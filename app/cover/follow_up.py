"""Follow-ups on a ladder that tightens as the turn nears: at each rung the colleagues still
silent are reminded and the next in line are asked; before the last rungs HR is told of a
request still uncovered; a request whose days have begun uncovered is closed."""

from datetime import date, datetime, timedelta

from sqlmodel import Session, col, func, select

from app import events
from app.clock import utcnow
from app.cover import reading
from app.cover import service as cover
from app.cover.models import LIVE, CoverRequest, CoverStatus
from app.db import saved_id
from app.events import CoverChanged
from app.schedules import questions as schedule_questions

LADDER = (14, 7, 3, 1)  # days before the first covered day
TELL_HR = 3  # days before: HR hears of a request nobody has taken


def first_day(session: Session, request: CoverRequest) -> date:
    days = reading.days_of(request)
    if days:
        return days[0]
    seats = cover.wanted(session, request, request.employee_id).seats
    return min((s.day for s in seats), default=request.week_start)


def rungs_passed(created: date, first: date, today: date) -> int:
    """Rungs of the ladder that fell after the request was made, up to today."""
    return sum(1 for days in LADDER if created < first - timedelta(days=days) <= today)


def due(session: Session, today: date, now: datetime | None = None) -> int:
    """Take every open request one step along its ladder; returns how many moved. A trade
    still unanswered when the turn begins closes too."""
    now = now or utcnow()
    moved = 0
    waiting = (CoverStatus.open.value, CoverStatus.proposed.value)
    for request in session.exec(
        select(CoverRequest).where(col(CoverRequest.status).in_(waiting))
    ).all():
        first = first_day(session, request)
        if first <= today:
            why = (
                "The turn began before anyone took it."
                if request.status == CoverStatus.open.value
                else "The turn began before the trade was answered."
            )
            _close(session, request, why)
            moved += 1
            continue
        if request.status != CoverStatus.open.value:
            continue
        rungs = rungs_passed(request.created_at.date(), first, today)
        if rungs > request.reminders:
            request.reminders = rungs
            request.updated_at = now
            session.add(request)
            session.flush()
            cover.next_wave(session, request)  # reminds the silent, asks the next in line
            moved += 1
        if request.hr_told_at is None and (first - today).days <= TELL_HR:
            request.hr_told_at = now
            session.add(request)
            session.flush()
            events.emit(session, CoverChanged(saved_id(request), "uncovered"))
            moved += 1
    return moved


@schedule_questions.cover_requests_waiting.answer
def waiting(session: Session) -> dict[str, int]:
    counts = dict(
        session.execute(
            select(CoverRequest.status, func.count())
            .where(col(CoverRequest.status).in_(LIVE))
            .group_by(col(CoverRequest.status))
        ).all()
    )
    told = session.exec(
        select(func.count()).where(
            CoverRequest.status == CoverStatus.open.value,
            col(CoverRequest.hr_told_at).is_not(None),
        )
    ).one()
    return {
        "open": counts.get(CoverStatus.open.value, 0),
        "pending": counts.get(CoverStatus.pending.value, 0),
        "proposed": counts.get(CoverStatus.proposed.value, 0),
        "uncovered": told,
    }


def _close(session: Session, request: CoverRequest, reason: str) -> None:
    request.status = CoverStatus.closed.value
    request.closed_reason = reason
    cover.asks_end(session, request)
    request.updated_at = utcnow()
    session.add(request)
    session.flush()
    events.emit(session, CoverChanged(saved_id(request), "closed"))
