"""Stage B's floor for one week: a cost no seating can go below. When the greedy seating
meets it the week is optimal without a search; CP-SAT stops once it reaches it.

It adds, place by place, what arithmetic alone decides: minimums above everyone who could
sit there, rotators' days beyond their dates or the week's seats, and the support team's
hours for the seats the rotators cannot fill. Each term must stay below every seating's
cost, or a week would stop before it is seated well (tests/solver/test_week_floor.py).
"""

from collections import defaultdict

from solver.stage_b.week_task import (
    W_COVER,
    W_DAYS,
    W_SKILL,
    W_SUPPORT_HOUR,
    Place,
    Slot,
    Staffer,
    WeekTask,
)


def floor(task: WeekTask) -> int:
    rotators: dict[Place, int] = defaultdict(int)
    everyone: dict[Place, list[Staffer]] = defaultdict(list)
    for staffer in task.staffers:
        if staffer.needs_mentor:
            continue  # mentees come on top of coverage
        for day, shift_id, _ in staffer.seats:
            everyone[(day, shift_id)].append(staffer)
            rotators[(day, shift_id)] += not staffer.is_support
    by_place: dict[Place, list[Slot]] = defaultdict(list)
    for slot in task.slots:
        by_place[slot.place].append(slot)
    total = 0
    for place, slots in by_place.items():
        people = everyone.get(place, [])
        unreachable = 0
        for slot in slots:
            reachable = min(len(people), slot.max_people)
            unreachable += max(0, slot.min_people - reachable)
            if slot.skill:
                skilled = sum(1 for s in people if slot.skill in s.skills)
                total += W_SKILL * max(0, slot.skill_min - min(skilled, slot.max_people))
        total += W_COVER * unreachable
        total += _support_hours(slots, rotators[place], unreachable)
    return total + _days_floor(task)


def _support_hours(slots: list[Slot], rotators: int, unreachable: int) -> int:
    """Seats the place wants (its minimums, or its maximums where HR asked to fill them) that
    no rotator takes: each costs at least a support person's hours, or more left empty (a
    missing minimum, a spare seat HR wanted filled). Those nobody can reach are counted once,
    as coverage."""
    wanted = sum(s.max_people if s.fill_to_max else s.min_people for s in slots)
    beyond = max(0, wanted - rotators - unreachable)
    return W_SUPPORT_HOUR * beyond * min(s.half_hours for s in slots)


def _days_floor(task: WeekTask) -> int:
    """Rotators' days that cannot be placed: more than a rotator has dates to sit, or more
    than the week has seats (each worked day takes one seat at least)."""
    capacity = sum(slot.max_people for slot in task.slots)
    total = placeable = 0
    for staffer in task.staffers:
        if staffer.is_support:
            continue  # the support team owes no days: it sits where the line needs it
        dates = len({local for _, _, local in staffer.seats})
        total += W_DAYS * max(0, staffer.days - dates)
        if not staffer.needs_mentor:  # mentees take no seat of the line's
            placeable += min(staffer.days, dates)
    return total + W_DAYS * max(0, placeable - capacity)
