"""The gaps in a plan's seats, each a sentence with the causes its diagnosis found:
coverage, skill and mentor shortfalls slot by slot, and turn days not placed."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from solver.diagnose import WEEKDAY, Diagnosis, people_phrase
from solver.model import Cause, Gap

SEAT_GAP_KINDS = ("coverage", "skill", "mentor", "days")  # what a week's seats decide


def is_seat_gap(gap: Gap) -> bool:
    """A gap seat_gaps finds: a slot short of people, of a skill or of mentors, or turn days
    not placed. A new hire's own unpaired seat (mentoring.py, a "mentor" gap that names the
    new hire) is not one: mentors are paired again in every solve."""
    return gap.kind in SEAT_GAP_KINDS and not (gap.kind == "mentor" and gap.person_id is not None)


def sentence(where: str, what: str, causes: tuple[Cause, ...]) -> str:
    return f"{where}: {what}" + (f" ({'; '.join(c.text for c in causes)})" if causes else "")


def seat_gaps(d: Diagnosis, weeks: Iterable[int]) -> list[Gap]:
    """Coverage, skill and mentor shortfalls, and turn days not placed, in the given weeks."""
    problem, avail = d.problem, d.avail
    needs: dict[int, list] = defaultdict(list)
    for need in problem.needs:
        needs[need.shift_id].append(need)
    per_mentor = problem.settings.mentees_per_mentor
    gaps: list[Gap] = []
    for week in sorted(weeks):
        monday = problem.horizon.week_start(week)
        for day, shift_id in avail.places(week):
            shift = avail.shifts[shift_id]
            for need in needs.get(shift_id, []):
                where = f"Week of {monday:%Y-%m-%d}, {WEEKDAY[day.weekday()]} {shift.name} " + (
                    need.channel
                )
                key = (day, shift_id, need.channel)
                seated = [d.people[p] for p in d.by_slot.get(key, []) if p in d.people]

                at = (week, day, shift_id, need.channel)
                short = need.min_people - d.staffed[key]
                if short > 0:
                    causes = d.causes((day, shift_id), week, need.min_people)
                    what = f"{people_phrase(short)} short"
                    gaps.append(_slot_gap("coverage", where, what, short, causes, at))
                if need.skill and need.skill_min:
                    skill_short = need.skill_min - sum(
                        1
                        for p in seated
                        if need.skill in p.skills
                        and not ((t := d.turns.get((p.id, week))) and t.with_mentor)
                    )
                    if skill_short > 0:
                        causes = d.causes((day, shift_id), week, need.skill_min, need.skill)
                        what = f"{skill_short} more with skill {need.skill!r} needed"
                        gaps.append(_slot_gap("skill", where, what, skill_short, causes, at))
                mentees = sum(
                    1 for p in seated if (t := d.turns.get((p.id, week))) and t.with_mentor
                )
                mentors = sum(1 for p in seated if need.channel in problem.mentors_on(p))
                mentor_short = mentees - per_mentor * mentors
                if mentees and mentor_short > 0:
                    causes = d.causes(
                        (day, shift_id),
                        week,
                        0,
                        who=d.mentor_test(need.channel),
                        label=f"can mentor on {need.channel}",
                    )
                    what = f"{mentor_short} new hire(s) without a mentor"
                    gaps.append(_slot_gap("mentor", where, what, mentor_short, causes, at))
        gaps += _days_gaps(d, week)
    return gaps


def _slot_gap(
    kind: str,
    where: str,
    what: str,
    short: int,
    causes: tuple[Cause, ...],
    at: tuple[int, date, int, str],
) -> Gap:
    week, day, shift_id, channel = at
    return Gap(
        kind,
        sentence(where, what, causes),
        week=week,
        day=day,
        shift_id=shift_id,
        channel=channel,
        short=short,
        causes=causes,
    )


def _days_gaps(d: Diagnosis, week: int) -> list[Gap]:
    monday = d.problem.horizon.week_start(week)
    gaps = []
    for person_id, turn in sorted(d.turns_in.get(week, {}).items()):
        person = d.people.get(person_id)
        if person is None or person_id in d.support:
            continue
        missing = turn.days - len(d.dates_in[(person_id, week)])
        if missing <= 0:
            continue
        seats = d.avail.seats(person, week)
        own_dates = {local for _, _, local in seats}
        causes = (
            Cause(
                "seats",
                len(own_dates),
                f"{len(own_dates)} of their days have a seat inside their hours and off leave",
                structural=len(own_dates) < turn.days,
            ),
        )
        gaps.append(
            Gap(
                kind="days",
                message=sentence(
                    f"{person.name}, week of {monday:%Y-%m-%d}",
                    f"{missing} turn day(s) could not be placed (shifts full or outside their "
                    "working hours)",
                    causes,
                ),
                week=week,
                person_id=person_id,
                short=missing,
                causes=causes,
            )
        )
    return gaps
