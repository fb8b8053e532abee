"""Who can be on the line when: line days, working-hour fits, days off, seat demand."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from solver.model import Person, Problem, Shift

MOSTLY_AWAY = 0.5  # away more than half the line's days: no rotation that week


@dataclass(frozen=True)
class LineDay:
    day: date
    week: int
    shifts: tuple[int, ...]  # shift ids running that day


class Availability:
    """Precomputed calendar facts that both stages share."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.horizon = problem.horizon
        self.shifts = {s.id: s for s in problem.shifts}
        self.departments = {d.id: d for d in problem.departments}
        self._fit_cache: dict[tuple[str, object, object], frozenset[tuple[date, int]]] = {}
        self._workable: dict[tuple[int, int], tuple[date, ...]] = {}

    @cached_property
    def line_days(self) -> dict[int, list[LineDay]]:
        """Days of each week on which at least one shift runs and that are no public holiday."""
        holidays = self.problem.settings.holidays
        weeks: dict[int, list[LineDay]] = defaultdict(list)
        for week in range(self.horizon.weeks):
            monday = self.horizon.week_start(week)
            for offset in range(7):
                day = monday + timedelta(days=offset)
                if day in holidays:
                    continue
                running = tuple(s.id for s in self.problem.shifts if day.weekday() in s.weekdays)
                if running:
                    weeks[week].append(LineDay(day, week, running))
        return weeks

    def fits(self, person: Person) -> frozenset[tuple[date, int]]:
        """(day, shift) pairs inside the person's local working hours (DST-aware)."""
        key = (person.timezone, person.work_start, person.work_end)
        cached = self._fit_cache.get(key)
        if cached is None:
            cached = frozenset(self._compute_fits(person))
            self._fit_cache[key] = cached
        return cached

    def _compute_fits(self, person: Person) -> set[tuple[date, int]]:
        local = ZoneInfo(person.timezone)
        result = set()
        for days in self.line_days.values():
            for line_day in days:
                for shift_id in line_day.shifts:
                    shift = self.shifts[shift_id]
                    if _shift_fits(shift, line_day.day, local, person):
                        result.add((line_day.day, shift_id))
        return result

    def workable_days(self, person: Person, week: int) -> tuple[date, ...]:
        """Line days of the week the person can work at least one shift and is not off."""
        key = (person.id, week)
        cached = self._workable.get(key)
        if cached is None:
            cached = self._workable[key] = tuple(self._compute_workable(person, week))
        return cached

    def _compute_workable(self, person: Person, week: int) -> list[date]:
        fits = self.fits(person)
        days = []
        for line_day in self.line_days.get(week, []):
            if line_day.day in person.days_off:
                continue
            if person.exempt_until and line_day.day <= person.exempt_until:
                continue
            if line_day.day < person.hire_date:
                continue
            if any((line_day.day, s) in fits for s in line_day.shifts):
                days.append(line_day.day)
        return days

    def mostly_away(self, person: Person, week: int) -> bool:
        line_days = self.line_days.get(week, [])
        if not line_days:
            return True
        off = sum(1 for d in line_days if d.day in person.days_off)
        return off > MOSTLY_AWAY * len(line_days)

    def turn_days(self, person: Person, week: int, days_per_turn: int) -> int:
        """Days a turn can carry that week: the rule's days, fewer if holidays or leave cut in."""
        if self.mostly_away(person, week):
            return 0
        workable = len(self.workable_days(person, week))
        limit = self.problem.settings.max_days_per_week
        return min(days_per_turn, workable, limit)

    @cached_property
    def support_people(self) -> list[Person]:
        support = {d.id for d in self.problem.departments if d.is_support}
        return [p for p in self.problem.people if p.department_id in support]

    @cached_property
    def shift_demand(self) -> dict[int, int]:
        """Person-shifts the coverage needs ask for in each week (minimums)."""
        per_shift: dict[int, int] = defaultdict(int)
        for need in self.problem.needs:
            per_shift[need.shift_id] += need.min_people
        return {
            week: sum(per_shift[s] for d in self.line_days.get(week, []) for s in d.shifts)
            for week in range(self.horizon.weeks)
        }

    @cached_property
    def shift_capacity(self) -> dict[int, int]:
        """Person-shifts the coverage needs can absorb in each week (maximums)."""
        per_shift: dict[int, int] = defaultdict(int)
        for need in self.problem.needs:
            per_shift[need.shift_id] += need.max_people
        return {
            week: sum(per_shift[s] for d in self.line_days.get(week, []) for s in d.shifts)
            for week in range(self.horizon.weeks)
        }

    def skill_demand(self, skill: str) -> dict[int, int]:
        per_shift: dict[int, int] = defaultdict(int)
        for need in self.problem.needs:
            if need.skill == skill:
                per_shift[need.shift_id] += need.skill_min
        return {
            week: sum(per_shift[s] for d in self.line_days.get(week, []) for s in d.shifts)
            for week in range(self.horizon.weeks)
        }

    @cached_property
    def skills_needed(self) -> list[str]:
        return sorted({n.skill for n in self.problem.needs if n.skill and n.skill_min > 0})

    def support_days(self, week: int, skill: str | None = None) -> int:
        """Person-shifts the permanent support team provides that week."""
        per_day = self.problem.settings.max_shifts_per_day
        total = 0
        for person in self.support_people:
            if skill is not None and skill not in person.skills:
                continue
            days = min(
                len(self.workable_days(person, week)), self.problem.settings.max_days_per_week
            )
            total += days * per_day
        return total

    def seat_demand(self, week: int) -> int:
        """Person-days rotators must add so the week's minimum coverage holds."""
        return max(0, self.shift_demand.get(week, 0) - self.support_days(week))

    def seat_capacity(self, week: int) -> int:
        return max(0, self.shift_capacity.get(week, 0) - self.support_days(week))

    def skill_seat_demand(self, skill: str, week: int) -> int:
        return max(0, self.skill_demand(skill).get(week, 0) - self.support_days(week, skill))


def _shift_fits(shift: Shift, day: date, local: ZoneInfo, person: Person) -> bool:
    line = ZoneInfo(shift.timezone)
    start = datetime.combine(day, shift.start, tzinfo=line).astimezone(local)
    end = datetime.combine(day, shift.end, tzinfo=line).astimezone(local)
    if start.date() != end.date():
        return False
    return person.work_start <= start.time() and end.time() <= person.work_end
