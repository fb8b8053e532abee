"""What the schedule pages ask of the domains above them (see app.hooks)."""

from sqlmodel import Session

from app.hooks import Unanswered, asked


@asked
def swaps_awaiting_approval(session: Session) -> int:
    """How many taken swaps wait for HR's approval, for the dashboard (answered by swaps)."""
    raise Unanswered("asked of the declaration, not of its answer")
