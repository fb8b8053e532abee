"""A re-planned week whose previous seats all still fit is kept. With the same people it is as
it was planned: no search and no repair pass (the pass ran when it was planned). A hole left
by someone who went is what a repair can close."""

from datetime import date

import pytest

from solver.stage_b import shifts
from solver.stage_b.shifts import keep_week
from solver.stage_b.week_task import Slot, Staffer, WeekTask

MONDAY = date(2027, 1, 11)
SEAT = ((MONDAY, 1, MONDAY),)


def _rotator(person_id: int) -> Staffer:
    return Staffer(person_id, 1, False, False, frozenset(), frozenset(), SEAT)


def _task(staffers: tuple[Staffer, ...], slots: tuple[Slot, ...], previous) -> WeekTask:  # type: ignore[no-untyped-def]
    return WeekTask(0, staffers, slots, (), 1, 2, 5.0, 7, previous=previous)


def test_a_week_as_it_was_planned_is_kept_without_a_repair_pass(monkeypatch):
    # Two are needed and only one can come: the shortfall was there when it was planned.
    slots = (Slot(MONDAY, 1, "phone", 2, 2, None, 0),)
    task = _task((_rotator(1),), slots, ((1, MONDAY, 1, "phone", None),))

    def no_repair(_seating):  # type: ignore[no-untyped-def]
        raise AssertionError("repaired a week that is as it was planned")

    monkeypatch.setattr(shifts, "repair", no_repair)
    kept = keep_week(task)
    assert kept is not None
    assert (kept.status, kept.assignments) == ("KEPT", ((1, MONDAY, 1, "phone", None),))
    assert [s.short for s in kept.shortfalls] == [1]


@pytest.mark.parametrize("went", [True, False])
def test_a_hole_left_by_someone_who_went_is_closed_by_a_move(went):
    # Person 1 answered the phone; 2 and 3 were on chat, which needs only one.
    slots = (
        Slot(MONDAY, 1, "phone", 1, 1, None, 0),
        Slot(MONDAY, 1, "chat", 1, 2, None, 0),
    )
    previous = (
        (1, MONDAY, 1, "phone", None),
        (2, MONDAY, 1, "chat", None),
        (3, MONDAY, 1, "chat", None),
    )
    staying = (_rotator(2), _rotator(3))
    kept = keep_week(_task(staying if went else (_rotator(1), *staying), slots, previous))
    assert kept is not None
    assert kept.status == "KEPT"
    assert kept.shortfalls == ()
    channels = sorted(a[3] for a in kept.assignments)
    assert channels == (["chat", "phone"] if went else ["chat", "chat", "phone"])
