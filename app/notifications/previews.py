"""Every template rendered with real data from this installation, for HR to check."""

from datetime import timedelta
from typing import Any

from sqlmodel import Session, col, select

from app import clock
from app.config import get_settings
from app.db import saved_id
from app.learning.models import Learning
from app.notifications import people, secret_links
from app.notifications.outbox import Rendered, render
from app.notifications.swap_messages import HEADLINE
from app.people.models import Department, Employee
from app.schedules import store
from app.schedules.models import ScheduleGap, ScheduleTurn
from app.swaps.models import SwapRequest

TEMPLATES = {
    "turns": "Turns changed (at publish)",
    "welcome": "Welcome for a new hire",
    "reminder": "Reminder before a turn",
    "learned": "After a block: what did you learn?",
    "swap": "Swap news",
    "gaps": "New gaps (HR)",
    "digest": "Weekly digest (department leads)",
    "summary": "Weekly summary (HR)",
}


class NoData(Exception):
    """This installation has nothing yet to fill the template with."""


def _a_turn(session: Session, mentor: bool = False) -> tuple[ScheduleTurn, Employee]:
    published = store.published(session)
    if published is None:
        raise NoData("Publish a plan first.")
    query = (
        select(ScheduleTurn, Employee)
        .join(Employee, col(Employee.id) == ScheduleTurn.employee_id)
        .where(ScheduleTurn.schedule_id == published.id)
        .where(col(ScheduleTurn.week_start) >= clock.monday(clock.today()))
        .order_by(col(ScheduleTurn.week_start), col(ScheduleTurn.id))
    )
    if mentor:
        query = query.where(col(ScheduleTurn.with_mentor))
    found = session.exec(query).first()
    if found is None:
        raise NoData("No upcoming turn" + (" with a mentor" if mentor else "") + " to show.")
    return found[0], found[1]


def _turn_context(session: Session, turn: ScheduleTurn, employee: Employee) -> dict[str, Any]:
    seats = people.seats_by_week(session, turn.schedule_id, [employee], turn.week_start)
    return {
        "week": turn.week_start,
        "days": turn.days,
        "mentor": turn.with_mentor,
        "turn_id": turn.id,
        "seats": seats.get((saved_id(employee), turn.week_start), []),
    }


def preview(session: Session, template: str) -> Rendered:
    if template == "turns":
        turn, employee = _a_turn(session)
        return render(
            "turns",
            employee=employee,
            turns=[_turn_context(session, turn, employee)],
            changes={"new": [turn.week_start], "moved": [], "cancelled": []},
            feed_url=secret_links.feed(saved_id(employee)),
            support_tool_url=get_settings().support_tool_url,
        )
    if template == "welcome":
        turn, employee = _a_turn(session, mentor=True)
        return render("welcome", employee=employee, turn=_turn_context(session, turn, employee))
    if template == "reminder":
        turn, employee = _a_turn(session)
        return render("reminder", employee=employee, turn=turn, first=turn.week_start, today=False)
    if template == "learned":
        turn, employee = _a_turn(session)
        return render("learned", employee=employee, turn=turn)
    if template == "swap":
        swap = session.exec(select(SwapRequest).order_by(col(SwapRequest.id).desc())).first()
        if swap is None:
            raise NoData("No swap has been offered yet.")
        return render(
            "swap",
            swap=swap,
            turn=session.get(ScheduleTurn, swap.turn_id),
            offerer=session.get(Employee, swap.offered_by),
            taker=session.get(Employee, swap.taken_by) if swap.taken_by else None,
            headline=HEADLINE[swap.status],
        )
    if template == "gaps":
        published = store.published(session)
        gaps = session.exec(
            select(ScheduleGap).where(
                ScheduleGap.schedule_id == (published.id if published else -1)
            )
        ).all()
        if not gaps:
            raise NoData("The published plan has no gaps.")
        return render("gaps", gaps=list(gaps)[:10], schedule=published)
    if template == "digest":
        learning = session.exec(select(Learning).order_by(col(Learning.id).desc())).first()
        department = session.get(Department, learning.department_id) if learning else None
        if learning is None or department is None:
            raise NoData("No learning has been logged yet.")
        lead = (
            session.get(Employee, department.lead_employee_id)
            if department.lead_employee_id
            else None
        )
        recent = session.exec(
            select(Learning)
            .where(Learning.department_id == department.id)
            .order_by(col(Learning.id).desc())
            .limit(10)
        ).all()
        return render(
            "digest",
            department=department,
            learnings=recent,
            lead=lead or session.get(Employee, learning.employee_id),
        )
    if template == "summary":
        monday = clock.monday(clock.today())
        published = store.published(session)
        on_line = session.exec(
            select(Employee)
            .join(ScheduleTurn, col(ScheduleTurn.employee_id) == Employee.id)
            .where(
                ScheduleTurn.schedule_id == (published.id if published else -1),
                ScheduleTurn.week_start == monday,
            )
            .order_by(col(Employee.name))
        ).all()
        gaps = session.exec(
            select(ScheduleGap).where(
                ScheduleGap.schedule_id == (published.id if published else -1),
                col(ScheduleGap.week_start) >= monday,
                col(ScheduleGap.week_start) < monday + timedelta(weeks=4),
            )
        ).all()
        return render("summary", monday=monday, on_line=on_line, gaps=gaps)
    raise KeyError(template)
