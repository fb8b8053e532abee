"""solve() as a whole: determinism, progress, stats, purity of the package."""

import ast
import gc
from dataclasses import replace
from pathlib import Path

from solver import solve
from solver.baseline import round_robin
from solver.check import hard_violations, metrics
from solver.model import CoverageNeed
from tests.solver.helpers import MORNING, SALES, person, tiny

ALLOWED = {"ortools", "solver", "__future__"}


def test_same_seed_and_workers_give_the_same_plan():
    problem = tiny(engineers=10, weeks=6, cap=0.3)
    a = solve(problem, time_limit_s=10, workers=2, seed=7)
    b = solve(problem, time_limit_s=10, workers=2, seed=7)
    assert a.turns == b.turns and a.assignments == b.assignments and a.gaps == b.gaps


def test_progress_is_reported_for_both_stages():
    events = []
    solve(tiny(), time_limit_s=10, workers=1, on_progress=events.append)
    stages = [e["stage"] for e in events]
    assert stages[0] == "weeks" and stages[-1] == "shifts"
    assert events[-1]["weeks_done"] == events[-1]["weeks"] == 4
    assert "bound" in events[0] and "objective" in events[0]


def test_the_cyclic_collector_is_held_off_during_a_solve_and_restored_after():
    collecting = []
    report = lambda _event: collecting.append(gc.isenabled())  # noqa: E731
    solve(tiny(), time_limit_s=10, workers=1, on_progress=report)
    assert collecting and not any(collecting)
    assert gc.isenabled()
    gc.disable()  # a caller that holds it off itself keeps it off
    try:
        solve(tiny(), time_limit_s=10, workers=1)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_stats_report_objective_bound_and_times():
    plan = solve(tiny(engineers=8), time_limit_s=10, workers=1)
    stats = plan.stats
    assert stats.best_bound <= stats.objective
    assert 0 <= stats.gap_pct <= 0.5
    assert stats.total_s >= stats.stage_a_s
    assert stats.seats_needed == stats.seats_filled == 20
    assert plan.fairness.score == 100 and plan.fairness.score_notes == ()


def test_baseline_ignores_caps_and_breaks_hard_rules_the_solver_keeps():
    problem = tiny(engineers=4, cap=0.25)
    sales = tuple(person(300 + i, SALES) for i in range(4))
    problem = replace(problem, people=problem.people + sales)
    baseline = round_robin(problem)
    assert metrics(problem, baseline)["cap_breaches"] > 0
    plan = solve(problem, time_limit_s=10, workers=1)
    assert metrics(problem, plan)["cap_breaches"] == 0
    assert hard_violations(problem, plan) == []


def test_solver_package_imports_only_the_standard_library_and_ortools():
    import sys

    stdlib = set(sys.stdlib_module_names)
    for path in Path("solver").glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                assert top in ALLOWED or top in stdlib, f"{path} imports {name}"


def test_the_cp_sat_path_is_deterministic_too(monkeypatch):
    import importlib

    solve_module = importlib.import_module("solver.stage_a.plan_weeks")
    monkeypatch.setattr(solve_module, "TARGET_GAP_PCT", -1.0)  # always run CP-SAT
    problem = tiny(engineers=10, weeks=6, cap=0.3)
    a = solve(problem, time_limit_s=6, workers=2, seed=11)
    b = solve(problem, time_limit_s=6, workers=2, seed=11)
    assert a.stats.status in ("OPTIMAL", "FEASIBLE", "WARM_START")
    assert a.turns == b.turns and a.stats.objective == b.stats.objective


def test_a_cap_of_zero_keeps_the_department_off_the_line_and_says_so():
    problem = tiny(engineers=4, cap=0.0)
    plan = solve(problem, time_limit_s=10, workers=1)
    assert [t for t in plan.turns if t.person_id >= 200] == []
    assert plan.warnings == ("Engineering has a cap of 0: its 4 people never rotate.",)
    unmet = [g for g in plan.gaps if g.kind == "obligation"]
    assert len(unmet) == 4
    assert all([(c.kind, c.structural) for c in g.causes] == [("cap", True)] for g in unmet)


def test_a_need_no_one_can_meet_is_a_warning_with_its_numbers():
    needs = (CoverageNeed("chat", MORNING.id, 1, 3, skill="fi", skill_min=2),)
    problem = tiny(needs=needs)
    finn = replace(problem.people[-1], skills=frozenset({"fi"}))
    problem = replace(problem, people=problem.people[:-1] + (finn,))
    plan = solve(problem, time_limit_s=10, workers=1)
    assert plan.warnings == (
        "Only 1 person has skill 'fi'; the chat need on Morning asks for 2 on every shift.",
    )


def test_an_unchanged_replan_keeps_every_turn_seat_and_mentor():
    problem = tiny(engineers=10, weeks=6, cap=0.3)
    plan = solve(problem, time_limit_s=10, workers=2, seed=5)
    again = solve(
        replace(problem, previous=plan.turns, previous_shifts=plan.assignments),
        time_limit_s=10,
        workers=2,
        seed=5,
    )
    assert again.turns == plan.turns
    assert again.assignments == plan.assignments
