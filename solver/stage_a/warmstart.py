"""A fast greedy stage A: a complete hint for CP-SAT and the fallback plan if it finds none.

Narrow windows go first (onboarding blocks, people with much leave), each into the week where
it costs least under the same penalties the CP-SAT model uses. A repair pass then moves a
person's other blocks aside when that lets an unplaced obligation in.
"""

from collections import defaultdict
from dataclasses import dataclass
from time import perf_counter

from solver.availability import Availability
from solver.model import Person, Problem, department_cap
from solver.obligations import Obligation, StartOptions
from solver.stage_a.weeks import W_CAP, W_MENTOR, W_NOVICE, W_OVER_CAPACITY, W_SEAT, W_SKILL


@dataclass(frozen=True, slots=True)
class _Traits:
    dept: int
    cap: int | None  # the department's cap on people away; None for the support team
    with_mentor: bool
    mentor: bool  # on the line, they can mentor a new hire
    skills: tuple[str, ...]  # needed skills they have, in the order of skills_needed
    unwanted: frozenset[int]
    wanted: frozenset[int]


class Greedy:
    def __init__(
        self,
        problem: Problem,
        avail: Availability,
        options: StartOptions,
        expected_turn_weeks: int,
    ) -> None:
        weeks = problem.horizon.weeks
        self.problem = problem
        self.avail = avail
        self.options = options
        self.settings = problem.settings
        self.people = {p.id: p for p in problem.people}
        self.support_depts = problem.support_ids
        headcount: dict[int, int] = defaultdict(int)
        for person in problem.people:
            headcount[person.department_id] += 1
        self.caps = {
            d.id: department_cap(d.max_away_fraction, headcount[d.id]) for d in problem.departments
        }
        self.demand = [avail.seat_demand(w) for w in range(weeks)]
        self.capacity = [avail.seat_capacity(w) for w in range(weeks)]
        self.skill_demand = {
            (k, w): avail.skill_seat_demand(k, w) for k in avail.skills_needed for w in range(weeks)
        }
        self.support_mentors = [avail.support_mentors(w) for w in range(weeks)]
        self.high = -(-expected_turn_weeks // max(1, weeks))
        self.previous = {(t.person_id, t.week) for t in problem.previous}
        self.load = [0] * weeks
        self.days_on = [0] * weeks
        self.mentees = [0] * weeks
        self.rotating_mentors = [0] * weeks  # people on the line who learned a channel earlier
        self.dept_load: dict[tuple[int, int], int] = defaultdict(int)
        self.skill_days: dict[tuple[str, int], int] = defaultdict(int)
        self.taken: set[tuple[int, int]] = set()
        self.placed: dict[int, int] = {}  # obligation -> start
        self.by_person: dict[int, list[Obligation]] = defaultdict(list)
        self._traits: dict[int, _Traits] = {}

    def mark(self, person_id: int, week: int, days: int, with_mentor: bool, sign: int) -> None:
        person = self.people[person_id]
        if sign > 0:
            self.taken.add((person_id, week))
        else:
            self.taken.discard((person_id, week))
        self.load[week] += sign
        self.dept_load[(person.department_id, week)] += sign
        self.mentees[week] += sign * with_mentor
        if self.can_mentor(person, with_mentor):
            self.rotating_mentors[week] += sign
        if with_mentor:
            return  # mentees come on top of coverage: their days fill no seat
        self.days_on[week] += sign * days
        for skill in self.avail.skills_needed:
            if skill in person.skills:
                self.skill_days[(skill, week)] += sign * days

    def can_mentor(self, person: Person, with_mentor: bool) -> bool:
        return (
            bool(self.problem.mentors_on(person))
            and not with_mentor
            and person.department_id not in self.support_depts
        )

    def mentor_room(self, week: int) -> int:
        """Mentees the week's mentors can still take (negative: that many without a mentor)."""
        mentors = self.support_mentors[week] + self.rotating_mentors[week]
        return self.settings.mentees_per_mentor * mentors - self.mentees[week]

    def place(self, ob: Obligation, start: int) -> None:
        self.placed[ob.id] = start
        self.by_person[ob.person_id].append(ob)
        for offset, days in enumerate(self.options[ob.id][start]):
            self.mark(ob.person_id, start + offset, days, ob.rule.with_mentor, +1)

    def remove(self, ob: Obligation) -> int:
        start = self.placed.pop(ob.id)
        self.by_person[ob.person_id].remove(ob)
        for offset, days in enumerate(self.options[ob.id][start]):
            self.mark(ob.person_id, start + offset, days, ob.rule.with_mentor, -1)
        return start

    def blockers(self, ob: Obligation, start: int) -> list[Obligation]:
        """The person's placed blocks that overlap this start or break a cooldown with it."""
        found = []
        for other in self.by_person[ob.person_id]:
            b = self.placed[other.id]
            overlap = start < b + other.turn_weeks and b < start + ob.turn_weeks
            cooling = other.rule.id == ob.rule.id and abs(start - b) < (
                max(other.turn_weeks, ob.turn_weeks) + ob.rule.cooldown_weeks
            )
            if overlap or cooling:
                found.append(other)
        return found

    def traits(self, ob: Obligation) -> _Traits:
        """What the cost of this obligation's block reads from its person and rule, once."""
        found = self._traits.get(ob.id)
        if found is None:
            person = self.people[ob.person_id]
            with_mentor = ob.rule.with_mentor
            dept = person.department_id
            found = _Traits(
                dept=dept,
                cap=None if dept in self.support_depts else self.caps[dept],
                with_mentor=with_mentor,
                mentor=self.can_mentor(person, with_mentor),
                skills=tuple(k for k in self.avail.skills_needed if k in person.skills),
                unwanted=person.unwanted_weeks,
                wanted=person.wanted_weeks,
            )
            self._traits[ob.id] = found
        return found

    def cost(self, ob: Obligation, start: int) -> float | None:
        return self._cost(ob, self.traits(ob), start)

    def _cost(self, ob: Obligation, t: _Traits, start: int) -> float | None:
        if self.blockers(ob, start):
            return None
        settings = self.settings
        total = 0.0
        for offset, carried in enumerate(self.options[ob.id][start]):
            week = start + offset
            load = self.load[week]
            if t.cap is not None and self.dept_load[(t.dept, week)] + 1 > t.cap:
                total += W_CAP
            # The model's fairness is the square of each week's load: this block's share of it.
            total += settings.weight_fairness * (2 * load + 1)
            seats = 0 if t.with_mentor else carried  # mentees come on top of coverage
            if seats:  # each term below is the model's min(seats, what is open) when open
                days_on = self.days_on[week]
                short = self.demand[week] - days_on
                if short > 0:
                    total -= W_SEAT * (seats if seats < short else short)
                over = days_on + seats - self.capacity[week]
                if over > 0:
                    total += W_OVER_CAPACITY * (seats if seats < over else over)
                for skill in t.skills:
                    open_days = self.skill_demand[(skill, week)] - self.skill_days[(skill, week)]
                    if open_days > 0:
                        total -= W_SKILL * (seats if seats < open_days else open_days)
            if t.with_mentor:  # the model's n(n-1) per week: one more costs 2n
                total += W_NOVICE * 2 * self.mentees[week]
                if self.mentor_room(week) < 1:
                    total += W_MENTOR
            elif t.mentor and self.mentor_room(week) < 0:
                unmentored = -self.mentor_room(week)
                total -= W_MENTOR * min(settings.mentees_per_mentor, unmentored)
            if week in t.unwanted:
                total += settings.weight_preferences
            if week in t.wanted:
                total -= settings.weight_preferences
            if self.previous:
                moved = (ob.person_id, week) not in self.previous
                total += settings.weight_stability * (1 if moved else -1)
            total += load * 1e-3  # tie-break: the emptier week
        return total

    def best(self, ob: Obligation) -> tuple[float, int] | None:
        best: tuple[float, int] | None = None
        t = self.traits(ob)
        for start in self.options[ob.id]:
            c = self._cost(ob, t, start)
            if c is not None and (best is None or c < best[0]):
                best = (c, start)
        return best

    def improve(self, obligations: list[Obligation], deadline: float, passes: int = 4) -> None:
        """Move placed blocks to cheaper weeks while that lowers the cost (local search),
        until `deadline` (perf_counter) at the latest."""
        for _ in range(passes):
            moved = False
            for ob in obligations:
                if perf_counter() > deadline:
                    return
                start = self.remove(ob)
                here = self.cost(ob, start)
                found = self.best(ob)
                if found is not None and here is not None and found[0] < here - 1e-6:
                    start, moved = found[1], True
                self.place(ob, start)
            if not moved:
                return

    def repair(self, ob: Obligation) -> bool:
        """Place an unplaced obligation by moving at most two of the person's own blocks."""
        for start in self.options[ob.id]:
            blockers = self.blockers(ob, start)
            if not blockers or len(blockers) > 2:
                continue
            old = {b.id: self.remove(b) for b in blockers}
            if self.cost(ob, start) is not None:
                self.place(ob, start)
                moved = []
                for blocker in blockers:
                    found = self.best(blocker)
                    if found is None:
                        break
                    self.place(blocker, found[1])
                    moved.append(blocker)
                else:
                    return True
                for blocker in moved:
                    self.remove(blocker)
                self.remove(ob)
            for blocker in blockers:
                self.place(blocker, old[blocker.id])
        return False


def greedy_weeks(
    problem: Problem,
    avail: Availability,
    obligations: list[Obligation],
    options: StartOptions,
    forced: dict[int, int],
    fixed: dict[tuple[int, int], int],
    quotas: dict[int, int] | None = None,
    deadline: float = float("inf"),
) -> tuple[dict[int, int | None], set[int]]:
    """Obligation → block start (None: unplaced), and the obligations a re-plan kept where
    the previous plan had them. The local search after the greedy stops at `deadline`."""
    expected = sum(ob.turn_weeks for ob in obligations if ob.required) + len(fixed)
    g = Greedy(problem, avail, options, expected)
    for (person_id, week), days in fixed.items():
        g.mark(person_id, week, days, False, +1)
    order = sorted(
        obligations,
        key=lambda o: (
            o.id not in forced,
            not o.required,
            len(options[o.id]),
            -o.turn_weeks,
            o.id,
        ),
    )
    # A re-plan first keeps every block where the previous plan had it, if it still fits.
    previous_start = {(t.person_id, t.rule_id, t.week) for t in problem.previous if t.block == 1}
    kept = set()
    for ob in order:
        if ob.id in forced:
            g.place(ob, forced[ob.id])
            kept.add(ob.id)
            continue
        for start in options[ob.id]:
            if (ob.person_id, ob.rule.id, start) in previous_start and g.cost(
                ob, start
            ) is not None:
                g.place(ob, start)
                kept.add(ob.id)
                break
    # Each rule's pro-rata share of blocks due later counts like a requirement, earliest due
    # first; other early blocks go in only where they help (fill seats).
    quota_left = dict(quotas or {})
    for ob in order:
        if not ob.required and ob.id in kept and quota_left.get(ob.rule.id, 0) > 0:
            quota_left[ob.rule.id] -= 1
    order = [o for o in order if o.required] + sorted(
        (o for o in order if not o.required), key=lambda o: (o.due, o.person_id)
    )
    unplaced = []
    for ob in order:
        if ob.id in kept:
            continue
        found = g.best(ob)
        if found is None:
            unplaced.append(ob)
            continue
        wanted = not ob.required and quota_left.get(ob.rule.id, 0) > 0
        if ob.required or wanted or found[0] < 0:
            g.place(ob, found[1])
            if not ob.required and quota_left.get(ob.rule.id, 0) > 0:
                quota_left[ob.rule.id] -= 1
    for ob in unplaced:
        if ob.required:
            g.repair(ob)
    g.improve([ob for ob in order if ob.id in g.placed and ob.id not in kept], deadline)
    return {ob.id: g.placed.get(ob.id) for ob in obligations}, kept
