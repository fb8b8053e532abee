"""After seating: channel variety for rotators, and a named mentor beside each new hire."""

from collections import defaultdict
from datetime import date

from solver.stage_b.week_task import Assignment, Seat, WeekTask


def channel_variety(task: WeekTask, chosen: list[Seat]) -> list[Seat]:
    """Rotators see more than one channel when they can: it is how they learn the line.

    Done after solving, by permuting channels among interchangeable rotators on the same
    shift (no skill the shift asks for, no mentoring role, no seat kept from the previous
    plan): coverage stays exactly the same, and the search stays free of a symmetric
    objective that would slow it tenfold.
    """
    staffers = {s.person_id: s for s in task.staffers}
    kept = {(p, d, s) for p, d, s, _, _ in task.previous}
    skills_asked: dict[tuple[date, int], set[str]] = defaultdict(set)
    for slot in task.slots:
        if slot.skill and slot.skill_min:
            skills_asked[(slot.day, slot.shift_id)].add(slot.skill)

    def plain(person_id: int, day: date, shift_id: int) -> bool:
        s = staffers[person_id]
        return (
            not s.is_support
            and not s.needs_mentor
            and not s.mentor_channels
            and not (s.skills & skills_asked.get((day, shift_id), set()))
            and (person_id, day, shift_id) not in kept
        )

    seen: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    result = []
    groups: dict[tuple[date, int], list[Seat]] = defaultdict(list)
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
    return sorted(result)


def with_mentors(task: WeekTask, chosen: list[Seat]) -> tuple[Assignment, ...]:
    """Name a mentor for each new hire's shift, at most `mentees_per_mentor` each; the
    previous plan's mentor stays where they still sit beside the new hire."""
    staffers = {s.person_id: s for s in task.staffers}
    before = {(p, d, s, c): m for p, d, s, c, m in task.previous if m is not None}
    mentors_at: dict[tuple[date, int, str], list[int]] = defaultdict(list)
    for person_id, day, shift_id, channel in chosen:
        if channel in staffers[person_id].mentor_channels:
            mentors_at[(day, shift_id, channel)].append(person_id)
    load: dict[tuple[int, date, int], int] = defaultdict(int)  # mentees per mentor and shift
    mentor_of: dict[Seat, int | None] = {}
    mentees = sorted(
        (k for k in chosen if staffers[k[0]].needs_mentor), key=lambda k: (k not in before, k)
    )
    for seat in mentees:
        person_id, day, shift_id, channel = seat
        candidates = [
            m
            for m in mentors_at[(day, shift_id, channel)]
            if load[(m, day, shift_id)] < task.mentees_per_mentor
        ]
        mentor = None
        if candidates:
            mentor = before.get(seat)
            if mentor not in candidates:
                mentor = min(candidates, key=lambda m: (load[(m, day, shift_id)], m))
            load[(mentor, day, shift_id)] += 1
        mentor_of[seat] = mentor
    return tuple((p, d, s, c, mentor_of.get((p, d, s, c))) for p, d, s, c in sorted(chosen))
