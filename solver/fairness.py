"""Fairness figures and a 0–100 quality score that says what lowers it."""

from collections import Counter, defaultdict

from solver.model import Fairness, Gap, Problem, SolveStats, WeekTurn


def fairness_report(
    problem: Problem, turns: tuple[WeekTurn, ...], gaps: list[Gap], stats: SolveStats
) -> Fairness:
    weeks = problem.horizon.weeks
    turns_per_person: Counter[int] = Counter()
    days_per_person: Counter[int] = Counter()
    per_week = [0] * weeks
    dept_week: dict[tuple[int, int], int] = defaultdict(int)
    dept_of = {p.id: p.department_id for p in problem.people}
    for turn in turns:
        turns_per_person[turn.person_id] += 1
        days_per_person[turn.person_id] += turn.days
        if 0 <= turn.week < weeks:
            per_week[turn.week] += 1
            dept_week[(dept_of[turn.person_id], turn.week)] += 1
    members = Counter(dept_of.values())
    share = {
        d.id: round(
            max((dept_week[(d.id, w)] for w in range(weeks)), default=0) / max(1, members[d.id]), 3
        )
        for d in problem.departments
        if not d.is_support
    }
    spread = (max(per_week) - min(per_week)) if per_week else 0

    notes = []
    score = 100.0
    if stats.obligations:
        missed = 1 - stats.obligations_met / stats.obligations
        if missed:
            score -= 40 * missed
            notes.append(f"{stats.obligations - stats.obligations_met} rotation(s) not scheduled")
    if stats.seats_needed:
        uncovered = 1 - stats.seats_filled / stats.seats_needed
        if uncovered > 0:
            score -= 30 * uncovered
            notes.append(f"{stats.seats_needed - stats.seats_filled} shift seat(s) uncovered")
    kinds = Counter(g.kind for g in gaps)
    if kinds["cap"]:
        score -= min(10, 2 * kinds["cap"])
        notes.append(f"{kinds['cap']} week(s) over a department cap")
    if kinds["mentor"]:
        score -= min(10, kinds["mentor"])
        notes.append(f"{kinds['mentor']} mentoring gap(s)")
    average = sum(per_week) / max(1, weeks)
    if average and spread > max(2, average * 0.5):
        score -= min(10, 10 * spread / (average * 4))
        notes.append(f"busiest week has {spread} more rotators than the quietest")
    return Fairness(
        turns_per_person=dict(turns_per_person),
        days_per_person=dict(days_per_person),
        rotators_per_week=per_week,
        week_spread=spread,
        department_share=share,
        score=max(0, round(score)),
        score_notes=tuple(notes),
    )
