"""The one checker of hard rules. The solver's self-check, the benchmark, and the service's
manual moves, swaps and re-plans all ask it, so each rule is written once.

It judges a plan from the problem's definitions and the time model (solver/timeline.py), not
from the solver's own bookkeeping, so tests and benchmarks hold the solver and the baseline to
the same yardstick.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from solver.model import Person, Plan, Problem, Shift, department_cap, mentee_weeks
from solver.timeline import (
    mostly_away,
    overlaps,
    seat_interval,
    seat_local_date,
    seat_refusal,
    unwanted_minutes,
)

Place = tuple[date, int]

REFUSALS = {
    "hours": ("outside their working hours", "shift_template_id"),
    "not_hired": ("before they start", "day"),
    "exempt": ("while they are exempt", "day"),
    "weekend": ("on their weekend", "day"),
    "holiday": ("on a public holiday of theirs", "day"),
    "leave": ("on a day off", "day"),
    "left": ("after their last day here", "day"),
    "hours_off": ("during hours they are away", "day"),
}


@dataclass(frozen=True)
class Violation:
    rule: str
    message: str
    field: str  # the input a person would change to fix it


def line_runs(problem: Problem, day: date, shift: Shift) -> bool:
    return problem.shift_runs(shift, day)


def seat_violations(
    problem: Problem,
    person: Person,
    day: date,
    shift: Shift,
    channel: str,
    others: Iterable[Place],
    staffed: int,
) -> list[Violation]:
    """Every hard rule a seat breaks for this person, given their other seats (`others`) and
    the people already in the slot (`staffed`, not counting this person)."""
    found = []
    who = person.name
    if not line_runs(problem, day, shift):
        found.append(
            Violation(
                "not_running",
                f"{shift.name} does not run on {day} (weekday or public holiday of its calendar).",
                "day",
            )
        )
    refusal = seat_refusal(person, day, shift)
    if refusal is not None:
        text, field = REFUSALS[refusal]
        found.append(Violation(refusal, f"{who}: {shift.name} on {day} is {text}.", field))
    need = next((n for n in problem.needs if n.shift_id == shift.id and n.channel == channel), None)
    if need is None:
        found.append(
            Violation("no_need", f"No coverage need for {channel} on {shift.name}.", "channel")
        )
    elif staffed + 1 > need.max_people:
        found.append(
            Violation(
                "coverage_max",
                f"Coverage maximum: {channel} on {shift.name} on {day} would have "
                f"{staffed + 1}, above {need.max_people}.",
                "channel",
            )
        )
    shifts = {s.id: s for s in problem.shifts}
    mine = seat_interval(day, shift)
    local = seat_local_date(person, day, shift)
    same_day = 0
    for other_day, other_shift in others:
        other = shifts[other_shift]
        if overlaps(mine, seat_interval(other_day, other)):
            found.append(
                Violation(
                    "overlap",
                    f"One place at a time: {who} already works {other.name} on {other_day}, "
                    "which overlaps this shift.",
                    "shift_template_id",
                )
            )
        if local is not None and seat_local_date(person, other_day, other) == local:
            same_day += 1
    if same_day + 1 > problem.settings.max_shifts_per_day:
        found.append(
            Violation(
                "day_limit",
                f"One place at a time: {who} already works "
                f"{problem.settings.max_shifts_per_day} shift(s) on {local}.",
                "day",
            )
        )
    return found


def hard_violations(problem: Problem, plan: Plan) -> list[str]:
    people = {p.id: p for p in problem.people}
    shifts = {s.id: s for s in problem.shifts}
    support_depts = problem.support_ids
    settings = problem.settings
    found: list[str] = []
    turns: dict[tuple[int, int], int] = {}
    for turn in plan.turns:
        turn_key = (turn.person_id, turn.week)
        if turn_key in turns:
            found.append(f"person {turn.person_id} has two turns in week {turn.week}")
        turns[turn_key] = turn.days
        person = people.get(turn.person_id)
        if person and mostly_away(person, problem.horizon.week_start(turn.week)):
            found.append(f"person {turn.person_id} rotates in week {turn.week} while mostly away")
    pinned = {(p.person_id, p.week) for p in problem.pins if p.on_line}
    for person_id, week in turns:
        if week < problem.frozen_weeks and (person_id, week) not in pinned:
            found.append(f"person {person_id} added to frozen week {week}")
    for pin in problem.pins:
        if not pin.on_line and (pin.person_id, pin.week) in turns:
            found.append(f"person {pin.person_id} rotates in week {pin.week}, pinned off")

    seen: dict[int, list[Place]] = defaultdict(list)
    per_slot: Counter[tuple[date, int, str]] = Counter()
    mentees = mentee_weeks(plan.turns)
    days_in_week: dict[tuple[int, int], set[date]] = defaultdict(set)
    for a in sorted(plan.assignments, key=lambda a: (a.day, a.shift_id, a.channel, a.person_id)):
        person, shift = people.get(a.person_id), shifts.get(a.shift_id)
        where = f"person {a.person_id} on {a.day} shift {a.shift_id} {a.channel}"
        if person is None or shift is None:
            found.append(f"{where}: unknown person or shift")
            continue
        key = (a.day, a.shift_id, a.channel)
        # Each seat is judged against the person's seats seen before it, so a pair that
        # breaks a rule is reported once.
        earlier = seen[a.person_id]
        if (a.day, a.shift_id) in earlier:
            found.append(f"person {a.person_id} is in two places on {a.day} shift {a.shift_id}")
        week = problem.horizon.week_of(a.day)
        on_top = (a.person_id, week) in mentees  # a new hire beside a mentor: not counted
        for v in seat_violations(problem, person, a.day, shift, a.channel, earlier, per_slot[key]):
            if not (on_top and v.rule == "coverage_max"):
                found.append(f"{where}: {v.rule}: {v.message}")
        earlier.append((a.day, a.shift_id))
        per_slot[key] += not on_top
        local = seat_local_date(person, a.day, shift) or a.day
        days_in_week[(a.person_id, week)].add(local)
        if person.department_id not in support_depts and (a.person_id, week) not in turns:
            found.append(f"{where}: on the line outside any turn")

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


def avoidable_gaps(problem: Problem, plan: Plan) -> list[tuple[date, int, str]]:
    """Slots below their minimum that someone already on the line that week could fill without
    breaking a hard rule: added on a day they work anyway (or that their turn or weekly limit
    still allows), or moved from a seat whose slot has people to spare."""
    people = {p.id: p for p in problem.people}
    shifts = {s.id: s for s in problem.shifts}
    support = {p.id for p in problem.people if _is_support(problem, p)}
    turns = {(t.person_id, t.week): t.days for t in plan.turns}
    mentees = mentee_weeks(plan.turns)  # on top of coverage: they fill no slot
    staffed: Counter[tuple[date, int, str]] = Counter()
    seats_of: dict[tuple[int, int], list[tuple[date, int, str]]] = defaultdict(list)
    for a in plan.assignments:
        if (a.person_id, problem.horizon.week_of(a.day)) not in mentees:
            staffed[(a.day, a.shift_id, a.channel)] += 1
        seats_of[(a.person_id, problem.horizon.week_of(a.day))].append(
            (a.day, a.shift_id, a.channel)
        )
    minimum = {(n.shift_id, n.channel): n.min_people for n in problem.needs}
    found = []
    for offset in range(problem.horizon.weeks * 7):
        day = problem.horizon.start + timedelta(days=offset)
        week = problem.horizon.week_of(day)
        on_line = sorted(support | {p for p, w in turns if w == week and (p, w) not in mentees})
        for need in problem.needs:
            shift = shifts[need.shift_id]
            key = (day, shift.id, need.channel)
            if not line_runs(problem, day, shift) or staffed[key] >= need.min_people:
                continue
            for person_id in on_line:
                person = people[person_id]
                if seat_refusal(person, day, shift) is not None:
                    continue
                limit = (
                    problem.settings.max_days_per_week
                    if person_id in support
                    else turns[(person_id, week)]
                )
                # Seats of the weeks around this one are the only ones that can clash with it.
                mine = [
                    s for w in (week - 1, week, week + 1) for s in seats_of.get((person_id, w), [])
                ]
                spare = [s for s in mine if staffed[s] > minimum.get((s[1], s[2]), 0)]
                if any(
                    _could_take(problem, person, key, mine, leaving, staffed[key], limit, shifts)
                    for leaving in [None, *spare]
                ):
                    found.append(key)
                    break
    return found


def _could_take(
    problem: Problem,
    person: Person,
    key: tuple[date, int, str],
    mine: list[tuple[date, int, str]],
    leaving: tuple[date, int, str] | None,
    staffed: int,
    days_limit: int,
    shifts: dict[int, Shift],
) -> bool:
    """The person could sit in this slot, leaving one of their seats (or none)."""
    day, shift_id, channel = key
    rest = [s for s in mine if s != leaving]
    places = [(d, s) for d, s, _ in rest]
    if (day, shift_id) in places:
        return False
    if seat_violations(problem, person, day, shifts[shift_id], channel, places, staffed):
        return False
    week = problem.horizon.week_of(day)
    dates = {
        seat_local_date(person, d, shifts[s])
        for d, s, _ in rest
        if problem.horizon.week_of(d) == week
    }
    return seat_local_date(person, day, shifts[shift_id]) in dates or len(dates) < days_limit


def _is_support(problem: Problem, person: Person) -> bool:
    return person.department_id in problem.support_ids


def metrics(problem: Problem, plan: Plan) -> dict[str, float]:
    """Coverage met, department cap breaches and the weekly spread of rotators."""
    shifts = {s.id: s for s in problem.shifts}
    mentees = mentee_weeks(plan.turns)  # on top of coverage
    staffed: Counter[tuple[date, int, str]] = Counter(
        (a.day, a.shift_id, a.channel)
        for a in plan.assignments
        if (a.person_id, problem.horizon.week_of(a.day)) not in mentees
    )
    needed = met = 0
    for offset in range(problem.horizon.weeks * 7):
        day = problem.horizon.start + timedelta(days=offset)
        for need in problem.needs:
            if line_runs(problem, day, shifts[need.shift_id]):
                needed += need.min_people
                met += min(need.min_people, staffed[(day, need.shift_id, need.channel)])
    members = Counter(p.department_id for p in problem.people)
    dept_of = {p.id: p.department_id for p in problem.people}
    away: Counter[tuple[int, int]] = Counter((dept_of[t.person_id], t.week) for t in plan.turns)
    breaches = 0
    for dept in problem.departments:
        if dept.is_support:
            continue
        cap = department_cap(dept.max_away_fraction, members[dept.id])
        breaches += sum(max(0, away[(dept.id, w)] - cap) for w in range(problem.horizon.weeks))
    per_week = Counter(t.week for t in plan.turns)
    loads = [per_week[w] for w in range(problem.horizon.weeks)]
    return {
        "coverage_met_pct": round(100.0 * met / needed, 2) if needed else 100.0,
        "cap_breaches": breaches,
        "week_spread": (max(loads) - min(loads)) if loads else 0,
        "hours_not_preferred": round(unwanted_hours(problem, plan), 1),
        **support_load(problem, plan),
    }


FULL_WEEK_MINUTES = 40 * 60


def support_load(problem: Problem, plan: Plan) -> dict[str, float]:
    """How the support team's hours on the line fall: members used, and the widest spread
    between the most and the least loaded of members who could take each other's seats (the
    same zone, hours and skills), in hours of a 40-hour week (part-timers pro rata)."""
    shifts = {s.id: s for s in problem.shifts}
    team = [p for p in problem.people if _is_support(problem, p) and p.week_minutes]
    hours = {p.id: 0.0 for p in team}
    for a in plan.assignments:
        if a.person_id in hours:
            start, end = seat_interval(a.day, shifts[a.shift_id])
            hours[a.person_id] += (end - start).total_seconds() / 3600
    alike: dict[tuple, list[float]] = defaultdict(list)
    for p in team:
        alike[(p.hours_key, p.skills)].append(hours[p.id] * FULL_WEEK_MINUTES / p.week_minutes)
    return {
        "support_people_used": sum(1 for h in hours.values() if h),
        "support_hours_spread": round(max((max(g) - min(g) for g in alike.values()), default=0), 1),
    }


def unwanted_hours(problem: Problem, plan: Plan) -> float:
    """Hours of seats their people would rather not work (their hour preferences)."""
    people = {p.id: p for p in problem.people}
    shifts = {s.id: s for s in problem.shifts}
    minutes = 0
    for a in plan.assignments:
        person = people.get(a.person_id)
        if person is not None and (person.preferred_hours or person.avoided_hours):
            interval = seat_interval(a.day, shifts[a.shift_id])
            minutes += unwanted_minutes(interval, person.timezone, person.preferred, person.avoided)
    return minutes / 60
