"""Stage A's objective in plain Python: what a choice of weeks costs, term by term.

It mirrors the CP-SAT model of weeks.py exactly (a test holds them equal), so the warm
start can be priced and bounded without building that model; CP-SAT is built only when the
bounds say it has something left to win. It also carries what the flow bound reads: each
start's soft cost and each week's fairness steps.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from solver.availability import Availability
from solver.model import Problem, department_cap
from solver.obligations import Obligation, StartOptions
from solver.stage_a.weeks import (
    W_CAP,
    W_MENTOR,
    W_NOVICE,
    W_OBLIGATION,
    W_OVER_CAPACITY,
    W_SEAT,
    W_SKILL,
)


@dataclass(frozen=True)
class Shortfall:
    """An elastic term of stage A that a plan leaves above zero (a gap to explain)."""

    kind: str
    why: str
    value: int
    week: int | None = None
    department_id: int | None = None


@dataclass
class Fairness:
    steps: dict[int, list[int]] = field(default_factory=dict)  # week → unit step weights
    tails: dict[int, int] = field(default_factory=dict)  # week → weight past the last step


class WeekCosts:
    def __init__(
        self,
        problem: Problem,
        avail: Availability,
        obligations: list[Obligation],
        options: StartOptions,
        fixed: dict[tuple[int, int], int],
        quotas: dict[int, int],
    ) -> None:
        self.problem = problem
        self.avail = avail
        self.obligations = obligations
        self.options = options
        self.fixed = fixed
        self.quotas = quotas
        self.people = {p.id: p for p in problem.people}
        self.members: dict[int, int] = defaultdict(int)
        for person in problem.people:
            self.members[person.department_id] += 1
        weeks = problem.horizon.weeks
        self.items_in_week: dict[int, list[tuple[Obligation, int]]] = defaultdict(list)
        for ob in obligations:
            for start, days in options[ob.id].items():
                for offset, carried in enumerate(days):
                    self.items_in_week[start + offset].append((ob, carried))
        settings = problem.settings
        self.previous = {(t.person_id, t.week) for t in problem.previous}
        self.soft: dict[int, dict[int, int]] = {}
        for ob in obligations:
            person = self.people[ob.person_id]
            self.soft[ob.id] = {
                start: sum(
                    self._soft(person.id, person.unwanted_weeks, person.wanted_weeks, start + k)
                    for k in range(len(days))
                )
                for start, days in options[ob.id].items()
            }
        self.constant = (
            settings.weight_stability * len(self.previous - set(fixed)) if self.previous else 0
        )
        expected = sum(ob.turn_weeks for ob in obligations if ob.required) + len(fixed)
        self.limit = 3 * -(-expected // max(1, weeks)) + 10
        self.fairness = Fairness()
        weight = settings.weight_fairness
        for week in range(weeks):
            top = len(self.items_in_week.get(week, [])) + sum(1 for k in fixed if k[1] == week)
            if top == 0 or weight == 0:
                continue
            self.fairness.steps[week] = [
                weight * (2 * k - 1) for k in range(1, min(top, self.limit) + 1)
            ]
            if top > self.limit:
                self.fairness.tails[week] = weight * (2 * self.limit + 1)

    def _soft(self, person_id: int, unwanted: frozenset, wanted: frozenset, week: int) -> int:
        settings = self.problem.settings
        cost = 0
        if week in unwanted:
            cost += settings.weight_preferences
        elif week in wanted:
            cost -= settings.weight_preferences
        if self.previous:
            inside = (person_id, week) in self.previous
            cost += -settings.weight_stability if inside else settings.weight_stability
        return cost

    def evaluate(self, placement: dict[int, int | None]) -> tuple[int, list[Shortfall]]:
        """The objective of a placement (obligation → start) and its elastic shortfalls."""
        weeks = self.problem.horizon.weeks
        total = self.constant
        found: list[Shortfall] = []
        chosen: dict[int, list[tuple[Obligation, int]]] = defaultdict(list)
        for ob in self.obligations:
            start = placement.get(ob.id)
            if start is None or start not in self.options[ob.id]:
                if ob.required:
                    total += W_OBLIGATION
                continue
            total += self.soft[ob.id][start]
            for offset, carried in enumerate(self.options[ob.id][start]):
                chosen[start + offset].append((ob, carried))
        for rule_id, quota in self.quotas.items():
            pool = [ob for ob in self.obligations if ob.rule.id == rule_id and not ob.required]
            placed = sum(1 for ob in pool if placement.get(ob.id) in self.options[ob.id])
            short = max(0, quota - placed)
            if short:
                why = f"{pool[0].rule.name}: this horizon's share of turns"
                total += W_OBLIGATION * short
                found.append(Shortfall("share", why, short))
        fixed_in: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for (person_id, week), days in self.fixed.items():
            fixed_in[week].append((person_id, days))
        for week in range(weeks):
            cost, shortfalls = self._week(week, chosen.get(week, []), fixed_in.get(week, []))
            total += cost
            found += shortfalls
        return total, found

    def _week(
        self, week: int, chosen: list[tuple[Obligation, int]], fixed: list[tuple[int, int]]
    ) -> tuple[int, list[Shortfall]]:
        problem, avail, people = self.problem, self.avail, self.people
        items = self.items_in_week.get(week, [])
        total = 0
        found: list[Shortfall] = []
        # Department caps.
        members = self.members
        possible: dict[int, int] = defaultdict(int)
        for ob, _ in items:
            possible[people[ob.person_id].department_id] += 1
        away: dict[int, int] = defaultdict(int)
        for ob, _ in chosen:
            away[people[ob.person_id].department_id] += 1
        for person_id, _ in fixed:
            away[people[person_id].department_id] += 1
        for dept in problem.departments:
            if dept.is_support:
                continue
            cap = department_cap(dept.max_away_fraction, members[dept.id])
            pinned = sum(1 for p, _ in fixed if people[p].department_id == dept.id)
            if possible[dept.id] + pinned <= cap:
                continue
            over = max(0, away[dept.id] - cap)
            if over:
                total += W_CAP * over
                why = f"{dept.name} cap of {cap} reached"
                found.append(Shortfall("cap", why, over, week, dept.id))
        # Seats the line needs from rotators, and its maximum.
        # New hires beside a mentor come on top of coverage: their days supply no seat.
        supplied = sum(d for ob, d in chosen if not ob.rule.with_mentor) + sum(d for _, d in fixed)
        demand, capacity = avail.seat_demand(week), avail.seat_capacity(week)
        if demand > 0 and supplied < demand:
            total += W_SEAT * (demand - supplied)
            found.append(Shortfall("seats", "nobody else due and free", demand - supplied, week))
        top = sum(d for ob, d in items if not ob.rule.with_mentor) + sum(d for _, d in fixed)
        if top > capacity and supplied > capacity:
            total += W_OVER_CAPACITY * (supplied - capacity)
            found.append(
                Shortfall("capacity", "over the line's maximum", supplied - capacity, week)
            )
        for skill in avail.skills_needed:
            need = avail.skill_seat_demand(skill, week)
            have = sum(
                d
                for ob, d in chosen
                if skill in people[ob.person_id].skills and not ob.rule.with_mentor
            )
            if need > 0 and have < need:
                total += W_SKILL * (need - have)
                found.append(
                    Shortfall("skill", f"nobody free with skill {skill}", need - have, week)
                )
        total += self._mentors(week, items, chosen, found)
        if sum(1 for ob, _ in items if ob.rule.with_mentor) >= 2:  # new hires spread
            novices = sum(1 for ob, _ in chosen if ob.rule.with_mentor)
            total += W_NOVICE * novices * (novices - 1)
        load = len(chosen) + len(fixed)
        steps = self.fairness.steps.get(week, [])
        total += sum(steps[: min(load, len(steps))])
        if week in self.fairness.tails and load > len(steps):
            total += self.fairness.tails[week] * (load - len(steps))
        return total, found

    def _mentors(
        self,
        week: int,
        items: list[tuple[Obligation, int]],
        chosen: list[tuple[Obligation, int]],
        found: list[Shortfall],
    ) -> int:
        per_mentor = self.problem.settings.mentees_per_mentor
        possible = sum(1 for ob, _ in items if ob.rule.with_mentor)
        if not possible:
            return 0
        support = self.avail.support_mentors(week)
        if possible <= per_mentor * support:
            return 0
        mentees = sum(1 for ob, _ in chosen if ob.rule.with_mentor)
        rotating = sum(
            1
            for ob, _ in chosen
            if self.problem.mentors_on(self.people[ob.person_id]) and not ob.rule.with_mentor
        )
        short = max(0, mentees - per_mentor * (support + rotating))
        if short:
            found.append(Shortfall("mentor", "not enough mentors", short, week))
        return W_MENTOR * short
