"""A week's diagnosis fingerprint: what the causes of its seat gaps are read from.

The causes of a seat left short count everyone who could in principle have sat there, by the
first reason they could not (diagnose.py), so they read the whole company, not only the
week's staffers that its seating fingerprint (stage_b/fingerprint.py) covers: someone off the
line who takes leave that week changes a cause without changing a seat. A week's diagnosis
fingerprint hashes the company's part (each person's name, hours, weekdays, skills,
mentoring, dates of hire, exemption and leaving, public holidays and the weeks they are due
to rotate; departments; shifts, needs, settings) with the week's own: everyone's leave and
part-day absences near it, and the seating fingerprints of the week and of the weeks either
side (a seat's own date can fall a day into the next week, and a person's shifts that day
count against their limit).

A re-plan whose week has the fingerprint it had in the plan it re-plans keeps that week's
seat gaps as they were instead of diagnosing them again (solve.py); the gaps are the same as
a new diagnosis would find, which the tests hold against one.
"""

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from solver.model import Person, Problem
from solver.obligations import Obligation

NEAR = timedelta(days=1)  # a seat's own date may lie a day either side of its line week


def company_digest(problem: Problem, obligations: Iterable[Obligation]) -> str:
    """What every week's diagnosis reads from the company as a whole, hashed; sorted all
    through, so that it is the same in every process whatever its hash seed."""
    holidays: dict[int, list[date]] = {}  # people of one calendar share one set
    people = []
    for p in sorted(problem.people, key=lambda p: p.id):
        if id(p.holidays) not in holidays:
            holidays[id(p.holidays)] = sorted(p.holidays)
        people.append(_person(p, holidays[id(p.holidays)]))
    due = sorted((ob.person_id, ob.earliest, ob.latest, ob.turn_weeks) for ob in obligations)
    shifts = sorted(
        (s.id, s.name, s.start, s.end, s.weekdays, s.timezone, _sorted(s.holidays))
        for s in problem.shifts
    )
    needs = sorted(repr(n) for n in problem.needs)  # a skill is a name or None
    settings = problem.settings
    text = repr(
        (
            people,
            due,
            sorted(repr(d) for d in problem.departments),
            shifts,
            needs,
            (settings.mentees_per_mentor, settings.max_days_per_week),
            (settings.max_shifts_per_day, sorted(settings.holidays)),
        )
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _person(p: Person, holidays: list[date]) -> tuple:
    return (
        p.id,
        p.name,
        p.department_id,
        p.hire_date,
        p.timezone,
        p.windows,
        sorted(p.workdays),
        sorted(p.skills),
        sorted(p.experienced_channels),
        p.mentor,
        p.exempt_until,
        p.last_day,
        holidays,
    )


def _sorted(days: frozenset[date] | None) -> list[date] | None:
    return None if days is None else sorted(days)


def week_marks(
    problem: Problem, company: str, seat_marks: Iterable[tuple[date, str]]
) -> tuple[tuple[date, str], ...]:
    """Each week's diagnosis fingerprint, by its Monday."""
    horizon = problem.horizon
    seats = dict(seat_marks)
    absent: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    near: dict[date, tuple[set[int], str]] = {}  # a few hundred dates, 100,000 days off
    for p in problem.people:
        for day in p.days_off:
            found = near.get(day)
            if found is None:
                found = near[day] = (_weeks_near(problem, day), day.isoformat())
            for week in found[0]:
                absent[week].append((p.id, found[1], ""))
        for start, end in p.hours_off:
            for week in _weeks_near(problem, start.date()):
                absent[week].append((p.id, start.isoformat(), end.isoformat()))
    marks = []
    for week in range(horizon.weeks):
        monday = horizon.week_start(week)
        around = [seats.get(monday + timedelta(weeks=k), "") for k in (-1, 0, 1)]
        text = repr((company, sorted(absent[week]), around))
        marks.append((monday, hashlib.sha256(text.encode()).hexdigest()))
    return tuple(marks)


def unchanged_weeks(problem: Problem, marks: Iterable[tuple[date, str]]) -> frozenset[int]:
    """The weeks whose diagnosis fingerprint is the one the previous plan stored for them."""
    before = dict(problem.gap_fingerprints)
    horizon = problem.horizon
    return frozenset(
        horizon.week_of(monday) for monday, mark in marks if before.get(monday) == mark
    )


def _weeks_near(problem: Problem, day: date) -> set[int]:
    week_of = problem.horizon.week_of
    return {week_of(day - NEAR), week_of(day), week_of(day + NEAR)}
