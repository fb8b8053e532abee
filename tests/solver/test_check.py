"""The independent checker must catch each broken rule it claims to check."""

from dataclasses import replace
from datetime import timedelta

from solver import solve
from solver.check import hard_violations
from solver.model import ShiftAssignment, WeekTurn
from tests.solver.helpers import MONDAY, MORNING, tiny


def broken(problem, plan, *assignments, turns=()):  # type: ignore[no-untyped-def]
    return hard_violations(
        problem,
        replace(plan, assignments=plan.assignments + assignments, turns=plan.turns + tuple(turns)),
    )


def test_checker_catches_each_kind_of_violation():
    problem = tiny(engineers=2)
    problem = replace(
        problem,
        people=problem.people[:-1]
        + (replace(problem.people[-1], days_off=frozenset({MONDAY + timedelta(weeks=3)})),),
    )
    plan = solve(problem, time_limit_s=10, workers=1)
    assert hard_violations(problem, plan) == []
    saturday = MONDAY + timedelta(days=5)
    assert any(
        "does not run" in v
        for v in broken(
            problem, plan, ShiftAssignment(100, saturday, MORNING.id, "phone", "support")
        )
    )
    off_day = MONDAY + timedelta(weeks=3)
    assert any(
        "day off" in v
        for v in broken(problem, plan, ShiftAssignment(201, off_day, MORNING.id, "phone"))
    )
    other = next(t for t in plan.turns if t.person_id == 200)
    stray_week = (other.week + 1) % 4
    stray = ShiftAssignment(200, MONDAY + timedelta(weeks=stray_week), MORNING.id, "phone")
    assert any("outside any turn" in v for v in broken(problem, plan, stray))
    assert any("two turns" in v for v in broken(problem, plan, turns=[other]))
    crowd = (
        tuple(ShiftAssignment(100 + k, MONDAY, MORNING.id, "phone", "support") for k in range(2))
        * 3
    )
    assert any("above 4" in v for v in broken(problem, plan, *crowd))


def test_checker_catches_hours_outside_the_working_day():
    problem = tiny(engineers=1)
    late = replace(problem.people[-1], work_start=problem.people[-1].work_start.replace(hour=14))
    problem = replace(problem, people=problem.people[:-1] + (late,))
    plan = replace(
        solve(problem, time_limit_s=10, workers=1),
        assignments=(ShiftAssignment(late.id, MONDAY, MORNING.id, "phone"),),
        turns=(WeekTurn(late.id, 0, 1, 10),),
    )
    assert any("outside their working hours" in v for v in hard_violations(problem, plan))
