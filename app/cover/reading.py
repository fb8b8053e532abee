"""Reading cover requests: who may see one, the lists people see, the colleagues asked."""

from datetime import date

from sqlmodel import Session, col, select

from app.auth.models import User
from app.auth.scope import is_hr, may_act_for
from app.cover.handover import covered_days
from app.cover.models import CoverAsk, CoverRequest, CoverStatus
from app.errors import Forbidden, NotFound
from app.rules import approval


def get_request(session: Session, request_id: int) -> CoverRequest:
    request = session.get(CoverRequest, request_id)
    if request is None:
        raise NotFound(f"Cover request {request_id} does not exist.")
    return request


def visible(*, session: Session, request_id: int, actor: User) -> CoverRequest:
    """HR, the person whose turn it is, the taker, the colleagues asked and (while it waits)
    the lead who approves it may see it."""
    request = get_request(session, request_id)
    if may_act_for(actor, request.employee_id) or may_act_for(actor, request.taken_by):
        return request
    if request.status == CoverStatus.pending.value and approval.may_approve(
        session, actor, request.employee_id
    ):
        return request  # the lead who approves it
    asked = session.exec(
        select(CoverAsk.id).where(
            CoverAsk.request_id == request_id, CoverAsk.employee_id == actor.employee_id
        )
    ).first()
    if actor.employee_id is None or asked is None:
        raise Forbidden("Only HR, the people in this request and those asked can see it.")
    return request


def listed(
    *, session: Session, actor: User, status: str | None, latest: int | None = None
) -> list[CoverRequest]:
    """Oldest first; `latest`: only the newest that many, newest first (for the page)."""
    query = select(CoverRequest).order_by(col(CoverRequest.id))
    if latest is not None:
        query = select(CoverRequest).order_by(col(CoverRequest.id).desc()).limit(latest)
    if status:
        query = query.where(CoverRequest.status == status)
    if not is_hr(actor):
        mine = actor.employee_id or 0
        asked_me = select(CoverAsk.request_id).where(CoverAsk.employee_id == mine)
        led = approval.approving_for(session, actor)
        query = query.where(
            (col(CoverRequest.employee_id) == mine)
            | (col(CoverRequest.taken_by) == mine)
            | col(CoverRequest.id).in_(asked_me)
            | (
                (col(CoverRequest.status) == CoverStatus.pending.value)
                & col(CoverRequest.employee_id).in_(led)
            )
        )
    return list(session.exec(query).all())


def asks_of(session: Session, request_id: int) -> list[CoverAsk]:
    return list(
        session.exec(
            select(CoverAsk).where(CoverAsk.request_id == request_id).order_by(col(CoverAsk.rank))
        ).all()
    )


def asks_for(session: Session, request_ids: list[int]) -> dict[int, list[CoverAsk]]:
    found: dict[int, list[CoverAsk]] = {r: [] for r in request_ids}
    for start in range(0, len(request_ids), 500):
        for ask in session.exec(
            select(CoverAsk)
            .where(col(CoverAsk.request_id).in_(request_ids[start : start + 500]))
            .order_by(col(CoverAsk.rank))
        ).all():
            found[ask.request_id].append(ask)
    return found


def days_of(request: CoverRequest) -> list[date]:
    return sorted(covered_days(request))
