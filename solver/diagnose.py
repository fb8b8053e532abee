"""Gaps in the seats of a plan, each with its diagnosis.

Gaps are found from the plan itself (turns and seats), so the solver and every change by hand
report them the same way. For a seat left short, the people who could in principle have sat
there are split by the first reason they could not: structural ones first (working hours,
skills: true whatever the plan), then the day (not hired yet, exempt, weekend, public holiday,
leave), then the week (already seated at that time, at a daily or weekly limit, their turn's
days all placed, department at its cap, not due to rotate). Only groups with people in them are
reported, so no cause is named that does not apply.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from solver.availability import Availability
from solver.model import Cause, Person, Problem, ShiftAssignment, WeekTurn, department_cap
from solver.obligations import Obligation
from solver.timeline import HOURS_OFF, day_off_reason, may_be_off, off_for_hours

WEEKDAY = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_REASONS = {
    "not_hired": "not started yet",
    "exempt": "exempt",
    "weekend": "on their weekend",
    "holiday": "on a public holiday of theirs",
    "leave": "on leave",
    "left": "gone by then (past their last day)",
    "hours_off": "away for some of those hours",
}
WEEK_REASONS = {
    "seated": "already seated at that time",
    "day_limit": "already at their shifts-per-day limit",
    "turn_days": "already working all the days their turn carries",
    "week_limit": "already at their days-per-week limit",
    "cap": "in a department at its cap that week",
    "other_week": "rotating in another week",
    "not_due": "not due to rotate",
    "free": "on the line and free (a seat the plan could still fill)",
}


def people_phrase(n: int) -> str:
    return f"{n} person" if n == 1 else f"{n} people"


class Diagnosis:
    """Everything about a plan that the causes of its gaps are read from."""

    def __init__(
        self,
        problem: Problem,
        avail: Availability,
        obligations: list[Obligation],
        turns: Iterable[WeekTurn],
        assignments: Iterable[ShiftAssignment],
    ) -> None:
        self.problem = problem
        self.avail = avail
        self.people = {p.id: p for p in problem.people}
        self.support = {p.id for p in avail.support_people}
        self.turns = {(t.person_id, t.week): t for t in turns}
        self.turns_in: dict[int, dict[int, WeekTurn]] = defaultdict(dict)
        for (person_id, week), turn in self.turns.items():
            self.turns_in[week][person_id] = turn
        self.seated: dict[int, set[tuple[date, int]]] = defaultdict(set)
        self.shifts_on: Counter[tuple[int, date]] = Counter()
        self.dates_in: dict[tuple[int, int], set[date]] = defaultdict(set)
        self.staffed: Counter[tuple[date, int, str]] = Counter()
        self.by_slot: dict[tuple[date, int, str], list[int]] = defaultdict(list)
        for a in assignments:
            person = self.people.get(a.person_id)
            local = avail.hours_fit(person).get((a.day, a.shift_id)) if person else None
            self.seated[a.person_id].add((a.day, a.shift_id))
            held = self.turns.get((a.person_id, problem.horizon.week_of(a.day)))
            if held is None or not held.with_mentor:  # mentees come on top of coverage
                self.staffed[(a.day, a.shift_id, a.channel)] += 1
            self.by_slot[(a.day, a.shift_id, a.channel)].append(a.person_id)
            if local is not None:
                self.shifts_on[(a.person_id, local)] += 1
                self.dates_in[(a.person_id, problem.horizon.week_of(a.day))].add(local)
        members = Counter(p.department_id for p in problem.people)
        self.caps = {
            d.id: department_cap(d.max_away_fraction, members[d.id])
            for d in problem.departments
            if not d.is_support
        }
        self.away: Counter[tuple[int, int]] = Counter(
            (self.people[p].department_id, w) for p, w in self.turns if p in self.people
        )
        # The weeks each person may be on the line for an obligation: a range per obligation.
        self.due: dict[int, list[range]] = defaultdict(list)
        for ob in obligations:
            self.due[ob.person_id].append(range(ob.earliest, ob.latest + ob.turn_weeks))
        self._reasons: dict[tuple, Counter[str]] = {}
        # People who share a zone and working hours share the places their hours take in.
        hours: dict[tuple, list[Person]] = defaultdict(list)
        for person in problem.people:
            hours[person.hours_key].append(person)
        self.by_hours = list(hours.values())
        self._pools: dict[tuple, list[list[Person]]] = {}
        self._splits: dict[tuple, tuple[list[Person], list[Person]]] = {}
        self._away_reasons: dict[tuple, Counter[str]] = {}
        self._week_reasons: dict[tuple, tuple[Counter[str], list[Person]]] = {}
        self.clash: dict[tuple[date, int], set[tuple[date, int]]] = defaultdict(set)
        for week in range(problem.horizon.weeks):
            for first, second in avail.clashes(week):
                self.clash[first].add(second)
                self.clash[second].add(first)

    def mentor_test(self, channel: str) -> Callable[[Person], bool]:
        def can_mentor(person: Person) -> bool:
            return channel in self.problem.mentors_on(person)

        return can_mentor

    def reason(self, person: Person, place: tuple[date, int], week: int) -> str:
        """The first reason this person could not take this seat ("free" when none)."""
        local = self.avail.hours_fit(person).get(place)
        if local is None:
            return "hours"
        off = day_off_reason(person, local)
        if off is not None:
            return off
        if person.hours_off and off_for_hours(person, self.avail.interval(place)):
            return HOURS_OFF
        on_line = person.id in self.support or (person.id, week) in self.turns
        if not on_line:
            return self._week_reason(person, week)
        seated = self.seated.get(person.id, set())
        if place in seated or seated & self.clash.get(place, set()):
            return "seated"
        if self.shifts_on[(person.id, local)] >= self.problem.settings.max_shifts_per_day:
            return "day_limit"
        dates = self.dates_in[(person.id, week)]
        if local not in dates:
            if person.id in self.support:
                if len(dates) >= self.problem.settings.max_days_per_week:
                    return "week_limit"
            elif len(dates) >= self.turns[(person.id, week)].days:
                return "turn_days"
        return "free"

    def _week_reason(self, person: Person, week: int) -> str:
        """Why someone free that day is not on the line this week."""
        dept = person.department_id
        if self.away[(dept, week)] >= self.caps.get(dept, 0):
            return "cap"
        if not any(week in weeks for weeks in self.due.get(person.id, ())):
            return "not_due"
        return "other_week"

    def _pool(
        self, skill: str | None, who: Callable[[Person], bool] | None, label: str
    ) -> list[list[Person]]:
        """The people a seat could ask (passing `who`, holding `skill`), by hours group; the
        label names `who`."""
        key = (skill, label)
        found = self._pools.get(key)
        if found is None:
            found = self._pools[key] = [
                [
                    p
                    for p in group
                    if (who is None or who(p)) and (skill is None or skill in p.skills)
                ]
                for group in self.by_hours
            ]
        return found

    def _count_reasons(
        self, place: tuple[date, int], week: int, which: tuple[str | None, str]
    ) -> Counter[str]:
        """`reason` over the pool `which` names, by hours group. A group whose hours leave the
        place out counts as "hours" whole. Otherwise the place falls on one date of theirs,
        and for people off the line that week without hours off the reason depends on that
        date and the week alone: counted once per date, not once per place."""
        reasons: Counter[str] = Counter()
        for index, pool in enumerate(self._pools[which]):
            if not pool:
                continue
            local = self.avail.hours_fit(pool[0]).get(place)
            if local is None:
                reasons["hours"] += len(pool)
                continue
            away, each = self._split(which, index, week)
            key = (which, index, local, week)
            counted = self._away_reasons.get(key)
            if counted is None:
                counted = self._away_on(which, index, place, local, week)
                self._away_reasons[key] = counted
            reasons.update(counted)
            reasons.update(self.reason(p, place, week) for p in each)
        return reasons

    def _away_on(
        self,
        which: tuple[str | None, str],
        index: int,
        place: tuple[date, int],
        local: date,
        week: int,
    ) -> Counter[str]:
        """`reason` for a pool group's people off the line this week, on one date of theirs:
        the week's reason of each (counted once a week), unless a day off of theirs comes
        first that date — asked only of those with a day off near the week."""
        away, _ = self._split(which, index, week)
        if away and local.weekday() not in away[0].workdays:
            return Counter(self.reason(p, place, week) for p in away)
        found = self._week_reasons.get((which, index, week))
        if found is None:
            monday = self.problem.horizon.week_start(week)
            first, last = monday - timedelta(days=1), monday + timedelta(days=7)
            found = self._week_reasons[(which, index, week)] = (
                Counter(self._week_reason(p, week) for p in away),
                [p for p in away if may_be_off(p, first, last)],
            )
        counted = Counter(found[0])
        for person in found[1]:
            off = day_off_reason(person, local)
            if off is not None:
                counted[self._week_reason(person, week)] -= 1
                counted[off] += 1
        return +counted

    def _split(
        self, which: tuple[str | None, str], index: int, week: int
    ) -> tuple[list[Person], list[Person]]:
        """A pool group's people off the line this week without hours off, and the rest."""
        key = (which, index, week)
        found = self._splits.get(key)
        if found is None:
            away: list[Person] = []
            each: list[Person] = []
            for p in self._pools[which][index]:
                on_line = p.id in self.support or p.id in self.turns_in[week]
                (each if on_line or p.hours_off else away).append(p)
            found = self._splits[key] = (away, each)
        return found

    def causes(
        self,
        place: tuple[date, int],
        week: int,
        asked: int,
        skill: str | None = None,
        who: Callable[[Person], bool] | None = None,
        label: str = "",
    ) -> tuple[Cause, ...]:
        """Causes for a seat that needed `asked` people (of `skill`, or passing `who`)."""
        shift = self.avail.shifts[place[1]]
        pools = self._pool(skill, who, label)
        size = sum(len(pool) for pool in pools)
        causes: list[Cause] = []
        if skill is not None:
            have = f"only {size} people" if size else "nobody"
            if size >= asked:
                have = people_phrase(size)
            causes.append(
                Cause(
                    "skill",
                    size,
                    f"{have} in the company {'has' if size < 2 else 'have'} skill "
                    f"{skill!r}; this need asks for {asked} on every shift",
                    structural=size < asked,
                )
            )
        elif who is not None:
            causes.append(Cause("pool", size, f"{people_phrase(size)} {label}", False))
        key = (place, week, skill, label)
        reasons = self._reasons.get(key)
        if reasons is None:
            reasons = self._reasons[key] = self._count_reasons(place, week, (skill, label))
        reasons = Counter(reasons)
        unfit = reasons.pop("hours", 0)
        if unfit:
            fit = size - unfit
            whose = "of them have" if skill is not None or who is not None else "people have"
            causes.append(
                Cause(
                    "hours",
                    fit,
                    f"only {fit} {whose} working hours that fit {shift.name} "
                    f"({shift.start:%H:%M}–{shift.end:%H:%M} {shift.timezone})",
                    structural=fit < asked,
                )
            )
        for kind, text in (DAY_REASONS | WEEK_REASONS).items():
            if reasons.get(kind):
                causes.append(Cause(kind, reasons[kind], f"{reasons[kind]} {text}"))
        return tuple(sorted(causes, key=lambda c: not c.structural))
