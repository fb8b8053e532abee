"""solve(): both stages, time limits, progress, weeks in parallel."""

from time import perf_counter

from solver.availability import Availability
from solver.collector import collector_held
from solver.diagnosis_fingerprint import company_digest, unchanged_weeks, week_marks
from solver.explain import explain
from solver.fairness import fairness_report
from solver.mentoring import pair_mentors
from solver.model import Gap, Plan, Problem, SolveStats, WeekTurn
from solver.pace import machine_pace
from solver.stage_a.plan_weeks import (
    Progress,
    Search,
    ShouldStop,
    StageA,
    block_turns,
    choose_weeks,
    gap_pct,
)
from solver.stage_a.week_inputs import week_inputs
from solver.stage_b.place_seats import assignments as stage_b_assignments
from solver.stage_b.place_seats import (
    run_weeks,
    seated_as_before,
    seats_by_week,
    week_fingerprints,
    week_tasks,
)
from solver.validate import structural_warnings, validate


class SolveCancelled(RuntimeError):
    """The caller asked the solve to stop."""


STAGE_A_SHARE = 0.4  # of the time limit; stage B gets the rest
DIAGNOSIS_SHARE = 0.1  # kept back for finding and explaining gaps after stage B ...
# ... or more for a large company: at 10,000 × 52 the diagnosis, the mentors and the
# fingerprints take about 4 s where the reserves were measured (4.7 s kept back), times the
# machine's pace (solver/pace.py); the weeks' seating is set aside inside stage B's time.
DIAGNOSIS_S_PER_PERSON_WEEK = 9.0e-6


def solve(
    problem: Problem,
    time_limit_s: float = 60.0,
    workers: int = 2,
    seed: int = 0,
    on_progress: Progress | None = None,
    should_stop: ShouldStop | None = None,
    pace: float | None = None,
) -> Plan:
    """Plan the horizon: stage A picks weeks, stage B picks shifts; gaps explain shortfalls.
    `pace` is the machine's (solver/pace.py), timed here unless the caller timed it.

    Raises ProblemError for input that can never hold, SolveCancelled when should_stop()
    turns true (checked between steps and during the searches).
    """
    if pace is None:
        pace = machine_pace(problem.person_weeks)
    with collector_held():
        return _solve(problem, time_limit_s, workers, seed, on_progress, should_stop, pace)


def _solve(
    problem: Problem,
    time_limit_s: float,
    workers: int,
    seed: int,
    on_progress: Progress | None,
    should_stop: ShouldStop | None,
    pace: float,
) -> Plan:
    started = perf_counter()

    def check_stop() -> None:
        if should_stop and should_stop():
            raise SolveCancelled("The solve was cancelled.")

    avail = Availability(problem)
    validate(problem, avail)
    inputs = week_inputs(problem, avail)
    obligations, options, pins, quotas = (
        inputs.obligations,
        inputs.options,
        inputs.pins,
        inputs.quotas,
    )
    check_stop()
    search = Search(
        time_limit_s * STAGE_A_SHARE, started, workers, seed, on_progress, should_stop, pace
    )
    stage_a: StageA = choose_weeks(problem, inputs, search)
    check_stop()
    chosen = stage_a.chosen
    turns = block_turns(obligations, options, chosen) + [
        WeekTurn(p, w, d, pins.fixed_rules[(p, w)]) for (p, w), d in sorted(pins.fixed.items())
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
    diagnosis = max(
        time_limit_s * DIAGNOSIS_SHARE,
        DIAGNOSIS_S_PER_PERSON_WEEK * problem.person_weeks * pace,
    )
    seconds_left = time_limit_s - diagnosis - (perf_counter() - started)
    tasks = week_tasks(problem, avail, turns, seconds_left, workers, seed, pace)
    results = run_weeks(tasks, workers, on_progress, lambda: perf_counter() - started, check_stop)
    stage_b_s = perf_counter() - week_started

    assignments, unpaired = pair_mentors(problem, turns, stage_b_assignments(avail, results))
    final_seats = seats_by_week(problem, assignments)
    kept = seated_as_before(results, tasks, final_seats)
    seat_fingerprints = week_fingerprints(problem, tasks, results, final_seats, kept)
    gap_fingerprints = week_marks(problem, company_digest(problem, obligations), seat_fingerprints)
    unmet = [ob for ob in obligations if chosen.get(ob.id) is None]
    gaps = explain(
        problem,
        avail,
        obligations,
        unmet,
        options,
        stage_a.shortfalls,
        turns,
        assignments,
        unchanged_weeks(problem, gap_fingerprints),
    )
    gaps += unpaired
    stats = SolveStats(
        status=stage_a.status,
        objective=stage_a.objective,
        best_bound=stage_a.bound,
        gap_pct=gap_pct(stage_a.objective, stage_a.bound),
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
        seat_fingerprints=seat_fingerprints,
        gap_fingerprints=gap_fingerprints,
        seated_as_before=frozenset(problem.horizon.week_start(w) for w in kept),
    )


__all__ = ["Gap", "SolveCancelled", "solve"]
