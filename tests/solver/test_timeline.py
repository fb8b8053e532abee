"""Seats are instants on their real dates; a person's days are their own local dates."""

from dataclasses import replace
from datetime import date, time, timedelta

from solver import solve
from solver.check import hard_violations
from solver.model import CoverageNeed, Horizon, ShiftAssignment, WeekTurn
from solver.model import Shift as ShiftDef
from solver.timeline import overlaps, seat_interval, seat_local_date
from tests.solver.helpers import EVERY_FOUR_WEEKS, person, tiny

EU_MIDDAY = ShiftDef(1, "EU Midday", time(11), time(15), (0, 1, 2, 3, 4), "Europe/Berlin")
US_MORNING = ShiftDef(2, "US Morning", time(9), time(13), (0, 1, 2, 3, 4), "America/New_York")
US_EVENING = ShiftDef(3, "US Evening", time(17), time(21), (0, 1, 2, 3, 4), "America/New_York")


def test_two_shifts_overlap_only_between_the_two_clock_changes():
    winter, gap, summer = date(2027, 3, 8), date(2027, 3, 15), date(2027, 4, 5)
    assert not overlaps(seat_interval(winter, EU_MIDDAY), seat_interval(winter, US_MORNING))
    assert overlaps(seat_interval(gap, EU_MIDDAY), seat_interval(gap, US_MORNING))
    assert not overlaps(seat_interval(summer, EU_MIDDAY), seat_interval(summer, US_MORNING))


def london_company(weeks_from: date):  # type: ignore[no-untyped-def]
    """One Londoner whose hours fit both shifts, two shifts a day allowed."""
    problem = tiny(
        engineers=0,
        support=1,
        weeks=2,
        shifts=(EU_MIDDAY, US_MORNING),
        needs=(CoverageNeed("phone", 1, 1, 1), CoverageNeed("phone", 2, 1, 1)),
    )
    londoners = tuple(
        replace(p, timezone="Europe/London", work_start=time(9), work_end=time(19))
        for p in problem.people
    )
    settings = replace(problem.settings, max_shifts_per_day=2)
    return replace(problem, people=londoners, settings=settings, horizon=Horizon(weeks_from, 2))


def test_no_one_sits_two_shifts_that_overlap_on_their_real_dates():
    problem = london_company(date(2027, 3, 15))  # the weeks US clocks have changed, EU not
    plan = solve(problem, time_limit_s=10, workers=1)
    assert hard_violations(problem, plan) == []
    assert len(plan.assignments) == 10  # one shift a day: the two overlap by an hour
    gaps = [g for g in plan.gaps if g.kind == "coverage"]
    assert len(gaps) == 10
    assert all([(c.kind, c.people) for c in g.causes] == [("seated", 1)] for g in gaps)
    both = [
        ShiftAssignment(100, date(2027, 3, 15), 1, "phone", "support"),
        ShiftAssignment(100, date(2027, 3, 15), 2, "phone", "support"),
    ]
    found = hard_violations(problem, replace(plan, assignments=tuple(both)))
    assert any("overlap" in v for v in found)


def test_the_same_two_shifts_are_both_staffed_by_one_person_in_winter():
    problem = london_company(date(2027, 3, 1))
    plan = solve(problem, time_limit_s=10, workers=1)
    assert hard_violations(problem, plan) == []
    assert len(plan.assignments) == 20  # both shifts, every day, by the one Londoner
    assert not [g for g in plan.gaps if g.kind == "coverage"]


def test_leave_on_the_persons_own_date_keeps_them_off_the_lines_previous_day():
    monday = date(2027, 1, 4)
    sydney = person(
        200,
        timezone="Australia/Sydney",
        work_start=time(8),
        work_end=time(17),
        days_off=frozenset({monday + timedelta(days=1), monday + timedelta(days=2)}),
    )
    # Monday 17:00 in New York is Tuesday 09:00 in Sydney.
    assert seat_local_date(sydney, monday, US_EVENING) == monday + timedelta(days=1)
    problem = tiny(
        engineers=0,
        support=0,
        weeks=1,
        shifts=(US_EVENING,),
        needs=(CoverageNeed("phone", 3, 1, 1),),
        rules=(EVERY_FOUR_WEEKS,),
    )
    problem = replace(problem, people=(sydney,))
    plan = solve(problem, time_limit_s=10, workers=1)
    seated = sorted(a.day for a in plan.assignments)
    # Their Tuesday and Wednesday off are the line's Monday and Tuesday evenings; Friday
    # evening is their Saturday.
    assert seated == [monday + timedelta(days=2), monday + timedelta(days=3)]
    assert hard_violations(problem, plan) == []
    stray = ShiftAssignment(200, monday, 3, "phone")
    found = hard_violations(problem, replace(plan, assignments=plan.assignments + (stray,)))
    assert any("on a day off" in v for v in found)


def test_a_persons_own_public_holiday_is_a_day_off():
    monday = date(2027, 3, 29)  # Easter Monday in Germany
    berliner = person(
        200,
        timezone="Europe/Berlin",
        work_start=time(9),
        work_end=time(17),
        holidays=frozenset({monday}),
    )
    problem = tiny(
        engineers=0,
        support=0,
        weeks=1,
        shifts=(EU_MIDDAY,),
        needs=(CoverageNeed("phone", 1, 1, 1),),
    )
    problem = replace(problem, people=(berliner,), horizon=Horizon(monday, 1))
    plan = solve(problem, time_limit_s=10, workers=1)
    assert monday not in {a.day for a in plan.assignments}
    assert [t.days for t in plan.turns] == [4]
    holiday_gap = next(g for g in plan.gaps if g.kind == "coverage" and g.day == monday)
    assert [(c.kind, c.people) for c in holiday_gap.causes] == [("holiday", 1)]
    stray = replace(plan, assignments=(ShiftAssignment(200, monday, 1, "phone"),))
    stray = replace(stray, turns=(WeekTurn(200, 0, 1, EVERY_FOUR_WEEKS.id),))
    assert any("public holiday of theirs" in v for v in hard_violations(problem, stray))
