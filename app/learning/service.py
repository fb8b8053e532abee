"""Log learnings, edit them, move their status, and merge similar ones into one insight."""

from collections import Counter
from datetime import date

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from app import clock, events
from app.auth.deps import is_hr
from app.auth.models import User
from app.auth.scope import require_own
from app.clock import utcnow
from app.db import saved_id
from app.errors import Conflict, Forbidden, Invalid, NotFound
from app.events import LearningDone
from app.learning.models import (
    Learning,
    LearningCreate,
    LearningPublic,
    LearningStatus,
    LearningUpdate,
    MergeRequest,
    StatusChange,
    StatusChangePublic,
    StatusMove,
)
from app.people.models import Department, Employee
from app.schedules.models import Schedule, ScheduleTurn
from app.schedules.store import PUBLISHED_EVER


def led_departments(*, session: Session, user: User) -> set[int]:
    """Departments whose lead is this user's employee record."""
    if user.employee_id is None:
        return set()
    rows = session.exec(
        select(Department.id).where(Department.lead_employee_id == user.employee_id)
    ).all()
    return {r for r in rows if r is not None}


def can_triage(*, session: Session, user: User, learning: Learning) -> bool:
    return is_hr(user) or learning.department_id in led_departments(session=session, user=user)


def _can_read(session: Session, user: User, learning: Learning) -> bool:
    return learning.employee_id == user.employee_id or can_triage(
        session=session, user=user, learning=learning
    )


def get_learning(*, session: Session, learning_id: int, actor: User) -> Learning:
    learning = session.get(Learning, learning_id)
    if learning is None:
        raise NotFound(f"Learning {learning_id} does not exist.")
    if not _can_read(session, actor, learning):
        raise Forbidden("This learning is someone else's: you see your own and your inbox.")
    return learning


def _check_department(session: Session, department_id: int) -> None:
    if session.get(Department, department_id) is None:
        raise Invalid(f"Department {department_id} does not exist.", field="department_id")


def _turn_week(session: Session, employee_id: int, turn_uid: str) -> date:
    week = session.exec(
        select(col(ScheduleTurn.week_start))
        .join(Schedule, col(Schedule.id) == ScheduleTurn.schedule_id)
        .where(ScheduleTurn.uid == turn_uid, ScheduleTurn.employee_id == employee_id)
        .where(col(Schedule.status).in_(PUBLISHED_EVER))
    ).first()
    if week is None:
        raise Invalid(f"Turn {turn_uid!r} is not one of your published turns.", field="turn_uid")
    return week


def create_learning(*, session: Session, data: LearningCreate, actor: User) -> Learning:
    employee_id = data.employee_id if data.employee_id is not None else actor.employee_id
    if employee_id is None:
        raise Invalid("Say whom the learning is from.", field="employee_id")
    require_own(actor, employee_id, "Employees log learnings for themselves only.")
    if session.get(Employee, employee_id) is None:
        raise Invalid(f"Employee {employee_id} does not exist.", field="employee_id")
    _check_department(session, data.department_id)
    week = _turn_week(session, employee_id, data.turn_uid) if data.turn_uid else None
    tickets = _distinct(data.ticket_ids)
    learning = Learning.model_validate(
        data,
        update={
            "employee_id": employee_id,
            "week_start": week,
            "category": data.category.value,
            "created_by": actor.id,
            "ticket_ids": tickets,
            "customers_affected": _customers(data, tickets, data.customers_affected),
        },
    )
    session.add(learning)
    session.flush()
    return learning


def _distinct(ticket_ids: list[str] | None) -> list[str]:
    return list(dict.fromkeys(t.strip() for t in ticket_ids or [] if t.strip()))


def _customers(data: LearningCreate, tickets: list[str], given: int) -> int:
    """The count given; or, when only tickets are cited, one customer per ticket."""
    if "customers_affected" in data.model_fields_set or not tickets:
        return given
    return len(tickets)


def update_learning(
    *, session: Session, learning_id: int, data: LearningUpdate, actor: User
) -> Learning:
    learning = get_learning(session=session, learning_id=learning_id, actor=actor)
    require_own(
        actor, learning.employee_id, "Only the person who logged a learning (or HR) can edit it."
    )
    changes = data.model_dump(exclude_unset=True)
    for required in ("summary", "category", "department_id", "customers_affected"):
        if required in changes and changes[required] is None:
            raise Invalid(f"{required} cannot be empty.", field=required)
    if "department_id" in changes:
        _check_department(session, changes["department_id"])
    if "category" in changes:
        changes["category"] = str(changes["category"])
    if changes.get("ticket_ids") is not None:
        changes["ticket_ids"] = _distinct(changes["ticket_ids"])
        if "customers_affected" not in changes:
            changes["customers_affected"] = max(len(changes["ticket_ids"]), 1)
    elif "ticket_ids" in changes:
        changes["ticket_ids"] = []
    learning.sqlmodel_update(changes)
    learning.updated_at = utcnow()
    session.add(learning)
    session.flush()
    return learning


def delete_learning(*, session: Session, learning_id: int, actor: User) -> None:
    learning = get_learning(session=session, learning_id=learning_id, actor=actor)
    require_own(
        actor, learning.employee_id, "Only the person who logged a learning (or HR) can delete it."
    )
    if learning.status != LearningStatus.new.value:
        raise Conflict(
            f"This learning is already {learning.status}; its department is working on it.",
            field="status",
        )
    for child in _merged_children(session, saved_id(learning)):
        child.merged_into_id = None
        session.add(child)
    for change in session.exec(
        select(StatusChange).where(StatusChange.learning_id == learning.id)
    ).all():
        session.delete(change)
    session.delete(learning)
    session.flush()


def move_status(*, session: Session, learning_id: int, data: StatusMove, actor: User) -> Learning:
    """Department leads and HR move a learning along new → acknowledged → planned → done."""
    learning = get_learning(session=session, learning_id=learning_id, actor=actor)
    if not can_triage(session=session, user=actor, learning=learning):
        raise Forbidden("Only HR and the lead of the department it is routed to move its status.")
    if learning.status == data.status.value:
        raise Conflict(f"The learning is already {data.status.value}.", field="status")
    if data.fixed_on is not None and data.status != LearningStatus.done:
        raise Invalid("A fix date goes with done.", field="fixed_on")
    now = utcnow()
    session.add(
        StatusChange(
            learning_id=saved_id(learning),
            from_status=learning.status,
            to_status=data.status.value,
            changed_by=actor.id,
            changed_at=now,
            note=data.note,
        )
    )
    learning.status = data.status.value
    if data.status == LearningStatus.done:
        learning.fixed_on = data.fixed_on or clock.today()
    learning.status_changed_by = actor.id
    learning.status_changed_at = now
    learning.updated_at = now
    session.add(learning)
    session.flush()
    if learning.fixed_on is not None and data.status == LearningStatus.done:
        events.emit(session, LearningDone(saved_id(learning), learning.fixed_on))
    return learning


def status_history(*, session: Session, learning_id: int, actor: User) -> list[StatusChangePublic]:
    get_learning(session=session, learning_id=learning_id, actor=actor)
    rows = session.exec(
        select(StatusChange, User.name)
        .join(User, col(User.id) == StatusChange.changed_by, isouter=True)
        .where(StatusChange.learning_id == learning_id)
        .order_by(col(StatusChange.changed_at), col(StatusChange.id))
    ).all()
    return [
        StatusChangePublic.model_validate(change, update={"changed_by_name": name or ""})
        for change, name in rows
    ]


def _merged_children(session: Session, learning_id: int) -> list[Learning]:
    return list(session.exec(select(Learning).where(Learning.merged_into_id == learning_id)).all())


def merge(*, session: Session, learning_id: int, data: MergeRequest, actor: User) -> Learning:
    """Fold similar learnings into this one, so their customers add up in one insight."""
    target = get_learning(session=session, learning_id=learning_id, actor=actor)
    if not can_triage(session=session, user=actor, learning=target):
        raise Forbidden("Only HR and the lead of the department it is routed to merge learnings.")
    if target.merged_into_id is not None:
        raise Conflict(
            f"Learning {learning_id} is itself merged into {target.merged_into_id}; "
            "merge into that one instead.",
            field="learning_ids",
        )
    for other_id in dict.fromkeys(data.learning_ids):
        if other_id == learning_id:
            raise Invalid("A learning cannot be merged into itself.", field="learning_ids")
        other = session.get(Learning, other_id)
        if other is None or not can_triage(session=session, user=actor, learning=other):
            raise Invalid(f"Learning {other_id} does not exist.", field="learning_ids")
        # What was merged into the other one comes along, so the group stays one level deep.
        for child in [other, *_merged_children(session, other_id)]:
            child.merged_into_id = learning_id
            child.updated_at = utcnow()
            session.add(child)
    session.flush()
    return target


def unmerge(*, session: Session, learning_id: int, actor: User) -> Learning:
    learning = get_learning(session=session, learning_id=learning_id, actor=actor)
    if not can_triage(session=session, user=actor, learning=learning):
        raise Forbidden("Only HR and the department lead can split merged learnings.")
    if learning.merged_into_id is None:
        raise Conflict("This learning is not merged into another.", field="merged_into_id")
    learning.merged_into_id = None
    learning.updated_at = utcnow()
    session.add(learning)
    session.flush()
    return learning


def learning_query(
    *,
    session: Session,
    actor: User,
    status: LearningStatus | None = None,
    category: str | None = None,
    department_id: int | None = None,
    employee_id: int | None = None,
    product_area: str | None = None,
    include_merged: bool = True,
    inbox: bool = False,
) -> SelectOfScalar[Learning]:
    """Learnings the actor may see: their own, their departments' as lead, everything as HR.
    `inbox` narrows to what is routed to the departments the actor answers for."""
    query = select(Learning).order_by(col(Learning.created_at).desc(), col(Learning.id).desc())
    led = led_departments(session=session, user=actor)
    if inbox:
        if not is_hr(actor):
            query = query.where(col(Learning.department_id).in_(led or {-1}))
    elif not is_hr(actor):
        query = query.where(
            (col(Learning.employee_id) == (actor.employee_id or -1))
            | col(Learning.department_id).in_(led or {-1})
        )
    if status is not None:
        query = query.where(Learning.status == status.value)
    if category is not None:
        query = query.where(Learning.category == category)
    if department_id is not None:
        query = query.where(Learning.department_id == department_id)
    if employee_id is not None:
        query = query.where(Learning.employee_id == employee_id)
    if product_area:
        query = query.where(Learning.product_area == product_area)
    if not include_merged:
        query = query.where(col(Learning.merged_into_id).is_(None))
    return query


def to_public(*, session: Session, learnings: list[Learning]) -> list[LearningPublic]:
    ids = [x.id for x in learnings]
    children = session.exec(
        select(Learning).where(col(Learning.merged_into_id).in_(ids or [-1]))
    ).all()
    merged_count: Counter[int] = Counter()
    merged_customers: Counter[int] = Counter()
    for child in children:
        merged_count[child.merged_into_id or 0] += 1
        merged_customers[child.merged_into_id or 0] += child.customers_affected
    employees = _names(session, Employee, {x.employee_id for x in learnings})
    departments = _names(session, Department, {x.department_id for x in learnings})
    return [
        LearningPublic.model_validate(
            x,
            update={
                "employee_name": employees.get(x.employee_id, ""),
                "department_name": departments.get(x.department_id, ""),
                "merged_count": merged_count[saved_id(x)],
                "customers_total": x.customers_affected + merged_customers[saved_id(x)],
            },
        )
        for x in learnings
    ]


def _names(session: Session, table: type[Employee] | type[Department], ids: set[int]) -> dict:
    if not ids:
        return {}
    rows = session.exec(select(table.id, table.name).where(col(table.id).in_(ids))).all()
    return dict(rows)
