"""Shortfalls → sentences a person understands, each naming when, where, how short and why."""

from collections import Counter, defaultdict
from datetime import date

from solver.availability import Availability
from solver.model import Gap, Problem, department_cap
from solver.obligations import Obligation
from solver.shifts import WeekResult
from solver.weeks import Penalty

WEEKDAY = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _people(n: int) -> str:
    return f"{n} person" if n == 1 else f"{n} people"


def explain(
    problem: Problem,
    avail: Availability,
    obligations: list[Obligation],
    unmet: list[Obligation],
    options: dict[int, dict[int, list[int]]],
    week_shortfalls: list[tuple[Penalty, int]],
    results: list[WeekResult],
) -> list[Gap]:
    gaps: list[Gap] = []
    gaps += unmet_obligations(problem, avail, unmet, options)
    gaps += week_gaps(problem, week_shortfalls)
    gaps += shift_gaps(problem, avail, week_shortfalls, results)
    return gaps


def unmet_obligations(
    problem: Problem,
    avail: Availability,
    unmet: list[Obligation],
    options: dict[int, dict[int, list[int]]],
) -> list[Gap]:
    people = {p.id: p for p in problem.people}
    gaps = []
    for ob in unmet:
        if not ob.required:
            continue
        person = people[ob.person_id]
        first = problem.horizon.week_start(ob.earliest)
        last = problem.horizon.week_start(ob.latest)
        if not avail.fits(person):
            why = "their working hours overlap no support shift"
        elif not options[ob.id]:
            away = sum(1 for w in range(ob.earliest, ob.latest + 1) if avail.mostly_away(person, w))
            why = (
                f"on leave or exempt in {away} of the {ob.latest - ob.earliest + 1} possible "
                "weeks, and the rest cannot hold the block"
            )
        else:
            why = "every possible week was already at its department cap or the line's maximum"
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
            )
        )
    return gaps


def week_gaps(problem: Problem, shortfalls: list[tuple[Penalty, int]]) -> list[Gap]:
    """Department caps exceeded and mentor capacity short, per week."""
    gaps = []
    for penalty, value in shortfalls:
        if penalty.kind == "share":
            gaps.append(
                Gap(
                    kind="obligation",
                    message=(
                        f"{penalty.why}: {value} turn(s) due soon after this horizon could "
                        "not be placed in it."
                    ),
                    short=value,
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
                        f"Week of {monday:%Y-%m-%d}: {penalty.why}; {_people(value)} more away "
                        "than allowed, because their rotation windows leave no other week."
                    ),
                    week=penalty.week,
                    department_id=penalty.department_id,
                    short=value,
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
                )
            )
    return gaps


def shift_gaps(
    problem: Problem,
    avail: Availability,
    shortfalls: list[tuple[Penalty, int]],
    results: list[WeekResult],
) -> list[Gap]:
    shifts = {s.id: s for s in problem.shifts}
    people = {p.id: p for p in problem.people}
    departments = {d.id: d for d in problem.departments}
    week_reasons: dict[int, list[str]] = defaultdict(list)
    for penalty, _ in shortfalls:
        if penalty.week is not None and penalty.kind in ("cap", "seats"):
            week_reasons[penalty.week].append(penalty.why)
    capped = _capped_departments(problem, results)
    gaps = []
    for result in results:
        monday = problem.horizon.week_start(result.week)
        for short in result.shortfalls:
            slot = short.slot
            where = (
                f"Week of {monday:%Y-%m-%d}, {WEEKDAY[slot.day.weekday()]} "
                f"{shifts[slot.shift_id].name} {slot.channel}"
            )
            reasons = _day_reasons(avail, slot.day)
            reasons += [f"{departments[d].name} cap reached" for d in capped.get(result.week, [])]
            reasons += week_reasons.get(result.week, [])
            because = f" ({', '.join(dict.fromkeys(reasons))})" if reasons else ""
            if short.short:
                gaps.append(
                    Gap(
                        kind="coverage",
                        message=f"{where}: {_people(short.short)} short{because}",
                        week=result.week,
                        day=slot.day,
                        shift_id=slot.shift_id,
                        channel=slot.channel,
                        short=short.short,
                    )
                )
            if short.skill_short:
                also = ", " + ", ".join(dict.fromkeys(reasons)) if reasons else ""
                gaps.append(
                    Gap(
                        kind="skill",
                        message=(
                            f"{where}: {short.skill_short} more with skill {slot.skill!r} needed "
                            f"(nobody free with the skill{also})"
                        ),
                        week=result.week,
                        day=slot.day,
                        shift_id=slot.shift_id,
                        channel=slot.channel,
                        short=short.skill_short,
                    )
                )
            if short.mentor_short:
                gaps.append(
                    Gap(
                        kind="mentor",
                        message=f"{where}: {short.mentor_short} new hire(s) without a mentor",
                        week=result.week,
                        day=slot.day,
                        shift_id=slot.shift_id,
                        channel=slot.channel,
                        short=short.mentor_short,
                    )
                )
        for person_id, missing in result.days_short:
            person = people[person_id]
            gaps.append(
                Gap(
                    kind="days",
                    message=(
                        f"{person.name}, week of {monday:%Y-%m-%d}: {missing} turn day(s) could "
                        "not be placed (shifts full or outside their working hours)"
                    ),
                    week=result.week,
                    person_id=person_id,
                    short=missing,
                )
            )
    return gaps


def _day_reasons(avail: Availability, day: date) -> list[str]:
    away = sum(1 for p in avail.support_people if day in p.days_off)
    return [f"{away} of the support team on leave"] if away else []


def _capped_departments(problem: Problem, results: list[WeekResult]) -> dict[int, list[int]]:
    """Departments whose whole cap is on the line in a week (nobody more could come)."""
    members = Counter(p.department_id for p in problem.people)
    dept_of = {p.id: p.department_id for p in problem.people}
    capped: dict[int, list[int]] = {}
    for result in results:
        on_line = Counter(dept_of[p] for p in {a[0] for a in result.assignments})
        capped[result.week] = [
            d.id
            for d in problem.departments
            if not d.is_support
            and on_line[d.id]
            and on_line[d.id] >= department_cap(d.max_away_fraction, members[d.id])
        ]
    return capped
