"""Stage A's lower bounds hold: on small companies solved to optimality by CP-SAT, the flow
bound plus the seat shortage never exceeds the optimum, and the greedy warm start never
beats it. A bound above the optimum would make Rota stop early with a worse plan and report
a gap that is a lie."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from solver.availability import Availability
from solver.model import EVERYONE, CoverageNeed, Rule
from solver.stage_a.bound import flow_bound, shortage_bound
from solver.stage_a.warmstart import greedy_weeks
from solver.stage_a.week_costs import WeekCosts
from solver.stage_a.week_inputs import week_inputs
from solver.stage_a.weeks import build_week_model
from tests.solver.helpers import MORNING, tiny

pytestmark = pytest.mark.slow  # CP-SAT to optimality, fifteen times


@settings(max_examples=15, deadline=None)
@given(
    engineers=st.integers(min_value=2, max_value=7),
    weeks=st.integers(min_value=2, max_value=5),
    cap=st.sampled_from([0.2, 0.34, 0.5, 1.0]),
    turn_weeks=st.sampled_from([1, 2]),
    days=st.sampled_from([2, 5]),
    seats=st.integers(min_value=1, max_value=4),
)
def test_the_bound_never_exceeds_the_optimum(engineers, weeks, cap, turn_weeks, days, seats):
    rule = Rule(10, "Rotation", EVERYONE, days_per_turn=days, turn_weeks=turn_weeks, cycle_weeks=4)
    problem = tiny(
        engineers=engineers,
        weeks=weeks,
        cap=cap,
        rules=(rule,),
        needs=(CoverageNeed("phone", MORNING.id, seats, seats + 2),),
    )
    avail = Availability(problem)
    inputs = week_inputs(problem, avail)
    pins = inputs.pins
    hint, _kept = greedy_weeks(
        problem, avail, inputs.obligations, inputs.options, pins.forced, pins.fixed, inputs.quotas
    )
    costs = WeekCosts(problem, avail, inputs.obligations, inputs.options, pins.fixed, inputs.quotas)
    flow = flow_bound(costs)
    assert flow is not None
    bound = flow + shortage_bound(costs)

    m, _penalties = build_week_model(
        problem,
        avail,
        inputs.obligations,
        inputs.options,
        hint,
        pins.forced,
        pins.fixed,
        inputs.quotas,
    )
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 20
    assert solver.solve(m.model) == cp_model.OPTIMAL
    optimum = solver.objective_value
    warm = costs.evaluate(hint)[0]
    assert bound <= optimum + 1e-6, f"bound {bound} above the optimum {optimum}"
    assert optimum <= warm + 1e-6, f"CP-SAT's optimum {optimum} above the warm start {warm}"
