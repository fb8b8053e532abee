"""Input that can never be satisfied is refused before solving, with every reason at once."""

from collections import Counter
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from solver.availability import Availability
from solver.model import DEPARTMENTS, Person, Problem


class ProblemError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def validate(problem: Problem, avail: Availability) -> None:
    problems: list[str] = []
    horizon = problem.horizon
    if horizon.start.weekday() != 0:
        problems.append(f"The horizon must start on a Monday, not {horizon.start:%A %Y-%m-%d}.")
    if not 1 <= horizon.weeks <= 104:
        problems.append(f"The horizon must be 1 to 104 weeks long, not {horizon.weeks}.")
    for kind, ids in (
        ("department", [d.id for d in problem.departments]),
        ("person", [p.id for p in problem.people]),
        ("shift", [s.id for s in problem.shifts]),
        ("rule", [r.id for r in problem.rules]),
    ):
        dupes = sorted(i for i, n in Counter(ids).items() if n > 1)
        if dupes:
            problems.append(f"Duplicate {kind} ids: {dupes}.")
    departments = {d.id: d for d in problem.departments}
    members = Counter(p.department_id for p in problem.people)
    for person in problem.people:
        if person.department_id not in departments:
            problems.append(f"{person.name} belongs to unknown department {person.department_id}.")
        if person.work_end == person.work_start or any(
            start == end for _, start, end in person.day_hours
        ):
            problems.append(f"{person.name}'s working hours end when they start.")
    zones = {p.timezone for p in problem.people} | {s.timezone for s in problem.shifts}
    for zone in sorted(zones):
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(f"Unknown time zone {zone!r}.")
    shifts = {s.id: s for s in problem.shifts}
    for shift in problem.shifts:
        if shift.end == shift.start:
            problems.append(f"Shift {shift.name} ends when it starts.")
        if not shift.weekdays:
            problems.append(f"Shift {shift.name} runs on no weekday.")
    for need in problem.needs:
        label = f"{need.channel} on shift {need.shift_id}"
        if need.shift_id not in shifts:
            problems.append(f"Coverage need {label} names an unknown shift.")
        if need.min_people > need.max_people:
            problems.append(
                f"Coverage need {label}: minimum {need.min_people} is above "
                f"maximum {need.max_people}."
            )
        if need.skill_min > need.max_people:
            problems.append(f"Coverage need {label}: skill minimum is above the maximum.")
    for rule in problem.rules:
        if not 1 <= rule.days_per_turn <= 5:
            problems.append(f"Rule {rule.name}: days per turn must be 1 to 5.")
        if rule.turn_weeks < 1 or rule.cycle_weeks < 1 or rule.turns_per_cycle < 1:
            problems.append(f"Rule {rule.name}: weeks and turns must be at least 1.")
        if rule.applies_to == DEPARTMENTS:
            for dept_id in sorted(rule.department_ids):
                if dept_id not in departments:
                    problems.append(f"Rule {rule.name} names unknown department {dept_id}.")
                elif members[dept_id] == 0:
                    problems.append(
                        f"Rule {rule.name} applies to {departments[dept_id].name}, "
                        "which has nobody in it."
                    )
    if problems:
        raise ProblemError(problems)
    # Only now is the calendar safe to compute.
    by_hours = {(p.timezone, p.windows): p for p in problem.people}
    workable = {s for p in by_hours.values() for _, s in avail.fits(p)}
    if problem.people:
        for shift in problem.shifts:
            if shift.id not in workable:
                problems.append(
                    f"Shift {shift.name} ({shift.start:%H:%M}–{shift.end:%H:%M} {shift.timezone}) "
                    "lies outside every person's working hours: nobody could ever staff it."
                )
    if problems:
        raise ProblemError(problems)


def people_count(n: int) -> str:
    return "1 person" if n == 1 else f"{n} people"


def structural_warnings(problem: Problem, avail: Availability) -> list[str]:
    """Needs that no plan could ever meet, and caps that keep a department off the line."""
    warnings = []
    shifts = {s.id: s for s in problem.shifts}
    fit_by_shift: dict[int, list[Person]] = {s.id: [] for s in problem.shifts}
    shifts_of_hours: dict[tuple, set[int]] = {}
    for person in problem.people:
        key = person.hours_key
        if key not in shifts_of_hours:
            shifts_of_hours[key] = {s for _, s in avail.fits(person)}
        for shift_id in shifts_of_hours[key]:
            fit_by_shift[shift_id].append(person)
    for need in problem.needs:
        shift = shifts.get(need.shift_id)
        if shift is None:
            continue
        label = f"{shift.name} ({shift.start:%H:%M}–{shift.end:%H:%M} {shift.timezone})"
        fit = fit_by_shift[shift.id]
        if len(fit) < need.min_people:
            warnings.append(
                f"The {need.channel} need on {label} asks for {need.min_people} people on every "
                f"shift, but only {len(fit)} people's working hours fit it."
            )
        if need.skill and need.skill_min:
            holders = [p for p in problem.people if need.skill in p.skills]
            fitting = [p for p in fit if need.skill in p.skills]
            if len(fitting) < need.skill_min:
                where = "" if len(fitting) == len(holders) else f", {len(fitting)} within {label}"
                have = f"Only {people_count(len(holders))}" if holders else "Nobody"
                warnings.append(
                    f"{have} {'have' if len(holders) > 1 else 'has'} skill "
                    f"{need.skill!r}{where}; the "
                    f"{need.channel} need on {shift.name} asks for {need.skill_min} on every shift."
                )
    members = Counter(p.department_id for p in problem.people)
    for dept in problem.departments:
        if not dept.is_support and members[dept.id] and dept.max_away_fraction <= 0:
            warnings.append(
                f"{dept.name} has a cap of 0: its {members[dept.id]} people never rotate."
            )
    return warnings
