"""What the people pages ask of the domains above them (see app.hooks)."""

from datetime import date

from sqlmodel import Session

from app.hooks import Unanswered, asked, objections


@asked
def last_and_next_turns(
    session: Session, employee_ids: list[int], today: date
) -> dict[int, tuple[date | None, date | None]]:
    """Each person's last week on the line before this one and their next from this week on,
    in the published schedule (answered by schedules)."""
    raise Unanswered("asked of the declaration, not of its answer")


@asked
def line_holidays(session: Session) -> tuple[str | None, str | None]:
    """The support line's public-holiday calendar: country and subdivision (answered by
    rules, which holds the rotation settings)."""
    raise Unanswered("asked of the declaration, not of its answer")


@objections
def against_deleting_department(session: Session, department_id: int, name: str) -> str | None:
    """Why a department cannot be deleted yet (learning: learnings still routed to it)."""
    raise Unanswered("asked of the declaration, not of its answer")
