"""Who approves a taken swap or cover: the one rule swaps and cover both ask.

With approval off, nobody: a take is done at once. With approval on, HR always may; with the
approver set to `lead`, so may the lead of the department of the person whose turn it is (a
department without a lead leaves it to HR). Whoever may approve and takes or accepts on
someone's behalf needs no second approval."""

from sqlmodel import Session, col, select

from app.auth.models import User
from app.auth.scope import is_hr
from app.errors import Forbidden
from app.people.models import Department, Employee
from app.rules.models import Approver
from app.rules.service import get_rotation_settings


def lead_of(session: Session, employee_id: int) -> int | None:
    """The lead of this person's department, if it has one."""
    return session.exec(
        select(Department.lead_employee_id)
        .join(Employee, col(Employee.department_id) == col(Department.id))
        .where(Employee.id == employee_id)
    ).first()


def leads_approve(session: Session) -> bool:
    settings = get_rotation_settings(session=session)
    return settings.swaps_need_approval and settings.approver == Approver.lead.value


def may_approve(session: Session, actor: User | None, owner_id: int) -> bool:
    """HR, or (approval by leads) the lead of the owner's department, unless it is the
    lead's own turn."""
    if actor is None:
        return False
    if is_hr(actor):
        return True
    return (
        actor.employee_id is not None
        and actor.employee_id != owner_id  # a lead's own turn is HR's to approve
        and leads_approve(session)
        and lead_of(session, owner_id) == actor.employee_id
    )


def needs_approval(session: Session, actor: User | None, owner_id: int) -> bool:
    """A take (or accepted trade) by `actor` of `owner_id`'s turn waits for approval."""
    if not get_rotation_settings(session=session).swaps_need_approval:
        return False
    return not may_approve(session, actor, owner_id)


def require_approver(session: Session, actor: User, owner_id: int) -> None:
    if not may_approve(session, actor, owner_id):
        raise Forbidden(
            "Only HR approves this."
            if not leads_approve(session)
            else "Only HR or the lead of their department approves this."
        )


def approving_for(session: Session, actor: User) -> list[int]:
    """The people whose takes this lead approves (empty unless leads approve)."""
    if actor.employee_id is None or not leads_approve(session):
        return []
    led = select(Department.id).where(Department.lead_employee_id == actor.employee_id)
    found = session.exec(
        select(Employee.id).where(
            col(Employee.department_id).in_(led), Employee.id != actor.employee_id
        )
    )
    return [employee_id for employee_id in found.all() if employee_id is not None]
