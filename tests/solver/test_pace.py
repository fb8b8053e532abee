"""A solve keeps its reserves for the machine it runs on: a machine twice as slow keeps twice
the time back (a 10,000-person year at a 30 s limit took 40 s on a slower machine)."""

import importlib

import pytest

from solver import pace
from tests.solver.helpers import tiny

PROBLEM = tiny(engineers=10, weeks=6, cap=0.3)
# The module, not the function `solver.solve` that the package exports under its name.
SOLVE = importlib.import_module("solver.solve")


def test_a_small_company_times_no_loop(monkeypatch: pytest.MonkeyPatch):
    def never() -> float:
        raise AssertionError("timed a loop for a company whose reserves do not matter")

    monkeypatch.setattr(pace, "_loop_s", never)
    assert pace.machine_pace(pace.MIN_PERSON_WEEKS - 1) == 1.0


@pytest.mark.parametrize(
    ("loop_s", "expected"), [(0.012, 2.0), (0.006, 1.0), (1.0, 3.0), (0.0, 0.5)]
)
def test_the_pace_is_the_loop_against_the_reference_within_bounds(
    monkeypatch: pytest.MonkeyPatch, loop_s: float, expected: float
):
    monkeypatch.setattr(pace, "REFERENCE_S", 0.006)
    monkeypatch.setattr(pace, "_loop_s", lambda: loop_s)
    assert pace.machine_pace(10_000 * 52) == pytest.approx(expected)


def test_the_loop_is_timed_for_a_large_company(monkeypatch: pytest.MonkeyPatch):
    timed: list[float] = []
    loop = pace._loop_s

    def counted() -> float:
        timed.append(loop())
        return timed[-1]

    monkeypatch.setattr(pace, "_loop_s", counted)
    pace.machine_pace(pace.MIN_PERSON_WEEKS)
    assert len(timed) == pace.SAMPLES and min(timed) > 0


def test_one_burst_does_not_set_the_pace(monkeypatch: pytest.MonkeyPatch):
    samples = iter([0.0012, 0.0013, 0.05, 0.0012, 0.0011])  # another process ran in the third
    monkeypatch.setattr(pace, "REFERENCE_S", 0.0012)
    monkeypatch.setattr(pace, "_loop_s", lambda: next(samples))
    assert pace.machine_pace(10_000 * 52) == pytest.approx(1.0)


def _seconds_left_for_stage_b(monkeypatch: pytest.MonkeyPatch, machine: float) -> float:
    seen: list[tuple[float, float]] = []
    real = SOLVE.week_tasks

    def recorded(problem, avail, turns, seconds_left, workers, seed, pace_now):  # type: ignore[no-untyped-def]
        seen.append((seconds_left, pace_now))
        return real(problem, avail, turns, seconds_left, workers, seed, pace_now)

    monkeypatch.setattr(SOLVE, "machine_pace", lambda _person_weeks: machine)
    monkeypatch.setattr(SOLVE, "week_tasks", recorded)
    monkeypatch.setattr(SOLVE, "DIAGNOSIS_S_PER_PERSON_WEEK", 0.05)
    monkeypatch.setattr(SOLVE, "perf_counter", lambda: 0.0)  # no time passes: stage B gets it all
    SOLVE.solve(PROBLEM, time_limit_s=20.0, workers=1)
    [(seconds_left, passed)] = seen
    assert passed == machine  # stage B scales its seating reserve by it too
    return seconds_left


def test_stage_b_leaves_the_diagnosis_more_time_on_a_slower_machine(
    monkeypatch: pytest.MonkeyPatch,
):
    """The diagnosis reserve (0.05 s a person-week, a few seconds here) doubles on a machine
    twice as slow."""
    reserve = 0.05 * len(PROBLEM.people) * PROBLEM.horizon.weeks
    assert _seconds_left_for_stage_b(monkeypatch, 1.0) == pytest.approx(20.0 - reserve)
    assert _seconds_left_for_stage_b(monkeypatch, 2.0) == pytest.approx(20.0 - 2 * reserve)
