"""Who hears what: recipients from employees and logins, and shift times in their zone."""

from collections import defaultdict
from collections.abc import Collection
from datetime import date

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app import clock
from app.auth.models import Role, User
from app.coverage.models import ShiftTemplate
from app.coverage.times import local_text, shift_window
from app.db import saved_id
from app.notifications.models import Category
from app.notifications.outbox import Recipient, Rendered, queue_email
from app.people.models import Employee
from app.rules import approval
from app.schedules.models import ScheduleShift, ScheduleTurn


def of_employee(employee: Employee) -> Recipient:
    return Recipient(employee.email, employee.name, employee.timezone, employee.id)


def published_from(
    session: Session, schedule_id: int, employee_id: int, first: date
) -> tuple[list[ScheduleShift], list[date]]:
    """The person's published seats from `first` on, and the Mondays of the weeks that hold
    one of them or a turn starting from `first` on."""
    seats = list(
        session.exec(
            select(ScheduleShift)
            .where(
                ScheduleShift.schedule_id == schedule_id,
                ScheduleShift.employee_id == employee_id,
                col(ScheduleShift.day) >= first,
            )
            .order_by(col(ScheduleShift.day))
        ).all()
    )
    turns = session.exec(
        select(col(ScheduleTurn.week_start)).where(
            ScheduleTurn.schedule_id == schedule_id,
            ScheduleTurn.employee_id == employee_id,
            col(ScheduleTurn.week_start) >= first,
        )
    ).all()
    return seats, sorted({clock.monday(s.day) for s in seats} | set(turns))


def tell_person_and_hr(session: Session, key: str, employee: Employee, message: Rendered) -> None:
    """News about one person's turns: to them (turns) and to each HR person (gaps), once
    per `key`."""
    queue_email(
        session,
        key=f"{key}:{employee.email}"[:200],
        category=Category.turns,
        to=of_employee(employee),
        message=message,
    )
    for to in hr_people(session):
        if to.email != employee.email:
            queue_email(
                session,
                key=f"{key}:{to.email}"[:200],
                category=Category.gaps,
                to=to,
                message=message,
            )


def approvers(session: Session, owner_id: int) -> list[Recipient]:
    """Who may approve a take of this person's turn: HR, and their department's lead where
    leads approve (rules/approval.py)."""
    found = hr_people(session)
    lead = approval.lead_of(session, owner_id) if approval.leads_approve(session) else None
    employee = session.get(Employee, lead) if lead is not None else None
    if employee is not None and employee.active:
        found.append(of_employee(employee))
    return found


def hr_people(session: Session) -> list[Recipient]:
    """Active HR and admin logins (an HR login may have no employee record)."""
    users = session.exec(
        select(User)
        .where(col(User.role).in_([Role.hr.value, Role.admin.value]), col(User.active))
        .order_by(col(User.id))
    ).all()
    zones = {
        e.id: e.timezone
        for e in session.exec(
            select(Employee).where(col(Employee.id).in_([u.employee_id for u in users]))
        ).all()
    }
    return [
        Recipient(u.email, u.name or u.email, zones.get(u.employee_id, "UTC"), u.employee_id)
        for u in users
    ]


def seats_by_week(
    session: Session, schedule_id: int, employees: Collection[Employee], first_week: date
) -> dict[tuple[int, date], list[dict[str, str]]]:
    """Each person's seats from `first_week` on, as local times in their own zone (the
    caller has read the people)."""
    if not employees:
        return {}
    shifts = {s.id: s for s in session.exec(select(ShiftTemplate)).all()}
    zones = {saved_id(e): e.timezone for e in employees}
    names: dict[int | None, str] = {}
    rows = session.execute(  # columns, not an object per seat
        sa_select(
            col(ScheduleShift.employee_id),
            col(ScheduleShift.day),
            col(ScheduleShift.shift_template_id),
            col(ScheduleShift.channel),
            col(ScheduleShift.mentor_id),
        )
        .where(
            col(ScheduleShift.schedule_id) == schedule_id,
            col(ScheduleShift.day) >= first_week,
            col(ScheduleShift.employee_id).in_(zones),
        )
        .order_by(col(ScheduleShift.day))
    ).all()
    mentors = {r.mentor_id for r in rows if r.mentor_id}
    if mentors:
        names = {
            e.id: e.name
            for e in session.exec(select(Employee).where(col(Employee.id).in_(mentors))).all()
        }
    seats: dict[tuple[int, date], list[dict[str, str]]] = defaultdict(list)
    # A seat's local time is the same for everyone in one zone: written once per place and
    # zone, not once per seat (a first publish tells ten thousand people of their seats).
    texts: dict[tuple[int, date, str], str] = {}
    for row in rows:
        shift = shifts[row.shift_template_id]
        zone = zones.get(row.employee_id, "UTC")
        when = texts.get((row.shift_template_id, row.day, zone))
        if when is None:
            start, end = shift_window(shift, row.day)
            when = texts[(row.shift_template_id, row.day, zone)] = local_text(start, end, zone)
        week = clock.monday(row.day)
        seats[(row.employee_id, week)].append(
            {
                "when": when,
                "shift": shift.name,
                "channel": row.channel,
                "mentor": names.get(row.mentor_id, "") if row.mentor_id else "",
            }
        )
    return seats
