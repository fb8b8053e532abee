"""REST: cover requests (ask, take or trade, approve, reject, give back, cancel)."""

from fastapi import APIRouter
from sqlmodel import Session

from app.auth.deps import CurrentUser, is_hr
from app.auth.models import User
from app.cover import candidates, reading
from app.cover import service as cover
from app.cover.models import (
    CoverAskPublic,
    CoverCreate,
    CoverPublic,
    CoverRequest,
    CoverStatus,
    CoverTake,
)
from app.db import SessionDep, saved_id

router = APIRouter(tags=["cover"])


def public(session: Session, request: CoverRequest, viewer: User) -> CoverPublic:
    """The request; HR also sees who was asked and who was left out, by rule."""
    answer = CoverPublic.model_validate(request, update={"days": reading.days_of(request)})
    if is_hr(viewer):
        asks = reading.asks_of(session, saved_id(request))
        answer.asks = [CoverAskPublic.model_validate(a) for a in asks]
        if request.status == CoverStatus.open.value:
            wanted = cover.wanted(session, request, request.employee_id)
            asked = frozenset(a.employee_id for a in asks)
            answer.excluded = dict(candidates.rank(session, wanted, cover.WAVE, asked).excluded)
    return answer


@router.get("/cover")
def list_cover(
    session: SessionDep, user: CurrentUser, status: CoverStatus | None = None
) -> list[CoverPublic]:
    """Your requests, those you took and those you were asked to take; HR sees all."""
    found = reading.listed(session=session, actor=user, status=status)
    return [CoverPublic.model_validate(r, update={"days": reading.days_of(r)}) for r in found]


@router.get("/cover/{request_id}")
def read_cover(request_id: int, session: SessionDep, user: CurrentUser) -> CoverPublic:
    found = reading.visible(session=session, request_id=request_id, actor=user)
    return public(session, found, user)


@router.post("/cover", status_code=201)
def ask_cover(body: CoverCreate, session: SessionDep, user: CurrentUser) -> CoverPublic:
    """Ask for cover of your turn (HR: anyone's), or of some of its days."""
    return public(session, cover.ask(session=session, data=body, actor=user), user)


@router.post("/cover/{request_id}/take")
def take_cover(
    request_id: int, body: CoverTake, session: SessionDep, user: CurrentUser
) -> CoverPublic:
    """Take it yourself, or (HR) for a colleague; the first to take it wins (409 after)."""
    taken = cover.take(session=session, request_id=request_id, actor=user, data=body)
    return public(session, taken, user)


@router.post("/cover/{request_id}/accept-trade")
def accept_cover_trade(request_id: int, session: SessionDep, user: CurrentUser) -> CoverPublic:
    """The person whose turn it is takes the taker's turn in return (then approval, if set)."""
    done = cover.accept_trade(session=session, request_id=request_id, actor=user)
    return public(session, done, user)


@router.post("/cover/{request_id}/decline-trade")
def decline_cover_trade(request_id: int, session: SessionDep, user: CurrentUser) -> CoverPublic:
    """No trade: the request opens again and the next colleagues are asked."""
    done = cover.decline_trade(session=session, request_id=request_id, actor=user)
    return public(session, done, user)


@router.post("/cover/{request_id}/approve")
def approve_cover(request_id: int, session: SessionDep, user: CurrentUser) -> CoverPublic:
    done = cover.decide(session=session, request_id=request_id, approve=True, actor=user)
    return public(session, done, user)


@router.post("/cover/{request_id}/reject")
def reject_cover(request_id: int, session: SessionDep, user: CurrentUser) -> CoverPublic:
    done = cover.decide(session=session, request_id=request_id, approve=False, actor=user)
    return public(session, done, user)


@router.post("/cover/{request_id}/give-back")
def give_back_cover(request_id: int, session: SessionDep, user: CurrentUser) -> CoverPublic:
    """Within the grace period after taking it; the request opens again."""
    return public(
        session, cover.give_back(session=session, request_id=request_id, actor=user), user
    )


@router.post("/cover/{request_id}/cancel")
def cancel_cover(request_id: int, session: SessionDep, user: CurrentUser) -> CoverPublic:
    return public(session, cover.cancel(session=session, request_id=request_id, actor=user), user)
