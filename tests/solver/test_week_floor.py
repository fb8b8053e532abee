"""Stage B's floor for one week: what no seating can avoid, never above the best seating. The
support team sits where the line needs it, so a team larger than the line's needs leaves
people off the line by arithmetic, not by search."""

from datetime import date, timedelta

import pytest

from solver.stage_b import shifts
from solver.stage_b.floor import floor
from solver.stage_b.shifts import solve_week
from solver.stage_b.week_task import W_SUPPORT_HOUR, Slot, Staffer, WeekTask

MONDAY = date(2027, 1, 11)
DAYS = [MONDAY + timedelta(days=k) for k in range(5)]
EIGHT_HOURS = 16


def _week(
    support: int, max_people: int, rotators: int = 0, fill: bool = False, shifts_each: int = 1
) -> WeekTask:
    seats = tuple((day, 1, day) for day in DAYS)
    staffers = tuple(
        Staffer(p, 5, True, False, frozenset(), frozenset(), seats, share=shifts_each * EIGHT_HOURS)
        for p in range(support)
    ) + tuple(
        Staffer(100 + p, 2, False, False, frozenset(), frozenset(), seats[:1])
        for p in range(rotators)
    )
    slots = tuple(
        Slot(day, 1, "phone", 1, max_people, None, 0, EIGHT_HOURS, fill_to_max=fill) for day in DAYS
    )
    return WeekTask(0, staffers, slots, (), 1, 2, 5.0, 7)


def _no_search(monkeypatch):  # type: ignore[no-untyped-def]
    def refuse(*_args):  # the greedy seating already meets the floor
        raise AssertionError("searched a week whose floor the greedy seating meets")

    monkeypatch.setattr(shifts, "_search", refuse)


def test_support_staff_sit_only_where_the_line_needs_them(monkeypatch):
    task = _week(support=6, max_people=2)  # 5 seats wanted, 10 allowed, 30 days free
    assert floor(task) == W_SUPPORT_HOUR * EIGHT_HOURS * 5
    _no_search(monkeypatch)
    result = solve_week(task)
    assert result.status == "OPTIMAL"
    assert len(result.assignments) == 5
    # Spread over the team: nobody sits a second day while someone has none.
    per_person = sorted(sum(1 for a in result.assignments if a[0] == p) for p in range(6))
    assert per_person == [0, 1, 1, 1, 1, 1]


def test_seats_up_to_the_maximum_when_hr_asks(monkeypatch):
    task = _week(support=6, max_people=2, fill=True, shifts_each=2)  # the shares planned so
    _no_search(monkeypatch)
    result = solve_week(task)
    assert result.status == "OPTIMAL"
    assert len(result.assignments) == 10


@pytest.mark.parametrize(
    ("support", "max_people", "rotators", "fill"),
    [(1, 3, 0, False), (4, 1, 2, False), (3, 2, 3, False), (3, 3, 2, True), (1, 2, 4, True)],
)
def test_the_floor_never_exceeds_the_best_seating(support, max_people, rotators, fill):
    task = _week(support, max_people, rotators, fill)
    seating = shifts.Seating(task)
    shifts.greedy_fill(seating)
    found = shifts._search(task, seating, floor=-1)
    best = found[0].objective() if found is not None else seating.objective()
    assert floor(task) <= best
