"""Stage B: inside one week, who staffs which shift on which channel.

Decision: y[p, day, shift, channel]. Hard: one place at a time, only days the person can
work (no leave, no public holiday, inside local working hours), per-day and per-week limits,
coverage maximums. Elastic: coverage and skill minimums, each rotator's exact number of days,
mentors beside new hires. Soft: channel variety for rotators.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from time import perf_counter

from ortools.sat.python import cp_model

W_COVER = 1_000
W_SKILL = 600
W_MENTOR = 400
W_DAYS = 300
W_SUPPORT_IDLE = 5


@dataclass(frozen=True)
class Worker:
    person_id: int
    days: int  # exact days for rotators; the most days for support staff
    is_support: bool
    needs_mentor: bool
    mentor_channels: frozenset[str]  # channels this person can mentor on
    skills: frozenset[str]
    fits: tuple[tuple[date, int], ...]  # (day, shift) pairs the person can work this week


@dataclass(frozen=True)
class Slot:
    day: date
    shift_id: int
    channel: str
    min_people: int
    max_people: int
    skill: str | None
    skill_min: int


@dataclass(frozen=True)
class WeekTask:
    week: int
    workers: tuple[Worker, ...]
    slots: tuple[Slot, ...]
    overlapping: tuple[tuple[int, int], ...]  # shift id pairs that overlap in time
    max_shifts_per_day: int
    mentees_per_mentor: int
    time_limit_s: float
    seed: int


@dataclass(frozen=True)
class SlotShortfall:
    slot: Slot
    short: int
    skill_short: int
    mentor_short: int


Seat = tuple[int, date, int, str]  # person, day, shift, channel


@dataclass(frozen=True)
class WeekResult:
    week: int
    assignments: tuple[
        tuple[int, date, int, str, int | None], ...
    ]  # person, day, shift, channel, mentor
    shortfalls: tuple[SlotShortfall, ...]
    days_short: tuple[tuple[int, int], ...]  # (person, days missing)
    status: str
    wall_s: float


@dataclass
class _Vars:
    y: dict[tuple[int, date, int, str], cp_model.IntVar] = field(default_factory=dict)
    by_slot: dict[tuple[date, int, str], list[tuple[Worker, cp_model.IntVar]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    by_person_day: dict[tuple[int, date], list[tuple[int, cp_model.IntVar]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    days_short: dict[int, cp_model.IntVar] = field(default_factory=dict)
    slot_short: dict[
        Slot, tuple[cp_model.IntVar, cp_model.IntVar | None, cp_model.IntVar | None]
    ] = field(default_factory=dict)


def solve_week(task: WeekTask) -> WeekResult:
    from solver.seating import greedy_week, shortfalls

    started = perf_counter()
    seats = greedy_week(task)
    found, missing = shortfalls(task, seats)
    seated_days: dict[int, set[date]] = defaultdict(set)
    for person_id, day, _, _ in seats:
        seated_days[person_id].add(day)
    idle = any(len(seated_days[w.person_id]) < w.days for w in task.workers if w.is_support)
    if not found and not missing and not idle:
        # Every term of the objective is zero: the greedy seating is optimal as it stands.
        return WeekResult(
            task.week,
            _with_mentors(task, channel_variety(task, seats)),
            (),
            (),
            "OPTIMAL",
            perf_counter() - started,
        )

    model = cp_model.CpModel()
    v = _Vars()
    slots_by_day_shift: dict[tuple[date, int], list[Slot]] = defaultdict(list)
    for slot in task.slots:
        slots_by_day_shift[(slot.day, slot.shift_id)].append(slot)

    for worker in task.workers:
        for day, shift_id in worker.fits:
            for slot in slots_by_day_shift.get((day, shift_id), []):
                if slot.max_people <= 0:
                    continue
                var = model.new_bool_var(f"y[{worker.person_id},{day},{shift_id},{slot.channel}]")
                v.y[(worker.person_id, day, shift_id, slot.channel)] = var
                v.by_slot[(day, shift_id, slot.channel)].append((worker, var))
                v.by_person_day[(worker.person_id, day)].append((shift_id, var))

    objective: list[tuple[cp_model.LinearExprT, int]] = []
    for rule in (one_place_at_a_time, days_of_each_turn, coverage):
        objective += rule(model, v, task)

    model.minimize(
        cp_model.LinearExpr.weighted_sum([t for t, _ in objective], [w for _, w in objective])
    )
    chosen_hint = set(seats)
    for key, var in v.y.items():
        model.add_hint(var, key in chosen_hint)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = task.seed
    solver.parameters.max_time_in_seconds = task.time_limit_s
    status = solver.solve(model)
    status_name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # No solution in time: the greedy seating stands, with its shortfalls as gaps.
        return WeekResult(
            task.week,
            _with_mentors(task, channel_variety(task, seats)),
            tuple(found),
            tuple(missing),
            "GREEDY",
            solver.wall_time,
        )
    return _read(task, v, solver, status_name)


def one_place_at_a_time(model: cp_model.CpModel, v: _Vars, task: WeekTask) -> list:
    """One channel per shift, no overlapping shifts, at most N shifts a day."""
    by_shift: dict[tuple[int, date, int], list[cp_model.IntVar]] = defaultdict(list)
    for (person_id, day, shift_id, _), var in v.y.items():
        by_shift[(person_id, day, shift_id)].append(var)
    for group in by_shift.values():
        if len(group) > 1:
            model.add_at_most_one(group)
    overlapping = set(task.overlapping)
    for items in v.by_person_day.values():
        if len(items) > task.max_shifts_per_day:
            model.add(sum(var for _, var in items) <= task.max_shifts_per_day)
        for a, b in overlapping:
            pair = [var for s, var in items if s in (a, b)]
            if len(pair) > 1:
                model.add_at_most_one(pair)
    return []


def days_of_each_turn(model: cp_model.CpModel, v: _Vars, task: WeekTask) -> list:
    """Rotators work exactly the days their turn carries; support staff up to their days."""
    terms = []
    for worker in task.workers:
        worked = []
        for day in sorted({d for d, _ in worker.fits}):
            items = [var for _, var in v.by_person_day.get((worker.person_id, day), [])]
            if not items:
                continue
            on = model.new_bool_var(f"works[{worker.person_id},{day}]")
            model.add_max_equality(on, items)
            worked.append(on)
        short = model.new_int_var(0, worker.days, f"days_short[{worker.person_id}]")
        if worker.is_support:
            model.add(sum(worked) <= worker.days)
            model.add(sum(worked) + short >= worker.days)
            terms.append((short, W_SUPPORT_IDLE))
        else:
            model.add(sum(worked) + short == worker.days)
            terms.append((short, W_DAYS))
        v.days_short[worker.person_id] = short
    return terms


def coverage(model: cp_model.CpModel, v: _Vars, task: WeekTask) -> list:
    """Minimum and maximum people per shift and channel, skill minimums, mentors beside mentees."""
    terms = []
    for slot in task.slots:
        staffed = v.by_slot.get((slot.day, slot.shift_id, slot.channel), [])
        total = sum(var for _, var in staffed)
        model.add(total <= slot.max_people)
        short = model.new_int_var(0, slot.min_people, f"short[{slot}]")
        model.add(total + short >= slot.min_people)
        terms.append((short, W_COVER))
        skill_short = None
        if slot.skill and slot.skill_min:
            skilled = sum(var for w, var in staffed if slot.skill in w.skills)
            skill_short = model.new_int_var(0, slot.skill_min, f"skill_short[{slot}]")
            model.add(skilled + skill_short >= slot.skill_min)
            terms.append((skill_short, W_SKILL))
        mentor_short = None
        mentees = [var for w, var in staffed if w.needs_mentor]
        if mentees:
            mentors = [var for w, var in staffed if slot.channel in w.mentor_channels]
            mentor_short = model.new_int_var(0, len(mentees), f"mentor_short[{slot}]")
            model.add(sum(mentees) <= task.mentees_per_mentor * sum(mentors) + mentor_short)
            terms.append((mentor_short, W_MENTOR))
        v.slot_short[slot] = (short, skill_short, mentor_short)
    return terms


def channel_variety(task: WeekTask, chosen: list[tuple[int, date, int, str]]) -> list:
    """Rotators see more than one channel when they can: it is how they learn the line.

    Done after solving, by permuting channels among interchangeable rotators on the same
    shift (no skill the shift asks for, no mentoring role): coverage stays exactly the same,
    and the search stays free of a symmetric objective that would slow it tenfold.
    """
    workers = {w.person_id: w for w in task.workers}
    skills_asked: dict[tuple[date, int], set[str]] = {
        (s.day, s.shift_id): set() for s in task.slots
    }
    for slot in task.slots:
        if slot.skill and slot.skill_min:
            skills_asked[(slot.day, slot.shift_id)].add(slot.skill)

    def plain(person_id: int, day: date, shift_id: int) -> bool:
        w = workers[person_id]
        return (
            not w.is_support
            and not w.needs_mentor
            and not w.mentor_channels
            and not (w.skills & skills_asked.get((day, shift_id), set()))
        )

    seen: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    result = []
    groups: dict[tuple[date, int], list[tuple[int, date, int, str]]] = defaultdict(list)
    for key in chosen:
        groups[(key[1], key[2])].append(key)
    for day, shift_id in sorted(groups):
        movable = [k for k in groups[(day, shift_id)] if plain(k[0], day, shift_id)]
        fixed = [k for k in groups[(day, shift_id)] if not plain(k[0], day, shift_id)]
        channels = sorted(k[3] for k in movable)
        for person_id, *_ in sorted(movable):
            pick = min(channels, key=lambda c: (seen[person_id][c], c))
            channels.remove(pick)
            seen[person_id][pick] += 1
            result.append((person_id, day, shift_id, pick))
        result += fixed
    return result


def _with_mentors(task: WeekTask, chosen: list[Seat]) -> tuple:  # type: ignore[type-arg]
    """Name a mentor for each new hire's shift, at most `mentees_per_mentor` each."""
    workers = {w.person_id: w for w in task.workers}
    mentors_at: dict[tuple[date, int, str], list[int]] = defaultdict(list)
    for person_id, day, shift_id, channel in chosen:
        if channel in workers[person_id].mentor_channels:
            mentors_at[(day, shift_id, channel)].append(person_id)
    load: dict[tuple[int, date, int], int] = defaultdict(int)  # mentees per mentor and shift
    assignments = []
    for person_id, day, shift_id, channel in sorted(chosen, key=lambda k: (k[1], k[2], k[3], k[0])):
        mentor = None
        if workers[person_id].needs_mentor:
            candidates = [
                m
                for m in mentors_at[(day, shift_id, channel)]
                if load[(m, day, shift_id)] < task.mentees_per_mentor
            ]
            if candidates:
                mentor = min(candidates, key=lambda m: (load[(m, day, shift_id)], m))
                load[(mentor, day, shift_id)] += 1
        assignments.append((person_id, day, shift_id, channel, mentor))
    return tuple(assignments)


def _read(task: WeekTask, v: _Vars, solver: cp_model.CpSolver, status: str) -> WeekResult:
    chosen = channel_variety(task, [key for key, var in v.y.items() if solver.boolean_value(var)])
    shortfalls = []
    for slot, (short, skill_short, mentor_short) in v.slot_short.items():
        values = (
            solver.value(short),
            solver.value(skill_short) if skill_short is not None else 0,
            solver.value(mentor_short) if mentor_short is not None else 0,
        )
        if any(values):
            shortfalls.append(SlotShortfall(slot, *values))
    days_short = []
    for worker in task.workers:
        missing = solver.value(v.days_short[worker.person_id])
        if missing and not worker.is_support:
            days_short.append((worker.person_id, missing))
    return WeekResult(
        task.week,
        _with_mentors(task, chosen),
        tuple(shortfalls),
        tuple(days_short),
        status,
        solver.wall_time,
    )
