"""What stage A starts from: availability, obligations, pins, each obligation's allowed
starts and the rules' pro-rata quotas. The solve and the rule preview build them the same way."""

from dataclasses import dataclass

from solver.availability import Availability
from solver.model import Problem
from solver.obligations import Obligation, StartOptions, build_obligations, pro_rata_quotas
from solver.stage_a.pins import Pins, apply_pins
from solver.stage_a.weeks import allowed_starts


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
