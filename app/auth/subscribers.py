"""Leavers lose access at once: their login's sessions end and its tokens are revoked."""

from sqlmodel import Session, select

from app.auth.models import User
from app.auth.service import end_access
from app.events import EmployeeDeactivated, on


@on(EmployeeDeactivated)
def end_leavers_access(session: Session, event: EmployeeDeactivated) -> None:
    user = session.exec(select(User).where(User.employee_id == event.employee_id)).first()
    if user is not None:
        end_access(session, user)
