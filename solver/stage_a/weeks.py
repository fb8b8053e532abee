"""Stage A: who is on the line in which week. One function per rule family.

Decision: start[o, b] — obligation o's block starts in week b (covering b … b+turn_weeks-1).
Obligations, seats, skills, caps and mentoring are elastic: their shortfalls are penalised
and reported as gaps. One turn per person per week, time off and frozen weeks are hard.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from time import perf_counter

from ortools.sat.python import cp_model

from solver.availability import Availability
from solver.model import Person, Problem, department_cap
from solver.obligations import Obligation, StartOptions
from solver.penalty import Penalty

# Penalties per unit. Ordered so that a required obligation outweighs everything else,
# then department caps, mentoring, seats and skills; the soft terms come last.
W_OBLIGATION = 10_000
W_CAP = 2_000
W_MENTOR = 600
W_SEAT = 300
W_SKILL = 300
W_OVER_CAPACITY = 300


@dataclass
class WeekModel:
    problem: Problem
    avail: Availability
    obligations: list[Obligation]
    hint: dict[int, int | None]  # obligation -> block start from the warm start (None: unmet)
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    starts: dict[int, dict[int, cp_model.IntVar]] = field(default_factory=dict)
    unmet: dict[int, cp_model.IntVar] = field(default_factory=dict)
    # (person, week) -> [(start var, days carried, obligation)] of blocks covering that week
    cover: dict[tuple[int, int], list[tuple[cp_model.IntVar, int, Obligation]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    fixed: dict[tuple[int, int], int] = field(default_factory=dict)  # pinned extra turns: days
    soft_terms: list[tuple[cp_model.IntVar, int]] = field(default_factory=list)
    constant: int = 0
    by_week: dict[int, list[tuple[cp_model.IntVar, int, Obligation]]] = field(default_factory=dict)
    hinted: dict[tuple[int, int], int] = field(default_factory=dict)
    hint_values: dict[int, int] = field(default_factory=dict)  # var index -> warm-start value
    quotas: dict[int, int] = field(default_factory=dict)  # rule -> optional blocks to place

    def mentee_hinted(self, person_id: int, week: int) -> bool:
        """The warm start's turn of this person that week is a new hire's beside a mentor."""
        return any(ob.rule.with_mentor for _, _, ob in self.cover.get((person_id, week), []))

    @property
    def people(self) -> dict[int, Person]:
        return {p.id: p for p in self.problem.people}

    def hinted_cover(self) -> dict[tuple[int, int], int]:
        """Days each (person, week) carries in the warm start."""
        result: dict[tuple[int, int], int] = dict(self.fixed)
        for key, items in self.cover.items():
            for var, days, ob in items:
                start = self.hint.get(ob.id)
                if start is not None and self.starts[ob.id].get(start) is var:
                    result[key] = days
        return result

    def new_slack(self, upper: int, name: str, hinted: int) -> cp_model.IntVar:
        var = self.model.new_int_var(0, max(0, upper), name)
        value = max(0, min(upper, hinted))
        self.model.add_hint(var, value)
        self.hint_values[var.index] = value
        return var

    def hint_objective(self, penalties: list["Penalty"]) -> int:
        """The objective of the warm start, term by term as CP-SAT would count it."""
        value = self.hint_values
        total = sum(p.weight * value.get(p.var.index, 0) for p in penalties)
        total += sum(w * value.get(v.index, 0) for v, w in self.soft_terms)
        return total + self.constant


def obligations_met(
    m: WeekModel, options_by_ob: StartOptions, forced: dict[int, int]
) -> list[Penalty]:
    """Every obligation gets exactly one block, or counts as unmet (a gap when required)."""
    penalties = []
    for ob in m.obligations:
        options = options_by_ob[ob.id]
        hinted = m.hint.get(ob.id)
        starts = {}
        for start, days in options.items():
            var = m.model.new_bool_var(f"start[{ob.id},{start}]")
            m.model.add_hint(var, hinted == start)
            m.hint_values[var.index] = int(hinted == start)
            starts[start] = var
            for offset, carried in enumerate(days):
                m.cover[(ob.person_id, start + offset)].append((var, carried, ob))
        m.starts[ob.id] = starts
        unmet = m.model.new_bool_var(f"unmet[{ob.id}]")
        m.model.add_hint(unmet, hinted is None or hinted not in starts)
        m.hint_values[unmet.index] = int(hinted is None or hinted not in starts)
        m.unmet[ob.id] = unmet
        m.model.add_exactly_one([*starts.values(), unmet])
        if ob.id in forced:
            m.model.add(starts[forced[ob.id]] == 1)
        if ob.required:
            penalties.append(
                Penalty(unmet, W_OBLIGATION, "obligation", ob.rule.name, obligation_id=ob.id)
            )
    return penalties


def pro_rata_share(m: WeekModel) -> list[Penalty]:
    """A short horizon places its share of the blocks due after it (see pro_rata_quotas)."""
    penalties = []
    for rule_id, quota in m.quotas.items():
        pool = [ob for ob in m.obligations if ob.rule.id == rule_id and not ob.required]
        placed = [1 - m.unmet[ob.id] for ob in pool]
        hinted = sum(1 for ob in pool if m.hint.get(ob.id) is not None)
        short = m.new_slack(quota, f"pro_rata_short[{rule_id}]", quota - hinted)
        m.model.add(sum(placed) + short >= quota)
        why = f"{pool[0].rule.name}: this horizon's share of turns"
        penalties.append(Penalty(short, W_OBLIGATION, "share", why))
    return penalties


def one_turn_per_week(m: WeekModel) -> list[Penalty]:
    """Nobody has two turns in one week (two rules may not stack)."""
    for (person_id, week), items in m.cover.items():
        taken = 1 if (person_id, week) in m.fixed else 0
        if len(items) + taken > 1:
            m.model.add(sum(v for v, _, _ in items) <= 1 - taken)
    return []


def cooldowns(m: WeekModel) -> list[Penalty]:
    """Consecutive blocks of one rule for one person keep the cooldown between them."""
    by_person_rule: dict[tuple[int, int], list[Obligation]] = defaultdict(list)
    for ob in m.obligations:
        by_person_rule[(ob.person_id, ob.rule.id)].append(ob)
    for chain in by_person_rule.values():
        chain.sort(key=lambda o: o.sequence)
        for first, second in zip(chain, chain[1:], strict=False):
            gap = first.turn_weeks + first.rule.cooldown_weeks
            for b2, v2 in m.starts[second.id].items():
                clash = [v1 for b1, v1 in m.starts[first.id].items() if b2 - b1 < gap]
                if clash:
                    m.model.add_at_most_one([v2, *clash])
    return []


def department_caps(m: WeekModel) -> list[Penalty]:
    """No department sends more than its share of people to the line in the same week."""
    penalties = []
    hinted = m.hinted
    members: dict[int, list[Person]] = defaultdict(list)
    for person in m.problem.people:
        members[person.department_id].append(person)
    for dept in m.problem.departments:
        if dept.is_support:
            continue
        people = members.get(dept.id, [])
        cap = department_cap(dept.max_away_fraction, len(people))
        for week in range(m.problem.horizon.weeks):
            terms = [v for p in people for v, _, _ in m.cover.get((p.id, week), [])]
            fixed = sum(1 for p in people if (p.id, week) in m.fixed)
            if len(terms) + fixed <= cap:
                continue
            load = sum(1 for p in people if (p.id, week) in hinted)
            over = m.new_slack(len(terms), f"over_cap[{dept.id},{week}]", load - cap)
            m.model.add(sum(terms) + fixed <= cap + over)
            why = f"{dept.name} cap of {cap} reached"
            penalties.append(Penalty(over, W_CAP, "cap", why, week=week, department_id=dept.id))
    return penalties


def line_seats(m: WeekModel) -> list[Penalty]:
    """Rotators fill the person-days the coverage minimums need beyond the support team."""
    penalties = []
    hinted = m.hinted
    by_week = m.by_week
    for week in range(m.problem.horizon.weeks):
        demand = m.avail.seat_demand(week)
        capacity = m.avail.seat_capacity(week)
        # New hires beside a mentor come on top of coverage: their days supply no seat.
        items = [item for item in by_week.get(week, []) if not item[2].rule.with_mentor]
        fixed = sum(d for (p, w), d in m.fixed.items() if w == week)
        supplied = sum(d * v for v, d, _ in items) + fixed
        hinted_days = sum(
            d for (p, w), d in hinted.items() if w == week and not m.mentee_hinted(p, w)
        )
        if demand > 0:
            short = m.new_slack(demand, f"seat_short[{week}]", demand - hinted_days)
            m.model.add(supplied + short >= demand)
            why = "nobody else due and free to rotate that week"
            penalties.append(Penalty(short, W_SEAT, "seats", why, week=week))
        top = sum(d for _, d, _ in items) + fixed
        if top > capacity:
            excess = m.new_slack(top - capacity, f"seat_excess[{week}]", hinted_days - capacity)
            m.model.add(supplied <= capacity + excess)
            why = "more rotators than the line's maximum"
            penalties.append(Penalty(excess, W_OVER_CAPACITY, "capacity", why, week=week))
    return penalties


def skill_seats(m: WeekModel) -> list[Penalty]:
    """Skill minimums (e.g. one German speaker on chat) beyond what support provides."""
    penalties = []
    people = m.people
    hinted = m.hinted
    by_week = m.by_week
    for skill in m.avail.skills_needed:
        for week in range(m.problem.horizon.weeks):
            demand = m.avail.skill_seat_demand(skill, week)
            if demand <= 0:
                continue
            items = [
                (v, d)
                for v, d, ob in by_week.get(week, [])
                if skill in people[ob.person_id].skills and not ob.rule.with_mentor
            ]
            have = sum(
                d
                for (p, w), d in hinted.items()
                if w == week and skill in people[p].skills and not m.mentee_hinted(p, w)
            )
            short = m.new_slack(demand, f"skill_short[{skill},{week}]", demand - have)
            m.model.add(sum(d * v for v, d in items) + short >= demand)
            penalties.append(
                Penalty(
                    short,
                    W_SKILL,
                    "skill",
                    f"nobody free with skill {skill}",
                    week=week,
                    skill=skill,
                )
            )
    return penalties


def mentor_capacity(m: WeekModel) -> list[Penalty]:
    """New hires on the line never outnumber what the week's mentors can take."""
    penalties = []
    per_mentor = m.problem.settings.mentees_per_mentor
    people = m.people
    hinted = m.hinted
    by_week = m.by_week
    for week in range(m.problem.horizon.weeks):
        items = by_week.get(week, [])
        mentees = [v for v, _, ob in items if ob.rule.with_mentor]
        if not mentees:
            continue
        support = m.avail.support_mentors(week)
        rotating_mentors = [
            v
            for v, _, ob in items
            if m.problem.mentors_on(people[ob.person_id]) and not ob.rule.with_mentor
        ]
        if len(mentees) <= per_mentor * support:
            continue
        hinted_mentees = sum(1 for (p, w) in hinted if w == week and m.mentee_hinted(p, w))
        short = m.new_slack(
            len(mentees), f"mentor_short[{week}]", hinted_mentees - per_mentor * support
        )
        m.model.add(sum(mentees) <= per_mentor * (support + sum(rotating_mentors)) + short)
        penalties.append(Penalty(short, W_MENTOR, "mentor", "not enough mentors", week=week))
    return penalties


W_NOVICE = 15  # per unit of the square of a week's new hires


def _unit_steps(
    m: WeekModel, name: str, week: int, count: int, hinted: int
) -> list[cp_model.IntVar]:
    """`count` ordered unit steps (step k on only if step k-1 is), hinted on up to `hinted`:
    the convex piecewise form of a square that fairness and the new hires' spread price."""
    steps: list[cp_model.IntVar] = []
    for k in range(1, count + 1):
        step = m.model.new_bool_var(f"{name}[{week},{k}]")
        m.model.add_hint(step, k <= hinted)
        m.hint_values[step.index] = int(k <= hinted)
        if steps:
            m.model.add_implication(step, steps[-1])
        steps.append(step)
    return steps


def novices_spread(m: WeekModel) -> list[Penalty]:
    """New hires spread over the weeks, so no week is all beginners: each week costs the
    square of its new hires on the line (unit steps with rising costs, as for fairness)."""
    penalties = []
    for week in range(m.problem.horizon.weeks):
        novices = [v for v, _, ob in m.by_week.get(week, []) if ob.rule.with_mentor]
        if len(novices) < 2:
            continue  # one new hire alone costs the same wherever they go
        hinted = sum(1 for (p, w) in m.hinted if w == week and m.mentee_hinted(p, w))
        steps = _unit_steps(m, "novice_step", week, len(novices), hinted)
        penalties += [
            Penalty(step, W_NOVICE * (2 * k - 2), "novices", "new hires together", week=week)
            for k, step in enumerate(steps, start=1)
        ]
        m.model.add(sum(novices) == sum(steps))
    return penalties


def fairness(m: WeekModel) -> list[Penalty]:
    """Spread rotators evenly over the weeks: each week costs the square of its rotator count.

    The square is built from unit steps with rising costs (1, 3, 5, ...), a convex piecewise
    form whose LP relaxation stays tight; past three times the even share one steep step
    takes the rest, which keeps the model small for large companies.
    """
    weeks = m.problem.horizon.weeks
    weight = m.problem.settings.weight_fairness
    expected = sum(ob.turn_weeks for ob in m.obligations if ob.required) + len(m.fixed)
    limit = 3 * -(-expected // max(1, weeks)) + 10
    hinted_load: dict[int, int] = defaultdict(int)
    for _, week in m.hinted:
        hinted_load[week] += 1
    penalties = []
    for week in range(weeks):
        items = m.by_week.get(week, [])
        fixed = sum(1 for (_, w) in m.fixed if w == week)
        top = len(items) + fixed
        if top == 0 or weight == 0:
            continue
        load = sum(v for v, _, _ in items) + fixed
        hinted = hinted_load[week]
        steps = _unit_steps(m, "load_step", week, min(top, limit), hinted)
        penalties += [
            Penalty(step, weight * (2 * k - 1), "fairness", "uneven weeks", week=week)
            for k, step in enumerate(steps, start=1)
        ]
        if top > limit:
            tail = m.new_slack(top - limit, f"load_tail[{week}]", hinted - limit)
            m.model.add(load == sum(steps) + tail)
            penalties.append(
                Penalty(
                    tail, weight * (2 * limit + 1), "fairness", "uneven weeks", week=week, tail=True
                )
            )
        else:
            m.model.add(load == sum(steps))
    return penalties


def preferences(m: WeekModel) -> list[Penalty]:
    """Wanted weeks earn a little, unwanted weeks cost a little."""
    weight = m.problem.settings.weight_preferences
    people = m.people
    for (person_id, week), items in m.cover.items():
        person = people[person_id]
        if week in person.unwanted_weeks:
            m.soft_terms.extend((v, weight) for v, _, _ in items)
        elif week in person.wanted_weeks:
            m.soft_terms.extend((v, -weight) for v, _, _ in items)
    return []


def stability(m: WeekModel) -> list[Penalty]:
    """A re-plan pays for every (person, week) it adds or removes against the previous plan."""
    previous = {(t.person_id, t.week) for t in m.problem.previous}
    if not previous:
        return []
    weight = m.problem.settings.weight_stability
    for key, items in m.cover.items():
        sign = -1 if key in previous else 1
        m.soft_terms.extend((v, sign * weight) for v, _, _ in items)
    m.constant += weight * len(previous - set(m.fixed))
    return []


def _cover_by_week(m: WeekModel) -> dict[int, list[tuple[cp_model.IntVar, int, Obligation]]]:
    by_week: dict[int, list[tuple[cp_model.IntVar, int, Obligation]]] = defaultdict(list)
    for (_, week), items in m.cover.items():
        by_week[week].extend(items)
    return by_week


def build_week_model(
    problem: Problem,
    avail: Availability,
    obligations: list[Obligation],
    options: StartOptions,
    hint: dict[int, int | None],
    forced: dict[int, int],
    fixed: dict[tuple[int, int], int],
    quotas: dict[int, int],
    deadline: float = float("inf"),
) -> tuple[WeekModel, list[Penalty]] | None:
    """The whole stage A model, objective included; None when building it runs past
    `deadline` (perf_counter): at 10,000 people it takes seconds, and a model there is no
    time left to search is not worth finishing."""
    m = WeekModel(problem, avail, obligations, hint, fixed=fixed, quotas=quotas)
    penalties = obligations_met(m, options, forced)
    m.by_week = _cover_by_week(m)
    m.hinted = m.hinted_cover()
    for rule in RULES:
        if perf_counter() > deadline:
            return None
        penalties.extend(rule(m))
    terms = [p.var for p in penalties] + [var for var, _ in m.soft_terms]
    weights = [p.weight for p in penalties] + [w for _, w in m.soft_terms]
    m.model.minimize(cp_model.LinearExpr.weighted_sum(terms, weights) + m.constant)
    return m, penalties


RULES = (
    pro_rata_share,
    one_turn_per_week,
    cooldowns,
    department_caps,
    line_seats,
    skill_seats,
    mentor_capacity,
    novices_spread,
    fairness,
    preferences,
    stability,
)
