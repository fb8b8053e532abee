"""Stage A's inputs, computed by their shortcuts, equal their definitions: the days a person
can work in a week, where a block may start, and the digest a week's seats are kept by."""

import hashlib
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from bench.company import global_company
from solver.availability import Availability
from solver.model import WeekTurn
from solver.obligations import build_obligations
from solver.stage_a.pins import apply_pins
from solver.stage_a.week_inputs import allowed_starts, open_runs
from solver.stage_b.fingerprint import inputs_digest
from solver.stage_b.place_seats import week_tasks
from solver.stage_b.week_task import WeekTask

COMPANY = global_company(150, 16, seed=2)


def test_the_days_a_person_can_work_are_the_dates_of_the_seats_they_may_sit():
    # Leave, start dates, exemptions and part-day absences all occur in this company.
    assert any(p.days_off for p in COMPANY.people)
    assert any(p.hours_off for p in COMPANY.people)
    avail, by_seat = Availability(COMPANY), Availability(COMPANY)
    for person in COMPANY.people:
        for week in range(COMPANY.horizon.weeks):
            dates = tuple(sorted({local for _, _, local in by_seat.seats(person, week)}))
            assert avail.workable_days(person, week) == dates, (person.id, week)


@given(
    carry=st.lists(st.integers(0, 3), min_size=1, max_size=20),
    frozen=st.integers(0, 5),
    off=st.sets(st.integers(0, 19), max_size=4),
)
def test_a_run_counts_the_open_weeks_in_a_row(carry, frozen, off):
    runs = open_runs(carry, frozen, 7, {(7, w) for w in off} | {(8, 0)})
    for week in range(len(carry)):
        length = 0
        while (
            week + length < len(carry)
            and carry[week + length] > 0
            and week + length >= frozen
            and week + length not in off
        ):
            length += 1
        assert runs[week] == length


def test_a_block_starts_only_where_each_of_its_weeks_can_carry_it():
    problem = replace(COMPANY, frozen_weeks=2)
    avail = Availability(problem)
    obligations = build_obligations(problem, avail)
    pins = apply_pins(problem, obligations)
    people = {p.id: p for p in problem.people}
    weeks = problem.horizon.weeks
    for ob in obligations:
        person = people[ob.person_id]
        found = allowed_starts(problem, avail, person, ob, pins.off, None)
        expected = {}
        if person.department_id not in avail.closed_departments:
            for start in range(ob.earliest, ob.latest + 1):
                covered = range(start, start + ob.turn_weeks)
                carried = [avail.turn_days(person, w, ob.rule.days_per_turn) for w in covered]
                if all(
                    0 <= w < weeks and c > 0 and w >= 2 and (person.id, w) not in pins.off
                    for w, c in zip(covered, carried, strict=True)
                ):
                    expected[start] = carried
        assert found == expected, ob


def _digest_as_written(task: WeekTask) -> str:
    """The week's digest as plans store it: the text of the tuple below, hashed."""
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
        for s in task.staffers
    )
    slots = sorted(
        repr((s.day, s.shift_id, s.channel, s.min_people, s.max_people, s.skill, s.skill_min))
        + repr((s.half_hours, s.fill_to_max))
        for s in task.slots
    )
    text = repr(
        (staffers, slots, sorted(task.clashes), task.max_shifts_per_day, task.mentees_per_mentor)
    )
    return hashlib.sha256(text.encode()).hexdigest()


def test_a_weeks_digest_is_the_one_plans_stored_before():
    # A re-plan compares it with fingerprints stored by earlier plans: its text may not move.
    avail = Availability(COMPANY)
    obligations = build_obligations(COMPANY, avail)
    from_each = {ob.person_id: ob for ob in obligations}
    turns = [  # each rotator a week, every third beside a mentor
        WeekTurn(ob.person_id, n % COMPANY.horizon.weeks, 3, ob.rule.id, with_mentor=n % 3 == 0)
        for n, ob in enumerate(from_each.values())
    ]
    tasks = week_tasks(COMPANY, avail, turns, 10.0, 1, 0)
    assert sum(len(t.staffers) for t in tasks) > len(tasks)
    for task in tasks:
        assert inputs_digest(task) == _digest_as_written(task)
