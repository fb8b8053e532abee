"""Who can be on the line when: line days, working-hour fits, days off, seat demand."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from solver.model import CoverageNeed, Person, Problem
from solver.timeline import (
    Interval,
    Windows,
    day_off_reason,
    local_date_in_hours,
    mostly_off,
    off_for_hours,
    overlaps,
    seat_interval,
    unwanted_minutes,
    workdays_of_week,
)

Place = tuple[date, int]  # a shift on a line day
PersonSeat = tuple[date, int, date]  # line day, shift, the person's own date


@dataclass(frozen=True)
class LineDay:
    day: date
    week: int
    shifts: tuple[int, ...]  # shift ids running that day


class Availability:
    """Precomputed calendar facts that both stages share (see solver/timeline.py)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.horizon = problem.horizon
        self.shifts = {s.id: s for s in problem.shifts}
        self.departments = {d.id: d for d in problem.departments}
        self._hours_cache: dict[tuple[str, Windows], dict[Place, date]] = {}
        self._seats: dict[tuple[int, int], tuple[PersonSeat, ...]] = {}
        self._fits: dict[tuple[str, Windows], frozenset[Place]] = {}
        self._shared: dict[tuple, tuple[PersonSeat, ...]] = {}
        self._dates: dict[tuple, tuple[date, ...]] = {}
        self._leave: dict[int, frozenset[int]] = {}
        self._most_days: dict[int, list[int]] = {}
        self._turn_days: dict[tuple[int, int], list[int]] = {}
        self._shared_most: dict[tuple, list[int]] = {}
        self._mondays = [problem.horizon.week_start(w) for w in range(problem.horizon.weeks + 1)]
        self._working: dict[tuple, list[date]] = {}
        self._support_days: dict[tuple[int, str | None], int] = {}
        self._support_weeks: dict[int, list[tuple[Person, int]]] = {}
        self._skill_demand: dict[str, dict[int, int]] = {}

    @cached_property
    def line_days(self) -> dict[int, list[LineDay]]:
        """Days of each week on which at least one shift runs (its weekday, and no public
        holiday of the shift's calendar)."""
        weeks: dict[int, list[LineDay]] = defaultdict(list)
        for week in range(self.horizon.weeks):
            monday = self.horizon.week_start(week)
            for offset in range(7):
                day = monday + timedelta(days=offset)
                running = tuple(
                    s.id for s in self.problem.shifts if self.problem.shift_runs(s, day)
                )
                if running:
                    weeks[week].append(LineDay(day, week, running))
        return weeks

    def places(self, week: int) -> list[Place]:
        """Every (line day, shift) of the week."""
        return [(d.day, s) for d in self.line_days.get(week, []) for s in d.shifts]

    def interval(self, place: Place) -> Interval:
        return seat_interval(place[0], self.shifts[place[1]])

    def clashes(self, week: int) -> tuple[tuple[Place, Place], ...]:
        """Pairs of the week's places whose UTC intervals overlap on their actual dates."""
        places = sorted(self.places(week))
        spans = [self.interval(p) for p in places]
        return tuple(
            (places[i], places[j])
            for i in range(len(places))
            for j in range(i + 1, len(places))
            if overlaps(spans[i], spans[j])
        )

    def hours_fit(self, person: Person) -> dict[Place, date]:
        """Places inside the person's local working hours → the person's own date of each."""
        key = person.hours_key
        cached = self._hours_cache.get(key)
        if cached is None:
            cached = {}
            for week in range(self.horizon.weeks):
                for place in self.places(week):
                    local = local_date_in_hours(
                        self.interval(place), person.timezone, person.windows
                    )
                    if local is not None:
                        cached[place] = local
            self._hours_cache[key] = cached
        return cached

    def unwanted(self, person: Person, place: Place) -> int:
        """Minutes of the seat the person would rather not work (timeline.unwanted_minutes)."""
        return unwanted_minutes(
            self.interval(place), person.timezone, person.preferred, person.avoided
        )

    def fits(self, person: Person) -> frozenset[Place]:
        """Places inside the person's working hours (days off not considered)."""
        key = person.hours_key
        cached = self._fits.get(key)
        if cached is None:
            cached = self._fits[key] = frozenset(self.hours_fit(person))
        return cached

    def seats(self, person: Person, week: int) -> tuple[PersonSeat, ...]:
        """(line day, shift, own date) the person may sit that week: inside their hours, on a
        date of theirs that is no weekend, public holiday, leave, before hire or exempt."""
        key = (person.id, week)
        cached = self._seats.get(key)
        if cached is None:
            # People who share hours, weekdays and holidays share their seats; only leave,
            # a start date or an exemption near the week needs a look at each seat.
            cached = self._shared_seats(person, week)
            if not self._plain_week(person, week):
                cached = tuple(
                    s
                    for s in cached
                    if day_off_reason(person, s[2]) is None
                    and not off_for_hours(person, self.interval((s[0], s[1])))
                )
            self._seats[key] = cached
        return cached

    def _plain_week(self, person: Person, week: int) -> bool:
        """Nothing of the person's own (leave, start, exemption) touches this week."""
        if week in self._leave_weeks(person):
            return False
        before = self._mondays[week] - timedelta(days=1)  # a seat's own date may be a day early
        after = self._mondays[week + 1] + timedelta(days=1)
        return (
            person.hire_date <= before
            and (person.exempt_until is None or person.exempt_until < before)
            and (person.last_day is None or person.last_day >= after)
        )

    def _shared_key(self, person: Person, week: int) -> tuple:
        return (person.timezone, person.windows, person.holidays, week)

    def _shared_seats(self, person: Person, week: int) -> tuple[PersonSeat, ...]:
        key = self._shared_key(person, week)
        cached = self._shared.get(key)
        if cached is None:
            hours = self.hours_fit(person)
            found = []
            for place in self.places(week):
                local = hours.get(place)
                if local is not None and local not in person.holidays:
                    found.append((place[0], place[1], local))
            cached = self._shared[key] = tuple(found)
        return cached

    def _leave_weeks(self, person: Person) -> frozenset[int]:
        cached = self._leave.get(person.id)
        if cached is None:
            # A seat's own date may fall a day either side of its line week.
            days = set(person.days_off) | {off[0].date() for off in person.hours_off}
            cached = frozenset(
                w
                for d in days
                for w in (
                    self.horizon.week_of(d - timedelta(1)),
                    self.horizon.week_of(d + timedelta(1)),
                )
            )
            self._leave[person.id] = cached
        return cached

    def workable_days(self, person: Person, week: int) -> tuple[date, ...]:
        """The person's own dates of the week on which they can sit at least one seat."""
        if person.hours_off:  # a part-day absence is a matter of each seat's hours
            return tuple(sorted({local for _, _, local in self.seats(person, week)}))
        dates = self._shared_dates(person, week)
        if self._plain_week(person, week):
            return dates
        # Without part-day absences a seat is refused for its date alone: one look per date.
        return tuple(d for d in dates if day_off_reason(person, d) is None)

    def _shared_dates(self, person: Person, week: int) -> tuple[date, ...]:
        """The own dates of the seats everyone of the person's calendar shares that week."""
        key = self._shared_key(person, week)
        cached = self._dates.get(key)
        if cached is None:
            shared = self._shared_seats(person, week)
            cached = self._dates[key] = tuple(sorted({local for _, _, local in shared}))
        return cached

    def mostly_away(self, person: Person, week: int) -> bool:
        """timeline.mostly_away, on working dates shared by all of the person's calendar."""
        working = self._working_dates(person, week)
        if week in self._leave_weeks(person):
            return mostly_off(working, person.days_off)
        return not working

    def _working_dates(self, person: Person, week: int) -> list[date]:
        """timeline.workdays_of_week, shared by everyone of the person's weekdays and
        holidays."""
        key = (person.workdays, person.holidays, week)
        working = self._working.get(key)
        if working is None:
            monday = self.horizon.week_start(week)
            working = self._working[key] = workdays_of_week(person, monday)
        return working

    def turn_days(self, person: Person, week: int, days_per_turn: int) -> int:
        """Days a turn can carry that week: the rule's days, fewer if holidays or leave cut in."""
        days = self.turn_days_by_week(person, days_per_turn)
        return days[week] if 0 <= week < len(days) else 0

    def turn_days_by_week(self, person: Person, days_per_turn: int) -> list[int]:
        """turn_days for every week of the horizon (stage A asks it of every start)."""
        key = (person.id, days_per_turn)
        cached = self._turn_days.get(key)
        if cached is None:
            most = self.most_days(person)
            cached = self._turn_days[key] = [min(days_per_turn, d) for d in most]
        return cached

    def most_days(self, person: Person) -> list[int]:
        """The most turn days the person can carry in each week of the horizon."""
        cached = self._most_days.get(person.id)
        if cached is None:
            # Weeks nothing of the person's own touches share one answer with everyone of the
            # same hours, weekdays and holidays; only the others are worked out one by one.
            weeks = self.horizon.weeks
            key = self._shared_key(person, -1)
            shared = self._shared_most.get(key)
            if shared is None:
                shared = self._shared_most[key] = [
                    self._shared_most_in(person, w) for w in range(weeks)
                ]
            cached = list(shared)
            own = set(self._leave_weeks(person))
            for limit in (person.hire_date, person.exempt_until):
                w = 0
                while limit is not None and w < weeks and limit > self._mondays[w] - timedelta(1):
                    own.add(w)
                    w += 1
            if person.last_day is not None:
                own.update(range(max(0, self.horizon.week_of(person.last_day) - 1), weeks))
            for w in own:
                if 0 <= w < weeks:
                    cached[w] = self._most_days_in(person, w)
            self._most_days[person.id] = cached
        return cached

    def _shared_most_in(self, person: Person, week: int) -> int:
        """As _most_days_in, for what all who share the person's calendar have in common."""
        if not self._working_dates(person, week):
            return 0
        days = len(self._shared_dates(person, week))
        return min(days, self.problem.settings.max_days_per_week)

    def _most_days_in(self, person: Person, week: int) -> int:
        if self.mostly_away(person, week):
            return 0
        return min(len(self.workable_days(person, week)), self.problem.settings.max_days_per_week)

    @cached_property
    def closed_departments(self) -> frozenset[int]:
        """Departments whose cap is 0: nobody from them rotates (a hard rule, not a cost)."""
        return frozenset(
            d.id for d in self.problem.departments if not d.is_support and d.max_away_fraction <= 0
        )

    @cached_property
    def support_people(self) -> list[Person]:
        support = self.problem.support_ids
        return [p for p in self.problem.people if p.department_id in support]

    def support_mentors(self, week: int) -> int:
        """Support staff who mentor and can work some day of the week."""
        return sum(1 for p, days in self._support_week(week) if days and self.problem.mentors_on(p))

    def _support_week(self, week: int) -> list[tuple[Person, int]]:
        """Each support staffer with the number of days they can work that week."""
        cached = self._support_weeks.get(week)
        if cached is None:
            cached = self._support_weeks[week] = [
                (p, len(self.workable_days(p, week))) for p in self.support_people
            ]
        return cached

    @cached_property
    def shift_demand(self) -> dict[int, int]:
        """Person-shifts the coverage needs ask for in each week (minimums)."""
        return self._per_week(lambda need: need.min_people)

    @cached_property
    def shift_capacity(self) -> dict[int, int]:
        """Person-shifts the coverage needs can absorb in each week (maximums)."""
        return self._per_week(lambda need: need.max_people)

    def skill_demand(self, skill: str) -> dict[int, int]:
        """Person-shifts with the skill the coverage needs ask for in each week."""
        cached = self._skill_demand.get(skill)
        if cached is None:
            cached = self._skill_demand[skill] = self._per_week(
                lambda need: need.skill_min if need.skill == skill else 0
            )
        return cached

    def _per_week(self, seats: Callable[[CoverageNeed], int]) -> dict[int, int]:
        """`seats` of every need, summed over the shifts running in each week."""
        per_shift: dict[int, int] = defaultdict(int)
        for need in self.problem.needs:
            per_shift[need.shift_id] += seats(need)
        return {
            week: sum(per_shift[s] for d in self.line_days.get(week, []) for s in d.shifts)
            for week in range(self.horizon.weeks)
        }

    @cached_property
    def skills_needed(self) -> list[str]:
        return sorted({n.skill for n in self.problem.needs if n.skill and n.skill_min > 0})

    def support_days(self, week: int, skill: str | None = None) -> int:
        """Person-shifts the permanent support team provides that week: one a working day.

        A second shift a day is flex that stage B may use to close a gap, not capacity to
        plan rotators against: counted here it would make the line look full.
        """
        key = (week, skill)
        cached = self._support_days.get(key)
        if cached is None:
            most = self.problem.settings.max_days_per_week
            cached = self._support_days[key] = sum(
                min(days, most)
                for person, days in self._support_week(week)
                if skill is None or skill in person.skills
            )
        return cached

    def seat_demand(self, week: int) -> int:
        """Person-days rotators must add so the week's minimum coverage holds."""
        return max(0, self.shift_demand.get(week, 0) - self.support_days(week))

    def seat_capacity(self, week: int) -> int:
        return max(0, self.shift_capacity.get(week, 0) - self.support_days(week))

    def skill_seat_demand(self, skill: str, week: int) -> int:
        return max(0, self.skill_demand(skill).get(week, 0) - self.support_days(week, skill))
