"""Pinned weeks (HR's manual changes, a re-plan's kept past) turned into stage A's terms: an
obligation forced to a start, a fixed turn no rule owns, or a week kept off the line."""

from dataclasses import dataclass

from solver.model import Problem
from solver.obligations import Obligation


@dataclass
class Pins:
    forced: dict[int, int]  # obligation → the start a pin fixes
    fixed: dict[tuple[int, int], int]  # (person, week) → days of a pinned turn no rule owns
    off: set[tuple[int, int]]  # (person, week) kept off the line
    fixed_rules: dict[tuple[int, int], int]
    forced_days: dict[int, int]  # obligation → days its pinned week was published with


def apply_pins(problem: Problem, obligations: list[Obligation]) -> Pins:
    """Pinned weeks force an obligation's block where one fits, else stand as fixed turns."""
    off = {(p.person_id, p.week) for p in problem.pins if not p.on_line}
    by_person: dict[int, list[Obligation]] = {}
    for ob in obligations:
        by_person.setdefault(ob.person_id, []).append(ob)
    forced: dict[int, int] = {}
    covered: set[tuple[int, int]] = set()
    fixed: dict[tuple[int, int], int] = {}
    fixed_rules: dict[tuple[int, int], int] = {}
    forced_days: dict[int, int] = {}
    for pin in sorted((p for p in problem.pins if p.on_line), key=lambda p: (p.person_id, p.week)):
        key = (pin.person_id, pin.week)
        if key in covered or not 0 <= pin.week < problem.horizon.weeks:
            continue
        match = next(
            (
                ob
                for ob in by_person.get(pin.person_id, [])
                if ob.id not in forced
                and (pin.rule_id is None or pin.rule_id == ob.rule.id)
                and ob.earliest - ob.turn_weeks < pin.week <= ob.latest + ob.turn_weeks - 1
                and pin.week + ob.turn_weeks <= problem.horizon.weeks
            ),
            None,
        )
        if match is not None:
            forced[match.id] = pin.week
            if pin.days:
                forced_days[match.id] = pin.days
            covered.update((pin.person_id, pin.week + k) for k in range(match.turn_weeks))
        else:
            fixed[key] = pin.days or 5
            fixed_rules[key] = pin.rule_id or 0
    return Pins(forced, fixed, off, fixed_rules, forced_days)
