"""Week capacity shared between people of one calendar never leaks one person's leave."""

from dataclasses import replace

from solver.availability import Availability
from tests.solver.helpers import MONDAY, days, tiny


def test_leave_of_one_person_does_not_reach_a_colleague_with_the_same_hours():
    problem = tiny(engineers=2, weeks=3)
    first, second = problem.people[-2], problem.people[-1]
    away = replace(first, days_off=days(MONDAY, 5))
    problem = replace(problem, people=problem.people[:-2] + (away, second))
    avail = Availability(problem)
    assert avail.most_days(away) == [0, 5, 5]
    assert avail.most_days(second) == [5, 5, 5]


def test_a_start_date_inside_the_horizon_counts_only_the_days_after_it():
    problem = tiny(engineers=1, weeks=2)
    late = replace(problem.people[-1], hire_date=MONDAY.replace(day=MONDAY.day + 2))
    avail = Availability(replace(problem, people=problem.people[:-1] + (late,)))
    assert avail.most_days(late) == [3, 5]
