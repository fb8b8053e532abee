"""The last pass of stage B: no gap stays open that someone already on the line could close.

For each slot below a minimum it tries, in a fixed order, every person on the line this week
who could sit there: added (a second shift on a day they already work, or a day they still owe
or, for support staff, a day under their weekly limit), or moved from a seat whose slot has
people to spare. A move is kept when it lowers stage B's objective, so the pass only improves
and always ends.
"""

from solver.stage_b.seating import Seating
from solver.stage_b.week_task import Slot, turn_order

MAX_PASSES = 50


def repair(seating: Seating) -> int:
    """Close avoidable shortfalls in place; returns the number of moves made."""
    candidates: dict[tuple, list[int]] = {}
    week = seating.task.week
    order = sorted(
        seating.task.staffers, key=lambda s: (not s.is_support, turn_order(s.person_id, week))
    )
    for staffer in order:
        for day, shift_id, _ in staffer.seats:
            candidates.setdefault((day, shift_id), []).append(staffer.person_id)
    moves = 0
    for _ in range(MAX_PASSES):
        improved = False
        for slot in seating.task.slots:
            if not seating.is_open(slot):
                continue
            # A seat added changes one seat; a move changes one and empties another, so
            # every candidate is tried for an addition before anyone is moved.
            for attempt in (_try_add, _try_move):
                for person_id in candidates.get(slot.place, []):
                    if not seating.is_open(slot):
                        break
                    if attempt(seating, person_id, slot):
                        moves += 1
                        improved = True
        if not improved:
            break
    return moves


def _cost(seating: Seating, person_id: int, slots: list[Slot]) -> int:
    return sum(seating.slot_cost(s) for s in slots) + seating.person_cost(person_id)


def _try_add(seating: Seating, person_id: int, slot: Slot) -> bool:
    if not seating.can_sit(person_id, slot):
        return False
    before = _cost(seating, person_id, [slot])
    seating.add(person_id, slot)
    if _cost(seating, person_id, [slot]) < before:
        return True
    seating.remove(person_id, slot.place)
    return False


def _try_move(seating: Seating, person_id: int, slot: Slot) -> bool:
    unmoved: int | None = None  # the slot's and the person's cost: the same before each try
    for place, channel in sorted(seating.seated[person_id].items()):
        source = seating.slots[(place[0], place[1], channel)]
        if source is slot or not seating.can_sit(person_id, slot, leaving=place):
            continue
        if unmoved is None:
            unmoved = _cost(seating, person_id, [slot])
        before = unmoved + seating.slot_cost(source)
        seating.remove(person_id, place)
        seating.add(person_id, slot)
        if _cost(seating, person_id, [slot, source]) < before:
            return True
        seating.remove(person_id, slot.place)
        seating.add(person_id, source)
    return False
