"""Random small companies: whatever the input, the plan keeps every hard rule.

The checker (solver.check) is written from the problem's definitions and the time model, not
from the solver's own bookkeeping, so the two have to agree independently. Companies live in
seven zones (one in the southern hemisphere), shifts run in three, and every horizon spans the
weeks between the US and EU clock changes.
"""

from datetime import date, time, timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from solver import ProblemError, solve
from solver.check import avoidable_gaps, hard_violations
from solver.model import (
    EVERYONE,
    EXECUTIVES,
    NEW_HIRES,
    CoverageNeed,
    Department,
    Horizon,
    Person,
    Problem,
    Rule,
    Settings,
    Shift,
)

pytestmark = pytest.mark.slow  # random companies solved end to end

# Mondays whose next weeks span both clock changes of the spring and of the autumn.
MONDAYS = [date(2027, 3, 8), date(2027, 10, 25)]
ZONES = [
    ("America/New_York", time(9), time(17)),
    ("America/Chicago", time(8), time(17)),
    ("America/Los_Angeles", time(6), time(15)),
    ("Europe/Berlin", time(10), time(19)),
    ("Europe/London", time(9), time(18)),
    ("Europe/Helsinki", time(9), time(17)),
    ("Australia/Sydney", time(8), time(17)),
]
SHIFTS = [
    Shift(1, "US Morning", time(9), time(13), (0, 1, 2, 3, 4), "America/New_York"),
    Shift(2, "EU Midday", time(11), time(15), (0, 1, 2, 3, 4), "Europe/Berlin"),
    Shift(3, "US Evening", time(15), time(19), (0, 1, 2, 3), "America/Los_Angeles"),
]


@st.composite
def companies(draw: st.DrawFn) -> Problem:
    monday = draw(st.sampled_from(MONDAYS))
    weeks = draw(st.integers(3, 6))
    n_support = draw(st.integers(1, 3))
    n_people = draw(st.integers(2, 14))
    caps = draw(st.lists(st.sampled_from([0.1, 0.25, 0.5, 1.0]), min_size=2, max_size=3))
    departments = [Department(1, "Support", 0.0, True)] + [
        Department(i + 2, f"D{i}", cap) for i, cap in enumerate(caps)
    ]
    people = []
    for i in range(n_support + n_people):
        support = i < n_support
        zone, start, end = draw(st.sampled_from(ZONES))
        first_off = monday + timedelta(days=draw(st.integers(0, weeks * 7)))
        days_off = frozenset(
            first_off + timedelta(days=k) for k in range(draw(st.sampled_from([0, 0, 2, 5, 9])))
        )
        hired = monday + timedelta(weeks=draw(st.integers(-200, weeks)))
        own_holidays = frozenset(
            monday + timedelta(days=k)
            for k in draw(st.lists(st.integers(0, weeks * 7), max_size=2))
        )
        people.append(
            Person(
                id=i + 1,
                name=f"P{i + 1}",
                department_id=1 if support else draw(st.integers(2, len(departments))),
                hire_date=hired,
                is_executive=not support and draw(st.booleans()),
                timezone=zone,
                work_start=start,
                work_end=end,
                skills=frozenset(draw(st.lists(st.sampled_from(["de", "es"]), max_size=1))),
                days_off=days_off,
                holidays=own_holidays,
                experienced_channels=frozenset({"phone", "chat"}) if support else frozenset(),
            )
        )
    shifts = [SHIFTS[0]] + [s for s in SHIFTS[1:] if draw(st.booleans())]
    needs = [CoverageNeed("phone", s.id, draw(st.integers(0, 2)), 3) for s in shifts] + [
        CoverageNeed("chat", 1, 1, 2, "de", draw(st.integers(0, 1)))
    ]
    rules = [
        Rule(
            1,
            "Week",
            EVERYONE,
            days_per_turn=draw(st.integers(1, 5)),
            cycle_weeks=draw(st.integers(1, weeks)),
        )
    ]
    if draw(st.booleans()):
        rules.append(Rule(2, "Exec day", EXECUTIVES, days_per_turn=1, cycle_weeks=2))
    if draw(st.booleans()):
        rules.append(
            Rule(3, "Onboarding", NEW_HIRES, turn_weeks=2, start_within_weeks=3, with_mentor=True)
        )
    holidays = frozenset(
        draw(
            st.lists(
                st.builds(lambda k: monday + timedelta(days=k), st.integers(0, weeks * 7)),
                max_size=2,
            )
        )
    )
    return Problem(
        horizon=Horizon(monday, weeks),
        departments=tuple(departments),
        people=tuple(people),
        shifts=tuple(shifts),
        needs=tuple(needs),
        rules=tuple(rules),
        settings=Settings(holidays=holidays, max_shifts_per_day=draw(st.integers(1, 2))),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(companies())
def test_plans_keep_every_hard_rule(problem: Problem) -> None:
    try:
        plan = solve(problem, time_limit_s=10, workers=1, seed=3)
    except ProblemError as error:
        # A drawn shift no drawn person's hours fit is refused up front, as it should be;
        # any other refusal is a failure.
        if not all("lies outside every person's working hours" in p for p in error.problems):
            raise
        assume(False)
        return
    assert hard_violations(problem, plan) == []
    support = {p.id for p in problem.people if p.department_id == 1}
    assert not [t for t in plan.turns if t.person_id in support]
    unmet = plan.stats.obligations - plan.stats.obligations_met
    assert sum(g.short for g in plan.gaps if g.kind == "obligation") == unmet
    assert all(g.message for g in plan.gaps)
    assert all(g.causes for g in plan.gaps if g.kind in ("coverage", "skill", "days"))
    assert avoidable_gaps(problem, plan) == []
    assert 0 <= plan.fairness.score <= 100
