"""Learnings keep their department: one still routed learnings cannot be deleted."""

from sqlmodel import Session, func, select

from app.errors import Conflict
from app.events import DepartmentRemoving, on
from app.learning.models import Learning


@on(DepartmentRemoving)
def keep_routed_learnings(session: Session, event: DepartmentRemoving) -> None:
    routed = session.exec(
        select(func.count())
        .select_from(Learning)
        .where(Learning.department_id == event.department_id)
    ).one()
    if routed:
        raise Conflict(
            f"{routed} learning(s) are routed to {event.name!r}; route them elsewhere first.",
            field="department_id",
        )
