"""Stage A priced in plain Python must equal the CP-SAT model's objective, term by term."""

import pytest

from bench.company import global_company, synthetic_company
from solver.availability import Availability
from solver.obligations import build_obligations, pro_rata_quotas
from solver.stage_a.pins import apply_pins
from solver.stage_a.warmstart import greedy_weeks
from solver.stage_a.week_costs import WeekCosts
from solver.stage_a.week_inputs import allowed_starts
from solver.stage_a.weeks import build_week_model
from tests.solver.helpers import tiny


@pytest.mark.parametrize(
    "problem",
    [
        tiny(engineers=10, weeks=6, cap=0.3),
        synthetic_company(120, 12, seed=3),
        global_company(150, 16, seed=2),
    ],
    ids=["tiny", "synthetic", "global"],
)
def test_plain_costs_match_the_model(problem):
    avail = Availability(problem)
    obligations = build_obligations(problem, avail)
    pins = apply_pins(problem, obligations)
    people = {p.id: p for p in problem.people}
    options = {
        ob.id: allowed_starts(problem, avail, people[ob.person_id], ob, pins.off, None)
        for ob in obligations
    }
    quotas = pro_rata_quotas(obligations, problem.horizon.weeks)
    hint, _ = greedy_weeks(problem, avail, obligations, options, pins.forced, pins.fixed, quotas)
    model, penalties = build_week_model(
        problem, avail, obligations, options, hint, pins.forced, pins.fixed, quotas
    )
    costs = WeekCosts(problem, avail, obligations, options, pins.fixed, quotas)
    assert costs.evaluate(hint)[0] == model.hint_objective(penalties)
    # Another placement too: every obligation left out.
    nothing = dict.fromkeys(hint)
    model2, penalties2 = build_week_model(
        problem, avail, obligations, options, nothing, pins.forced, pins.fixed, quotas
    )
    assert costs.evaluate(nothing)[0] == model2.hint_objective(penalties2)
