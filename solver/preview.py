"""A quick look at what a set of rules does to the coming weeks, before anything is solved:
the greedy stage A (the solve's own warm start) places every obligation, and its costs say
which weeks break a department cap, leave the line short or leave someone unplaced.

It takes a second where a solve takes a minute, and it is what the solve starts from, so
the gaps it predicts are the ones a solve has to work against."""

from collections import defaultdict
from dataclasses import dataclass

from solver.availability import Availability
from solver.explain import unmet_obligations, week_gaps
from solver.model import Cause, Gap, Problem, WeekTurn, department_cap
from solver.stage_a.plan_weeks import block_turns
from solver.stage_a.warmstart import greedy_weeks
from solver.stage_a.week_costs import Shortfall, WeekCosts
from solver.stage_a.week_inputs import week_inputs


@dataclass(frozen=True)
class DepartmentWeek:
    department_id: int
    week: int
    away: int  # people of the department on the line that week
    cap: int  # how many may be away at once


@dataclass(frozen=True)
class WeekLoad:
    week: int
    people: int  # rotators on the line
    days_planned: int  # person-days they give
    days_needed: int  # person-days the coverage minimums need from rotators


@dataclass(frozen=True)
class WeekPreview:
    turns: tuple[WeekTurn, ...]
    weeks: tuple[WeekLoad, ...]
    departments: tuple[DepartmentWeek, ...]
    gaps: tuple[Gap, ...]


def preview_weeks(problem: Problem) -> WeekPreview:
    avail = Availability(problem)
    inputs = week_inputs(problem, avail)
    pins = inputs.pins
    placed, _ = greedy_weeks(
        problem,
        avail,
        inputs.obligations,
        inputs.options,
        pins.forced,
        pins.fixed,
        inputs.quotas,
    )
    costs = WeekCosts(problem, avail, inputs.obligations, inputs.options, pins.fixed, inputs.quotas)
    _, shortfalls = costs.evaluate(placed)
    turns = block_turns(inputs.obligations, inputs.options, placed) + [
        WeekTurn(p, w, d, pins.fixed_rules[(p, w)]) for (p, w), d in sorted(pins.fixed.items())
    ]
    unmet = [ob for ob in inputs.obligations if placed.get(ob.id) is None]
    gaps = unmet_obligations(problem, avail, unmet, inputs.options)
    gaps += week_gaps(problem, shortfalls)
    gaps += _line_short(problem, shortfalls)
    return WeekPreview(
        turns=tuple(turns),
        weeks=_week_loads(problem, avail, turns),
        departments=_department_weeks(problem, turns),
        gaps=tuple(gaps),
    )


def _week_loads(
    problem: Problem, avail: Availability, turns: list[WeekTurn]
) -> tuple[WeekLoad, ...]:
    people: dict[int, set[int]] = defaultdict(set)
    days: dict[int, int] = defaultdict(int)
    for turn in turns:
        people[turn.week].add(turn.person_id)
        days[turn.week] += turn.days
    return tuple(
        WeekLoad(week, len(people[week]), days[week], avail.seat_demand(week))
        for week in range(problem.horizon.weeks)
    )


def _department_weeks(problem: Problem, turns: list[WeekTurn]) -> tuple[DepartmentWeek, ...]:
    department_of = {p.id: p.department_id for p in problem.people}
    members: dict[int, int] = defaultdict(int)
    for person in problem.people:
        members[person.department_id] += 1
    away: dict[tuple[int, int], set[int]] = defaultdict(set)
    for turn in turns:
        away[(department_of[turn.person_id], turn.week)].add(turn.person_id)
    return tuple(
        DepartmentWeek(
            dept.id,
            week,
            len(away[(dept.id, week)]),
            department_cap(dept.max_away_fraction, members[dept.id]),
        )
        for dept in problem.departments
        if not dept.is_support and members[dept.id]
        for week in range(problem.horizon.weeks)
    )


def _line_short(problem: Problem, shortfalls: list[Shortfall]) -> list[Gap]:
    """Weeks whose minimum coverage the planned rotators cannot reach, in person-days."""
    gaps = []
    for short in shortfalls:
        if short.kind not in ("seats", "skill") or short.week is None:
            continue
        monday = problem.horizon.week_start(short.week)
        gaps.append(
            Gap(
                kind=short.kind,
                message=(
                    f"Week of {monday:%Y-%m-%d}: the line is {short.value} person-days short of "
                    f"its minimum coverage ({short.why})."
                ),
                week=short.week,
                short=short.value,
                causes=(Cause(short.kind, short.value, short.why),),
            )
        )
    return gaps
