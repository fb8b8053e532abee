"""The solver's inputs and outputs, as frozen dataclasses (a seat as a named tuple)."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import NamedTuple

NEW_HIRES, EXECUTIVES, DEPARTMENTS, EVERYONE = "new_hires", "executives", "departments", "everyone"


@dataclass(frozen=True)
class Horizon:
    start: date  # a Monday
    weeks: int

    def week_start(self, week: int) -> date:
        return self.start + timedelta(weeks=week)

    def week_of(self, day: date) -> int:
        """Week index of a day (negative before the horizon)."""
        return (day - self.start).days // 7

    @property
    def end(self) -> date:
        return self.start + timedelta(weeks=self.weeks)


@dataclass(frozen=True)
class Department:
    id: int
    name: str
    max_away_fraction: float = 0.2
    is_support: bool = False


CAP_RULE = (
    "People a department may have on the line in one week: its share of the headcount rounded "
    "down, but at least one person when the share is above 0; a share of 0 means nobody."
)


def department_cap(max_away_fraction: float, headcount: int) -> int:
    """See CAP_RULE: 0 means nobody; any share above 0 lets at least one person go."""
    if max_away_fraction <= 0 or headcount <= 0:
        return 0
    return max(1, int(max_away_fraction * headcount + 1e-9))


def cap_below_one(max_away_fraction: float, headcount: int) -> bool:
    """A share that, taken literally, is less than one person (rounded up to one by CAP_RULE)."""
    return 0 < max_away_fraction * headcount < 1 - 1e-9


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    department_id: int
    hire_date: date
    is_executive: bool = False
    timezone: str = "UTC"
    work_start: time = time(9)
    work_end: time = time(17)
    skills: frozenset[str] = frozenset()
    days_off: frozenset[date] = frozenset()  # leave, on the person's own dates
    holidays: frozenset[date] = frozenset()  # public holidays where the person works
    workdays: frozenset[int] = frozenset(range(5))  # their own weekdays (Mon = 0)
    exempt_until: date | None = None
    # Channels on which the person has enough shifts to mentor (support staff mentor everywhere).
    experienced_channels: frozenset[str] = frozenset()
    # HR's mentor pool: True adds them on every channel, False takes them out (None: the rule).
    mentor: bool | None = None
    wanted_weeks: frozenset[int] = frozenset()
    unwanted_weeks: frozenset[int] = frozenset()
    # Hours that differ by weekday: (weekday, start, end), overriding work_start–work_end on
    # that weekday. An end at or before the start runs past midnight into the next day.
    day_hours: tuple[tuple[int, time, time], ...] = ()
    hours_off: tuple[tuple[datetime, datetime], ...] = ()  # part-day absences, UTC instants
    last_day: date | None = None  # the last date they work here (a known leaving date)
    # Hours already worked on the line in the year before the horizon (support staff's share
    # of the line is balanced in hours, this history included).
    line_hours: float = 0.0
    # Soft: hours they prefer and hours they would rather not work, (weekday, start, end) in
    # their zone (an end at or before the start runs past midnight). On a weekday with
    # preferred hours, time outside them counts as not preferred too.
    preferred_hours: tuple[tuple[int, time, time], ...] = ()
    avoided_hours: tuple[tuple[int, time, time], ...] = ()

    @cached_property
    def windows(self) -> tuple[tuple[time, time] | None, ...]:
        """Working hours on each weekday (Mon = 0), None on days outside the working week."""
        own = {day: (start, end) for day, start, end in self.day_hours}
        return tuple(
            own.get(day, (self.work_start, self.work_end)) if day in self.workdays else None
            for day in range(7)
        )

    @cached_property
    def week_minutes(self) -> int:
        """Minutes of the working week (hours past midnight included)."""
        total = 0
        for window in self.windows:
            if window is not None:
                start, end = window
                minutes = (end.hour - start.hour) * 60 + end.minute - start.minute
                total += minutes if minutes > 0 else minutes + 24 * 60
        return total

    @cached_property
    def hours_key(self) -> tuple[str, tuple[tuple[time, time] | None, ...]]:
        """What decides which places a person's working hours take in: their zone and their
        hours by weekday. People who share it share those places."""
        return (self.timezone, self.windows)

    @cached_property
    def off_dates(self) -> tuple[date, ...]:
        """Their public holidays and days of leave, in order (searched by bisection)."""
        return tuple(sorted(self.holidays | self.days_off))

    @cached_property
    def preferred(self) -> tuple[tuple[time, time] | None, ...]:
        own = {day: (start, end) for day, start, end in self.preferred_hours}
        return tuple(own.get(day) for day in range(7))

    @cached_property
    def avoided(self) -> tuple[tuple[time, time] | None, ...]:
        own = {day: (start, end) for day, start, end in self.avoided_hours}
        return tuple(own.get(day) for day in range(7))


@dataclass(frozen=True)
class Shift:
    id: int
    name: str
    start: time
    end: time
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    timezone: str = "America/New_York"
    # Days the shift is closed: None follows the line's public holidays (Settings.holidays);
    # a set is its own region's (empty: it stays open on holidays with those who work them).
    holidays: frozenset[date] | None = None


@dataclass(frozen=True)
class CoverageNeed:
    channel: str
    shift_id: int
    min_people: int
    max_people: int
    skill: str | None = None
    skill_min: int = 0
    # HR's word that seats above the minimum are filled, up to the maximum, with support
    # staff who are free; otherwise the support team sits only where the line needs it.
    fill_to_max: bool = False


@dataclass(frozen=True)
class Rule:
    id: int
    name: str
    applies_to: str = EVERYONE
    department_ids: frozenset[int] = frozenset()
    days_per_turn: int = 5
    turn_weeks: int = 1
    turns_per_cycle: int = 1
    cycle_weeks: int = 52
    cooldown_weeks: int = 0
    start_within_weeks: int | None = None
    with_mentor: bool = False


@dataclass(frozen=True)
class History:
    """A turn someone already did (or has published) before the horizon."""

    person_id: int
    week_start: date
    rule_id: int | None = None


@dataclass(frozen=True)
class Pin:
    """A week fixed by hand or by the freeze window: on the line (with days) or kept off it."""

    person_id: int
    week: int
    on_line: bool = True
    days: int | None = None
    rule_id: int | None = None


@dataclass(frozen=True)
class Settings:
    mentees_per_mentor: int = 2  # beside one mentor on one shift
    mentees_per_mentor_week: int = 3  # different new hires one mentor takes in a week (0: any)
    max_days_per_week: int = 5
    max_shifts_per_day: int = 1
    holidays: frozenset[date] = frozenset()
    weight_fairness: int = 10
    weight_preferences: int = 5
    weight_stability: int = 20


@dataclass(frozen=True)
class WeekTurn:
    person_id: int
    week: int
    days: int
    rule_id: int
    block: int = 1  # week 1 of 2 ...
    turn_weeks: int = 1
    with_mentor: bool = False


@dataclass(frozen=True)
class MentorPair:
    """HR's word on a mentor and a new hire: pair them where possible, or never."""

    mentee_id: int
    mentor_id: int
    prefer: bool  # False: avoid


def mentee_weeks(turns: Iterable[WeekTurn]) -> frozenset[tuple[int, int]]:
    """(person, week) of new hires beside a mentor. MENTEES ON TOP: a new hire does not yet
    cover the line on their own, so their seats come on top of a shift's coverage — they
    never count towards its minimum or maximum, nor supply the seats stage A plans for."""
    return frozenset((t.person_id, t.week) for t in turns if t.with_mentor)


class ShiftAssignment(NamedTuple):
    """A seat: who sits which shift on which channel that line day. A named tuple, not a
    dataclass: a 10,000-person year has 117,000 of them, made afresh by every solve."""

    person_id: int
    day: date
    shift_id: int
    channel: str
    role: str = "rotator"  # rotator | support
    mentor_id: int | None = None


@dataclass(frozen=True)
class Cause:
    """Why a group of people could not close a gap: what stopped them, and how many."""

    kind: str  # hours | skill | not_hired | exempt | weekend | holiday | leave | seated | ...
    people: int
    text: str  # the clause a sentence is built from, e.g. "12 on leave"
    structural: bool = False  # true whatever the plan: hours, skills, headcount


@dataclass(frozen=True)
class Gap:
    kind: str  # obligation | seats | skill | cap | mentor | coverage | days | input
    message: str
    week: int | None = None
    day: date | None = None
    shift_id: int | None = None
    channel: str | None = None
    person_id: int | None = None
    department_id: int | None = None
    short: int = 0
    causes: tuple[Cause, ...] = ()


@dataclass(frozen=True)
class SolveStats:
    status: str
    objective: float
    best_bound: float
    gap_pct: float
    stage_a_s: float
    stage_b_s: float
    total_s: float
    obligations: int = 0
    obligations_met: int = 0
    seats_needed: int = 0
    seats_filled: int = 0
    shifts_needed: int = 0
    shifts_filled: int = 0
    workers: int = 1
    seed: int = 0


@dataclass(frozen=True)
class Fairness:
    turns_per_person: dict[int, int]
    days_per_person: dict[int, int]
    rotators_per_week: list[int]
    week_spread: int  # busiest week minus quietest week (rotators)
    department_share: dict[int, float]  # peak share of a department away in one week
    score: int  # 0–100
    score_notes: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    turns: tuple[WeekTurn, ...]
    assignments: tuple[ShiftAssignment, ...]
    gaps: tuple[Gap, ...]
    stats: SolveStats
    fairness: Fairness | None = None
    warnings: tuple[str, ...] = ()  # needs no plan could ever meet, found before solving
    # Each week's seating fingerprint (stage_b/fingerprint.py), by its Monday: a re-plan
    # keeps a week whose fingerprint still matches as it is.
    seat_fingerprints: tuple[tuple[date, str], ...] = ()
    # Each week's diagnosis fingerprint (diagnosis_fingerprint.py), by its Monday: a re-plan
    # keeps a week's seat gaps as they were while it still matches.
    gap_fingerprints: tuple[tuple[date, str], ...] = ()
    # Weeks (by Monday) whose seats are the previous plan's, exactly as the re-plan read
    # them: whoever stores the plan may copy them rather than write them again.
    seated_as_before: frozenset[date] = frozenset()


@dataclass(frozen=True)
class Problem:
    horizon: Horizon
    departments: tuple[Department, ...]
    people: tuple[Person, ...]
    shifts: tuple[Shift, ...]
    needs: tuple[CoverageNeed, ...]
    rules: tuple[Rule, ...]
    settings: Settings = field(default_factory=Settings)
    history: tuple[History, ...] = ()
    pins: tuple[Pin, ...] = ()
    previous: tuple[WeekTurn, ...] = ()  # the plan a re-plan should stay close to
    previous_shifts: tuple[ShiftAssignment, ...] = ()  # its seats, kept where they still fit
    frozen_weeks: int = 0  # the first weeks keep exactly their pinned turns
    seat_fingerprints: tuple[tuple[date, str], ...] = ()  # the previous plan's, by Monday
    previous_gaps: tuple[Gap, ...] = ()  # the previous plan's, in its order
    gap_fingerprints: tuple[tuple[date, str], ...] = ()  # the previous plan's, by Monday
    mentor_pairs: tuple[MentorPair, ...] = ()
    # (mentee, mentor) pairings before the horizon: a new hire meets someone new each time.
    past_mentors: tuple[tuple[int, int], ...] = ()

    @property
    def person_weeks(self) -> int:
        """People × weeks: what the solve's time reserves grow with."""
        return len(self.people) * self.horizon.weeks

    @cached_property
    def support_ids(self) -> frozenset[int]:
        """The support team's departments."""
        return frozenset(d.id for d in self.departments if d.is_support)

    @cached_property
    def _channels(self) -> frozenset[str]:
        return frozenset(n.channel for n in self.needs)

    def mentors_on(self, person: Person) -> frozenset[str]:
        """Channels the person mentors on, one rule for every stage: HR's pool first (in on
        every channel, or out), then the support team everywhere, others where they have grown."""
        if person.mentor is not None:
            return self._channels if person.mentor else frozenset()
        if person.department_id in self.support_ids:
            return self._channels
        return person.experienced_channels & self._channels

    def shift_runs(self, shift: Shift, day: date) -> bool:
        """The shift runs that day: its weekday, and no holiday of its calendar (its own
        region's, or the line's when it has none)."""
        closed = self.settings.holidays if shift.holidays is None else shift.holidays
        return day.weekday() in shift.weekdays and day not in closed
