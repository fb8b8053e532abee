"""Whom a rotation rule would put on the line this cycle, before HR saves it."""

from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlmodel import Session, select

from app.people.models import Department
from app.rules.models import RotationRuleCreate
from app.schedules.problem import build_problem
from app.schedules.store import history_before
from solver import model as sm
from solver.availability import Availability
from solver.obligations import build_obligations


@dataclass(frozen=True)
class Due:
    name: str
    department: str
    earliest: date
    due: date
    is_executive: bool
    is_new_hire: bool


def rule_preview(
    *, session: Session, rule: RotationRuleCreate, rule_id: int | None, today: date
) -> list[Due]:
    """People the rule makes due inside one cycle from next Monday, with their start window."""
    start = today + timedelta(days=7 - today.weekday())
    weeks = min(max(rule.cycle_weeks, rule.start_within_weeks or 1, 4), 52)
    context = build_problem(session=session, start=start, weeks=weeks)
    candidate = sm.Rule(
        id=rule_id if rule_id is not None else -1,
        name=rule.name,
        applies_to=rule.applies_to.value,
        department_ids=frozenset(rule.department_ids),
        days_per_turn=rule.days_per_turn,
        turn_weeks=rule.turn_weeks,
        turns_per_cycle=rule.turns_per_cycle,
        cycle_weeks=rule.cycle_weeks,
        cooldown_weeks=rule.cooldown_weeks,
        start_within_weeks=rule.start_within_weeks,
        with_mentor=rule.with_mentor,
    )
    problem = replace(context.problem, rules=(candidate,), history=history_before(session, start))
    horizon = problem.horizon
    names = {d.id: d.name for d in session.exec(select(Department)).all()}
    people = {p.id: p for p in problem.people}
    found = []
    for ob in build_obligations(problem, Availability(problem)):
        if not ob.required:
            continue
        person = people[ob.person_id]
        found.append(
            Due(
                name=person.name,
                department=names.get(person.department_id, ""),
                earliest=horizon.week_start(ob.earliest),
                due=horizon.week_start(min(ob.latest, horizon.weeks - 1)),
                is_executive=person.is_executive,
                is_new_hire=rule.applies_to.value == sm.NEW_HIRES,
            )
        )
    return sorted(found, key=lambda d: (d.earliest, d.department, d.name))
