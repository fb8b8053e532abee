from dataclasses import replace
from datetime import date, time

import pytest

from solver import ProblemError, solve
from solver.model import DEPARTMENTS, CoverageNeed, Rule, Shift
from tests.solver.helpers import tiny


def problems_of(problem) -> list[str]:
    with pytest.raises(ProblemError) as caught:
        solve(problem, time_limit_s=5, workers=1)
    return caught.value.problems


def test_horizon_must_start_on_a_monday():
    problem = tiny()
    bad = replace(problem, horizon=replace(problem.horizon, start=date(2027, 1, 5)))
    assert problems_of(bad) == ["The horizon must start on a Monday, not Tuesday 2027-01-05."]


def test_rule_for_an_empty_department_is_refused():
    rule = Rule(5, "Sales week", DEPARTMENTS, department_ids=frozenset({3}))
    assert problems_of(tiny(rules=(rule,))) == [
        "Rule Sales week applies to Sales, which has nobody in it."
    ]


def test_shift_outside_everyone_s_hours_is_refused():
    night = Shift(9, "Night", time(1), time(5), (0, 1, 2, 3, 4), "America/New_York")
    problem = tiny(shifts=(tiny().shifts[0], night), needs=(CoverageNeed("phone", 9, 1, 2),))
    (message,) = problems_of(problem)
    assert message.startswith("Shift Night (01:00–05:00 America/New_York) lies outside every")


def test_every_problem_is_listed_at_once():
    bad_need = CoverageNeed("phone", 1, 5, 2)
    bad_shift = Shift(2, "Empty", time(13), time(13))
    problem = tiny(needs=(bad_need,), shifts=(tiny().shifts[0], bad_shift))
    found = problems_of(problem)
    assert "Shift Empty ends when it starts." in found
    assert "Coverage need phone on shift 1: minimum 5 is above maximum 2." in found
