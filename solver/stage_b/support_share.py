"""The support team's share of the line, planned over the whole horizon before a week is
seated.

Weeks are seated in parallel, so no week sees what another gave a person. The shares are
planned first, in order of time: at each place (a shift on a line day) the seats its needs
ask for — the minimums, or the maximums where HR asked to fill them — beyond what the week's
rotators are expected to bring go, one seat at a time, to the members who could sit there and
are least loaded so far: hours on the line in the year before the plan plus what earlier
places gave them, per hour of their working week (a part-timer carries a part-timer's share).
Stage B prices a support hour above a person's share of the week higher than one within it,
so each week fills from those the plan has given least; over the horizon the team's hours
even out, part-timers pro rata, the history included.
"""

import heapq
from collections import defaultdict
from dataclasses import replace
from datetime import date

from solver.model import Person
from solver.stage_b.week_task import W_OVER_SHARE, Place, Slot, Staffer, WeekTask


def with_shares(tasks: list[WeekTask], people: dict[int, Person]) -> list[WeekTask]:
    """The tasks with each support staffer's share of their week (half hours)."""
    load: dict[int, float] = {}
    pace: dict[int, float] = {}
    for task in tasks:
        for staffer in task.staffers:
            if staffer.is_support and staffer.person_id not in load:
                person = people[staffer.person_id]
                pace[staffer.person_id] = 30 / max(30, person.week_minutes)
                load[staffer.person_id] = 2 * person.line_hours * pace[staffer.person_id]
    return [_share_week(task, load, pace) for task in tasks]


def _share_week(task: WeekTask, load: dict[int, float], pace: dict[int, float]) -> WeekTask:
    support = [s for s in task.staffers if s.is_support]
    if not support:
        return task
    by_place: dict[Place, list[Slot]] = defaultdict(list)
    for slot in task.slots:
        by_place[slot.place].append(slot)
    brought = _rotators_expected(task, by_place)
    able: dict[Place, list[tuple[Staffer, date]]] = defaultdict(list)
    for staffer in support:
        for day, shift_id, local in staffer.seats:
            if (day, shift_id) in by_place:
                able[(day, shift_id)].append((staffer, local))
    share: dict[int, int] = defaultdict(int)
    taken: dict[int, set[date]] = defaultdict(set)

    def give(place: Place, seats: int, skill: str | None = None) -> int:
        """The place's `seats` to the least loaded who can sit there (with the skill)."""
        free = [
            (load[s.person_id], s.person_id, local)
            for s, local in able.get(place, [])
            if local not in taken[s.person_id]
            and len(taken[s.person_id]) < s.days
            and (skill is None or skill in s.skills)
        ]
        chosen = heapq.nsmallest(seats, free)
        length = by_place[place][0].half_hours
        for _, person_id, local in chosen:
            taken[person_id].add(local)
            share[person_id] += length
            load[person_id] += length * pace[person_id]
        return len(chosen)

    for place in sorted(by_place):
        slots = by_place[place]
        wanted = sum(s.max_people if s.fill_to_max else s.min_people for s in slots)
        seats = max(0, round(wanted - brought.get((place, None), 0.0)))
        for slot in slots:  # the skilled seats first: only some can take them
            if slot.skill and slot.skill_min:
                skilled = round(slot.skill_min - brought.get((place, slot.skill), 0.0))
                seats -= give(place, min(seats, max(0, skilled)), slot.skill)
        give(place, seats)
    # The price of an hour above the share, by how loaded the plan has left each member.
    ranked = sorted(support, key=lambda s: (load[s.person_id], s.person_id))
    weight = {
        s.person_id: W_OVER_SHARE[len(W_OVER_SHARE) * i // len(ranked)]
        for i, s in enumerate(ranked)
    }
    staffers = tuple(
        replace(s, share=share[s.person_id], over_weight=weight[s.person_id]) if s.is_support else s
        for s in task.staffers
    )
    return replace(task, staffers=staffers)


def _rotators_expected(
    task: WeekTask, by_place: dict[Place, list[Slot]]
) -> dict[tuple[Place, str | None], float]:
    """Seats each place can expect from the week's rotators, all of them (skill None) and
    those with each skill the place asks for: each rotator spreads the days they owe evenly
    over the dates they could work, and a date's share over its places."""
    asked = {(slot.place, slot.skill) for slot in task.slots if slot.skill}
    expected: dict[tuple[Place, str | None], float] = defaultdict(float)
    for staffer in task.staffers:
        if staffer.is_support or staffer.needs_mentor:
            continue  # mentees come on top of coverage
        on_date: dict[date, list[Place]] = defaultdict(list)
        for day, shift_id, local in staffer.seats:
            if (day, shift_id) in by_place:
                on_date[local].append((day, shift_id))
        if not on_date:
            continue
        per_date = min(1.0, staffer.days / len(on_date))
        for places in on_date.values():
            for place in places:
                expected[(place, None)] += per_date / len(places)
                for skill in staffer.skills:
                    if (place, skill) in asked:
                        expected[(place, skill)] += per_date / len(places)
    return expected
