"""A week's seats with the counts every stage B objective term needs, kept up to date seat by
seat; and the greedy seating built on it: stage B's hint, and its answer when that is optimal.

Rotators sit first (their turn's days are owed), then the support team where the line still
needs people — each member up to their share of the week's hours, then anyone for what is
still open — then new hires beside mentors; each takes the days and slots furthest below
their minimums. A re-plan first puts everyone back in the seats they had, wherever those
still fit.
"""

from collections import Counter, defaultdict
from datetime import date

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
    Slot,
    Staffer,
    WeekTask,
    turn_order,
)

SlotKey = tuple[date, int, str]


class Seating:
    def __init__(self, task: WeekTask) -> None:
        self.task = task
        self.staffers = {s.person_id: s for s in task.staffers}
        self.own_date: dict[int, dict[Place, date]] = {
            s.person_id: {(day, shift): local for day, shift, local in s.seats}
            for s in task.staffers
        }
        self.unwanted: dict[int, dict[Place, int]] = {
            s.person_id: dict(s.unwanted) for s in task.staffers if s.unwanted
        }
        self.slots: dict[SlotKey, Slot] = {}
        self.by_place: dict[Place, list[Slot]] = defaultdict(list)
        self.half_hours: dict[Place, int] = {}
        for slot in task.slots:
            self.slots[(slot.day, slot.shift_id, slot.channel)] = slot
            self.half_hours[slot.place] = slot.half_hours
            if slot.max_people > 0:
                self.by_place[slot.place].append(slot)
        self.clash: dict[Place, set[Place]] = defaultdict(set)
        for a, b in task.clashes:
            self.clash[a].add(b)
            self.clash[b].add(a)
        # A seat at a place is taken by a seat there or at any place that clashes with it.
        self.blocking = {place: (place, *self.clash.get(place, ())) for place in self.half_hours}
        self.previous = {(p, d, s, c) for p, d, s, c, _ in task.previous}
        self.previous_count = Counter(p for p, _, _, _, _ in task.previous)
        self.staffed: Counter[SlotKey] = Counter()
        self.skilled: Counter[SlotKey] = Counter()
        self.mentors: Counter[SlotKey] = Counter()
        self.mentees: Counter[SlotKey] = Counter()
        self.seated: dict[int, dict[Place, str]] = defaultdict(dict)  # person → place → channel
        self.dates: dict[int, Counter[date]] = defaultdict(Counter)  # person → own date → shifts

    # Bookkeeping -------------------------------------------------------------------------

    def can_sit(self, person_id: int, slot: Slot, leaving: Place | None = None) -> bool:
        """Every hard rule of stage B holds if this person takes this slot now (having left
        the seat at `leaving`, when given: the repair pass asks before it moves anyone)."""
        staffer = self.staffers[person_id]
        local = self.own_date[person_id].get(slot.place)
        if local is None:
            return False
        if not staffer.needs_mentor and self.staffed[slot.key] >= slot.max_people:
            return False
        seated = self.seated[person_id]
        for place in self.blocking[slot.place]:
            if place in seated and place != leaving:
                return False
        dates = self.dates[person_id]
        here, count = dates[local], len(dates)
        if leaving is not None:
            gone = self.own_date[person_id][leaving]
            here -= gone == local
            count -= dates[gone] == 1
        if here >= self.task.max_shifts_per_day:
            return False
        return here > 0 or count < staffer.days

    def add(self, person_id: int, slot: Slot) -> None:
        staffer = self.staffers[person_id]
        key = (slot.day, slot.shift_id, slot.channel)
        self.staffed[key] += not staffer.needs_mentor  # mentees come on top of coverage
        self.skilled[key] += bool(
            not staffer.needs_mentor and slot.skill and slot.skill in staffer.skills
        )
        self.mentors[key] += slot.channel in staffer.mentor_channels
        self.mentees[key] += staffer.needs_mentor
        self.seated[person_id][slot.place] = slot.channel
        self.dates[person_id][self.own_date[person_id][slot.place]] += 1

    def remove(self, person_id: int, place: Place) -> Slot:
        staffer = self.staffers[person_id]
        channel = self.seated[person_id].pop(place)
        slot = self.slots[(place[0], place[1], channel)]
        key = (slot.day, slot.shift_id, slot.channel)
        self.staffed[key] -= not staffer.needs_mentor
        self.skilled[key] -= bool(
            not staffer.needs_mentor and slot.skill and slot.skill in staffer.skills
        )
        self.mentors[key] -= slot.channel in staffer.mentor_channels
        self.mentees[key] -= staffer.needs_mentor
        local = self.own_date[person_id][place]
        self.dates[person_id][local] -= 1
        if not self.dates[person_id][local]:
            del self.dates[person_id][local]
        return slot

    def seats(self) -> list[Seat]:
        return sorted(
            (pid, day, shift, channel)
            for pid, places in self.seated.items()
            for (day, shift), channel in places.items()
        )

    # The objective, term by term -----------------------------------------------------------

    def is_open(self, slot: Slot) -> bool:
        """Below its minimum, below its skilled minimum, or with more new hires than its
        mentors take."""
        key = slot.key
        return (
            self.staffed[key] < slot.min_people
            or (bool(slot.skill) and self.skilled[key] < slot.skill_min)
            or self.mentees[key] > self.task.mentees_per_mentor * self.mentors[key]
        )

    def short(self, slot: Slot) -> int:
        """People the slot is below its minimum."""
        return max(0, slot.min_people - self.staffed[slot.key])

    def slot_cost(self, slot: Slot) -> int:
        key = slot.key
        staffed = self.staffed[key]
        cost = W_COVER * self.short(slot)
        if slot.skill:
            cost += W_SKILL * max(0, slot.skill_min - self.skilled[key])
        mentors = self.task.mentees_per_mentor * self.mentors[key]
        cost += W_MENTOR * max(0, self.mentees[key] - mentors)
        if slot.fill_to_max:
            spare = slot.max_people - max(slot.min_people, staffed)
            cost += W_SPARE * slot.half_hours * max(0, spare)
        return cost

    def sat(self, person_id: int) -> int:
        """Half hours the person sits this week."""
        return sum(self.half_hours[place] for place in self.seated[person_id])

    def days_missing(self, person_id: int) -> int:
        return max(0, self.staffers[person_id].days - len(self.dates[person_id]))

    def person_cost(self, person_id: int) -> int:
        staffer = self.staffers[person_id]
        if staffer.is_support:
            sat = self.sat(person_id)
            load = W_SUPPORT_HOUR * sat + staffer.over_weight * max(0, sat - staffer.share)
        else:
            load = W_DAYS * self.days_missing(person_id)
        kept = sum(
            1
            for (day, shift), channel in self.seated[person_id].items()
            if (person_id, day, shift, channel) in self.previous
        )
        dropped = self.previous_count[person_id] - kept
        unwanted = self.unwanted.get(person_id)
        disliked = sum(unwanted.get(p, 0) for p in self.seated[person_id]) if unwanted else 0
        return load + W_CHANGE * dropped + W_UNWANTED * disliked

    def objective(self) -> int:
        return sum(self.slot_cost(s) for s in self.task.slots) + sum(
            self.person_cost(p) for p in self.staffers
        )


def seat_previous(seating: Seating) -> bool:
    """Put people back in their previous seats where those still fit. True when the week is
    intact: every previous seat of someone still on the line this week fits again (people
    who left the week leave holes; people new to it are seated by the caller)."""
    lost = False
    for person_id, day, shift_id, channel, _ in sorted(seating.task.previous):
        if person_id not in seating.staffers:
            continue
        slot = seating.slots.get((day, shift_id, channel))
        if slot and seating.can_sit(person_id, slot):
            seating.add(person_id, slot)
        else:
            lost = True
    return bool(seating.task.previous) and not lost


def greedy_fill(seating: Seating, only: set[int] | None = None) -> None:
    """Seat everyone (or `only` these people): rotators for the days they owe, the support
    team where the line still needs people, neediest slots first."""
    task = seating.task

    def open_places(local_places: list[Place]) -> int:
        return sum(
            max(0, s.min_people - seating.staffed[s.key])
            for place in local_places
            for s in seating.by_place.get(place, [])
        )

    def score(staffer: Staffer, slot: Slot, strict: bool) -> float | None:
        key = slot.key
        if not seating.can_sit(staffer.person_id, slot):
            return None
        mentors, mentees = seating.mentors[key], seating.mentees[key]
        if staffer.needs_mentor and strict and mentors * task.mentees_per_mentor <= mentees:
            return None
        value = 100.0 * (seating.staffed[key] < slot.min_people)
        if slot.skill and slot.skill in staffer.skills and seating.skilled[key] < slot.skill_min:
            value += 60
        if slot.channel in staffer.mentor_channels and mentees > mentors:
            value += 40
        if staffer.is_support and not value:
            if not slot.fill_to_max or seating.staffed[key] >= slot.max_people:
                return None  # the line does not need them there
            value = 1.0
        disliked = seating.unwanted.get(staffer.person_id, {}).get(slot.place, 0)
        return value - seating.staffed[key] * 0.01 - disliked * 0.1

    def seat_staffer(
        staffer: Staffer, strict: bool, within_share: bool = False, most: int = 7
    ) -> int:
        """Seat the staffer on up to `most` more dates; how many they took."""
        if len(seating.dates[staffer.person_id]) >= staffer.days:
            return 0
        if within_share and seating.sat(staffer.person_id) >= staffer.share:
            return 0
        taken = 0
        by_date: dict[date, list[Place]] = defaultdict(list)
        for day, shift_id, local in staffer.seats:
            by_date[local].append((day, shift_id))
        unwanted = seating.unwanted.get(staffer.person_id, {})
        order = sorted(
            by_date,
            key=lambda d: (
                -open_places(by_date[d]),
                min(unwanted.get(p, 0) for p in by_date[d]),
                d,
            ),
        )
        for local in order:
            dates = seating.dates[staffer.person_id]
            if len(dates) >= staffer.days or taken >= most:
                break
            if within_share and seating.sat(staffer.person_id) >= staffer.share:
                break
            if dates[local]:
                continue
            best: tuple[float, Slot] | None = None
            for place in sorted(by_date[local]):
                for slot in seating.by_place.get(place, []):
                    value = score(staffer, slot, strict)
                    if value is not None and (best is None or value > best[0]):
                        best = (value, slot)
            if best is not None:
                seating.add(staffer.person_id, best[1])
                taken += 1
        return taken

    def fewest_options(s: Staffer) -> tuple[int, int]:
        return (len(s.seats), s.person_id)

    def share_left(s: Staffer) -> tuple[int, int, int]:
        over = seating.sat(s.person_id) - s.share
        return (over, s.over_weight, turn_order(s.person_id, task.week))

    def wanting() -> set[Place]:
        """Places with a slot a support person could still be wanted in (see score)."""
        return {
            s.place
            for s in task.slots
            if seating.staffed[s.key] < s.min_people
            or (s.skill and seating.skilled[s.key] < s.skill_min)
            or seating.mentees[s.key] > seating.mentors[s.key]
            or (s.fill_to_max and seating.staffed[s.key] < s.max_people)
        }

    staffers = tuple(s for s in task.staffers if only is None or s.person_id in only)
    support = sorted((s for s in staffers if s.is_support), key=fewest_options)
    new_hires = sorted((s for s in staffers if s.needs_mentor), key=fewest_options)
    others = sorted(
        (s for s in staffers if not s.is_support and not s.needs_mentor), key=fewest_options
    )
    for staffer in others:
        seat_staffer(staffer, strict=True)
    for staffer in support:
        seat_staffer(staffer, strict=True, within_share=True)
    seated = 1
    while seated:  # what is still open: a day each a round, least over their share first
        places = wanting()
        able = (s for s in support if any((day, shift) in places for day, shift, _ in s.seats))
        seated = sum(
            seat_staffer(staffer, strict=True, most=1) for staffer in sorted(able, key=share_left)
        )
    for staffer in new_hires:
        seat_staffer(staffer, strict=True)
    for staffer in new_hires:
        # Past mentor capacity a new hire still works their days; the gap says so.
        seat_staffer(staffer, strict=False)


def greedy_week(task: WeekTask) -> Seating:
    seating = Seating(task)
    seat_previous(seating)
    greedy_fill(seating)
    return seating
