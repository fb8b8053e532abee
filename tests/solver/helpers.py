"""Tiny hand-made companies for solver tests."""

import os
import subprocess
import sys
from dataclasses import replace
from datetime import date, time, timedelta

from solver.model import (
    EVERYONE,
    CoverageNeed,
    Department,
    Horizon,
    Person,
    Problem,
    Rule,
    Settings,
    Shift,
)

MONDAY = date(2027, 1, 4)
SUPPORT, ENG, SALES = 1, 2, 3
MORNING = Shift(1, "Morning", time(9), time(13), (0, 1, 2, 3, 4), "America/New_York")
AFTERNOON = Shift(2, "Afternoon", time(13), time(17), (0, 1, 2, 3, 4), "America/New_York")
EVERY_FOUR_WEEKS = Rule(10, "Support week", EVERYONE, days_per_turn=5, cycle_weeks=4)


def person(pid: int, dept: int = ENG, **overrides: object) -> Person:
    values: dict[str, object] = {
        "id": pid,
        "name": f"P{pid}",
        "department_id": dept,
        "hire_date": date(2020, 1, 6),
        "timezone": "America/New_York",
        "work_start": time(9),
        "work_end": time(17),
    }
    return Person(**(values | overrides))  # type: ignore[arg-type]


def days(first: date, count: int) -> frozenset[date]:
    return frozenset(first + timedelta(days=k) for k in range(count))


def tiny(
    engineers: int = 4,
    weeks: int = 4,
    support: int = 2,
    cap: float = 0.5,
    rules: tuple[Rule, ...] = (EVERY_FOUR_WEEKS,),
    needs: tuple[CoverageNeed, ...] | None = None,
    shifts: tuple[Shift, ...] = (MORNING,),
    **overrides: object,
) -> Problem:
    people = [person(100 + i, SUPPORT) for i in range(support)]
    people += [person(200 + i) for i in range(engineers)]
    problem = Problem(
        horizon=Horizon(MONDAY, weeks),
        departments=(
            Department(SUPPORT, "Support", 0.0, True),
            Department(ENG, "Engineering", cap),
            Department(SALES, "Sales", cap),
        ),
        people=tuple(people),
        shifts=shifts,
        needs=needs if needs is not None else (CoverageNeed("phone", MORNING.id, 1, 4),),
        rules=rules,
        settings=Settings(),
    )
    return replace(problem, **overrides)  # type: ignore[arg-type]


def with_people(problem: Problem, *extra: Person) -> Problem:
    return replace(problem, people=problem.people + extra)


def turns_of(plan, person_id: int) -> list[int]:  # type: ignore[no-untyped-def]
    return sorted(t.week for t in plan.turns if t.person_id == person_id)


def printed_under_hash_seeds(code: str) -> set[str]:
    """What a Python snippet prints under three hash seeds: one answer means nothing in it
    depends on the order of a set of names (each solve and job has its own process)."""
    return {
        subprocess.run(
            [sys.executable, "-c", code],
            env=os.environ | {"PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
