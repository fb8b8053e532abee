"""One week of a 53-person support team, as an hourly scheduler would plan it.

    python -m bench.support_week --seed 1 --time-limit 30

The line runs 06:00-03:00 every day in Berlin, in five blocks (the last past midnight), two
channels, fewer people at weekends. The team: full-timers on early, day, late and night
hours, weekend staff (Thursday to Monday), a Sunday-to-Thursday week, part-timers whose
hours differ by weekday, hours people prefer or would rather not work, part-day absences and
a few days of leave. Prints one JSON line: hard violations, avoidable gaps, coverage, and the
people measures (members used, line hours per hour of their working week — the spread
between the most and least loaded — and hours worked against a wish).
"""

import argparse
import json
import random
import statistics
import time
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from zoneinfo import ZoneInfo

from solver import Problem, solve
from solver.check import avoidable_gaps, hard_violations
from solver.model import CoverageNeed, Department, Horizon, Person, Settings, Shift
from solver.timeline import seat_interval, unwanted_minutes

BERLIN = "Europe/Berlin"
MONDAY = date(2027, 3, 8)
SUPPORT = 1
WEEKDAYS, WEEKEND = (0, 1, 2, 3, 4), (5, 6)
BLOCKS = [(6, 10), (10, 14), (14, 18), (18, 22), (22, 3)]
# People per block on a weekday and at the weekend: (phone, chat).
WEEKDAY_NEED = [(2, 1), (4, 3), (4, 3), (3, 2), (1, 1)]
WEEKEND_NEED = [(1, 1), (2, 1), (2, 1), (1, 1), (1, 0)]


def _t(hour: int, minute: int = 0) -> clock_time:
    return clock_time(hour % 24, minute)


def line() -> tuple[tuple[Shift, ...], tuple[CoverageNeed, ...]]:
    shifts, needs = [], []
    for days, need, first in ((WEEKDAYS, WEEKDAY_NEED, 1), (WEEKEND, WEEKEND_NEED, 11)):
        for k, ((start, end), (phone, chat)) in enumerate(zip(BLOCKS, need, strict=True)):
            shift = Shift(first + k, f"{start:02d}-{end:02d}", _t(start), _t(end), days, BERLIN)
            shifts.append(shift)
            needs.append(CoverageNeed("phone", shift.id, phone, phone + 2))
            if chat:
                needs.append(CoverageNeed("chat", shift.id, chat, chat + 2))
    return tuple(shifts), tuple(needs)


def team(rng: random.Random) -> tuple[Person, ...]:
    people: list[Person] = []

    def add(workdays: tuple[int, ...], start: int, end: int, **extra: object) -> None:
        pid = len(people) + 1
        people.append(
            Person(
                id=pid,
                name=f"Agent {pid}",
                department_id=SUPPORT,
                hire_date=date(2024, 1, 1),
                timezone=BERLIN,
                work_start=_t(start),
                work_end=_t(end),
                workdays=frozenset(workdays),
                **extra,  # type: ignore[arg-type]
            )
        )

    for hours in [(6, 14)] * 8 + [(9, 17)] * 10 + [(14, 22)] * 8 + [(19, 3)] * 4:
        add(WEEKDAYS, *hours)
    for hours in [(6, 14), (10, 18), (14, 22), (18, 2), (19, 3), (9, 17), (14, 22), (22, 6)]:
        add((3, 4, 5, 6, 0), *hours)  # weekend staff: Thursday to Monday
    for hours in [(8, 16), (12, 20), (15, 23), (10, 18), (16, 0)]:
        add((6, 0, 1, 2, 3), *hours)  # a Sunday-to-Thursday week
    for _ in range(10):  # part-timers, three or four days, hours by weekday
        days = tuple(sorted(rng.sample(range(7), rng.choice([3, 4]))))
        start = rng.choice([7, 9, 12, 16])
        day_hours = tuple((d, _t(start + 2), _t(start + 7)) for d in days[:1])
        add(days, start, start + 5, day_hours=day_hours)
    for person in rng.sample(range(len(people)), 20):  # would rather not open or close
        avoid = (_t(6), _t(8)) if rng.random() < 0.5 else (_t(22), _t(3))
        days = rng.sample(range(7), 3)
        people[person] = _with(people[person], avoided_hours=tuple((d, *avoid) for d in days))
    for person in rng.sample(range(len(people)), 12):  # prefer their afternoons
        days = rng.sample(range(7), 2)
        preferred = tuple((d, _t(12), _t(18)) for d in days)
        people[person] = _with(people[person], preferred_hours=preferred)
    for person in rng.sample(range(len(people)), 6):  # a doctor's appointment, two hours
        day = MONDAY + timedelta(days=rng.randrange(7))
        start = datetime.combine(day, _t(rng.choice([9, 11, 15])), ZoneInfo(BERLIN))
        away = (start.astimezone(UTC), (start + timedelta(hours=2)).astimezone(UTC))
        people[person] = _with(people[person], hours_off=(away,))
    for person in rng.sample(range(len(people)), 4):  # a day or two of leave
        first = MONDAY + timedelta(days=rng.randrange(6))
        days_off = frozenset(first + timedelta(days=k) for k in range(rng.choice([1, 2])))
        people[person] = _with(people[person], days_off=days_off)
    return tuple(people)


def _with(person: Person, **changes: object) -> Person:
    values = {name: getattr(person, name) for name in person.__dataclass_fields__}
    return Person(**(values | changes))  # type: ignore[arg-type]


def problem(seed: int) -> Problem:
    shifts, needs = line()
    return Problem(
        horizon=Horizon(MONDAY, 1),
        departments=(Department(SUPPORT, "Support", 0.0, True),),
        people=team(random.Random(seed)),
        shifts=shifts,
        needs=needs,
        rules=(),
        settings=Settings(max_shifts_per_day=2, max_days_per_week=5, holidays=frozenset()),
    )


def measures(problem: Problem, plan) -> dict[str, object]:  # type: ignore[no-untyped-def]
    shifts = {s.id: s for s in problem.shifts}
    people = {p.id: p for p in problem.people}
    hours: Counter[int] = Counter()
    unwanted = 0.0
    staffed: Counter[tuple] = Counter()
    for a in plan.assignments:
        start, end = seat_interval(a.day, shifts[a.shift_id])
        hours[a.person_id] += (end - start).total_seconds() / 3600
        person = people[a.person_id]
        unwanted += unwanted_minutes((start, end), BERLIN, person.preferred, person.avoided) / 60
        staffed[(a.day, a.shift_id, a.channel)] += 1
    contract = {p.id: p.week_minutes / 60 for p in problem.people}
    ratio = sorted(hours[p] / contract[p] for p in people)
    needed = met = 0
    for offset in range(7):
        day = MONDAY + timedelta(days=offset)
        for need in problem.needs:
            if day.weekday() in shifts[need.shift_id].weekdays:
                needed += need.min_people
                met += min(need.min_people, staffed[(day, need.shift_id, need.channel)])
    return {
        "people": len(people),
        "people_used": sum(1 for p in people if hours[p]),
        "line_hours": round(sum(hours.values()), 1),
        "seats": len(plan.assignments),
        "seats_needed": needed,
        "coverage_met_pct": round(100 * met / needed, 2),
        "share_of_week_min_median_max": [
            round(ratio[0], 2),
            round(statistics.median(ratio), 2),
            round(ratio[-1], 2),
        ],
        "share_of_week_spread": round(ratio[-1] - ratio[0], 2),
        "share_of_week_stdev": round(statistics.pstdev(ratio), 3),
        "hours_not_preferred": round(unwanted, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    week = problem(args.seed)
    started = time.perf_counter()
    plan = solve(week, time_limit_s=args.time_limit, workers=args.workers, seed=args.seed)
    wall = time.perf_counter() - started
    gaps = defaultdict(int)
    for gap in plan.gaps:
        gaps[gap.kind] += 1
    row = {
        "bench": "support_week",
        "seed": args.seed,
        "wall_s": round(wall, 2),
        "hard_violations": len(hard_violations(week, plan)),
        "avoidable_gaps": len(avoidable_gaps(week, plan)),
        "gaps": dict(gaps),
        "gaps_without_cause": sum(1 for g in plan.gaps if not g.causes),
        **measures(week, plan),
    }
    print(json.dumps(row), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
