"""Participation, from the published schedule only: who has not rotated this cycle, new
hires' onboarding (done, planned or due), executives' days done and planned.

A rule's obligation counts as met only by turns of that rule; a turn is done once its week
is over, planned before that. The database answers who has rotated (a count per status and
the people with neither); turns are read only for the people each part lists, new hires and
executives, not every turn of the plan (the dashboard asks this on every load)."""

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, literal
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app import clock
from app.people.models import Department, Employee
from app.rules.models import AppliesTo, RotationRule
from app.schedules.models import Schedule, ScheduleTurn


def participation(*, session: Session, schedule: Schedule, today: date) -> dict[str, Any]:
    support = list(session.exec(select(col(Department.id)).where(col(Department.is_support))))
    rules = session.exec(select(RotationRule).where(RotationRule.active)).all()
    everyone = [r for r in rules if r.applies_to == AppliesTo.everyone.value]
    # The yearly turn is the everyone-rule with the longest cycle (the annual week).
    cycle_rule = max(everyone, key=lambda r: (r.cycle_weeks, r.days_per_turn), default=None)
    cycle = cycle_rule.cycle_weeks if cycle_rule else 52
    onboarding = next((r for r in rules if r.applies_to == AppliesTo.new_hires.value), None)
    exec_rule = next((r for r in rules if r.applies_to == AppliesTo.executives.value), None)
    this_week = clock.monday(today)
    rotator = and_(
        col(Employee.active),
        col(Employee.department_id).not_in(support),
        col(Employee.hire_date) <= today,
    )
    # Planned: within one cycle from the first week still to plan (next Monday).
    status = _cycle_status(
        schedule,
        cycle_rule,
        (this_week - timedelta(weeks=cycle), this_week),
        (this_week, clock.next_monday(today) + timedelta(weeks=cycle)),
    )
    counts = dict(
        session.execute(sa_select(status, func.count()).where(rotator).group_by(status)).all()
    )
    not_rotated = session.execute(
        sa_select(col(Employee.id), col(Employee.name), col(Employee.department_id))
        .where(rotator, status == "none")
        .order_by(col(Employee.id))
    ).all()
    return {
        "schedule_id": schedule.id,
        "cycle_weeks": cycle,
        "cycle_rule_id": cycle_rule.id if cycle_rule else None,
        "rotated_done": counts.get("done", 0),
        "rotated_planned": counts.get("planned", 0),
        "not_rotated": [
            {"employee_id": e.id, "name": e.name, "department_id": e.department_id}
            for e in not_rotated
        ],
        "new_hires": _new_hires(session, schedule, onboarding, support, today),
        "executives": _executives(session, schedule, exec_rule, today),
    }


def _cycle_status(
    schedule: Schedule,
    rule: RotationRule | None,
    done: tuple[date, date],
    planned: tuple[date, date],
) -> ColumnElement[str]:
    """Per employee: "done" with a turn of the rule in the weeks before this one, "planned"
    with one from this week on within the cycle, else "none"."""
    if rule is None:
        return literal("none")

    def turn_in(first: date, end: date) -> ColumnElement[bool]:
        return exists().where(
            col(ScheduleTurn.schedule_id) == schedule.id,
            col(ScheduleTurn.employee_id) == Employee.id,
            col(ScheduleTurn.rule_id) == rule.id,
            col(ScheduleTurn.week_start) >= first,
            col(ScheduleTurn.week_start) < end,
        )

    return case((turn_in(*done), "done"), (turn_in(*planned), "planned"), else_="none")


def _turns_of(
    session: Session, schedule: Schedule, people: ColumnElement[bool]
) -> tuple[list[Any], dict[int, list[Any]]]:
    """The people this condition names (by id) and the turns each has in the schedule."""
    employees = session.execute(
        sa_select(col(Employee.id), col(Employee.name), col(Employee.hire_date))
        .where(col(Employee.active), people)
        .order_by(col(Employee.id))
    ).all()
    turns = session.execute(
        sa_select(
            col(ScheduleTurn.employee_id),
            col(ScheduleTurn.week_start),
            col(ScheduleTurn.days),
            col(ScheduleTurn.rule_id),
        )
        .join(Employee, col(Employee.id) == ScheduleTurn.employee_id)
        .where(col(ScheduleTurn.schedule_id) == schedule.id, col(Employee.active), people)
        .order_by(col(ScheduleTurn.week_start))
    ).all()
    by_person: dict[int, list[Any]] = defaultdict(list)
    for t in turns:
        by_person[t.employee_id].append(t)
    return list(employees), by_person


def _new_hires(
    session: Session,
    schedule: Schedule,
    onboarding: RotationRule | None,
    support: list[int | None],  # the support departments (ids as the column reads them)
    today: date,
) -> list[dict[str, Any]]:
    """Everyone hired within the onboarding window and eight weeks more (or hired ahead)."""
    if onboarding is None:
        return []
    window = onboarding.start_within_weeks or 4
    this_week = clock.monday(today)
    recent = and_(
        col(Employee.department_id).not_in(support),
        col(Employee.hire_date) >= today - timedelta(weeks=window + 8),
    )
    hires, by_person = _turns_of(session, schedule, recent)
    found = []
    for e in hires:
        block = [t for t in by_person.get(e.id, []) if t.rule_id == onboarding.id]
        due_by = e.hire_date + timedelta(weeks=window)
        if block and all(t.week_start < this_week for t in block):
            status = "done"
        elif block:
            status = "planned"
        else:
            status = "overdue" if due_by < today else "due"
        found.append(
            {
                "employee_id": e.id,
                "name": e.name,
                "hire_date": str(e.hire_date),
                "status": status,
                "due_by": str(due_by),
                "weeks": [str(t.week_start) for t in block],
            }
        )
    return found


def _executives(
    session: Session, schedule: Schedule, exec_rule: RotationRule | None, today: date
) -> list[dict[str, Any]]:
    """Each executive's days on the line this period and ahead, and turns of their rule."""
    this_week = clock.monday(today)
    period_start = this_week - timedelta(weeks=exec_rule.cycle_weeks if exec_rule else 4)
    executives, by_person = _turns_of(session, schedule, col(Employee.is_executive).is_(True))
    found = []
    for e in executives:
        mine = by_person.get(e.id, [])
        of_rule = [t for t in mine if exec_rule is not None and t.rule_id == exec_rule.id]
        found.append(
            {
                "employee_id": e.id,
                "name": e.name,
                "days_this_period": sum(
                    t.days for t in mine if period_start <= t.week_start < this_week
                ),
                "upcoming_days": sum(t.days for t in mine if t.week_start >= this_week),
                "rule_turns_done": sum(1 for t in of_rule if t.week_start < this_week),
                "rule_turns_planned": sum(1 for t in of_rule if t.week_start >= this_week),
            }
        )
    return found
