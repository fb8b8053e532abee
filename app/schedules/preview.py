"""Whom a rotation rule would put on the line this cycle, before HR saves it."""

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date

from sqlmodel import Session, select

from app import clock
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


@dataclass(frozen=True)
class RulePreview:
    due: list[Due]
    warnings: list[str]  # caps that keep the rule's people off the line, or round up to one


def rule_preview(
    *, session: Session, rule: RotationRuleCreate, rule_id: int | None, today: date
) -> RulePreview:
    """People the rule makes due inside one cycle from next Monday, with their start window,
    and what the departments' caps will do to them."""
    start = clock.next_monday(today)
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
    obligations = build_obligations(problem, Availability(problem))
    for ob in obligations:
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
    due = sorted(found, key=lambda d: (d.earliest, d.department, d.name))
    return RulePreview(due, _cap_warnings(problem, {ob.person_id for ob in obligations}))


def _cap_warnings(problem: sm.Problem, covered: set[int]) -> list[str]:
    headcount = Counter(p.department_id for p in problem.people)
    reached = {p.department_id for p in problem.people if p.id in covered}
    warnings = []
    for dept in problem.departments:
        if dept.is_support or dept.id not in reached:
            continue
        share, members = dept.max_away_fraction, headcount[dept.id]
        if share <= 0:
            warnings.append(f"{dept.name} has a cap of 0: its {members} people never rotate.")
        elif sm.cap_below_one(share, members):
            warnings.append(
                f"{dept.name}: {share:.0%} of {members} people is less than one person; "
                "1 may still rotate at a time."
            )
    return warnings
