"""Rotation rules → obligations: which person owes which block, in which window of weeks."""

from dataclasses import dataclass

from solver.availability import Availability
from solver.model import DEPARTMENTS, EVERYONE, EXECUTIVES, NEW_HIRES, Person, Problem, Rule


@dataclass(frozen=True)
class Obligation:
    id: int
    person_id: int
    rule: Rule
    earliest: int  # first week a block may start
    latest: int  # last week a block may start
    required: bool  # due inside the horizon; otherwise it may be done early
    sequence: int  # k-th block of this rule for this person in the horizon
    due: int  # week by which it is due (may lie past the horizon)

    @property
    def turn_weeks(self) -> int:
        return self.rule.turn_weeks


# Where one obligation's block may start: start week → days it carries in each covered week.
Starts = dict[int, list[int]]
# Every obligation's allowed starts, by obligation id.
StartOptions = dict[int, Starts]


def applies(rule: Rule, person: Person, support_ids: frozenset[int]) -> bool:
    """Support staff are on the line already; every other rule picks its people."""
    if person.department_id in support_ids:
        return False
    if rule.applies_to == EXECUTIVES:
        return person.is_executive
    if rule.applies_to == DEPARTMENTS:
        return person.department_id in rule.department_ids
    return rule.applies_to in (EVERYONE, NEW_HIRES)


def build_obligations(problem: Problem, avail: Availability) -> list[Obligation]:
    support_ids = problem.support_ids
    last_turn = _last_turns(problem)
    onboarding_end: dict[int, int] = {}
    found: list[tuple[int, Rule, int, int, bool, int, int]] = []

    for rule in sorted(problem.rules, key=lambda r: r.applies_to != NEW_HIRES):
        for person in problem.people:
            if not applies(rule, person, support_ids):
                continue
            if rule.applies_to == NEW_HIRES:
                window = onboarding_window(problem, rule, person, last_turn)
                if window is not None:
                    found.append((person.id, rule, *window, True, 0, window[1]))
                    onboarding_end[person.id] = window[1] + rule.turn_weeks - 1
            else:
                for item in recurring_windows(problem, rule, person, last_turn, onboarding_end):
                    found.append((person.id, rule, *item))
    obligations = [
        Obligation(i, pid, rule, earliest, latest, required, seq, due)
        for i, (pid, rule, earliest, latest, required, seq, due) in enumerate(found)
    ]
    return obligations


def pro_rata_quotas(obligations: list[Obligation], weeks: int) -> dict[int, int]:
    """A horizon shorter than a cycle still carries its share of the cycle's blocks.

    Per rule: how many of the blocks due after the horizon it should hold, the sum of the
    horizon's share of their windows. 26 weeks of an annual rule put about half of those not
    yet due on the line, as the first half of a year's plan would; the solver picks which.
    """
    share: dict[int, float] = {}
    for ob in obligations:
        if not ob.required:
            inside = max(0, min(weeks, ob.due + 1) - ob.earliest)
            window = max(1, ob.due + 1 - ob.earliest)
            share[ob.rule.id] = share.get(ob.rule.id, 0.0) + inside / window
    return {rule_id: int(value + 0.5) for rule_id, value in share.items() if int(value + 0.5)}


def _last_turns(problem: Problem) -> dict[tuple[int, int | None], int]:
    """Latest week (relative to the horizon) of each person's past turns, per rule."""
    last: dict[tuple[int, int | None], int] = {}
    for item in problem.history:
        week = problem.horizon.week_of(item.week_start)
        for key in ((item.person_id, item.rule_id), (item.person_id, None)):
            last[key] = max(last.get(key, week), week)
    return last


def onboarding_window(
    problem: Problem, rule: Rule, person: Person, last_turn: dict[tuple[int, int | None], int]
) -> tuple[int, int] | None:
    """New hires: one block starting within `start_within_weeks` of the hire week."""
    if (person.id, rule.id) in last_turn:
        return None
    hire_week = problem.horizon.week_of(person.hire_date)
    if person.hire_date.weekday() >= 5:
        hire_week += 1
    within = rule.start_within_weeks or 4
    if hire_week + within <= 0:
        return None  # hired before this rule's window: counted as onboarded already
    earliest = max(0, hire_week)
    latest = min(hire_week + within - 1, problem.horizon.weeks - rule.turn_weeks)
    if earliest > latest:
        return None  # the window starts after this horizon
    return earliest, latest


def recurring_windows(
    problem: Problem,
    rule: Rule,
    person: Person,
    last_turn: dict[tuple[int, int | None], int],
    onboarding_end: dict[int, int],
) -> list[tuple[int, int, bool, int, int]]:
    """Everyone / executives / departments: `turns_per_cycle` blocks every `cycle_weeks`.

    Each block is due one interval after the previous one; a block may start no sooner than
    the cooldown allows. Blocks due past the horizon may still be placed early (optional).
    """
    weeks = problem.horizon.weeks
    interval = max(1, rule.cycle_weeks // rule.turns_per_cycle)
    last = last_turn.get((person.id, rule.id))
    if last is None and person.id in onboarding_end:
        last = onboarding_end[person.id]
    hire_week = max(0, problem.horizon.week_of(person.hire_date))
    if person.exempt_until is not None:
        hire_week = max(hire_week, problem.horizon.week_of(person.exempt_until) + 1)
    spacing = rule.turn_weeks + rule.cooldown_weeks
    windows = []
    if last is None or last + interval < hire_week:
        # Never rotated (or long overdue): the first block is due within one interval.
        earliest, due = hire_week, hire_week + interval - 1
    else:
        earliest, due = max(hire_week, last + spacing), last + interval
    sequence = 0
    while earliest <= weeks - rule.turn_weeks:
        latest = min(due, weeks - rule.turn_weeks)
        required = due <= weeks - rule.turn_weeks
        if not required and sequence > 0:
            break  # a block due past the horizon is planned early only when none came before
        if latest >= earliest:
            windows.append((earliest, latest, required, sequence, due))
            sequence += 1
        earliest, due = due + 1, due + interval
    return windows
