from dataclasses import replace
from datetime import date, timedelta

from solver import solve
from solver.availability import Availability
from solver.model import DEPARTMENTS, EVERYONE, EXECUTIVES, NEW_HIRES, History, Rule
from solver.obligations import build_obligations, pro_rata_quotas
from tests.solver.helpers import ENG, MONDAY, SALES, person, tiny, with_people

ANNUAL = Rule(2, "Annual support week", EVERYONE, cycle_weeks=52, cooldown_weeks=26)


def obligations(problem):
    return build_obligations(problem, Availability(problem))


def windows(problem, person_id):
    return [
        (o.earliest, o.latest, o.required) for o in obligations(problem) if o.person_id == person_id
    ]


def test_never_rotated_is_due_within_one_cycle():
    problem = tiny(engineers=1, weeks=52, rules=(ANNUAL,))
    assert windows(problem, 200) == [(0, 51, True)]


def test_someone_who_rotated_three_months_ago_is_not_due_yet():
    three_months_ago = MONDAY - timedelta(weeks=13)
    problem = tiny(
        engineers=1, weeks=52, rules=(ANNUAL,), history=(History(200, three_months_ago, ANNUAL.id),)
    )
    # cooldown: not before week 14 (-13 + 1 + 26); due one year after the last turn: week 39
    assert windows(problem, 200) == [(14, 39, True)]


def test_a_short_horizon_offers_the_annual_week_as_optional():
    problem = tiny(engineers=1, weeks=8, rules=(ANNUAL,))
    assert windows(problem, 200) == [(0, 7, False)]


def test_support_staff_owe_nothing():
    problem = tiny(engineers=0, support=3, weeks=52, rules=(ANNUAL,))
    assert obligations(problem) == []


def test_new_hire_block_starts_within_the_window_of_the_hire_week():
    onboarding = Rule(
        1, "Onboarding", NEW_HIRES, turn_weeks=2, start_within_weeks=4, with_mentor=True
    )
    hire = person(300, hire_date=MONDAY + timedelta(weeks=3, days=2))
    veteran = person(301, hire_date=date(2019, 1, 7))
    problem = with_people(tiny(engineers=0, weeks=12, rules=(onboarding,)), hire, veteran)
    assert windows(problem, 300) == [(3, 6, True)]
    assert windows(problem, 301) == []


def test_onboarded_new_hire_is_due_for_the_annual_week_a_year_later():
    onboarding = Rule(1, "Onboarding", NEW_HIRES, turn_weeks=2, start_within_weeks=4)
    hire = person(300, hire_date=MONDAY + timedelta(weeks=1))
    problem = with_people(tiny(engineers=0, weeks=52, rules=(onboarding, ANNUAL)), hire)
    # The annual week is due a year after onboarding (week 57), past the horizon: optional.
    assert windows(problem, 300) == [(1, 4, True), (32, 51, False)]


def test_executive_day_every_four_weeks_with_cooldown():
    exec_day = Rule(
        3, "Executive day", EXECUTIVES, days_per_turn=1, cycle_weeks=4, cooldown_weeks=2
    )
    boss = person(300, is_executive=True)
    problem = with_people(tiny(engineers=1, weeks=12, rules=(exec_day,)), boss)
    assert windows(problem, 300) == [(0, 3, True), (4, 7, True), (8, 11, True)]
    assert windows(problem, 200) == []


def test_department_rule_picks_its_departments():
    rule = Rule(4, "Sales fortnight", DEPARTMENTS, department_ids=frozenset({SALES}), cycle_weeks=4)
    problem = with_people(tiny(engineers=1, rules=(rule,)), person(300, SALES))
    assert {o.person_id for o in obligations(problem)} == {300}


def test_exemption_delays_the_window():
    problem = tiny(engineers=1, weeks=8, rules=(replace(ANNUAL, cycle_weeks=4),))
    exempt = replace(problem.people[-1], exempt_until=MONDAY + timedelta(weeks=2, days=3))
    problem = replace(problem, people=problem.people[:-1] + (exempt,))
    assert windows(problem, 200)[0][0] == 3
    assert exempt.department_id == ENG


def test_a_short_horizon_carries_its_pro_rata_share():
    problem = tiny(engineers=8, weeks=26, rules=(ANNUAL,))
    found = obligations(problem)
    assert len(found) == 8 and not any(o.required for o in found)
    assert pro_rata_quotas(found, 26) == {ANNUAL.id: 4}  # half of the eight never rotated
    plan = solve(problem, time_limit_s=10, workers=1)
    assert len({t.person_id for t in plan.turns}) == 4
    assert plan.stats.obligations == plan.stats.obligations_met == 4
