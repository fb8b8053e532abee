"""Stage A rules, each on a tiny company."""

from dataclasses import replace
from datetime import timedelta

from solver import Pin, solve
from solver.check import hard_violations
from solver.model import NEW_HIRES, Rule, Settings, WeekTurn
from solver.stage_a.weeks import W_CAP
from tests.solver.helpers import MONDAY, days, person, tiny, turns_of, with_people


def test_everyone_gets_exactly_one_turn_and_weeks_are_even():
    plan = solve(tiny(engineers=8, weeks=4), time_limit_s=10, workers=1)
    assert sorted(t.person_id for t in plan.turns) == list(range(200, 208))
    assert plan.fairness.rotators_per_week == [2, 2, 2, 2]
    assert plan.stats.obligations_met == plan.stats.obligations == 8
    assert hard_violations(tiny(engineers=8, weeks=4), plan) == []


def test_nobody_rotates_in_a_week_they_are_mostly_away():
    problem = tiny(engineers=1, weeks=2, rules=(replace(tiny().rules[0], cycle_weeks=2),))
    away = replace(problem.people[-1], days_off=days(MONDAY, 3))  # Mon–Wed of week 0
    problem = replace(problem, people=problem.people[:-1] + (away,))
    assert turns_of(solve(problem, time_limit_s=10, workers=1), 200) == [1]


def test_department_cap_spreads_people_over_weeks():
    # Four engineers, a 25 % cap: one per week, never two.
    plan = solve(tiny(engineers=4, cap=0.25), time_limit_s=10, workers=1)
    assert sorted(plan.fairness.rotators_per_week) == [1, 1, 1, 1]
    assert not [g for g in plan.gaps if g.kind == "cap"]


def test_an_unavoidable_cap_breach_costs_exactly_its_penalty_and_is_explained():
    rule = replace(tiny().rules[0], cycle_weeks=2)
    problem = tiny(
        engineers=3, weeks=2, cap=0.25, rules=(rule,), settings=Settings(weight_fairness=0)
    )
    plan = solve(problem, time_limit_s=10, workers=1)
    assert plan.stats.obligations_met == 3
    assert plan.stats.objective == W_CAP * 1  # three people, two weeks, one allowed per week
    cap_gaps = [g for g in plan.gaps if g.kind == "cap"]
    assert len(cap_gaps) == 1
    assert "Engineering cap of 1 reached" in cap_gaps[0].message
    assert cap_gaps[0].message.startswith("Week of 2027-01-")


def test_onboarding_block_is_consecutive_with_a_mentor_beside_the_new_hire():
    onboarding = Rule(
        1, "Onboarding", NEW_HIRES, turn_weeks=2, start_within_weeks=3, with_mentor=True
    )
    hire = person(300, hire_date=MONDAY + timedelta(weeks=1))
    problem = with_people(tiny(engineers=0, weeks=6, rules=(onboarding,)), hire)
    plan = solve(problem, time_limit_s=10, workers=1)
    weeks = turns_of(plan, 300)
    assert len(weeks) == 2 and weeks[1] == weeks[0] + 1 and 1 <= weeks[0] <= 3
    shifts = [a for a in plan.assignments if a.person_id == 300]
    assert len(shifts) == 10
    support = {100, 101}
    for a in shifts:
        assert a.mentor_id in support
        assert any(
            b.person_id == a.mentor_id and b.day == a.day and b.shift_id == a.shift_id
            for b in plan.assignments
        )


def test_unplaceable_obligation_is_a_gap_naming_the_person_and_why():
    rule = replace(tiny().rules[0], cycle_weeks=2)
    problem = tiny(engineers=1, weeks=2, rules=(rule,))
    away = replace(problem.people[-1], days_off=days(MONDAY, 14))
    problem = replace(problem, people=problem.people[:-1] + (away,))
    plan = solve(problem, time_limit_s=10, workers=1)
    assert plan.turns == ()
    (gap,) = [g for g in plan.gaps if g.kind == "obligation"]
    assert gap.person_id == 200
    assert "P200: Support week not scheduled" in gap.message and "on leave" in gap.message


def test_frozen_weeks_keep_exactly_their_pins():
    problem = tiny(engineers=4, frozen_weeks=1, pins=(Pin(203, 0, rule_id=10),))
    plan = solve(problem, time_limit_s=10, workers=1)
    assert [t.person_id for t in plan.turns if t.week == 0] == [203]
    assert hard_violations(problem, plan) == []


def test_pinned_off_week_is_respected():
    problem = tiny(
        engineers=1,
        weeks=2,
        rules=(replace(tiny().rules[0], cycle_weeks=2),),
        pins=(Pin(200, 0, on_line=False),),
    )
    assert turns_of(solve(problem, time_limit_s=10, workers=1), 200) == [1]


def test_unwanted_weeks_are_avoided_when_there_is_a_choice():
    problem = tiny(engineers=1, weeks=2, rules=(replace(tiny().rules[0], cycle_weeks=2),))
    picky = replace(problem.people[-1], unwanted_weeks=frozenset({0}))
    problem = replace(problem, people=problem.people[:-1] + (picky,))
    assert turns_of(solve(problem, time_limit_s=10, workers=1), 200) == [1]


def test_replan_after_new_time_off_moves_only_that_person():
    problem = tiny(engineers=12, weeks=4, cap=0.5)
    first = solve(problem, time_limit_s=10, workers=1)
    victim = first.turns[5]
    leave = days(MONDAY + timedelta(weeks=victim.week), 7)
    people = tuple(
        replace(p, days_off=leave) if p.id == victim.person_id else p for p in problem.people
    )
    second = solve(
        replace(problem, people=people, previous=first.turns), time_limit_s=10, workers=1
    )
    before = {(t.person_id, t.week) for t in first.turns}
    after = {(t.person_id, t.week) for t in second.turns}
    assert {p for p, _ in before ^ after} == {victim.person_id}


def test_previous_plan_is_kept_when_nothing_changed():
    problem = tiny(engineers=6, weeks=4)
    first = solve(problem, time_limit_s=10, workers=1)
    shuffled = tuple(WeekTurn(t.person_id, t.week, t.days, t.rule_id) for t in first.turns)
    second = solve(replace(problem, previous=shuffled), time_limit_s=10, workers=1)
    assert {(t.person_id, t.week) for t in second.turns} == {
        (t.person_id, t.week) for t in first.turns
    }
