"""What a rotation rule would do to the coming weeks, before HR saves it: whom it makes due,
and — with every other active rule — the load per week and per department against the caps,
and the gaps the solve would start from (solver/preview.py)."""

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date

from sqlmodel import Session, select

from app import clock
from app.people.models import Department
from app.rules import questions
from app.rules.models import RotationRuleCreate
from app.schedules.problem import build_problem, solver_rule
from app.schedules.store import history_before
from solver import model as sm
from solver.availability import Availability
from solver.obligations import build_obligations
from solver.preview import WeekPreview, preview_weeks

CANDIDATE = -1  # the id a rule not saved yet goes by
MAX_WEEKS = 53  # a yearly rule with a two-week turn


@dataclass(frozen=True)
class Due:
    name: str
    department: str
    earliest: date
    due: date
    planned: date | None  # the week the quick plan gave them; None: it found none
    is_executive: bool
    is_new_hire: bool


@dataclass(frozen=True)
class DepartmentLoad:
    away: int
    cap: int
    from_rule: int  # of `away`, people this rule put there

    @property
    def over(self) -> bool:
        return self.away > self.cap


@dataclass(frozen=True)
class WeekRow:
    monday: date
    people: int
    from_rule: int
    days_planned: int
    days_needed: int
    departments: dict[str, DepartmentLoad]  # department name → load (departments with caps)

    @property
    def short(self) -> int:
        return max(0, self.days_needed - self.days_planned)


@dataclass(frozen=True)
class PredictedGap:
    kind: str
    monday: date | None
    message: str


@dataclass(frozen=True)
class RulePreview:
    due: list[Due]
    warnings: list[str]  # caps that keep the rule's people off the line, or round up to one
    weeks: list[WeekRow]
    departments: list[str]  # the columns of `weeks`, departments the plan touches first
    gaps: list[PredictedGap]

    @property
    def gap_counts(self) -> dict[str, int]:
        return dict(Counter(g.kind for g in self.gaps))


@questions.rule_preview.answer
def rule_preview(
    *, session: Session, rule: RotationRuleCreate, rule_id: int | None, today: date
) -> RulePreview:
    """People the rule makes due inside one cycle from next Monday, with their start window;
    then the quick plan of all active rules with this one in place of its saved version."""
    start = clock.next_monday(today)
    # One whole cycle (or start window) inside the horizon, so every block it asks for is due.
    span = max(rule.cycle_weeks, rule.start_within_weeks or 1) + rule.turn_weeks - 1
    weeks = min(max(span, 4), MAX_WEEKS)
    company = build_problem(session=session, start=start, weeks=weeks)
    candidate = solver_rule(rule, rule_id if rule_id is not None else CANDIDATE)
    others = tuple(r for r in company.rules if r.id != candidate.id)
    problem = replace(company, rules=(*others, candidate), history=history_before(session, start))
    names = {d.id: d.name for d in session.exec(select(Department)).all()}
    plan = preview_weeks(problem)
    horizon = problem.horizon
    planned = {
        t.person_id: horizon.week_start(t.week)
        for t in plan.turns
        if t.block == 1 and t.rule_id == candidate.id
    }
    alone = replace(problem, rules=(candidate,))
    people = {p.id: p for p in problem.people}
    obligations = build_obligations(alone, Availability(alone))
    due = sorted(
        (
            Due(
                name=people[ob.person_id].name,
                department=names.get(people[ob.person_id].department_id, ""),
                earliest=horizon.week_start(ob.earliest),
                due=horizon.week_start(min(ob.latest, horizon.weeks - 1)),
                planned=planned.get(ob.person_id),
                is_executive=people[ob.person_id].is_executive,
                is_new_hire=candidate.applies_to == sm.NEW_HIRES,
            )
            for ob in obligations
            if ob.required
        ),
        key=lambda d: (d.earliest, d.department, d.name),
    )
    rows, columns = _week_rows(problem, plan, names, candidate.id)
    gaps = [
        PredictedGap(g.kind, None if g.week is None else horizon.week_start(g.week), g.message)
        for g in plan.gaps
    ]
    return RulePreview(
        due,
        _cap_warnings(problem, {ob.person_id for ob in obligations}),
        rows,
        columns,
        sorted(gaps, key=lambda g: (g.monday or date.max, g.kind)),
    )


def _week_rows(
    problem: sm.Problem, plan: WeekPreview, names: dict[int | None, str], rule_id: int
) -> tuple[list[WeekRow], list[str]]:
    department_of = {p.id: p.department_id for p in problem.people}
    from_rule: dict[tuple[int, int], set[int]] = defaultdict(set)
    for turn in plan.turns:
        if turn.rule_id == rule_id:
            from_rule[(department_of[turn.person_id], turn.week)].add(turn.person_id)
    loads: dict[int, dict[str, DepartmentLoad]] = defaultdict(dict)
    busiest: Counter[str] = Counter()
    for d in plan.departments:
        name = names.get(d.department_id, str(d.department_id))
        loads[d.week][name] = DepartmentLoad(
            d.away, d.cap, len(from_rule[(d.department_id, d.week)])
        )
        busiest[name] += d.away
    columns = [name for name, _ in sorted(busiest.items(), key=lambda kv: (-kv[1], kv[0]))]
    rows = [
        WeekRow(
            monday=problem.horizon.week_start(w.week),
            people=w.people,
            from_rule=sum(len(v) for (_, week), v in from_rule.items() if week == w.week),
            days_planned=w.days_planned,
            days_needed=w.days_needed,
            departments=loads[w.week],
        )
        for w in plan.weeks
    ]
    return rows, columns


def _cap_warnings(problem: sm.Problem, covered: set[int]) -> list[str]:
    headcount = Counter(p.department_id for p in problem.people)
    reached = {p.department_id for p in problem.people if p.id in covered}
    warnings = []
    for dept in problem.departments:
        if dept.is_support or dept.id not in reached:
            continue
        share, members = dept.max_away_fraction, headcount[dept.id]
        if share <= 0:
            warnings.append(f"{dept.name} has a cap of 0: its {members} people never rotate.")
        elif sm.cap_below_one(share, members):
            warnings.append(
                f"{dept.name}: {share:.0%} of {members} people is less than one person; "
                "1 may still rotate at a time."
            )
    return warnings
