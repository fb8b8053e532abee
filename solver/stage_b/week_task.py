"""Stage B's inputs and outputs for one week, shared by the CP-SAT model, the greedy seating
and the repair pass."""

from dataclasses import dataclass
from datetime import date

Place = tuple[date, int]  # a shift on a line day
Seat = tuple[int, date, int, str]  # person, line day, shift, channel
Assignment = tuple[int, date, int, str, int | None]  # a seat and the mentor beside it

# Weights of stage B's objective, in the order a support lead ranks them.
W_COVER = 1_000
W_SKILL = 600
W_MENTOR = 400
W_DAYS = 300
W_CHANGE = 20  # a re-plan keeps a seat, channel or mentor where it still fits
W_SUPPORT_IDLE = 5
W_UNWANTED = 1  # each half hour of a seat the person would rather not work (soft)


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


@dataclass(frozen=True)
class Slot:
    day: date
    shift_id: int
    channel: str
    min_people: int
    max_people: int
    skill: str | None
    skill_min: int

    @property
    def place(self) -> Place:
        return (self.day, self.shift_id)


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
    deadline: float = float("inf")  # wall clock (time.time()) by which the whole solve ends


@dataclass(frozen=True)
class SlotShortfall:
    slot: Slot
    short: int
    skill_short: int
    mentor_short: int


@dataclass(frozen=True)
class WeekResult:
    week: int
    assignments: tuple[Assignment, ...]
    shortfalls: tuple[SlotShortfall, ...]
    days_short: tuple[tuple[int, int], ...]  # (person, days missing)
    status: str
    wall_s: float
