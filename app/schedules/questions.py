"""What the schedule pages ask of the domains above them (see app.hooks)."""

from sqlmodel import Session

from app.hooks import Unanswered, asked


@asked
def swaps_awaiting_approval(session: Session) -> int:
    """How many taken swaps wait for HR's approval, for the dashboard (answered by swaps)."""
    raise Unanswered("asked of the declaration, not of its answer")


@asked
def cover_requests_waiting(session: Session) -> dict[str, int]:
    """Cover requests nobody has taken ("open"), those waiting for HR ("pending") and the open
    ones HR was told of ("uncovered"), for the dashboard (answered by cover)."""
    raise Unanswered("asked of the declaration, not of its answer")
