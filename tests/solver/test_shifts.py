"""Stage B rules, each on a tiny company."""

from dataclasses import replace
from datetime import date, time, timedelta

from solver import solve
from solver.availability import Availability
from solver.check import hard_violations
from solver.model import EXECUTIVES, CoverageNeed, Rule, Settings
from tests.solver.helpers import AFTERNOON, MONDAY, MORNING, person, tiny, with_people


def test_working_hours_in_another_time_zone_pick_the_shift_that_fits():
    # 12:00–20:00 in Berlin covers New York 09:00–13:00 (15:00–19:00) but not 13:00–17:00.
    berlin = person(300, timezone="Europe/Berlin", work_start=time(12), work_end=time(20))
    problem = with_people(
        tiny(
            engineers=0,
            weeks=4,
            shifts=(MORNING, AFTERNOON),
            needs=(
                CoverageNeed("phone", MORNING.id, 1, 3),
                CoverageNeed("phone", AFTERNOON.id, 1, 3),
            ),
        ),
        berlin,
    )
    plan = solve(problem, time_limit_s=10, workers=1)
    mine = [a for a in plan.assignments if a.person_id == 300]
    assert len(mine) == 5 and {a.shift_id for a in mine} == {MORNING.id}
    assert hard_violations(problem, plan) == []


def test_dst_weeks_where_zones_disagree_are_handled():
    # The US moves its clocks on 2027-03-14, Europe on 2027-03-28: in between, New York
    # 09:00 is 14:00 in Berlin, so someone working 15:00–19:00 there cannot take the shift.
    berlin = person(300, timezone="Europe/Berlin", work_start=time(15), work_end=time(19))
    problem = replace(
        with_people(tiny(engineers=0), berlin),
        horizon=replace(tiny().horizon, start=date(2027, 3, 8), weeks=4),
    )
    fits = Availability(problem).fits(berlin)
    assert (date(2027, 3, 12), MORNING.id) in fits  # before the US change
    assert (date(2027, 3, 15), MORNING.id) not in fits  # in the gap
    assert (date(2027, 3, 29), MORNING.id) in fits  # both on summer time


def test_no_shifts_on_public_holidays():
    holiday = MONDAY + timedelta(days=2)
    problem = tiny(engineers=4, settings=Settings(holidays=frozenset({holiday})))
    plan = solve(problem, time_limit_s=10, workers=1)
    assert plan.assignments and all(a.day != holiday for a in plan.assignments)
    week0 = [t for t in plan.turns if t.week == 0]
    assert all(t.days == 4 for t in week0)


def test_skill_minimum_puts_the_speaker_on_the_channel():
    needs = (
        CoverageNeed("chat", MORNING.id, 1, 2, skill="de", skill_min=1),
        CoverageNeed("phone", MORNING.id, 1, 2),
    )
    problem = tiny(engineers=0, support=2, needs=needs)
    speaker = replace(problem.people[1], skills=frozenset({"de"}))
    problem = replace(problem, people=(problem.people[0], speaker))
    plan = solve(problem, time_limit_s=10, workers=1)
    chat = [a for a in plan.assignments if a.channel == "chat"]
    assert len(chat) == 20 and {a.person_id for a in chat} == {speaker.id}
    assert not [g for g in plan.gaps if g.kind == "skill"]


def test_missing_skill_is_a_gap_saying_so():
    needs = (CoverageNeed("chat", MORNING.id, 1, 2, skill="de", skill_min=1),)
    plan = solve(tiny(engineers=0, support=1, weeks=1, needs=needs), time_limit_s=10, workers=1)
    skill_gaps = [g for g in plan.gaps if g.kind == "skill"]
    assert len(skill_gaps) == 5
    assert skill_gaps[0].message == (
        "Week of 2027-01-04, Mon Morning chat: 1 more with skill 'de' needed "
        "(nobody in the company has skill 'de'; this need asks for 1 on every shift)"
    )
    (cause,) = skill_gaps[0].causes
    assert (cause.kind, cause.people, cause.structural) == ("skill", 0, True)


def test_an_executive_day_is_exactly_one_day():
    exec_day = Rule(3, "Executive day", EXECUTIVES, days_per_turn=1, cycle_weeks=4)
    boss = person(300, is_executive=True)
    problem = with_people(tiny(engineers=0, rules=(exec_day,)), boss)
    plan = solve(problem, time_limit_s=10, workers=1)
    assert [t.days for t in plan.turns if t.person_id == 300] == [1]
    assert len([a for a in plan.assignments if a.person_id == 300]) == 1


def test_coverage_shortfall_names_the_slot_and_the_leave_behind_it():
    problem = tiny(
        engineers=0, support=2, weeks=1, needs=(CoverageNeed("phone", MORNING.id, 2, 3),)
    )
    away = replace(problem.people[0], days_off=frozenset({MONDAY}))
    problem = replace(problem, people=(away, problem.people[1]))
    plan = solve(problem, time_limit_s=10, workers=1)
    (gap,) = [g for g in plan.gaps if g.kind == "coverage"]
    assert gap.message == (
        "Week of 2027-01-04, Mon Morning phone: 1 person short "
        "(1 on leave; 1 already seated at that time)"
    )
    assert [(c.kind, c.people) for c in gap.causes] == [("leave", 1), ("seated", 1)]
    assert (gap.day, gap.channel, gap.short) == (MONDAY, "phone", 1)


def test_coverage_maximum_is_never_exceeded():
    problem = tiny(
        engineers=8,
        weeks=2,
        support=3,
        cap=1.0,
        rules=(replace(tiny().rules[0], cycle_weeks=2),),
        needs=(CoverageNeed("phone", MORNING.id, 1, 3),),
    )
    plan = solve(problem, time_limit_s=10, workers=1)
    per_slot: dict = {}
    for a in plan.assignments:
        per_slot[(a.day, a.shift_id, a.channel)] = (
            per_slot.get((a.day, a.shift_id, a.channel), 0) + 1
        )
    assert max(per_slot.values()) <= 3
    assert hard_violations(problem, plan) == []
