"""A week's seating fingerprint: what its seats were planned from, and the seats themselves.

A plan stores one per week. A re-plan computes the fingerprint of the same week from its own
inputs and the previous plan's seats: equal means nothing the week's seating depends on has
changed (who is on the line, on which days, with which skills, hours, leave, preferences and
mentoring needs; which seats the line has; the settings) and nobody has edited its seats
since, so the week keeps them as they are, without seating or repairing it again. A leave in
one week then re-seats that week and the week its turn moves to, not the whole year.

Support shares are not part of it: they follow the whole team's load over the year, which
every published week changes, and a week that already seats its people would move support
staff only to even out hours. A full solve evens them out; a re-plan keeps the seats.
"""

import hashlib
from collections.abc import Iterable

from solver.stage_b.week_task import Assignment, WeekTask


def fingerprint(inputs: str, seats: Iterable[Assignment]) -> str:
    """The week's inputs (`inputs_digest`) and its seats, hashed."""
    placed = sorted((p, d, s, c, m or 0) for p, d, s, c, m in seats)
    return hashlib.sha256((inputs + repr(placed)).encode()).hexdigest()


def inputs_digest(task: WeekTask) -> str:
    """What the week's seats are planned from, without the week's index or shares, hashed
    (in the process that seats the week)."""
    staffers = sorted(
        (
            s.person_id,
            s.days,
            s.is_support,
            s.needs_mentor,
            sorted(s.mentor_channels),
            sorted(s.skills),
            sorted(s.seats),
            sorted(s.unwanted),
        )
        for s in task.staffers  # sorted all through: the same in any process, hash seed aside
    )
    slots = sorted(  # by their text: a skill is a name or None, which do not compare
        repr((s.day, s.shift_id, s.channel, s.min_people, s.max_people, s.skill, s.skill_min))
        + repr((s.half_hours, s.fill_to_max))
        for s in task.slots
    )
    text = repr(
        (staffers, slots, sorted(task.clashes), task.max_shifts_per_day, task.mentees_per_mentor)
    )
    return hashlib.sha256(text.encode()).hexdigest()
