"""What stage A starts from: availability, obligations, pins, each obligation's allowed
starts and the rules' pro-rata quotas. The solve and the rule preview build them the same way."""

from dataclasses import dataclass

from solver.availability import Availability
from solver.model import Person, Problem
from solver.obligations import (
    Obligation,
    StartOptions,
    Starts,
    build_obligations,
    pro_rata_quotas,
)
from solver.stage_a.pins import Pins, apply_pins


@dataclass
class WeekInputs:
    avail: Availability
    obligations: list[Obligation]
    pins: Pins
    options: StartOptions
    quotas: dict[int, int]  # rule → blocks the horizon owes it pro rata


def week_inputs(problem: Problem, avail: Availability) -> WeekInputs:
    obligations = build_obligations(problem, avail)
    pins = apply_pins(problem, obligations)
    people = {p.id: p for p in problem.people}
    options = {
        ob.id: allowed_starts(
            problem, avail, people[ob.person_id], ob, pins.off, pins.forced.get(ob.id)
        )
        for ob in obligations
    }
    for ob_id, days in pins.forced_days.items():  # a pinned week keeps its published days
        options[ob_id][pins.forced[ob_id]][0] = days
    quotas = pro_rata_quotas(obligations, problem.horizon.weeks)
    return WeekInputs(avail, obligations, pins, options, quotas)


def allowed_starts(
    problem: Problem,
    avail: Availability,
    person: Person,
    ob: Obligation,
    off_pins: set[tuple[int, int]],
    forced: int | None,
) -> Starts:
    """Allowed block starts → days carried in each covered week (time off and freeze are hard)."""
    options: Starts = {}
    closed = person.department_id in avail.closed_departments
    can_carry = avail.turn_days_by_week(person, ob.rule.days_per_turn)
    for start in range(ob.earliest, ob.latest + 1 if not closed else ob.earliest):
        days = []
        for week in range(start, start + ob.turn_weeks):
            carried = can_carry[week] if 0 <= week < len(can_carry) else 0
            if carried == 0 or week < problem.frozen_weeks or (person.id, week) in off_pins:
                break
            days.append(carried)
        else:
            options[start] = days
    if forced is not None:
        options[forced] = [
            avail.turn_days(person, w, ob.rule.days_per_turn) or ob.rule.days_per_turn
            for w in range(forced, forced + ob.turn_weeks)
        ]
    return options
