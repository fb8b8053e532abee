"""A re-plan keeps the seat gaps of a week whose diagnosis fingerprint still matches, and
diagnoses every other week again: the gaps it ends with are the ones a new diagnosis of its
own turns and seats finds, even when the change reached no seat of the week (someone off the
line taking leave changes a cause, not a seat)."""

from dataclasses import replace

import pytest

from solver import Plan, Problem, solve
from solver import explain as explain_module
from solver.availability import Availability
from solver.diagnose import Diagnosis
from solver.model import CoverageNeed
from solver.seat_gaps import is_seat_gap, seat_gaps
from solver.stage_a.week_inputs import week_inputs
from tests.solver.helpers import MORNING, SUPPORT, days, printed_under_hash_seeds, tiny

WEEKS = 6


def _short_handed() -> Problem:
    """Four people wanted on the phone every morning and fewer on the line: gaps each week,
    whose causes count the engineers off the line by why."""
    return tiny(
        engineers=10,
        weeks=WEEKS,
        support=1,
        cap=0.3,
        needs=(CoverageNeed("phone", MORNING.id, 4, 4),),
    )


def _again(problem: Problem, plan: Plan) -> Problem:
    return replace(
        problem,
        previous=plan.turns,
        previous_shifts=plan.assignments,
        seat_fingerprints=plan.seat_fingerprints,
        previous_gaps=plan.gaps,
        gap_fingerprints=plan.gap_fingerprints,
    )


@pytest.fixture
def diagnosed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The weeks each solve diagnoses."""
    weeks: list[int] = []
    real = explain_module.seat_gaps

    def counted(diagnosis, chosen):  # type: ignore[no-untyped-def]
        chosen = list(chosen)
        weeks.extend(chosen)
        return real(diagnosis, chosen)

    monkeypatch.setattr(explain_module, "seat_gaps", counted)
    return weeks


def _fresh(problem: Problem, plan: Plan) -> list:  # type: ignore[type-arg]
    """A new diagnosis of every week of a plan's own turns and seats."""
    avail = Availability(problem)
    obligations = week_inputs(problem, avail).obligations
    found = Diagnosis(problem, avail, obligations, plan.turns, plan.assignments)
    return seat_gaps(found, range(problem.horizon.weeks))


def test_an_unchanged_replan_diagnoses_no_week_and_keeps_every_gap(diagnosed):
    problem = _short_handed()
    plan = solve(problem, time_limit_s=10, workers=1, seed=5)
    assert sorted(diagnosed) == list(range(WEEKS))
    assert any(g.kind == "coverage" for g in plan.gaps)
    diagnosed.clear()
    again = solve(_again(problem, plan), time_limit_s=10, workers=1, seed=5)
    assert (diagnosed, again.gaps) == ([], plan.gaps)
    assert again.gap_fingerprints == plan.gap_fingerprints


def test_leave_of_someone_off_the_line_is_diagnosed_again(diagnosed):
    problem = _short_handed()
    plan = solve(problem, time_limit_s=10, workers=1, seed=5)
    on_line = {t.person_id for t in plan.turns if t.week == 2}
    away = next(p for p in problem.people if p.department_id != SUPPORT and p.id not in on_line)
    leave = replace(away, days_off=days(problem.horizon.week_start(2), 5))
    changed = replace(
        problem, people=tuple(leave if p.id == away.id else p for p in problem.people)
    )
    diagnosed.clear()
    again = solve(_again(changed, plan), time_limit_s=10, workers=1, seed=5)

    assert again.turns == plan.turns  # nobody's turn moved
    assert again.assignments == plan.assignments  # and no seat
    # The leave runs Monday to Friday; week 1 ends with a seat that may fall on that Monday.
    assert sorted(diagnosed) == [1, 2]
    fresh = _fresh(changed, again)
    assert [g for g in again.gaps if is_seat_gap(g)] == fresh
    # What a diagnosis by seats alone would have kept: week 2 as it was, now wrong.
    before = [g for g in plan.gaps if is_seat_gap(g) and g.week == 2]
    assert before != [g for g in fresh if g.week == 2]
    assert any(c.kind == "leave" for g in fresh if g.week == 2 for c in g.causes)


DIGEST_OF_A_COMPANY = """
from tests.solver.helpers import tiny
from solver.availability import Availability
from solver.diagnosis_fingerprint import company_digest
from solver.model import Person
from solver.stage_a.week_inputs import week_inputs
problem = tiny(engineers=3)
people = tuple(
    Person(p.id, p.name, p.department_id, p.hire_date, skills=frozenset({"de", "fr", "billing"}),
           experienced_channels=frozenset({"chat", "phone", "mail"}))
    for p in problem.people
)
problem = problem.__class__(**{**problem.__dict__, "people": people})
print(company_digest(problem, week_inputs(problem, Availability(problem)).obligations))
"""


def test_the_company_digest_is_the_same_in_any_process():
    # Each re-plan runs in a job process of its own, with its own hash seed.
    assert len(printed_under_hash_seeds(DIGEST_OF_A_COMPANY)) == 1
