"""Shortfalls → sentences a person understands, each naming when, where, how short and why."""

from collections.abc import Sequence

from solver.availability import Availability
from solver.diagnose import Diagnosis, people_phrase
from solver.model import Cause, Gap, Problem, ShiftAssignment, WeekTurn
from solver.obligations import Obligation, StartOptions
from solver.seat_gaps import seat_gaps
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
) -> list[Gap]:
    """Stage A's shortfalls as sentences, then every seat gap of the plan with its diagnosis."""
    gaps: list[Gap] = []
    gaps += unmet_obligations(problem, avail, unmet, options)
    gaps += week_gaps(problem, week_shortfalls)
    diagnosis = Diagnosis(problem, avail, obligations, turns, assignments)
    gaps += seat_gaps(diagnosis, range(problem.horizon.weeks))
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
