"""Mentors across the whole plan, after seating: who sits beside each new hire.

Stage B seats enough mentors on each shift (its capacity rule); this pass, run once over the
plan in date order, names the mentor of every new hire's seat:

- never a pair HR asked to avoid, never more new hires beside one mentor on a shift than the
  setting, and never more different new hires in one week than the weekly setting;
- then, in order: a pair HR asked for; the mentor the previous plan named for that seat (a
  re-plan keeps its pairs); the mentor this new hire has met least so far, before the plan
  and in it (they meet more of the team); the mentor with fewest new hires that week.

A new hire left without a mentor for a reason stage B could not see (an avoided pair, a
mentor at the weekly limit) is a gap that names it.
"""

from collections import Counter, defaultdict
from datetime import date
from operator import itemgetter

from solver.model import Cause, Gap, Person, Problem, ShiftAssignment, WeekTurn

Slot = tuple[date, int, str]  # line day, shift, channel


def pair_mentors(
    problem: Problem, turns: list[WeekTurn], assignments: list[ShiftAssignment]
) -> tuple[list[ShiftAssignment], list[Gap]]:
    people = {p.id: p for p in problem.people}
    horizon = problem.horizon
    mentees = {(t.person_id, t.week) for t in turns if t.with_mentor}
    avoid = {(p.mentee_id, p.mentor_id) for p in problem.mentor_pairs if not p.prefer}
    prefer = {(p.mentee_id, p.mentor_id) for p in problem.mentor_pairs if p.prefer}
    before = {
        (a.person_id, a.day, a.shift_id, a.channel): a.mentor_id
        for a in problem.previous_shifts
        if a.mentor_id is not None
    }
    met: Counter[tuple[int, int]] = Counter(problem.past_mentors)
    per_shift = problem.settings.mentees_per_mentor
    per_week = problem.settings.mentees_per_mentor_week
    week_of = horizon.week_of
    new_hires = {person_id for person_id, _ in mentees}  # most seats are nobody's new hire's

    def is_mentee(a: ShiftAssignment) -> bool:
        return a.person_id in new_hires and (a.person_id, week_of(a.day)) in mentees

    in_slot: dict[Slot, list[int]] = defaultdict(list)
    for a in assignments:
        if not is_mentee(a):
            in_slot[(a.day, a.shift_id, a.channel)].append(a.person_id)
    shift_load: Counter[tuple[int, date, int]] = Counter()
    week_mentees: dict[tuple[int, int], set[int]] = defaultdict(set)
    result: list[ShiftAssignment] = []
    gaps: list[Gap] = []
    for a in sorted(assignments, key=itemgetter(1, 2, 3, 0)):  # day, shift, channel, person
        if not is_mentee(a):
            result.append(a._replace(mentor_id=None) if a.mentor_id is not None else a)
            continue
        week = week_of(a.day)
        able = [
            m
            for m in in_slot[(a.day, a.shift_id, a.channel)]
            if m in people and a.channel in problem.mentors_on(people[m])
        ]
        allowed = [m for m in able if (a.person_id, m) not in avoid]
        free = [m for m in allowed if shift_load[(m, a.day, a.shift_id)] < per_shift]
        open_ = [
            m
            for m in free
            if not per_week
            or a.person_id in week_mentees[(m, week)]
            or len(week_mentees[(m, week)]) < per_week
        ]
        if not open_:
            result.append(a._replace(mentor_id=None))
            if able:  # no mentor at all is stage B's capacity gap, already explained
                gaps.append(_why_not(problem, a, week, able, allowed, free, people))
            continue
        seat = (a.person_id, a.day, a.shift_id, a.channel)
        mentor = min(
            open_,
            key=lambda m: (
                (a.person_id, m) not in prefer,
                before.get(seat) != m,
                met[(a.person_id, m)],
                len(week_mentees[(m, week)]),
                m,
            ),
        )
        shift_load[(mentor, a.day, a.shift_id)] += 1
        week_mentees[(mentor, week)].add(a.person_id)
        met[(a.person_id, mentor)] += 1
        result.append(a._replace(mentor_id=mentor))
    return result, gaps


def _why_not(
    problem: Problem,
    seat: ShiftAssignment,
    week: int,
    able: list[int],
    allowed: list[int],
    free: list[int],
    people: dict[int, Person],
) -> Gap:
    name = people[seat.person_id].name if seat.person_id in people else "A new hire"
    if not allowed:
        why = "every mentor on that shift is a pairing HR asked to avoid"
        cause = Cause("avoided", len(able), f"{len(able)} avoided pairing(s)")
    elif not free:
        why = "the mentors there already have as many new hires beside them as allowed"
        cause = Cause("mentor_full", len(allowed), f"{len(allowed)} mentor(s) at the shift limit")
    else:
        limit = problem.settings.mentees_per_mentor_week
        why = f"the mentors there already mentor {limit} new hire(s) that week"
        cause = Cause("mentor_week", len(free), f"{len(free)} mentor(s) at the weekly limit")
    return Gap(
        kind="mentor",
        message=f"{name} has no mentor on {seat.day} ({seat.channel}): {why}.",
        week=week,
        day=seat.day,
        shift_id=seat.shift_id,
        channel=seat.channel,
        person_id=seat.person_id,
        short=1,
        causes=(cause,),
    )
