"""Stage A keeps to its share of the time limit."""

from time import perf_counter

import pytest

from solver.availability import Availability
from solver.stage_a import plan_weeks
from solver.stage_a.plan_weeks import Search
from solver.stage_a.week_inputs import week_inputs
from tests.solver.helpers import tiny

PROBLEM = tiny(engineers=10, weeks=6, cap=0.3)


def _builds(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Models stage A builds from here on, with no bound telling it a search cannot win."""
    built: list[bool] = []
    build = plan_weeks.build_week_model

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        built.append(True)
        return build(*args, **kwargs)

    monkeypatch.setattr(plan_weeks, "build_week_model", counted)
    monkeypatch.setattr(plan_weeks, "flow_bound", lambda _costs: None)
    return built


def test_stage_a_does_not_start_a_model_it_has_no_time_to_build(monkeypatch: pytest.MonkeyPatch):
    """At 10,000 people the model takes 14 s to build and stage A's share of a 30 s limit is
    12 s: it was started anyway and dropped at a deadline checked between its rules, six
    seconds past the share, and the job ended past the limit HR set."""
    problem = PROBLEM
    inputs = week_inputs(problem, Availability(problem))
    built = _builds(monkeypatch)

    monkeypatch.setattr(plan_weeks, "BUILD_S_PER_START", 1.0)  # a second a start: no time
    result = plan_weeks.choose_weeks(problem, inputs, Search(10.0, perf_counter(), 1, 0))
    assert built == [] and result.status == "WARM_START"

    monkeypatch.setattr(plan_weeks, "BUILD_S_PER_START", 0.0)
    plan_weeks.choose_weeks(problem, inputs, Search(10.0, perf_counter(), 1, 0))
    assert built == [True]


def test_stage_a_builds_no_model_a_slower_machine_has_no_time_for(
    monkeypatch: pytest.MonkeyPatch,
):
    """The build reserve is measured on one machine; on one three times slower (its pace,
    solver/pace.py) the same model does not fit the share."""
    inputs = week_inputs(PROBLEM, Availability(PROBLEM))
    starts = sum(len(s) for s in inputs.options.values())
    built = _builds(monkeypatch)
    # Building fits the 10 s share at the reference pace, not at three times it.
    monkeypatch.setattr(plan_weeks, "BUILD_S_PER_START", 4.0 / starts)
    plan_weeks.choose_weeks(PROBLEM, inputs, Search(10.0, perf_counter(), 1, 0, pace=3.0))
    assert built == []
    plan_weeks.choose_weeks(PROBLEM, inputs, Search(10.0, perf_counter(), 1, 0, pace=1.0))
    assert built == [True]
