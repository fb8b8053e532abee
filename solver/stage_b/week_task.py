"""Stage B's inputs and outputs for one week, shared by the CP-SAT model, the greedy seating
and the repair pass."""

from dataclasses import dataclass
from datetime import date
from functools import cached_property

Place = tuple[date, int]  # a shift on a line day
Seat = tuple[int, date, int, str]  # person, line day, shift, channel
Assignment = tuple[int, date, int, str, int | None]  # a seat and the mentor beside it

# Weights of stage B's objective, in the order a support lead ranks them.
W_COVER = 1_000
W_SKILL = 600
W_MENTOR = 400
W_DAYS = 300
W_CHANGE = 20  # a re-plan keeps a seat, channel or mentor where it still fits
W_SPARE = 9  # each half hour of a seat below the maximum of a need HR asked to fill to it
# Each half hour a support person sits above their share of the week: 2 for the third of the
# team the plan has loaded least so far, 3 for the middle third, 4 for the most loaded.
W_OVER_SHARE = (2, 3, 4)
W_SUPPORT_HOUR = 1  # each half hour a support person sits: the team sits where it is needed
W_UNWANTED = 3  # each half hour of a seat the person would rather not work (soft)


def turn_order(person_id: int, week: int) -> int:
    """Who goes first among equals, different each week: ties in who takes a seat (support
    staff at their share, candidates for a mentor's seat) then fall on someone else each
    week instead of always on the lowest id."""
    mixed = (person_id * 0x9E3779B1 + week * 0x85EBCA77) & 0xFFFFFFFF
    mixed = ((mixed ^ (mixed >> 15)) * 0x2C1B3C6D) & 0xFFFFFFFF
    return mixed ^ (mixed >> 12)


@dataclass(frozen=True)
class Staffer:
    """Someone on the line this week: a rotator with a turn, or the permanent support team."""

    person_id: int
    days: int  # exact days for rotators; the most days for support staff
    is_support: bool
    needs_mentor: bool
    mentor_channels: frozenset[str]  # channels this person can mentor on
    skills: frozenset[str]
    seats: tuple[tuple[date, int, date], ...]  # (line day, shift, own date) they may sit
    # Half hours of a place the person would rather not work (their hour preferences).
    unwanted: tuple[tuple[Place, int], ...] = ()
    # Support staff: half hours of the line that are theirs this week, and the price of each
    # half hour above it, lower for those the plan has loaded least (support_share.py).
    share: int = 0
    over_weight: int = W_OVER_SHARE[0]


@dataclass(frozen=True)
class Slot:
    day: date
    shift_id: int
    channel: str
    min_people: int
    max_people: int
    skill: str | None
    skill_min: int
    half_hours: int = 16  # the shift's length that day, on its real instants
    fill_to_max: bool = False  # seats above the minimum are wanted (HR's word)

    @cached_property
    def place(self) -> Place:
        return (self.day, self.shift_id)

    @cached_property
    def key(self) -> tuple[date, int, str]:
        return (self.day, self.shift_id, self.channel)


@dataclass(frozen=True)
class WeekTask:
    week: int
    staffers: tuple[Staffer, ...]
    slots: tuple[Slot, ...]
    clashes: tuple[tuple[Place, Place], ...]  # places that overlap in UTC on their real dates
    max_shifts_per_day: int
    mentees_per_mentor: int
    time_limit_s: float  # CP-SAT's deterministic budget for this week
    seed: int
    previous: tuple[Assignment, ...] = ()  # the previous plan's seats this week
    kept_fingerprint: str = ""  # the previous plan's fingerprint of this week
    deadline: float = float("inf")  # wall clock (time.time()) by which searches end


@dataclass(frozen=True)
class WeekResult:
    week: int
    assignments: tuple[Assignment, ...]
    status: str
    wall_s: float
    inputs: str = ""  # the digest of what the week was seated from (stage_b/fingerprint.py)
