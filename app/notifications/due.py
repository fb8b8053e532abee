"""Messages that time brings, queued by a periodic sweep: a reminder some days before a turn
and on the morning of its first shift, a prompt to log what was learned after the last
shift of a block, a weekly digest for department leads and a weekly summary for HR. Keys
make every sweep after the first a no-op for the same turn or week."""

from datetime import date, datetime, timedelta

from sqlmodel import Session, col, func, select

from app import clock
from app.clock import utcnow
from app.config import get_settings
from app.cover import follow_up
from app.db import saved_id
from app.learning.models import Learning
from app.notifications import impact_messages, people
from app.notifications.models import Category
from app.notifications.outbox import morning, queue_email, render
from app.people.models import Department, Employee
from app.schedules import store
from app.schedules.models import ScheduleGap, ScheduleShift, ScheduleTurn


def sweep(session: Session, now: datetime | None = None) -> int:
    """Queue whatever is due; returns how many emails were queued."""
    now = now or utcnow()
    today = clock.today()
    published = store.published(session)
    queued = 0
    if published is not None:
        queued += _reminders(session, saved_id(published), today)
        queued += _learning_prompts(session, saved_id(published), today)
    queued += impact_messages.measured(session)
    follow_up.due(session, today, now)  # its steps queue their own messages
    if today.weekday() == 0:
        queued += _lead_digests(session, today)
        if published is not None:
            queued += _hr_summary(session, saved_id(published), today)
    return queued


def _turns_starting(session: Session, schedule_id: int, weeks: list[date]) -> list[tuple]:
    return list(
        session.exec(
            select(ScheduleTurn, Employee)
            .join(Employee, col(Employee.id) == ScheduleTurn.employee_id)
            .where(ScheduleTurn.schedule_id == schedule_id, col(Employee.active))
            .where(col(ScheduleTurn.week_start).in_(weeks))
        ).all()
    )


def _first_seat(session: Session, schedule_id: int, turn: ScheduleTurn) -> date:
    day = session.exec(
        select(func.min(ScheduleShift.day)).where(
            ScheduleShift.schedule_id == schedule_id,
            ScheduleShift.employee_id == turn.employee_id,
            col(ScheduleShift.day) >= turn.week_start,
            col(ScheduleShift.day) < turn.week_start + timedelta(days=7),
        )
    ).one()
    return day or turn.week_start


def _reminders(session: Session, schedule_id: int, today: date) -> int:
    ahead = get_settings().remind_days
    weeks = [clock.monday(today), clock.monday(today + timedelta(days=ahead))]
    weeks += [weeks[-1] + timedelta(weeks=1)]
    queued = 0
    for turn, employee in _turns_starting(session, schedule_id, sorted(set(weeks))):
        first = _first_seat(session, schedule_id, turn)
        to = people.of_employee(employee)
        if today <= first <= today + timedelta(days=ahead):
            message = render("reminder", employee=employee, turn=turn, first=first, today=False)
            queued += queue_email(
                session,
                key=f"remind:{turn.uid}:{turn.week_start}",
                category=Category.reminders,
                to=to,
                message=message,
            )
        if first == today:
            message = render("reminder", employee=employee, turn=turn, first=first, today=True)
            queued += queue_email(
                session,
                key=f"remind-day:{turn.uid}:{first}",
                category=Category.reminders,
                to=to,
                message=message,
                at=morning(first, employee.timezone),
            )
    return queued


def _learning_prompts(session: Session, schedule_id: int, today: date) -> int:
    """The day after the last seat of a block (the block's last week)."""
    queued = 0
    last_week = clock.monday(today - timedelta(days=1))
    for turn, employee in _turns_starting(session, schedule_id, [last_week]):
        if turn.block < turn.turn_weeks:
            continue  # not the block's last week
        last = session.exec(
            select(func.max(ScheduleShift.day)).where(
                ScheduleShift.schedule_id == schedule_id,
                ScheduleShift.employee_id == turn.employee_id,
                col(ScheduleShift.day) >= turn.week_start,
                col(ScheduleShift.day) < turn.week_start + timedelta(days=7),
            )
        ).one() or (turn.week_start + timedelta(days=turn.days - 1))
        if last >= today:
            continue
        message = render("learned", employee=employee, turn=turn)
        queued += queue_email(
            session,
            key=f"learned:{turn.uid}:{turn.week_start}",
            category=Category.learnings,
            to=people.of_employee(employee),
            message=message,
        )
    return queued


def _lead_digests(session: Session, monday: date) -> int:
    since = datetime.combine(monday - timedelta(days=7), datetime.min.time())
    queued = 0
    for department in session.exec(
        select(Department).where(col(Department.lead_employee_id).is_not(None))
    ).all():
        lead = session.get(Employee, department.lead_employee_id)
        learnings = session.exec(
            select(Learning)
            .where(Learning.department_id == department.id, col(Learning.created_at) >= since)
            .order_by(col(Learning.created_at))
        ).all()
        if lead is None or not lead.active or not learnings:
            continue
        message = render("digest", department=department, lead=lead, learnings=learnings)
        queued += queue_email(
            session,
            key=f"digest:{department.id}:{monday}",
            category=Category.digest,
            to=people.of_employee(lead),
            message=message,
        )
    return queued


def _hr_summary(session: Session, schedule_id: int, monday: date) -> int:
    on_line = session.exec(
        select(Employee)
        .join(ScheduleTurn, col(ScheduleTurn.employee_id) == Employee.id)
        .where(ScheduleTurn.schedule_id == schedule_id, ScheduleTurn.week_start == monday)
        .order_by(col(Employee.name))
    ).all()
    gaps = session.exec(
        select(ScheduleGap).where(
            ScheduleGap.schedule_id == schedule_id,
            col(ScheduleGap.week_start) >= monday,
            col(ScheduleGap.week_start) < monday + timedelta(weeks=4),
        )
    ).all()
    message = render("summary", monday=monday, on_line=on_line, gaps=gaps)
    queued = 0
    for to in people.hr_people(session):
        queued += queue_email(
            session,
            key=f"summary:{monday}:{to.email}",
            category=Category.summary,
            to=to,
            message=message,
        )
    return queued
