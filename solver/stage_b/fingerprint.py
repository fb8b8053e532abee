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
from collections.abc import Collection, Iterable
from typing import Any

from solver.stage_b.week_task import Assignment, Staffer, WeekTask


def fingerprint(inputs: str, seats: Iterable[Assignment]) -> str:
    """The week's inputs (`inputs_digest`) and its seats, hashed."""
    placed = sorted((p, d, s, c, m or 0) for p, d, s, c, m in seats)
    return hashlib.sha256((inputs + repr(placed)).encode()).hexdigest()


def inputs_digest(task: WeekTask) -> str:
    """What the week's seats are planned from, without the week's index or shares, hashed
    (in the process that seats the week): the text of
    repr((staffers, slots, clashes, max shifts a day, mentees per mentor)), each staffer
    (person, days, support, needs a mentor, mentor channels, skills, seats, unwanted) sorted
    all through, so the same in any process, hash seed aside."""
    staffers = sorted(task.staffers, key=lambda s: s.person_id)
    if len({s.person_id for s in staffers}) < len(staffers):
        staffers = sorted(task.staffers, key=lambda s: (s.person_id, _staffer_text(s, {})))
    # People of one calendar share their seats: each seat list is written out once.
    texts: dict[object, str] = {}
    slots = sorted(  # by their text: a skill is a name or None, which do not compare
        repr((s.day, s.shift_id, s.channel, s.min_people, s.max_people, s.skill, s.skill_min))
        + repr((s.half_hours, s.fill_to_max))
        for s in task.slots
    )
    parts = (
        "[" + ", ".join(_staffer_text(s, texts) for s in staffers) + "]",
        repr(slots),
        repr(sorted(task.clashes)),
        repr(task.max_shifts_per_day),
        repr(task.mentees_per_mentor),
    )
    return hashlib.sha256(("(" + ", ".join(parts) + ")").encode()).hexdigest()


def _staffer_text(staffer: Staffer, texts: dict[object, str]) -> str:
    """repr() of the staffer's tuple in the digest. The text of a seat list, a set of skills
    or channels, or of unwanted seats is written once and taken from `texts` after: most
    staffers share theirs with many others."""
    return (
        f"({staffer.person_id!r}, {staffer.days!r}, {staffer.is_support!r}, "
        f"{staffer.needs_mentor!r}, {_sorted_text(staffer.mentor_channels, texts)}, "
        f"{_sorted_text(staffer.skills, texts)}, {_sorted_text(staffer.seats, texts)}, "
        f"{_sorted_text(staffer.unwanted, texts)})"
    )


def _sorted_text(values: Collection[Any], texts: dict[object, str]) -> str:
    key = (type(values), values)
    text = texts.get(key)
    if text is None:
        text = texts[key] = repr(sorted(values))
    return text
