"""People tell auth whether the employee a login belongs to exists and is still here
(app/auth/holders.py): leavers' logins stop working the moment they are deactivated."""

from sqlmodel import Session

from app.auth import holders
from app.people.models import Employee


@holders.register
def employee_state(session: Session, employee_id: int) -> bool | None:
    employee = session.get(Employee, employee_id)
    return None if employee is None else employee.active
