"""REST: swaps (offer, take, trade, approve, reject, cancel, undo)."""

from fastapi import APIRouter

from app.auth.deps import CurrentUser
from app.db import SessionDep
from app.swaps import service as swaps
from app.swaps.models import SwapCreate, SwapPublic, SwapStatus, SwapTake

router = APIRouter()


@router.get("/swaps", tags=["swaps"])
def list_swaps(
    session: SessionDep, user: CurrentUser, status: SwapStatus | None = None
) -> list[SwapPublic]:
    return [
        SwapPublic.model_validate(s)
        for s in swaps.list_swaps(session=session, actor=user, status=status)
    ]


@router.get("/swaps/{swap_id}", tags=["swaps"])
def read_swap(swap_id: int, session: SessionDep, user: CurrentUser) -> SwapPublic:
    """One swap: open offers are public to employees, others only to the two people and HR."""
    return SwapPublic.model_validate(
        swaps.visible_swap(session=session, swap_id=swap_id, actor=user)
    )


@router.post("/swaps", status_code=201, tags=["swaps"])
def offer_swap(body: SwapCreate, session: SessionDep, user: CurrentUser) -> SwapPublic:
    return SwapPublic.model_validate(swaps.offer(session=session, data=body, actor=user))


@router.post("/swaps/{swap_id}/take", tags=["swaps"])
def take_swap(swap_id: int, body: SwapTake, session: SessionDep, user: CurrentUser) -> SwapPublic:
    return SwapPublic.model_validate(
        swaps.take(session=session, swap_id=swap_id, data=body, actor=user)
    )


@router.post("/swaps/{swap_id}/accept", tags=["swaps"])
def accept_trade(swap_id: int, session: SessionDep, user: CurrentUser) -> SwapPublic:
    return SwapPublic.model_validate(
        swaps.accept_trade(session=session, swap_id=swap_id, actor=user)
    )


@router.post("/swaps/{swap_id}/approve", tags=["swaps"])
def approve_swap(swap_id: int, session: SessionDep, user: CurrentUser) -> SwapPublic:
    return SwapPublic.model_validate(
        swaps.decide(session=session, swap_id=swap_id, approve=True, actor=user)
    )


@router.post("/swaps/{swap_id}/reject", tags=["swaps"])
def reject_swap(swap_id: int, session: SessionDep, user: CurrentUser) -> SwapPublic:
    return SwapPublic.model_validate(
        swaps.decide(session=session, swap_id=swap_id, approve=False, actor=user)
    )


@router.post("/swaps/{swap_id}/cancel", tags=["swaps"])
def cancel_swap(swap_id: int, session: SessionDep, user: CurrentUser) -> SwapPublic:
    return SwapPublic.model_validate(swaps.cancel(session=session, swap_id=swap_id, actor=user))


@router.post("/swaps/{swap_id}/undo", tags=["swaps"])
def undo_swap(swap_id: int, session: SessionDep, user: CurrentUser) -> SwapPublic:
    return SwapPublic.model_validate(swaps.undo(session=session, swap_id=swap_id, actor=user))
