"""Stage B's floor for one week: what no seating can avoid, never above the best seating. A
support team larger than the line's seats leaves people idle by arithmetic, not by search."""

from datetime import date, timedelta

import pytest

from solver.stage_b import shifts
from solver.stage_b.shifts import _floor, solve_week
from solver.stage_b.week_task import W_SUPPORT_IDLE, Slot, Staffer, WeekTask

MONDAY = date(2027, 1, 11)
DAYS = [MONDAY + timedelta(days=k) for k in range(5)]


def _week(support: int, max_people: int, rotators: int = 0) -> WeekTask:
    seats = tuple((day, 1, day) for day in DAYS)
    staffers = tuple(
        Staffer(p, 5, True, False, frozenset(), frozenset(), seats) for p in range(support)
    ) + tuple(
        Staffer(100 + p, 2, False, False, frozenset(), frozenset(), seats[:1])
        for p in range(rotators)
    )
    slots = tuple(Slot(day, 1, "phone", 1, max_people, None, 0) for day in DAYS)
    return WeekTask(0, staffers, slots, (), 1, 2, 5.0, 7)


def test_more_support_staff_than_seats_is_priced_by_the_floor(monkeypatch):
    task = _week(support=6, max_people=2)  # 30 wanted days, 10 seats
    assert _floor(task) == W_SUPPORT_IDLE * 20

    def no_search(*_args):  # the greedy seating already meets the floor
        raise AssertionError("searched a week whose floor the greedy seating meets")

    monkeypatch.setattr(shifts, "_search", no_search)
    result = solve_week(task)
    assert result.status == "OPTIMAL"
    assert len(result.assignments) == 10


@pytest.mark.parametrize(("support", "max_people", "rotators"), [(1, 3, 0), (4, 1, 2), (3, 2, 3)])
def test_the_floor_never_exceeds_the_best_seating(support, max_people, rotators):
    task = _week(support, max_people, rotators)
    seating = shifts.Seating(task)
    shifts.greedy_fill(seating)
    found = shifts._search(task, seating, floor=-1)
    best = found[0].objective() if found is not None else seating.objective()
    assert _floor(task) <= best
