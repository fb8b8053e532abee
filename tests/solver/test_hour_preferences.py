"""Hours people prefer and hours they would rather not work: soft, weighed below coverage,
skills, mentors and turn days, counted in real minutes on actual dates."""

from dataclasses import replace
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from solver.check import hard_violations, metrics
from solver.model import CoverageNeed, Settings, Shift
from solver.solve import solve
from solver.timeline import unwanted_minutes
from tests.solver.helpers import SUPPORT, person, tiny

BERLIN = "Europe/Berlin"
NONE = (None,) * 7
EARLY = Shift(1, "Early", time(9), time(13), (0, 1, 2, 3, 4), BERLIN)
LATE = Shift(2, "Late", time(13), time(17), (0, 1, 2, 3, 4), BERLIN)


def _window(day: int, start: int, end: int) -> tuple:
    return tuple((time(start), time(end)) if d == day else None for d in range(7))


def _seat(day: date, start: int, end: int, zone: str = BERLIN) -> tuple[datetime, datetime]:
    tz = ZoneInfo(zone)
    return (
        datetime.combine(day, time(start), tz).astimezone(UTC),
        datetime.combine(day, time(end), tz).astimezone(UTC),
    )


def test_minutes_inside_avoided_hours_and_outside_preferred_ones():
    monday = date(2027, 3, 22)
    seat = _seat(monday, 9, 13)
    assert unwanted_minutes(seat, BERLIN, NONE, NONE) == 0
    assert unwanted_minutes(seat, BERLIN, NONE, _window(0, 12, 14)) == 60
    assert unwanted_minutes(seat, BERLIN, _window(0, 10, 18), NONE) == 60
    assert unwanted_minutes(seat, BERLIN, _window(1, 10, 18), NONE) == 0  # Tuesday's word
    # A window past midnight belongs to the day it starts: Sunday 22:00-06:00 reaches Monday.
    night = _seat(monday, 4, 8)
    assert unwanted_minutes(night, BERLIN, NONE, _window(6, 22, 6)) == 120


def test_real_minutes_across_the_clock_change():
    """Berlin springs forward on 28 March 2027 at 02:00: 00:00-05:00 that night lasts four
    hours, and avoiding it all counts four."""
    sunday = date(2027, 3, 28)
    seat = _seat(sunday, 0, 5)
    assert unwanted_minutes(seat, BERLIN, NONE, _window(6, 0, 5)) == 240


def _two_shifts(*people):  # type: ignore[no-untyped-def]
    needs = (CoverageNeed("phone", EARLY.id, 1, 1), CoverageNeed("phone", LATE.id, 1, 1))
    problem = tiny(engineers=0, support=0, weeks=1, shifts=(EARLY, LATE), needs=needs)
    settings = Settings(max_shifts_per_day=1)
    return replace(problem, people=tuple(people), settings=settings)


def _support(pid: int, **overrides):  # type: ignore[no-untyped-def]
    return person(pid, SUPPORT, timezone=BERLIN, work_start=time(8), work_end=time(18), **overrides)


def test_seats_follow_the_hours_people_prefer():
    """Two support people, an early and a late seat each day: the one who prefers afternoons
    sits late every day, and no hour is worked against anyone's word."""
    afternoons = tuple((d, time(13), time(18)) for d in range(5))
    problem = _two_shifts(_support(100, preferred_hours=afternoons), _support(101))
    plan = solve(problem, time_limit_s=10, workers=1)
    late = {a.shift_id for a in plan.assignments if a.person_id == 100}
    assert late == {LATE.id}
    assert len([a for a in plan.assignments if a.person_id == 100]) == 5
    assert metrics(problem, plan)["hours_not_preferred"] == 0
    assert hard_violations(problem, plan) == []


def test_coverage_comes_before_a_preference_and_the_metric_says_so():
    """One person, one early seat to fill each day: they avoid mornings but the line needs
    them; the plan seats them and counts the 20 hours."""
    mornings = tuple((d, time(8), time(13)) for d in range(5))
    needs = (CoverageNeed("phone", EARLY.id, 1, 1),)
    problem = replace(
        _two_shifts(_support(100, avoided_hours=mornings)), needs=needs, shifts=(EARLY,)
    )
    plan = solve(problem, time_limit_s=10, workers=1)
    assert len(plan.assignments) == 5
    assert metrics(problem, plan)["hours_not_preferred"] == 20
    assert [g for g in plan.gaps if g.kind == "coverage"] == []
