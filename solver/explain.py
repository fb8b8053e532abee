"""Shortfalls → sentences a person understands, each naming when, where, how short and why."""

from collections.abc import Collection, Sequence

from solver.availability import Availability
from solver.diagnose import Diagnosis, people_phrase
from solver.model import Cause, Gap, Problem, ShiftAssignment, WeekTurn
from solver.obligations import Obligation, StartOptions
from solver.seat_gaps import is_seat_gap, seat_gaps
from solver.stage_a.week_costs import Shortfall

# Each kind of gap the solver reports, as the heading people read it under.
GAP_KINDS = {
    "seats": "Seats short",
    "coverage": "Seats short",
    "skill": "Skill short",
    "obligation": "Rotations not placed",
    "cap": "Department caps",
    "mentor": "No mentor",
    "days": "Days not placed",
    "input": "Input problems",
}


def explain(
    problem: Problem,
    avail: Availability,
    obligations: list[Obligation],
    unmet: list[Obligation],
    options: StartOptions,
    week_shortfalls: list[Shortfall],
    turns: Sequence[WeekTurn],
    assignments: Sequence[ShiftAssignment],
    kept_weeks: Collection[int] = (),
) -> list[Gap]:
    """Stage A's shortfalls as sentences, then every seat gap of the plan with its diagnosis:
    the weeks in `kept_weeks` would be diagnosed from what they were before
    (diagnosis_fingerprint.py) and keep the seat gaps the previous plan found; every other
    week is diagnosed."""
    gaps: list[Gap] = []
    gaps += unmet_obligations(problem, avail, unmet, options)
    gaps += week_gaps(problem, week_shortfalls)
    weeks = [w for w in range(problem.horizon.weeks) if w not in kept_weeks]
    # A week's diagnosis reads its own seats and those of the weeks either side (a seat's
    # own date may fall a day into them): the seats of weeks further off are not read.
    near = {w + k for w in weeks for k in (-1, 0, 1)}
    week_of = problem.horizon.week_of
    read = [a for a in assignments if week_of(a.day) in near] if kept_weeks else assignments
    diagnosis = Diagnosis(problem, avail, obligations, turns, read)
    found = seat_gaps(diagnosis, weeks)
    kept = [g for g in problem.previous_gaps if g.week in kept_weeks and is_seat_gap(g)]
    # By week, each week's gaps in the order they were found (the sort is stable).
    gaps += sorted([*found, *kept], key=lambda g: g.week if g.week is not None else -1)
    return gaps


def unmet_obligations(
    problem: Problem,
    avail: Availability,
    unmet: list[Obligation],
    options: StartOptions,
) -> list[Gap]:
    people = {p.id: p for p in problem.people}
    gaps = []
    for ob in unmet:
        if not ob.required:
            continue
        person = people[ob.person_id]
        first = problem.horizon.week_start(ob.earliest)
        last = problem.horizon.week_start(ob.latest)
        possible = ob.latest - ob.earliest + 1
        if person.department_id in avail.closed_departments:
            why = "their department's cap is 0, so nobody from it rotates"
            cause = Cause("cap", 0, why, structural=True)
        elif not avail.fits(person):
            why = "their working hours overlap no support shift"
            cause = Cause("hours", 0, why, structural=True)
        elif not options[ob.id]:
            away = sum(1 for w in range(ob.earliest, ob.latest + 1) if avail.mostly_away(person, w))
            why = (
                f"on leave or exempt in {away} of the {possible} possible "
                "weeks, and the rest cannot hold the block"
            )
            cause = Cause("leave", away, why, structural=True)
        else:
            why = "every possible week was already at its department cap or the line's maximum"
            cause = Cause("cap", possible, why)
        gaps.append(
            Gap(
                kind="obligation",
                message=(
                    f"{person.name}: {ob.rule.name} not scheduled (a block starting between "
                    f"{first:%Y-%m-%d} and {last:%Y-%m-%d}): {why}."
                ),
                week=ob.earliest,
                person_id=person.id,
                department_id=person.department_id,
                short=1,
                causes=(cause,),
            )
        )
    return gaps


def week_gaps(problem: Problem, shortfalls: list[Shortfall]) -> list[Gap]:
    """Department caps exceeded and mentor capacity short, per week."""
    gaps = []
    for penalty in shortfalls:
        value = penalty.value
        if penalty.kind == "share":
            gaps.append(
                Gap(
                    kind="obligation",
                    message=(
                        f"{penalty.why}: {value} turn(s) due soon after this horizon could "
                        "not be placed in it."
                    ),
                    short=value,
                    causes=(Cause("share", value, f"{value} turn(s) of the share unplaced"),),
                )
            )
            continue
        if penalty.week is None:
            continue
        monday = problem.horizon.week_start(penalty.week)
        if penalty.kind == "cap":
            gaps.append(
                Gap(
                    kind="cap",
                    message=(
                        f"Week of {monday:%Y-%m-%d}: {penalty.why}; {people_phrase(value)} "
                        "more away than allowed, because their rotation windows leave no "
                        "other week."
                    ),
                    week=penalty.week,
                    department_id=penalty.department_id,
                    short=value,
                    causes=(Cause("cap", value, f"{people_phrase(value)} over the cap"),),
                )
            )
        elif penalty.kind == "mentor":
            gaps.append(
                Gap(
                    kind="mentor",
                    message=(
                        f"Week of {monday:%Y-%m-%d}: {value} new hire(s) beyond what the week's "
                        "mentors can take."
                    ),
                    week=penalty.week,
                    short=value,
                    causes=(Cause("mentors", value, f"{value} new hire(s) past mentor capacity"),),
                )
            )
    return gaps
