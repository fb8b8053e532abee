"""Solver benchmark: Rota against the round-robin baseline on one synthetic company.

    python -m bench.solver_bench --employees 1000 --weeks 52 --seed 1

Prints one JSON line per planner (and one for a re-plan after new time off with --replan).
"""

import argparse
import json
import resource
import sys
import time
from collections import defaultdict
from dataclasses import replace
from datetime import timedelta

from bench.company import global_company, synthetic_company
from solver import Plan, Problem, solve
from solver.availability import Availability
from solver.baseline import round_robin
from solver.check import avoidable_gaps, hard_violations, metrics
from solver.obligations import build_obligations


def peak_memory_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


def obligations_met_pct(problem: Problem, plan: Plan) -> float:
    """Share of due obligations with a block in their window, judged the same for every plan."""
    obligations = [o for o in build_obligations(problem, Availability(problem)) if o.required]
    on_line = {(t.person_id, t.week) for t in plan.turns}
    met = sum(
        1
        for o in obligations
        if any(
            all((o.person_id, b + k) in on_line for k in range(o.turn_weeks))
            for b in range(o.earliest, o.latest + 1)
        )
    )
    return round(100.0 * met / len(obligations), 2) if obligations else 100.0


def report(
    name: str,
    problem: Problem,
    plan: Plan,
    wall_s: float,
    args: argparse.Namespace,
    **extra: object,
) -> dict[str, object]:
    figures = metrics(problem, plan)
    row: dict[str, object] = {
        "planner": name,
        "profile": args.profile,
        "employees": args.employees,
        "weeks": args.weeks,
        "seed": args.seed,
        "wall_s": round(wall_s, 3),
        "stage_a_s": plan.stats.stage_a_s,
        "stage_b_s": plan.stats.stage_b_s,
        "peak_memory_mb": peak_memory_mb(),
        "hard_violations": len(hard_violations(problem, plan)),
        "obligations_met_pct": obligations_met_pct(problem, plan),
        "coverage_met_pct": figures["coverage_met_pct"],
        "cap_breaches": figures["cap_breaches"],
        "gap_count": len(plan.gaps),
        "fairness_spread": figures["week_spread"],
        "hours_not_preferred": figures["hours_not_preferred"],
        "support_people_used": figures["support_people_used"],
        "support_hours_spread": figures["support_hours_spread"],
        "stage_a_gap_pct": plan.stats.gap_pct,
        "stage_a_status": plan.stats.status,
        "avoidable_gaps": len(avoidable_gaps(problem, plan)),
        "gaps_without_cause": sum(1 for g in plan.gaps if not g.causes),
        "warnings": len(plan.warnings),
    }
    row.update(extra)
    print(json.dumps(row), flush=True)
    return row


def with_new_time_off(problem: Problem, plan: Plan) -> tuple[Problem, int]:
    """Give one rotator a week of leave exactly over their planned turn."""
    turn = next(t for t in plan.turns if t.turn_weeks == 1 and t.days == 5 and t.week > 4)
    monday = problem.horizon.week_start(turn.week)
    leave = frozenset(monday + timedelta(days=k) for k in range(7))
    people = tuple(
        replace(p, days_off=p.days_off | leave) if p.id == turn.person_id else p
        for p in problem.people
    )
    return replace(as_previous(problem, plan), people=people), turn.person_id


def as_previous(problem: Problem, plan: Plan) -> Problem:
    """The same problem, re-planned against `plan` (its turns and seats)."""
    return replace(problem, previous=plan.turns, previous_shifts=plan.assignments)


def moved_people(before: Plan, after: Plan) -> set[int]:
    old = {(t.person_id, t.week) for t in before.turns}
    new = {(t.person_id, t.week) for t in after.turns}
    return {p for p, _ in old ^ new}


def seats_changed(before: Plan, after: Plan, besides: int | None = None) -> int:
    """Seats that changed hands, time or channel (or mentor), other than `besides`'s: per
    person, the larger of the seats they gave up and the seats they took."""
    old: dict[int, set[tuple]] = defaultdict(set)
    new: dict[int, set[tuple]] = defaultdict(set)
    for plan, seats in ((before, old), (after, new)):
        for a in plan.assignments:
            if a.person_id != besides:
                seats[a.person_id].add((a.day, a.shift_id, a.channel, a.mentor_id))
    return sum(max(len(old[p] - new[p]), len(new[p] - old[p])) for p in old.keys() | new.keys())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=1000)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=600.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--replan", action="store_true", help="also time a re-plan")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--profile", choices=("synthetic", "global"), default="synthetic")
    args = parser.parse_args(argv)

    company = global_company if args.profile == "global" else synthetic_company
    problem = company(args.employees, args.weeks, seed=args.seed)
    if not args.skip_baseline:
        started = time.perf_counter()
        baseline = round_robin(problem)
        report("round_robin", problem, baseline, time.perf_counter() - started, args)

    started = time.perf_counter()
    plan = solve(problem, time_limit_s=args.time_limit, workers=args.workers, seed=args.seed)
    report("rota", problem, plan, time.perf_counter() - started, args)

    if args.replan:
        unchanged = as_previous(problem, plan)
        started = time.perf_counter()
        again = solve(unchanged, time_limit_s=args.time_limit, workers=args.workers, seed=args.seed)
        report(
            "rota_replan_unchanged",
            unchanged,
            again,
            time.perf_counter() - started,
            args,
            people_moved=len(moved_people(plan, again)),
            seats_changed=seats_changed(plan, again),
        )
        changed, person_id = with_new_time_off(problem, plan)
        started = time.perf_counter()
        replanned = solve(
            changed, time_limit_s=args.time_limit, workers=args.workers, seed=args.seed
        )
        moved = moved_people(plan, replanned)
        report(
            "rota_replan",
            changed,
            replanned,
            time.perf_counter() - started,
            args,
            people_moved=len(moved),
            on_leave_moved=person_id in moved,
            seats_changed=seats_changed(plan, replanned, besides=person_id),
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
