"""An independent check of a plan against the problem: hard-rule violations and quality figures.

Written from the problem's definitions alone (it does not reuse the solver's calendar code),
so that tests and benchmarks judge the solver and the baseline by the same yardstick.
"""

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from solver.model import Plan, Problem


def _line_days(problem: Problem) -> dict[date, set[int]]:
    days: dict[date, set[int]] = {}
    for offset in range(problem.horizon.weeks * 7):
        day = problem.horizon.start + timedelta(days=offset)
        if day in problem.settings.holidays:
            continue
        running = {s.id for s in problem.shifts if day.weekday() in s.weekdays}
        if running:
            days[day] = running
    return days


def _inside_hours(problem: Problem, person_id: int, day: date, shift_id: int) -> bool:
    person = next(p for p in problem.people if p.id == person_id)
    shift = next(s for s in problem.shifts if s.id == shift_id)
    line, local = ZoneInfo(shift.timezone), ZoneInfo(person.timezone)
    start = datetime.combine(day, shift.start, tzinfo=line).astimezone(local)
    end = datetime.combine(day, shift.end, tzinfo=line).astimezone(local)
    return (
        start.date() == end.date()
        and start.time() >= person.work_start
        and end.time() <= person.work_end
    )


def hard_violations(problem: Problem, plan: Plan) -> list[str]:
    people = {p.id: p for p in problem.people}
    shifts = {s.id: s for s in problem.shifts}
    support_depts = {d.id for d in problem.departments if d.is_support}
    line_days = _line_days(problem)
    needs = {(n.shift_id, n.channel): n for n in problem.needs}
    settings = problem.settings
    found: list[str] = []
    turns: dict[tuple[int, int], int] = {}
    for turn in plan.turns:
        key = (turn.person_id, turn.week)
        if key in turns:
            found.append(f"person {turn.person_id} has two turns in week {turn.week}")
        turns[key] = turn.days
        person = people[turn.person_id]
        week_days = [d for d in line_days if problem.horizon.week_of(d) == turn.week]
        off = sum(1 for d in week_days if d in person.days_off)
        if week_days and off * 2 > len(week_days):
            found.append(f"person {turn.person_id} rotates in week {turn.week} while mostly away")
    pinned = {(p.person_id, p.week) for p in problem.pins if p.on_line}
    for person_id, week in turns:
        if week < problem.frozen_weeks and (person_id, week) not in pinned:
            found.append(f"person {person_id} added to frozen week {week}")
    for pin in problem.pins:
        if not pin.on_line and (pin.person_id, pin.week) in turns:
            found.append(f"person {pin.person_id} rotates in week {pin.week}, pinned off")

    per_day: dict[tuple[int, date], list[int]] = defaultdict(list)
    per_slot: Counter[tuple[date, int, str]] = Counter()
    days_in_week: dict[tuple[int, int], set[date]] = defaultdict(set)
    fit_cache: dict[tuple[int, date, int], bool] = {}
    for a in plan.assignments:
        maybe = people.get(a.person_id)
        where = f"person {a.person_id} on {a.day} shift {a.shift_id} {a.channel}"
        if maybe is None or a.shift_id not in shifts:
            found.append(f"{where}: unknown person or shift")
            continue
        person = maybe
        if a.shift_id not in line_days.get(a.day, set()):
            found.append(f"{where}: the shift does not run that day (or it is a public holiday)")
        if a.day in person.days_off:
            found.append(f"{where}: on a day off")
        if a.day < person.hire_date or (person.exempt_until and a.day <= person.exempt_until):
            found.append(f"{where}: before hire or while exempt")
        if (a.shift_id, a.channel) not in needs:
            found.append(f"{where}: no coverage need for that channel and shift")
        fit = (a.person_id, a.day, a.shift_id)
        if fit not in fit_cache:
            fit_cache[fit] = _inside_hours(problem, *fit)
        if not fit_cache[fit]:
            found.append(f"{where}: outside their working hours")
        per_day[(a.person_id, a.day)].append(a.shift_id)
        per_slot[(a.day, a.shift_id, a.channel)] += 1
        week = problem.horizon.week_of(a.day)
        days_in_week[(a.person_id, week)].add(a.day)
        if person.department_id not in support_depts and (a.person_id, week) not in turns:
            found.append(f"{where}: on the line outside any turn")

    for (person_id, day), worked in per_day.items():
        if len(worked) > settings.max_shifts_per_day:
            found.append(f"person {person_id} works {len(worked)} shifts on {day}")
        if len(worked) != len(set(worked)):
            found.append(f"person {person_id} is in two places on {day}")
    for (day, shift_id, channel), count in per_slot.items():
        need = needs.get((shift_id, channel))
        if need and count > need.max_people:
            found.append(
                f"{day} shift {shift_id} {channel}: {count} staffed, above {need.max_people}"
            )
    short_days = {(g.person_id, g.week) for g in plan.gaps if g.kind == "days"}
    for (person_id, week), days in days_in_week.items():
        if len(days) > settings.max_days_per_week:
            found.append(f"person {person_id} works {len(days)} days in week {week}")
        carried = turns.get((person_id, week))
        if carried is not None and len(days) != carried and (person_id, week) not in short_days:
            found.append(
                f"person {person_id} works {len(days)} days in week {week}, turn carries {carried}"
            )
    return found


def metrics(problem: Problem, plan: Plan) -> dict[str, float]:
    """Coverage met, department cap breaches and the weekly spread of rotators."""
    line_days = _line_days(problem)
    staffed: Counter[tuple[date, int, str]] = Counter(
        (a.day, a.shift_id, a.channel) for a in plan.assignments
    )
    needed = met = 0
    for day, running in line_days.items():
        for need in problem.needs:
            if need.shift_id in running:
                needed += need.min_people
                met += min(need.min_people, staffed[(day, need.shift_id, need.channel)])
    members = Counter(p.department_id for p in problem.people)
    dept_of = {p.id: p.department_id for p in problem.people}
    away: Counter[tuple[int, int]] = Counter((dept_of[t.person_id], t.week) for t in plan.turns)
    breaches = 0
    for dept in problem.departments:
        if dept.is_support:
            continue
        cap = max(1, int(dept.max_away_fraction * members[dept.id] + 1e-9))
        breaches += sum(max(0, away[(dept.id, w)] - cap) for w in range(problem.horizon.weeks))
    per_week = Counter(t.week for t in plan.turns)
    loads = [per_week[w] for w in range(problem.horizon.weeks)]
    return {
        "coverage_met_pct": round(100.0 * met / needed, 2) if needed else 100.0,
        "cap_breaches": breaches,
        "week_spread": (max(loads) - min(loads)) if loads else 0,
    }
