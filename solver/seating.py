"""A greedy seating for one week: stage B's hint, and its answer if CP-SAT finds none in time.

Support staff sit first (they carry the line and mentor), then new hires beside mentors, then
the other rotators; each takes the days and slots furthest below their minimums.
"""

from collections import Counter, defaultdict
from datetime import date

from solver.shifts import Seat, Slot, SlotShortfall, WeekTask, Worker


def greedy_week(task: WeekTask) -> list[Seat]:
    slots: dict[tuple[date, int], list[Slot]] = defaultdict(list)
    for slot in task.slots:
        if slot.max_people > 0:
            slots[(slot.day, slot.shift_id)].append(slot)
    staffed: Counter[tuple[date, int, str]] = Counter()
    skilled: Counter[tuple[date, int, str]] = Counter()
    mentors: Counter[tuple[date, int, str]] = Counter()
    mentees: Counter[tuple[date, int, str]] = Counter()
    seats: list[Seat] = []

    def open_places(day: date, shift_id: int) -> int:
        return sum(
            max(0, s.min_people - staffed[(day, shift_id, s.channel)])
            for s in slots[(day, shift_id)]
        )

    def score(worker: Worker, slot: Slot, strict: bool) -> float | None:
        key = (slot.day, slot.shift_id, slot.channel)
        if staffed[key] >= slot.max_people:
            return None
        if (
            worker.needs_mentor
            and strict
            and (mentors[key] * task.mentees_per_mentor <= mentees[key])
        ):
            return None
        value = 100.0 * (staffed[key] < slot.min_people)
        if slot.skill and slot.skill in worker.skills and skilled[key] < slot.skill_min:
            value += 60
        if slot.channel in worker.mentor_channels and mentees[key] > mentors[key]:
            value += 40
        return value - staffed[key] * 0.01

    def seat_worker(worker: Worker, strict: bool) -> int:
        by_day: dict[date, list[int]] = defaultdict(list)
        for day, shift_id in worker.fits:
            by_day[day].append(shift_id)
        order = sorted(by_day, key=lambda d: (-sum(open_places(d, s) for s in by_day[d]), d))
        placed = 0
        for day in order:
            if placed == worker.days:
                break
            best: tuple[float, Slot] | None = None
            for shift_id in sorted(by_day[day]):
                for slot in slots[(day, shift_id)]:
                    value = score(worker, slot, strict)
                    if value is not None and (best is None or value > best[0]):
                        best = (value, slot)
            if best is None:
                continue
            slot = best[1]
            key = (slot.day, slot.shift_id, slot.channel)
            staffed[key] += 1
            if slot.skill and slot.skill in worker.skills:
                skilled[key] += 1
            if slot.channel in worker.mentor_channels:
                mentors[key] += 1
            if worker.needs_mentor:
                mentees[key] += 1
            seats.append((worker.person_id, slot.day, slot.shift_id, slot.channel))
            placed += 1
        return placed

    def fewest_options(w: Worker) -> tuple[int, int]:
        return (len(w.fits), w.person_id)

    support = sorted((w for w in task.workers if w.is_support), key=fewest_options)
    new_hires = sorted((w for w in task.workers if w.needs_mentor), key=fewest_options)
    others = sorted(
        (w for w in task.workers if not w.is_support and not w.needs_mentor), key=fewest_options
    )
    for worker in support + others:
        seat_worker(worker, strict=True)
    for worker in new_hires:
        if seat_worker(worker, strict=True) < worker.days:
            # Past mentor capacity a new hire still works their days; the gap says so.
            seated_days = {s[1] for s in seats if s[0] == worker.person_id}
            rest = [f for f in worker.fits if f[0] not in seated_days]
            remaining = worker.days - len(seated_days)
            partial = Worker(
                worker.person_id,
                remaining,
                False,
                True,
                worker.mentor_channels,
                worker.skills,
                tuple(rest),
            )
            seat_worker(partial, strict=False)
    return seats


def shortfalls(task: WeekTask, seats: list[Seat]) -> tuple[list[SlotShortfall], list]:  # type: ignore[type-arg]
    """Coverage, skill and mentor shortfalls and missing turn days of a seating."""
    workers = {w.person_id: w for w in task.workers}
    staffed: Counter[tuple[date, int, str]] = Counter()
    skilled: dict[tuple[date, int, str], Counter[str]] = defaultdict(Counter)
    mentors: Counter[tuple[date, int, str]] = Counter()
    mentees: Counter[tuple[date, int, str]] = Counter()
    days: dict[int, set[date]] = defaultdict(set)
    for person_id, day, shift_id, channel in seats:
        key = (day, shift_id, channel)
        worker = workers[person_id]
        staffed[key] += 1
        for skill in worker.skills:
            skilled[key][skill] += 1
        mentors[key] += channel in worker.mentor_channels
        mentees[key] += worker.needs_mentor
        days[person_id].add(day)
    found = []
    for slot in task.slots:
        key = (slot.day, slot.shift_id, slot.channel)
        short = max(0, slot.min_people - staffed[key])
        skill_short = max(0, slot.skill_min - skilled[key][slot.skill]) if slot.skill else 0
        mentor_short = max(0, mentees[key] - task.mentees_per_mentor * mentors[key])
        if short or skill_short or mentor_short:
            found.append(SlotShortfall(slot, short, skill_short, mentor_short))
    missing = [
        (w.person_id, w.days - len(days[w.person_id]))
        for w in task.workers
        if not w.is_support and len(days[w.person_id]) < w.days
    ]
    return found, missing
