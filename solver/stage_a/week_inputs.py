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
    # Obligations alike (the same days to carry each week, the same window, nothing pinned)
    # share one set of starts: a third as many at 10,000 people. Nobody changes them.
    alike: dict[tuple, Starts] = {}
    pinned = {person_id for person_id, _ in pins.off}
    options = {
        ob.id: allowed_starts(
            problem,
            avail,
            people[ob.person_id],
            ob,
            pins.off,
            pins.forced.get(ob.id),
            None if ob.person_id in pinned else alike,
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
    alike: dict[tuple, Starts] | None = None,
) -> Starts:
    """Allowed block starts → days carried in each covered week (time off and freeze are hard).
    With `alike` (for someone nothing is pinned for), obligations that carry the same days in
    the same window get the same starts, found once."""
    options: Starts = {}
    can_carry = avail.turn_days_by_week(person, ob.rule.days_per_turn)
    if person.department_id not in avail.closed_departments:
        turn_weeks = ob.turn_weeks
        first, last = max(ob.earliest, 0), min(ob.latest, len(can_carry) - turn_weeks)
        shared = alike if forced is None else None  # a forced start is the block's own
        key = (tuple(can_carry), turn_weeks, first, last) if shared is not None else ()
        if shared is not None and key in shared:
            return shared[key]
        runs = open_runs(can_carry, problem.frozen_weeks, person.id, off_pins)
        options = {
            start: can_carry[start : start + turn_weeks]
            for start in range(first, last + 1)
            if runs[start] >= turn_weeks
        }
        if shared is not None:
            shared[key] = options
    if forced is not None:
        options[forced] = [
            avail.turn_days(person, w, ob.rule.days_per_turn) or ob.rule.days_per_turn
            for w in range(forced, forced + ob.turn_weeks)
        ]
    return options


def open_runs(
    can_carry: list[int], frozen_weeks: int, person_id: int, off_pins: set[tuple[int, int]]
) -> list[int]:
    """For each week, how many weeks in a row from it a turn may cover: days to carry, past
    the freeze, not pinned off. A block of n weeks may start where the run is n or more."""
    runs = [0] * (len(can_carry) + 1)
    for week in range(len(can_carry) - 1, -1, -1):
        open_week = can_carry[week] > 0 and week >= frozen_weeks
        if open_week and (person_id, week) not in off_pins:
            runs[week] = runs[week + 1] + 1
    return runs
