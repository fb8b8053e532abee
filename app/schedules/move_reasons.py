"""Why a person's weeks differ between two plans, in the words of the actual cause: they left,
the draft ends sooner, their time off, they are a new hire, a rule the other plan did not
use, their department at its cap, seats that were short — and only when none of these holds,
that the plan moved them along with other changes."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, func, select

from app.db import saved_id
from app.people.models import Department, Employee, TimeOff, is_new_hire
from app.rules.models import AppliesTo, RotationRule
from app.schedules.models import Schedule, ScheduleGap, ScheduleTurn
from solver.model import department_cap

SHORT_KINDS = ("seats", "coverage", "skill")


@dataclass(frozen=True)
class Context:
    """What the reasons compare, read once for all the people who move."""

    draft_end: date
    rules: dict[int, RotationRule]
    rules_in_other: set[int]
    rule_of: dict[tuple[int, date], int | None]  # (person, week) → rule, in the draft
    load: dict[tuple[int, date], int]  # (department, week) → people away, in the draft
    caps: dict[int, tuple[str, int]]  # department → name, cap
    short_weeks: set[date]  # weeks with seats short in the other plan
    today: date


def context(
    session: Session, draft: Schedule, other: Schedule, draft_end: date, today: date
) -> Context:
    turns = session.exec(
        select(ScheduleTurn, Employee.department_id)
        .join(Employee, col(Employee.id) == ScheduleTurn.employee_id)
        .where(ScheduleTurn.schedule_id == draft.id)
    ).all()
    load: dict[tuple[int, date], int] = defaultdict(int)
    for turn, department_id in turns:
        load[(department_id or 0, turn.week_start)] += 1
    headcounts = dict(
        session.exec(
            select(Employee.department_id, func.count())
            .where(Employee.active)
            .group_by(col(Employee.department_id))
        ).all()
    )
    caps = {
        saved_id(d): (d.name, department_cap(d.max_away_fraction, headcounts.get(saved_id(d), 0)))
        for d in session.exec(select(Department)).all()
        if not d.is_support
    }
    other_rules = session.exec(
        select(ScheduleTurn.rule_id).where(ScheduleTurn.schedule_id == other.id).distinct()
    ).all()
    short = session.exec(
        select(col(ScheduleGap.week_start)).where(
            ScheduleGap.schedule_id == other.id, col(ScheduleGap.kind).in_(SHORT_KINDS)
        )
    ).all()
    return Context(
        draft_end=draft_end,
        rules={saved_id(r): r for r in session.exec(select(RotationRule)).all()},
        rules_in_other={r for r in other_rules if r is not None},
        rule_of={(t.employee_id, t.week_start): t.rule_id for t, _ in turns},
        load=dict(load),
        caps=caps,
        short_weeks={w for w in short if w is not None},
        today=today,
    )


def why_moved(
    session: Session,
    ctx: Context,
    person: Employee | None,
    added: list[date],
    removed: list[date],
) -> str:
    if person is None:
        return "no longer in the company"
    if not person.active:
        return "no longer active: their turns are released"
    reasons = []
    after = [w for w in removed if w >= ctx.draft_end]
    if after:
        reasons.append(
            f"the draft ends {ctx.draft_end}: {len(after)} later week(s) would be cancelled"
        )
    for week in removed:
        if week >= ctx.draft_end:
            continue
        leave = session.exec(
            select(TimeOff).where(
                TimeOff.employee_id == person.id,
                TimeOff.first_day <= week + timedelta(days=4),
                TimeOff.last_day >= week,
            )
        ).first()
        if leave is not None:
            reasons.append(
                f"time off {leave.first_day}–{leave.last_day} overlaps the week of {week}"
            )
            continue
        name, cap = ctx.caps.get(person.department_id or 0, ("", -1))
        away = ctx.load.get((person.department_id or 0, week), 0)
        if cap >= 0 and away >= cap:
            reasons.append(f"{name} is at its cap in the week of {week} ({away} of {cap} away)")
    for week in added:
        rule = ctx.rules.get(ctx.rule_of.get((saved_id(person), week)) or 0)
        newly_hired = is_new_hire(person.hire_date, ctx.today) or person.hire_date > ctx.today
        if rule is not None and rule.applies_to == AppliesTo.new_hires.value and newly_hired:
            reasons.append(
                f"a new hire (starts {person.hire_date}): onboarding under “{rule.name}”"
            )
            break
        if rule is not None and rule.id not in ctx.rules_in_other:
            reasons.append(f"due under “{rule.name}”, a rule the other plan did not use")
            break
        if week in ctx.short_weeks:
            reasons.append(f"fills seats that were short in the week of {week}")
            break
    if not reasons:
        reasons.append(
            "moved along with other changes (coverage, caps and fairness across the plan); "
            "the plan keeps everyone else where they were"
        )
    return "; ".join(dict.fromkeys(reasons))
