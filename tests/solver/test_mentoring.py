"""Mentoring that spreads: a new hire meets a different mentor each time where possible, no
mentor takes more new hires in a week than the setting, HR's pairs to avoid are never made
and pairs to prefer win, a re-plan keeps its pairs, and new hires spread over the weeks."""

from collections import Counter
from dataclasses import replace
from datetime import timedelta

from solver.check import hard_violations, metrics
from solver.mentoring import pair_mentors
from solver.model import (
    NEW_HIRES,
    CoverageNeed,
    MentorPair,
    Rule,
    Settings,
    ShiftAssignment,
    WeekTurn,
)
from solver.solve import solve
from tests.solver.helpers import MONDAY, MORNING, SALES, person, tiny, with_people

ONBOARDING = Rule(1, "Onboarding", NEW_HIRES, turn_weeks=1, start_within_weeks=4, with_mentor=True)


def _week(mentees: list[int], mentors: list[int], days: int = 5, week: int = 0):  # type: ignore[no-untyped-def]
    """Everyone seated on the morning shift every day of `week`."""
    first = MONDAY + timedelta(weeks=week)
    seats = [
        ShiftAssignment(p, first + timedelta(days=d), MORNING.id, "phone", role)
        for d in range(days)
        for p, role in [(m, "rotator") for m in mentees] + [(m, "support") for m in mentors]
    ]
    turns = [WeekTurn(m, week, days, ONBOARDING.id, with_mentor=True) for m in mentees]
    return turns, seats


def _problem(**overrides):  # type: ignore[no-untyped-def]
    hires = [person(300 + i, hire_date=MONDAY) for i in range(2)]
    return replace(
        with_people(tiny(engineers=0, support=3, rules=(ONBOARDING,)), *hires), **overrides
    )


def _mentors(assignments: list[ShiftAssignment], mentee: int) -> list[int | None]:
    return [a.mentor_id for a in sorted(assignments, key=lambda a: a.day) if a.person_id == mentee]


def test_a_new_hire_meets_a_different_mentor_each_time_where_possible():
    turns, seats = _week([300], [100, 101, 102])
    paired, gaps = pair_mentors(_problem(), turns, seats)
    assert _mentors(paired, 300) == [100, 101, 102, 100, 101]
    assert gaps == []
    # Someone met before the plan comes last.
    paired, _ = pair_mentors(_problem(past_mentors=((300, 100), (300, 101))), turns, seats)
    assert _mentors(paired, 300)[0] == 102


def test_no_mentor_takes_more_new_hires_in_a_week_than_the_setting():
    settings = Settings(mentees_per_mentor=2, mentees_per_mentor_week=1)
    turns, seats = _week([300, 301], [100, 101])
    paired, gaps = pair_mentors(_problem(settings=settings), turns, seats)
    by_mentor = Counter((a.mentor_id, a.person_id) for a in paired if a.mentor_id)
    assert {mentor for mentor, _ in by_mentor} == {100, 101}
    assert len({mentee for _, mentee in by_mentor}) == 2
    assert all(len({m for (mm, m) in by_mentor if mm == mentor}) == 1 for mentor in (100, 101))
    # One mentor, two new hires, a weekly limit of one: the second has none, and a gap says why.
    turns, seats = _week([300, 301], [100])
    paired, gaps = pair_mentors(_problem(settings=settings), turns, seats)
    assert set(_mentors(paired, 300)) == {100} and set(_mentors(paired, 301)) == {None}
    assert len(gaps) == 5 and all(g.kind == "mentor" and g.person_id == 301 for g in gaps)
    assert "already mentor 1 new hire(s) that week" in gaps[0].message


def test_pairs_to_avoid_are_never_made_and_pairs_to_prefer_win():
    avoid = (MentorPair(300, 100, prefer=False),)
    turns, seats = _week([300], [100, 101])
    paired, gaps = pair_mentors(_problem(mentor_pairs=avoid), turns, seats)
    assert set(_mentors(paired, 300)) == {101} and gaps == []
    turns, seats = _week([300], [100])
    paired, gaps = pair_mentors(_problem(mentor_pairs=avoid), turns, seats)
    assert set(_mentors(paired, 300)) == {None}
    assert [g.causes[0].kind for g in gaps] == ["avoided"] * 5
    assert gaps[0].message == (
        f"P300 has no mentor on {MONDAY} (phone): every mentor on that shift is a pairing HR "
        "asked to avoid."
    )
    prefer = (MentorPair(300, 102, prefer=True),)
    turns, seats = _week([300], [100, 101, 102])
    paired, _ = pair_mentors(_problem(mentor_pairs=prefer), turns, seats)
    assert set(_mentors(paired, 300)) == {102}


def test_a_replan_keeps_its_pairs():
    turns, seats = _week([300], [100, 101, 102])
    previous = tuple(a._replace(mentor_id=101) for a in seats if a.person_id == 300)
    paired, _ = pair_mentors(_problem(previous_shifts=previous), turns, seats)
    assert set(_mentors(paired, 300)) == {101}


def test_new_hires_spread_over_the_weeks():
    """Two new hires who both wish for the first week, two engineers due in the same two
    weeks: the wishes alone would make the first week all beginners; the plan puts one new
    hire in each week (and a mentor beside each)."""
    onboarding = replace(ONBOARDING, start_within_weeks=2)
    rotation = Rule(10, "Support week", "everyone", days_per_turn=5, cycle_weeks=2)
    hires = [
        person(300 + i, SALES, hire_date=MONDAY - timedelta(days=1), wanted_weeks=frozenset({0}))
        for i in range(2)
    ]
    problem = with_people(
        tiny(engineers=2, support=2, weeks=2, cap=1.0, rules=(onboarding, rotation)), *hires
    )
    plan = solve(problem, time_limit_s=20, workers=1)
    novices = Counter(t.week for t in plan.turns if t.with_mentor)
    assert novices == {0: 1, 1: 1}
    assert Counter(t.week for t in plan.turns) == {0: 2, 1: 2}
    mentees = {(t.person_id, t.week) for t in plan.turns if t.with_mentor}
    seats = [
        a for a in plan.assignments if (a.person_id, problem.horizon.week_of(a.day)) in mentees
    ]
    assert seats and all(a.mentor_id is not None for a in seats)


def _one_mentor_one_hire(min_people: int, max_people: int):  # type: ignore[no-untyped-def]
    hire = person(300, SALES, hire_date=MONDAY - timedelta(days=1))
    need = (CoverageNeed("phone", MORNING.id, min_people, max_people),)
    return with_people(tiny(engineers=0, support=1, weeks=1, rules=(ONBOARDING,), needs=need), hire)


def test_a_new_hire_sits_on_top_of_coverage_even_at_the_maximum():
    """One seat at most on the shift, one support person: the new hire still sits beside
    them every day (a new hire does not take a seat of the line's coverage)."""
    problem = _one_mentor_one_hire(1, 1)
    plan = solve(problem, time_limit_s=10, workers=1)
    hire_days = sorted(a.day for a in plan.assignments if a.person_id == 300)
    assert len(hire_days) == 5
    assert {a.mentor_id for a in plan.assignments if a.person_id == 300} == {100}
    assert [g for g in plan.gaps if g.kind in ("coverage", "mentor")] == []
    assert hard_violations(problem, plan) == []


def test_a_new_hire_does_not_fill_a_required_seat():
    """Two people needed, one support person and a new hire beside them: one short each day."""
    problem = _one_mentor_one_hire(2, 3)
    plan = solve(problem, time_limit_s=10, workers=1)
    short = [g for g in plan.gaps if g.kind == "coverage"]
    assert len(short) == 5 and all(g.short == 1 for g in short)
    assert metrics(problem, plan)["coverage_met_pct"] == 50.0


def _out_of_pool(problem, *ids: int):  # type: ignore[no-untyped-def]
    return replace(
        problem,
        people=tuple(replace(p, mentor=False) if p.id in ids else p for p in problem.people),
    )


def test_hr_takes_a_support_person_out_of_the_pool():
    """Support staff mentor by default; one taken out is never named, in pairing or in the
    plan: with nobody else to mentor, the new hire is not seated alone and the gap says the
    week has no mentor for them."""
    turns, seats = _week([300], [100, 101])
    paired, gaps = pair_mentors(_out_of_pool(_problem(), 100), turns, seats)
    assert set(_mentors(paired, 300)) == {101} and gaps == []
    problem = _out_of_pool(_one_mentor_one_hire(1, 1), 100)
    plan = solve(problem, time_limit_s=10, workers=1)
    assert [a for a in plan.assignments if a.person_id == 300] == []
    [short] = [g for g in plan.gaps if g.kind == "mentor"]
    assert "beyond what the week's mentors can take" in short.message
    assert hard_violations(problem, plan) == []


def test_hr_adds_someone_to_the_pool_on_every_channel():
    """An engineer with no shifts behind them mentors nowhere by default; added to the pool,
    they mentor the new hire on the week they share, in place of a support person taken out."""
    engineer = person(200, hire_date=MONDAY - timedelta(days=400))
    turns, seats = _week([300], [100])
    seats += [a._replace(person_id=200, role="rotator") for a in seats if a.person_id == 100]
    problem = _out_of_pool(with_people(_problem(), engineer), 100)
    paired, gaps = pair_mentors(problem, turns, seats)
    assert set(_mentors(paired, 300)) == {None} and gaps == []  # stage B's gap, not the pass's
    added = replace(
        problem,
        people=tuple(replace(p, mentor=True) if p.id == 200 else p for p in problem.people),
    )
    paired, gaps = pair_mentors(added, turns, seats)
    assert set(_mentors(paired, 300)) == {200} and gaps == []
    assert added.mentors_on(engineer) == frozenset()
    assert added.mentors_on(replace(engineer, mentor=True)) == frozenset({"phone"})
