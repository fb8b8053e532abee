"""The support team sits where the line needs it, its hours spread over its members across
the plan: part-timers pro rata, the hours they already worked on the line counted."""

from collections import Counter
from dataclasses import replace
from datetime import time

from solver.check import hard_violations
from solver.model import CoverageNeed, Settings
from solver.solve import solve
from tests.solver.helpers import MORNING, SUPPORT, person, tiny

SHIFT_HOURS = 4  # MORNING runs 09:00-13:00
NEED = CoverageNeed("phone", MORNING.id, 3, 6)


def _team(*people, weeks=6, need=NEED):  # type: ignore[no-untyped-def]
    problem = tiny(engineers=0, support=0, weeks=weeks, rules=(), needs=(need,))
    return replace(problem, people=tuple(people), settings=Settings(max_days_per_week=5))


def test_seats_above_the_minimum_stay_empty_unless_hr_asks():
    team = [person(100 + i, SUPPORT) for i in range(10)]
    plan = solve(_team(*team), time_limit_s=20, workers=1)
    assert hard_violations(_team(*team), plan) == []
    assert len(plan.assignments) == 3 * 5 * 6  # the minimum, every line day
    filled = solve(_team(*team, need=replace(NEED, fill_to_max=True)), time_limit_s=20, workers=1)
    assert len(filled.assignments) == 6 * 5 * 6  # HR asked: up to the maximum


def test_the_team_s_hours_are_even_over_the_plan():
    team = [person(100 + i, SUPPORT) for i in range(10)]
    plan = solve(_team(*team), time_limit_s=20, workers=1)
    shifts = Counter(a.person_id for a in plan.assignments)
    counts = [shifts[p.id] for p in team]
    assert sum(counts) == 90
    assert max(counts) - min(counts) <= 1  # 9 each: one shift apart at most


def test_a_part_timer_carries_a_part_timer_s_share():
    full = [person(100 + i, SUPPORT) for i in range(8)]
    part = person(120, SUPPORT, workdays=frozenset({0, 1}))  # Monday and Tuesday
    plan = solve(_team(*full, part), time_limit_s=20, workers=1)
    shifts = Counter(a.person_id for a in plan.assignments)
    full_time = full[0].week_minutes  # the shifts a full-timer would sit for the same load
    pro_rata = [shifts[p.id] * full_time / p.week_minutes for p in full]
    mine = shifts[part.id] * full_time / part.week_minutes
    assert shifts[part.id] > 0
    assert min(pro_rata) - 1 <= mine <= max(pro_rata) + 1


def test_hours_already_worked_on_the_line_count():
    team = [person(100 + i, SUPPORT) for i in range(6)]
    veteran = replace(team[0], line_hours=40.0)  # ten shifts ahead of the others
    plan = solve(_team(veteran, *team[1:]), time_limit_s=20, workers=1)
    shifts = Counter(a.person_id for a in plan.assignments)
    total = {p.id: shifts[p.id] * SHIFT_HOURS for p in team}
    total[veteran.id] += 40
    assert shifts[veteran.id] < min(shifts[p.id] for p in team[1:])
    assert max(total.values()) - min(total.values()) <= 2 * SHIFT_HOURS


def test_a_working_week_past_midnight_counts_its_real_length():
    night = person(1, SUPPORT, work_start=time(22), work_end=time(6))
    assert night.week_minutes == 5 * 8 * 60
