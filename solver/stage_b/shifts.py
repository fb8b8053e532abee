"""Stage B: inside one week, who staffs which shift on which channel.

Decision: y[p, day, shift, channel]. Hard: one place at a time (no two seats whose real UTC
intervals overlap), only seats the person may sit (inside their local hours, on their own
working dates, no leave, no public holiday of theirs or the line's), per-day and per-week
limits on their own dates, coverage maximums. Elastic: coverage and skill minimums, each
rotator's exact number of days, mentors beside new hires. Soft: a re-plan keeps seats.

Every week runs the same steps: previous seats back where they fit; the greedy fills the
rest; CP-SAT (hinted with the greedy, on a deterministic time budget) when the greedy leaves
any objective term above zero; the repair pass; channel variety; mentors named.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from time import perf_counter, time

from ortools.sat.python import cp_model

from solver.penalty import Penalty
from solver.stage_b.fingerprint import fingerprint, inputs_digest
from solver.stage_b.floor import floor as week_floor
from solver.stage_b.repair import repair
from solver.stage_b.seating import Seating, greedy_fill, seat_previous
from solver.stage_b.variety import channel_variety, with_mentors
from solver.stage_b.week_task import (
    W_CHANGE,
    W_COVER,
    W_DAYS,
    W_MENTOR,
    W_SKILL,
    W_SPARE,
    W_SUPPORT_HOUR,
    W_UNWANTED,
    Place,
    Seat,
    Staffer,
    WeekResult,
    WeekTask,
)

MIN_SEARCH_S = 0.02
UNCHANGED = "UNCHANGED"  # a week kept as it is: its fingerprint still matched


@dataclass
class _Vars:
    y: dict[Seat, cp_model.IntVar] = field(default_factory=dict)
    by_slot: dict[tuple[date, int, str], list[tuple[Staffer, cp_model.IntVar]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    by_person_place: dict[tuple[int, Place], list[cp_model.IntVar]] = field(
        default_factory=lambda: defaultdict(list)
    )
    by_person_date: dict[tuple[int, date], list[cp_model.IntVar]] = field(
        default_factory=lambda: defaultdict(list)
    )


def keep_week(task: WeekTask) -> WeekResult | None:
    """A re-planned week whose previous seats all still fit keeps them: as they are when its
    fingerprint still matches, else newcomers take open places, then the repair pass; no
    search. None when the week must be solved again."""
    started = perf_counter()
    inputs = inputs_digest(task)
    if task.kept_fingerprint and fingerprint(inputs, task.previous) == task.kept_fingerprint:
        # Planned from these very inputs: the seats stand as they are, nothing to seat.
        return WeekResult(task.week, task.previous, UNCHANGED, perf_counter() - started, inputs)
    seating = Seating(task)
    if not seat_previous(seating):
        return None
    before = {seat[0] for seat in task.previous}
    greedy_fill(seating, only={s.person_id for s in task.staffers} - before)
    return _finish(task, seating, "KEPT", started, inputs)


def solve_week(task: WeekTask) -> WeekResult:
    kept = keep_week(task)
    return kept if kept is not None else seat_week(task)


def seat_week(task: WeekTask) -> WeekResult:
    """Seat the week anew (a week keep_week could not keep): previous seats where they fit,
    the greedy, CP-SAT when the greedy is above the floor, the repair pass."""
    started = perf_counter()
    seating = Seating(task)
    seat_previous(seating)
    greedy_fill(seating)
    floor = week_floor(task)
    status = "OPTIMAL" if seating.objective() == floor else "GREEDY"
    if status == "GREEDY":
        better = _search(task, seating, floor)
        if better is not None:
            seating, status = better
    return _finish(task, seating, status, started)


def _finish(
    task: WeekTask, seating: Seating, status: str, started: float, inputs: str = ""
) -> WeekResult:
    repair(seating)
    seats = channel_variety(task, seating.seats())
    return WeekResult(
        task.week,
        with_mentors(task, seats),
        status,
        perf_counter() - started,
        inputs or inputs_digest(task),
    )


class _StopAtFloor(cp_model.CpSolverSolutionCallback):
    """Ends the search once a seating costs no more than the floor: nothing can beat it."""

    def __init__(self, floor: int) -> None:
        super().__init__()
        self.floor = floor

    def on_solution_callback(self) -> None:
        if self.objective_value <= self.floor:
            self.stop_search()


def _search(task: WeekTask, hint: Seating, floor: int) -> tuple[Seating, str] | None:
    """CP-SAT from the greedy seating; its answer when strictly better, else None."""
    if task.deadline - time() < MIN_SEARCH_S:
        return None  # the solve's time is up: the greedy seating stands, no model is built
    model = cp_model.CpModel()
    v = _Vars()
    for staffer in task.staffers:
        for day, shift_id, local in staffer.seats:
            for slot in hint.by_place.get((day, shift_id), []):
                key = (staffer.person_id, day, shift_id, slot.channel)
                var = model.new_bool_var(f"y[{staffer.person_id},{day},{shift_id},{slot.channel}]")
                v.y[key] = var
                v.by_slot[(day, shift_id, slot.channel)].append((staffer, var))
                v.by_person_place[(staffer.person_id, (day, shift_id))].append(var)
                v.by_person_date[(staffer.person_id, local)].append(var)
    penalties: list[Penalty] = []
    rules = (
        one_place_at_a_time,
        days_of_each_turn,
        coverage,
        support_hours,
        stability,
        hour_preferences,
    )
    for rule in rules:
        penalties += rule(model, v, task)
    model.minimize(sum(p.weight * p.var for p in penalties))
    chosen = set(hint.seats())
    for key, var in v.y.items():
        model.add_hint(var, key in chosen)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = task.seed
    # A deterministic budget gives the same plan for the same input and seed; the wall-clock
    # limit only guards against a machine much slower than the deterministic clock assumes.
    left = task.deadline - time()
    if left < MIN_SEARCH_S:
        return None
    solver.parameters.max_deterministic_time = task.time_limit_s
    solver.parameters.max_time_in_seconds = min(task.time_limit_s * 2, left)
    status = solver.solve(model, _StopAtFloor(floor))
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    if solver.objective_value >= hint.objective():
        return None
    seating = Seating(task)
    for person_id, day, shift_id, channel in sorted(
        k for k, var in v.y.items() if solver.value(var)
    ):
        seating.add(person_id, seating.slots[(day, shift_id, channel)])
    return seating, solver.status_name(status)


def one_place_at_a_time(model: cp_model.CpModel, v: _Vars, task: WeekTask) -> list[Penalty]:
    """One channel per shift, no two seats that overlap in time, at most N shifts a day."""
    for group in v.by_person_place.values():
        if len(group) > 1:
            model.add_at_most_one(group)
    people = sorted({person_id for person_id, _ in v.by_person_place})
    for a, b in task.clashes:
        for person_id in people:
            at_a = v.by_person_place.get((person_id, a))
            at_b = v.by_person_place.get((person_id, b))
            if at_a and at_b:
                model.add_at_most_one(at_a + at_b)
    for items in v.by_person_date.values():
        if len(items) > task.max_shifts_per_day:
            model.add(sum(items) <= task.max_shifts_per_day)
    return []


def days_of_each_turn(model: cp_model.CpModel, v: _Vars, task: WeekTask) -> list[Penalty]:
    """Rotators work exactly the days their turn carries, counted on their own dates; support
    staff at most their days (support_hours prices what they sit)."""
    penalties = []
    for staffer in task.staffers:
        worked = []
        for local in sorted({local for _, _, local in staffer.seats}):
            items = v.by_person_date.get((staffer.person_id, local), [])
            if not items:
                continue
            on = model.new_bool_var(f"works[{staffer.person_id},{local}]")
            model.add_max_equality(on, items)
            worked.append(on)
        if staffer.is_support:
            model.add(sum(worked) <= staffer.days)
            continue
        short = model.new_int_var(0, staffer.days, f"days_short[{staffer.person_id}]")
        model.add(sum(worked) + short == staffer.days)
        penalties.append(
            Penalty(
                short,
                W_DAYS,
                "days",
                "turn days not placed",
                week=task.week,
                person_id=staffer.person_id,
            )
        )
    return penalties


def coverage(model: cp_model.CpModel, v: _Vars, task: WeekTask) -> list[Penalty]:
    """Minimum and maximum people per shift and channel, skill minimums, mentors beside mentees."""
    penalties = []
    for slot in task.slots:
        seated = v.by_slot.get((slot.day, slot.shift_id, slot.channel), [])
        staffed = [(s, var) for s, var in seated if not s.needs_mentor]  # mentees on top
        total = sum(var for _, var in staffed)
        model.add(total <= slot.max_people)
        short = model.new_int_var(0, slot.min_people, f"short[{slot}]")
        model.add(total + short >= slot.min_people)
        penalties.append(Penalty(short, W_COVER, "coverage", "people short", week=task.week))
        if slot.fill_to_max and slot.max_people > slot.min_people:
            spare = model.new_int_var(0, slot.max_people, f"spare[{slot}]")
            model.add(total + short + spare >= slot.max_people)  # spare above the minimum
            penalties.append(
                Penalty(spare, W_SPARE * slot.half_hours, "spare", "seat left spare", task.week)
            )
        if slot.skill and slot.skill_min:
            skilled = sum(var for s, var in staffed if slot.skill in s.skills)
            skill_short = model.new_int_var(0, slot.skill_min, f"skill_short[{slot}]")
            model.add(skilled + skill_short >= slot.skill_min)
            penalties.append(
                Penalty(skill_short, W_SKILL, "skill", "skill short", task.week, skill=slot.skill)
            )
        mentees = [var for s, var in seated if s.needs_mentor]
        if mentees:
            mentors = [var for s, var in staffed if slot.channel in s.mentor_channels]
            mentor_short = model.new_int_var(0, len(mentees), f"mentor_short[{slot}]")
            model.add(sum(mentees) <= task.mentees_per_mentor * sum(mentors) + mentor_short)
            penalties.append(Penalty(mentor_short, W_MENTOR, "mentor", "no mentor", task.week))
    return penalties


def support_hours(model: cp_model.CpModel, v: _Vars, task: WeekTask) -> list[Penalty]:
    """Each half hour a support person sits costs a little, and more above their share of the
    week: the team sits where the line needs it, spread over its members."""
    half_hours = {slot.place: slot.half_hours for slot in task.slots}
    penalties = []
    for staffer in task.staffers:
        if not staffer.is_support:
            continue
        sat, most = [], 0
        for day, shift_id, _ in staffer.seats:
            length = half_hours.get((day, shift_id), 0)
            most += length
            for var in v.by_person_place.get((staffer.person_id, (day, shift_id)), []):
                sat.append(length * var)
                penalties.append(
                    Penalty(var, W_SUPPORT_HOUR * length, "support", "support hours", task.week)
                )
        if not sat:
            continue
        over = model.new_int_var(0, most, f"over_share[{staffer.person_id}]")
        model.add(over >= sum(sat) - staffer.share)
        penalties.append(
            Penalty(
                over,
                staffer.over_weight,
                "support",
                "hours above their share",
                task.week,
                person_id=staffer.person_id,
            )
        )
    return penalties


def stability(model: cp_model.CpModel, v: _Vars, task: WeekTask) -> list[Penalty]:
    """A re-plan pays for every previous seat it gives up."""
    penalties = []
    for person_id, day, shift_id, channel, _ in task.previous:
        dropped = model.new_bool_var(f"dropped[{person_id},{day},{shift_id},{channel}]")
        var = v.y.get((person_id, day, shift_id, channel))
        if var is None:
            model.add(dropped == 1)
        else:
            model.add(dropped + var == 1)
        penalties.append(
            Penalty(dropped, W_CHANGE, "change", "seat changed", task.week, person_id=person_id)
        )
    return penalties


def hour_preferences(model: cp_model.CpModel, v: _Vars, task: WeekTask) -> list[Penalty]:
    """Each half hour of a seat its person would rather not work costs a little (soft)."""
    penalties = []
    for staffer in task.staffers:
        for (day, shift_id), half_hours in staffer.unwanted:
            for var in v.by_person_place.get((staffer.person_id, (day, shift_id)), []):
                penalties.append(
                    Penalty(
                        var,
                        W_UNWANTED * half_hours,
                        "hours",
                        "hours they would rather not work",
                        task.week,
                        person_id=staffer.person_id,
                    )
                )
    return penalties
