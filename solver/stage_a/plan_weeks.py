"""Stage A across the horizon: who is on the line in which week.

The greedy warm start is priced by WeekCosts and bounded by the flow and shortage bounds; the
CP-SAT model (weeks.py) is built only when they leave more than TARGET_GAP_PCT to win,
and then searches from the warm start for what is left of stage A's share of the time limit.
A re-plan keeps every block that still fits where the previous plan had it and solves only
the rest.
"""

from collections.abc import Callable
from dataclasses import dataclass
from time import perf_counter
from typing import Any

from ortools.sat.python import cp_model

from solver.model import Problem, WeekTurn
from solver.obligations import Obligation, StartOptions, Starts
from solver.penalty import Penalty
from solver.stage_a.bound import flow_bound, lp_bound, shortage_bound
from solver.stage_a.warmstart import greedy_weeks
from solver.stage_a.week_costs import Shortfall, WeekCosts
from solver.stage_a.week_inputs import WeekInputs
from solver.stage_a.weeks import build_week_model

Progress = Callable[[dict[str, Any]], None]
ShouldStop = Callable[[], bool]

TARGET_GAP_PCT = 0.5  # a warm start this close to the bound is kept as it is
MIN_SEARCH_S = 1.0  # less than this left of stage A's share: the warm start stands
LP_MAX_VARIABLES = 150_000  # above this the full LP takes minutes: the flow bound stands alone
# Building the CP-SAT model takes about this long per allowed start (10,000 people: 475,551
# starts, 13.8 s); with less time left than that and a search, the warm start stands.
BUILD_S_PER_START = 3.0e-5


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(
        self, on_progress: Progress | None, started: float, should_stop: ShouldStop | None
    ) -> None:
        super().__init__()
        self._on_progress = on_progress
        self._started = started
        self._should_stop = should_stop

    def on_solution_callback(self) -> None:
        if self._should_stop and self._should_stop():
            self.stop_search()
        if self._on_progress:
            self._on_progress(
                {
                    "stage": "weeks",
                    "objective": self.objective_value,
                    "bound": self.best_objective_bound,
                    "elapsed_s": perf_counter() - self._started,
                }
            )


def gap_pct(objective: float, bound: float) -> float:
    return round(100.0 * max(0.0, objective - bound) / max(1.0, abs(objective)), 3)


@dataclass
class StageA:
    chosen: dict[int, int | None]
    shortfalls: list[Shortfall]
    status: str
    objective: float
    bound: float


@dataclass(frozen=True)
class Search:
    """How long and how stage A may search: `budget_s` counts from `started`, the moment the
    whole solve began."""

    budget_s: float
    started: float
    workers: int = 1
    seed: int = 0
    on_progress: Progress | None = None
    should_stop: ShouldStop | None = None
    pace: float = 1.0  # the machine's (solver/pace.py): building a model takes this much longer


def choose_weeks(problem: Problem, inputs: WeekInputs, search: Search) -> StageA:
    """Warm start first; the bounds say whether CP-SAT has anything left to win."""
    avail, obligations, options, pins, quotas = (
        inputs.avail,
        inputs.obligations,
        inputs.options,
        inputs.pins,
        inputs.quotas,
    )
    budget_s, started, on_progress = search.budget_s, search.started, search.on_progress
    hint, kept = greedy_weeks(
        problem,
        avail,
        obligations,
        options,
        pins.forced,
        pins.fixed,
        quotas,
        deadline=started + budget_s,
    )
    if problem.previous:
        # A re-plan solves only what the change touched: kept blocks stay where they were.
        options = {
            ob_id: _kept_only(starts, hint[ob_id], ob_id in kept)
            for ob_id, starts in options.items()
        }
    costs = WeekCosts(problem, avail, obligations, options, pins.fixed, quotas)
    warm, shortfalls = costs.evaluate(hint)
    flow = flow_bound(costs)
    bound = None if flow is None else flow + shortage_bound(costs)
    lower = bound if bound is not None else float("-inf")

    def report(objective: float, bound: float) -> None:
        if on_progress:
            elapsed = perf_counter() - started
            on_progress(
                {"stage": "weeks", "objective": objective, "bound": bound, "elapsed_s": elapsed}
            )

    report(warm, lower)
    result = StageA(hint, shortfalls, "WARM_START", warm, bound if bound is not None else warm)
    if bound is not None and warm - bound < 1e-6:
        result.status = "OPTIMAL"
    if bound is not None and gap_pct(warm, bound) <= TARGET_GAP_PCT:
        return result
    if budget_s - (perf_counter() - started) < MIN_SEARCH_S:
        return result
    if problem.previous and all(
        hint.get(ob.id) is not None for ob in obligations if ob.required and ob.id not in kept
    ):
        # A re-plan that placed everything the change reached is done: the bound's gap is the
        # kept plan's, which the re-plan must not reopen (at 10,000 people building and
        # searching a model for it took seconds and moved nothing).
        return result

    starts = sum(len(s) for s in options.values())
    build_s = BUILD_S_PER_START * starts * search.pace
    if budget_s - (perf_counter() - started) < build_s + MIN_SEARCH_S:
        return result  # a model it had no time to build would only overrun stage A's share
    built = build_week_model(
        problem,
        avail,
        obligations,
        options,
        hint,
        pins.forced,
        pins.fixed,
        quotas,
        deadline=started + budget_s - MIN_SEARCH_S,
    )
    if built is None:  # no time would be left to search it
        return result
    m, penalties = built
    left = budget_s - (perf_counter() - started)
    if len(m.model.proto.variables) <= LP_MAX_VARIABLES and left > 2:
        tighter = lp_bound(m.model, min(30.0, left / 2))
        if tighter is not None:
            lower = max(lower, tighter)
            result.bound = lower
    remaining = budget_s - (perf_counter() - started)
    if gap_pct(warm, lower) <= TARGET_GAP_PCT or remaining < MIN_SEARCH_S:
        return result
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = max(1, search.workers)
    solver.parameters.random_seed = search.seed
    # Interleaved search on a deterministic-time budget gives the same plan for the same seed
    # and workers; the wall-clock limit keeps the time limit on a busy machine.
    solver.parameters.interleave_search = True
    solver.parameters.max_deterministic_time = remaining / 2
    solver.parameters.max_time_in_seconds = remaining
    status = solver.solve(m.model, _Progress(on_progress, started, search.should_stop))
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE) or solver.objective_value > warm:
        return result
    chosen = {
        ob_id: next((b for b, v in starts.items() if solver.boolean_value(v)), None)
        for ob_id, starts in m.starts.items()
    }
    return StageA(
        chosen,
        _shortfalls(penalties, solver),
        solver.status_name(status),
        solver.objective_value,
        min(max(lower, solver.best_objective_bound), solver.objective_value),
    )


def _kept_only(starts: Starts, start: int | None, kept: bool) -> Starts:
    return {start: starts[start]} if kept and start is not None else starts


def _shortfalls(penalties: list[Penalty], solver: cp_model.CpSolver) -> list[Shortfall]:
    found = []
    for p in penalties:
        value = solver.value(p.var)
        if value > 0 and p.kind in ("share", "cap", "seats", "capacity", "skill", "mentor"):
            found.append(Shortfall(p.kind, p.why, value, p.week, p.department_id))
    return found


def block_turns(
    obligations: list[Obligation], options: StartOptions, chosen: dict
) -> list[WeekTurn]:
    turns = []
    for ob in obligations:
        start = chosen.get(ob.id)
        if start is None:
            continue
        for offset, days in enumerate(options[ob.id][start]):
            turns.append(
                WeekTurn(
                    person_id=ob.person_id,
                    week=start + offset,
                    days=days,
                    rule_id=ob.rule.id,
                    block=offset + 1,
                    turn_weeks=ob.turn_weeks,
                    with_mentor=ob.rule.with_mentor,
                )
            )
    return turns
