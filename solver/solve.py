"""solve(): both stages, time limits, progress, weeks in parallel."""

from collections.abc import Callable
from dataclasses import dataclass
from time import perf_counter
from typing import Any

from ortools.sat.python import cp_model

from solver.availability import Availability
from solver.bound import flow_bound, lp_bound, shortage_bound
from solver.explain import explain
from solver.fairness import fairness_report
from solver.model import Gap, Plan, Problem, SolveStats, WeekTurn
from solver.obligations import Obligation, build_obligations, pro_rata_quotas
from solver.penalty import Penalty
from solver.stage_b import assignments as stage_b_assignments
from solver.stage_b import run_weeks, week_tasks
from solver.validate import structural_warnings, validate
from solver.warmstart import greedy_weeks
from solver.weeks import WeekModel, allowed_starts, build_week_model

Progress = Callable[[dict[str, Any]], None]
ShouldStop = Callable[[], bool]


class SolveCancelled(RuntimeError):
    """The caller asked the solve to stop."""


STAGE_A_SHARE = 0.4  # of the time limit; stage B gets the rest
DIAGNOSIS_SHARE = 0.05  # kept back for finding and explaining gaps after stage B
TARGET_GAP_PCT = 0.5  # a warm start this close to the bound is kept as it is
LP_MAX_VARIABLES = 150_000  # above this the full LP takes minutes: the flow bound stands alone


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


def solve(
    problem: Problem,
    time_limit_s: float = 60.0,
    workers: int = 2,
    seed: int = 0,
    on_progress: Progress | None = None,
    should_stop: ShouldStop | None = None,
) -> Plan:
    """Plan the horizon: stage A picks weeks, stage B picks shifts; gaps explain shortfalls.

    Raises ProblemError for input that can never hold, SolveCancelled when should_stop()
    turns true (checked between steps and during the searches).
    """
    started = perf_counter()

    def check_stop() -> None:
        if should_stop and should_stop():
            raise SolveCancelled("The solve was cancelled.")

    avail = Availability(problem)
    validate(problem, avail)
    obligations = build_obligations(problem, avail)
    forced, fixed, off_pins, fixed_rules, forced_days = _apply_pins(problem, obligations)
    people = {p.id: p for p in problem.people}
    options = {
        ob.id: allowed_starts(problem, avail, people[ob.person_id], ob, off_pins, forced.get(ob.id))
        for ob in obligations
    }
    for ob_id, days in forced_days.items():  # a pinned week keeps the days it was published with
        options[ob_id][forced[ob_id]][0] = days
    quotas = pro_rata_quotas(obligations, problem.horizon.weeks)
    hint = greedy_weeks(problem, avail, obligations, options, forced, fixed, quotas)
    m, penalties = build_week_model(
        problem, avail, obligations, options, hint, forced, fixed, quotas
    )
    check_stop()
    stage_a = _solve_weeks(
        m, penalties, hint, time_limit_s, workers, seed, on_progress, started, should_stop
    )
    check_stop()
    chosen = stage_a.chosen
    turns = _turns(obligations, options, chosen) + [
        WeekTurn(p, w, d, fixed_rules[(p, w)]) for (p, w), d in sorted(fixed.items())
    ]
    stage_a_s = perf_counter() - started
    if on_progress:
        on_progress(
            {
                "stage": "shifts",
                "elapsed_s": stage_a_s,
                "weeks_done": 0,
                "weeks": problem.horizon.weeks,
            }
        )

    week_started = perf_counter()
    # What stage B may take: the limit less stage A and a margin for diagnosing the gaps.
    seconds_left = time_limit_s * (1 - DIAGNOSIS_SHARE) - (perf_counter() - started)
    tasks = week_tasks(problem, avail, turns, seconds_left, workers, seed)
    results = run_weeks(tasks, workers, on_progress, lambda: perf_counter() - started, check_stop)
    stage_b_s = perf_counter() - week_started

    assignments = stage_b_assignments(avail, results)
    unmet = [ob for ob in obligations if chosen.get(ob.id) is None]
    gaps = explain(
        problem, avail, obligations, unmet, options, stage_a.shortfalls, turns, assignments
    )
    stats = SolveStats(
        status=stage_a.status,
        objective=stage_a.objective,
        best_bound=stage_a.bound,
        gap_pct=_gap_pct(stage_a.objective, stage_a.bound),
        stage_a_s=round(stage_a_s, 3),
        stage_b_s=round(stage_b_s, 3),
        total_s=round(perf_counter() - started, 3),
        obligations=sum(1 for ob in obligations if ob.required) + sum(quotas.values()),
        obligations_met=sum(
            1 for ob in obligations if ob.required and chosen.get(ob.id) is not None
        )
        + sum(
            min(
                quota,
                sum(
                    1
                    for ob in obligations
                    if ob.rule.id == rule_id and not ob.required and chosen.get(ob.id) is not None
                ),
            )
            for rule_id, quota in quotas.items()
        ),
        seats_needed=sum(s.min_people for t in tasks for s in t.slots),
        seats_filled=sum(s.min_people for t in tasks for s in t.slots)
        - sum(g.short for g in gaps if g.kind == "coverage"),
        shifts_needed=sum(s.min_people for t in tasks for s in t.slots),
        shifts_filled=len(assignments),
        workers=workers,
        seed=seed,
    )
    plan_turns = tuple(sorted(turns, key=lambda t: (t.week, t.person_id)))
    return Plan(
        turns=plan_turns,
        assignments=tuple(assignments),
        gaps=tuple(gaps),
        stats=stats,
        fairness=fairness_report(problem, plan_turns, gaps, stats),
        warnings=tuple(structural_warnings(problem, avail)),
    )


def _gap_pct(objective: float, bound: float) -> float:
    return round(100.0 * max(0.0, objective - bound) / max(1.0, abs(objective)), 3)


@dataclass
class StageA:
    chosen: dict[int, int | None]
    shortfalls: list[tuple[Penalty, int]]
    status: str
    objective: float
    bound: float


def _solve_weeks(
    m: WeekModel,
    penalties: list[Penalty],
    hint: dict[int, int | None],
    time_limit_s: float,
    workers: int,
    seed: int,
    on_progress: Progress | None,
    started: float,
    should_stop: ShouldStop | None = None,
) -> StageA:
    """Warm start first; the LP bound says whether CP-SAT has anything left to win."""
    budget = time_limit_s * STAGE_A_SHARE
    warm = m.hint_objective(penalties)
    flow = flow_bound(m, penalties)
    bound = None if flow is None else flow + shortage_bound(m)
    small = len(m.model.proto.variables) <= LP_MAX_VARIABLES
    if small and (bound is None or _gap_pct(warm, bound) > TARGET_GAP_PCT):
        left = budget - (perf_counter() - started)
        tighter = lp_bound(m.model, min(30.0, left / 2)) if left > 2 else None
        if tighter is not None:
            bound = tighter if bound is None else max(bound, tighter)
    lower = bound if bound is not None else float("-inf")
    if on_progress:
        on_progress(
            {
                "stage": "weeks",
                "objective": warm,
                "bound": lower,
                "elapsed_s": perf_counter() - started,
            }
        )
    hinted = [(p, m.hint_values.get(p.var.index, 0)) for p in penalties]
    result = StageA(
        hint,
        [(p, v) for p, v in hinted if v > 0],
        "WARM_START",
        warm,
        lower if bound is not None else warm,
    )
    remaining = budget - (perf_counter() - started)
    if bound is not None and _gap_pct(warm, bound) <= TARGET_GAP_PCT or remaining < 1.0:
        if bound is not None and warm - bound < 1e-6:
            result.status = "OPTIMAL"
        return result

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    # Interleaved search on a deterministic-time budget gives the same plan for the same seed
    # and workers; the wall-clock limit keeps the time limit on a busy machine.
    solver.parameters.interleave_search = True
    solver.parameters.max_deterministic_time = remaining / 2
    solver.parameters.max_time_in_seconds = remaining
    status = solver.solve(m.model, _Progress(on_progress, started, should_stop))
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE) or solver.objective_value > warm:
        return result
    chosen = {
        ob_id: next((b for b, v in starts.items() if solver.boolean_value(v)), None)
        for ob_id, starts in m.starts.items()
    }
    shortfalls = [(p, solver.value(p.var)) for p in penalties if solver.value(p.var) > 0]
    best_bound = max(lower, solver.best_objective_bound)
    return StageA(
        chosen,
        shortfalls,
        solver.status_name(status),
        solver.objective_value,
        min(best_bound, solver.objective_value),
    )


def _apply_pins(
    problem: Problem, obligations: list[Obligation]
) -> tuple[dict[int, int], dict[tuple[int, int], int], set[tuple[int, int]], dict, dict[int, int]]:
    """Pinned weeks force an obligation's block where one fits, else stand as fixed turns."""
    off = {(p.person_id, p.week) for p in problem.pins if not p.on_line}
    by_person: dict[int, list[Obligation]] = {}
    for ob in obligations:
        by_person.setdefault(ob.person_id, []).append(ob)
    forced: dict[int, int] = {}
    covered: set[tuple[int, int]] = set()
    fixed: dict[tuple[int, int], int] = {}
    fixed_rules: dict[tuple[int, int], int] = {}
    forced_days: dict[int, int] = {}
    for pin in sorted((p for p in problem.pins if p.on_line), key=lambda p: (p.person_id, p.week)):
        key = (pin.person_id, pin.week)
        if key in covered or not 0 <= pin.week < problem.horizon.weeks:
            continue
        match = next(
            (
                ob
                for ob in by_person.get(pin.person_id, [])
                if ob.id not in forced
                and (pin.rule_id is None or pin.rule_id == ob.rule.id)
                and ob.earliest - ob.block_weeks < pin.week <= ob.latest + ob.block_weeks - 1
                and pin.week + ob.block_weeks <= problem.horizon.weeks
            ),
            None,
        )
        if match is not None:
            forced[match.id] = pin.week
            if pin.days:
                forced_days[match.id] = pin.days
            covered.update((pin.person_id, pin.week + k) for k in range(match.block_weeks))
        else:
            fixed[key] = pin.days or 5
            fixed_rules[key] = pin.rule_id or 0
    return forced, fixed, off, fixed_rules, forced_days


def _turns(
    obligations: list[Obligation], options: dict[int, dict[int, list[int]]], chosen: dict
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
                    block_weeks=ob.block_weeks,
                    with_mentor=ob.rule.with_mentor,
                )
            )
    return turns


__all__ = ["Gap", "solve"]
