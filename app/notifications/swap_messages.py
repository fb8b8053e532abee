"""Swap news, to the people in the swap (and its approvers when it waits); an open offer
goes to the line's chat channels, where colleagues can take it."""

from sqlmodel import Session

from app.db import saved_id
from app.notifications import people
from app.notifications.models import Category
from app.notifications.outbox import Recipient, queue_chat, queue_email, render
from app.notifications.published import webhooks
from app.people.models import Employee
from app.schedules.models import ScheduleTurn
from app.swaps.models import SwapRequest, SwapStatus

HEADLINE = {
    SwapStatus.open.value: "offered",
    SwapStatus.proposed.value: "answered with a trade",
    SwapStatus.pending.value: "taken, waiting for approval",
    SwapStatus.done.value: "done",
    SwapStatus.rejected.value: "rejected",
    SwapStatus.cancelled.value: "withdrawn",
    SwapStatus.undone.value: "undone",
    SwapStatus.closed.value: "closed",
}


def on_swap(session: Session, swap_id: int, status: str) -> None:
    swap = session.get(SwapRequest, swap_id)
    turn = session.get(ScheduleTurn, swap.turn_id) if swap else None
    if swap is None or turn is None:
        return
    offerer = session.get(Employee, swap.offered_by)
    taker = session.get(Employee, swap.taken_by) if swap.taken_by else None
    involved: list[Recipient] = [people.of_employee(e) for e in (offerer, taker) if e]
    if status == SwapStatus.pending.value:
        involved += people.approvers(session, swap.offered_by)
    if status == SwapStatus.open.value:
        involved = involved[:1]  # the offerer's confirmation
    message = render(
        "swap", swap=swap, turn=turn, offerer=offerer, taker=taker, headline=HEADLINE[status]
    )
    for to in {r.email: r for r in involved}.values():
        queue_email(
            session,
            key=f"swap:{swap_id}:{status}:{swap.updated_at:%Y%m%d%H%M%S}:{to.email}",
            category=Category.swaps,
            to=to,
            message=message,
        )
    if status == SwapStatus.open.value and offerer is not None:
        for hook in webhooks(session, Category.swaps, offerer.department_id):
            queue_chat(
                session,
                key=f"chat-swap:{hook.id}:{swap_id}",
                category=Category.swaps,
                webhook_id=saved_id(hook),
                title=message.subject,
                text=message.text,
            )
