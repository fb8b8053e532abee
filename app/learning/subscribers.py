"""Learnings keep their department: one still routed learnings cannot be deleted."""

from sqlmodel import Session, func, select

from app.learning.models import Learning
from app.people import questions


@questions.against_deleting_department.register
def keep_routed_learnings(session: Session, department_id: int, name: str) -> str | None:
    routed = session.exec(
        select(func.count()).select_from(Learning).where(Learning.department_id == department_id)
    ).one()
    if routed:
        return f"{routed} learning(s) are routed to {name!r}; route them elsewhere first."
    return None
