"""Stage B across the horizon: one task per week, solved in a process pool, read back."""

import multiprocessing
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from time import time
from typing import Any

from solver.availability import Availability
from solver.model import CoverageNeed, Person, Problem, ShiftAssignment, WeekTurn
from solver.stage_b.fingerprint import fingerprint
from solver.stage_b.shifts import UNCHANGED, keep_week, seat_week
from solver.stage_b.support_share import with_shares
from solver.stage_b.week_task import (
    Assignment,
    Place,
    Slot,
    Staffer,
    WeekResult,
    WeekTask,
)

SeatsByWeek = dict[int, list[Assignment]]

MAX_WEEK_S = 20.0  # no single week gets more, however generous the limit
MIN_WEEK_S = 0.05
# Every week is seated whatever the clock says (the greedy, the repair pass, variety and
# mentors): 0.17-0.26 s a week at 10,000 people on the benchmark's company, without search.
SEATING_S_PER_PERSON_WEEK = 2.0e-5


def week_tasks(
    problem: Problem,
    avail: Availability,
    turns: list[WeekTurn],
    seconds_left: float,
    workers: int,
    seed: int,
    pace: float = 1.0,
) -> list[WeekTask]:
    """One task per week; CP-SAT gets a share of what `seconds_left` leaves once every week
    is seated, and stops at the deadline: the searches end early enough for the weeks still
    waiting to be seated in time. Seating takes `pace` times as long as where
    SEATING_S_PER_PERSON_WEEK was measured (solver/pace.py)."""
    weeks = problem.horizon.weeks
    seating_s = SEATING_S_PER_PERSON_WEEK * problem.person_weeks * pace / max(1, workers)
    search_s = max(0.0, seconds_left - seating_s)
    deadline = time() + search_s
    people = {p.id: p for p in problem.people}
    needs_by_shift: dict[int, list[CoverageNeed]] = defaultdict(list)
    for need in problem.needs:
        needs_by_shift[need.shift_id].append(need)
    # Most weeks end long before their budget (the greedy or CP-SAT proves them optimal);
    # the share is what the slowest week may take without the whole solve overrunning.
    per_week = max(MIN_WEEK_S, min(MAX_WEEK_S, 0.8 * search_s * max(1, workers) / weeks))
    turns_by_week: dict[int, list[WeekTurn]] = defaultdict(list)
    for turn in turns:
        turns_by_week[turn.week].append(turn)
    previous: dict[int, list[Assignment]] = defaultdict(list)
    for a in problem.previous_shifts:
        week = problem.horizon.week_of(a.day)
        if 0 <= week < weeks and a.person_id in people:
            previous[week].append((a.person_id, a.day, a.shift_id, a.channel, a.mentor_id))
    fingerprints = dict(problem.seat_fingerprints)
    tasks = []
    for week in range(weeks):
        staffers = []
        for turn in sorted(turns_by_week.get(week, []), key=lambda t: t.person_id):
            person = people[turn.person_id]
            staffers.append(
                Staffer(
                    person_id=person.id,
                    days=turn.days,
                    is_support=False,
                    needs_mentor=turn.with_mentor,
                    mentor_channels=frozenset() if turn.with_mentor else problem.mentors_on(person),
                    skills=person.skills,
                    seats=avail.seats(person, week),
                    unwanted=_unwanted(avail, person, avail.seats(person, week)),
                )
            )
        for person in avail.support_people:
            seats = avail.seats(person, week)
            if seats:
                days = min(problem.settings.max_days_per_week, len({s[2] for s in seats}))
                staffers.append(
                    Staffer(
                        person_id=person.id,
                        days=days,
                        is_support=True,
                        needs_mentor=False,
                        mentor_channels=problem.mentors_on(person),
                        skills=person.skills,
                        seats=seats,
                        unwanted=_unwanted(avail, person, seats),
                    )
                )
        slots = tuple(
            Slot(
                day.day,
                shift_id,
                need.channel,
                need.min_people,
                need.max_people,
                need.skill,
                need.skill_min,
                half_hours=_half_hours(avail, (day.day, shift_id)),
                fill_to_max=need.fill_to_max,
            )
            for day in avail.line_days.get(week, [])
            for shift_id in day.shifts
            for need in needs_by_shift.get(shift_id, [])
        )
        tasks.append(
            WeekTask(
                week=week,
                staffers=tuple(staffers),
                slots=slots,
                clashes=avail.clashes(week),
                max_shifts_per_day=problem.settings.max_shifts_per_day,
                mentees_per_mentor=problem.settings.mentees_per_mentor,
                time_limit_s=per_week,
                seed=seed,
                previous=tuple(sorted(previous.get(week, []), key=lambda a: a[:4])),
                kept_fingerprint=fingerprints.get(problem.horizon.week_start(week), ""),
                deadline=deadline,
            )
        )
    return with_shares(tasks, people)


def run_weeks(
    tasks: list[WeekTask],
    workers: int,
    on_progress: Callable[[dict[str, Any]], None] | None,
    elapsed: Callable[[], float],
    check_stop: Callable[[], None],
) -> list[WeekResult]:
    results: list[WeekResult] = []
    total = len(tasks)

    def report(result: WeekResult) -> None:
        check_stop()
        results.append(result)
        if on_progress:
            on_progress(
                {
                    "stage": "shifts",
                    "weeks_done": len(results),
                    "weeks": total,
                    "elapsed_s": elapsed(),
                }
            )

    pending = []  # keep_week was tried on each (or there was nothing to keep): seat them anew
    for task in tasks:  # weeks a re-plan leaves as they were need no search nor a process
        kept = keep_week(task) if task.previous else None
        if kept is not None:
            report(kept)
        else:
            pending.append(task)
    tasks = pending
    if workers <= 1 or len(tasks) <= 2:
        for task in tasks:
            report(seat_week(task))
    else:
        context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        try:
            chunk = max(1, len(tasks) // (workers * 4))
            for result in pool.map(seat_week, tasks, chunksize=chunk):
                report(result)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)  # stop pending weeks at once
            raise
        pool.shutdown()
    return sorted(results, key=lambda r: r.week)


def seated_as_before(
    results: list[WeekResult], tasks: list[WeekTask], seats: SeatsByWeek
) -> frozenset[int]:
    """Weeks kept unchanged whose final seats (mentors named) are their previous seats."""
    previous = {t.week: t.previous for t in tasks}
    return frozenset(
        r.week
        for r in results
        if r.status == UNCHANGED and seats.get(r.week, []) == sorted(previous[r.week])
    )


def seats_by_week(problem: Problem, assignments: list[ShiftAssignment]) -> SeatsByWeek:
    """The plan's seats of each week, sorted as a week's previous seats are."""
    by_week: SeatsByWeek = defaultdict(list)
    for a in assignments:
        by_week[problem.horizon.week_of(a.day)].append(
            (a.person_id, a.day, a.shift_id, a.channel, a.mentor_id)
        )
    for seats in by_week.values():
        seats.sort()
    return by_week


def week_fingerprints(
    problem: Problem,
    tasks: list[WeekTask],
    results: list[WeekResult],
    seats: SeatsByWeek,
    kept: frozenset[int],
) -> tuple[tuple[date, str], ...]:
    """Each week's fingerprint of its final seats (mentors named), by its Monday. A week
    seated as before keeps the fingerprint it matched."""
    seated = {r.week: r for r in results}
    marks = []
    for task in tasks:
        monday = problem.horizon.week_start(task.week)
        if task.week in kept:
            marks.append((monday, task.kept_fingerprint))
        else:
            marks.append((monday, fingerprint(seated[task.week].inputs, seats.get(task.week, []))))
    return tuple(marks)


def assignments(avail: Availability, results: list[WeekResult]) -> list[ShiftAssignment]:
    support = {p.id for p in avail.support_people}
    return [
        ShiftAssignment(
            person_id=p,
            day=day,
            shift_id=s,
            channel=c,
            role="support" if p in support else "rotator",
            mentor_id=mentor,
        )
        for result in results
        for p, day, s, c, mentor in result.assignments
    ]


def _half_hours(avail: Availability, place: Place) -> int:
    """The seat's length in half hours (rounded up), on its real instants that day."""
    start, end = avail.interval(place)
    return -(-int((end - start).total_seconds()) // 1800)


def _unwanted(
    avail: Availability, person: Person, seats: tuple[tuple[date, int, date], ...]
) -> tuple[tuple[Place, int], ...]:
    """Half hours (rounded up) of each seat the person would rather not work."""
    if not person.preferred_hours and not person.avoided_hours:
        return ()
    found = []
    for day, shift_id, _ in seats:
        minutes = avail.unwanted(person, (day, shift_id))
        if minutes:
            found.append(((day, shift_id), -(-minutes // 30)))
    return tuple(found)
