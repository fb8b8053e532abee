"""A lower bound for stage A: the LP relaxation of the very CP-SAT model, solved by GLOP.

Stage A is close to a transportation problem, so its LP relaxation is nearly integral and
its optimum is a tight, honest bound; CP-SAT's own bound stays weak on models of this size.
"""

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model


def lp_bound(model: cp_model.CpModel, time_limit_s: float) -> float | None:
    """Optimum of the LP relaxation (a valid lower bound), or None if GLOP did not finish."""
    proto = model.proto
    lp = pywraplp.Solver.CreateSolver("GLOP")
    if lp is None:
        return None
    lp.SetTimeLimit(int(max(1.0, time_limit_s) * 1000))
    columns = [
        lp.NumVar(float(v.domain[0]), float(v.domain[len(v.domain) - 1]), "")
        for v in proto.variables
    ]

    def add_literals(literals, lower: float, upper: float) -> None:  # type: ignore[no-untyped-def]
        # A negated literal ~x is 1 - x: move its constant to the bounds.
        negated = sum(1 for lit in literals if lit < 0)
        row = lp.RowConstraint(lower - negated, upper - negated, "")
        for lit in literals:
            row.SetCoefficient(columns[lit if lit >= 0 else -lit - 1], 1.0 if lit >= 0 else -1.0)

    infinity = lp.infinity()
    for constraint in proto.constraints:
        if constraint.has_bool_and() and len(constraint.enforcement_literal) == 1:
            # an implication a => b becomes b - a >= 0
            for lit in constraint.bool_and.literals:
                add_literals([lit, _negate(constraint.enforcement_literal[0])], 1, infinity)
            continue
        if constraint.enforcement_literal:
            continue  # relaxing a half-reified constraint away keeps the bound valid
        if constraint.has_exactly_one():
            add_literals(constraint.exactly_one.literals, 1, 1)
        elif constraint.has_at_most_one():
            add_literals(constraint.at_most_one.literals, -infinity, 1)
        elif constraint.has_bool_or():
            add_literals(constraint.bool_or.literals, 1, infinity)
        elif constraint.has_linear():
            linear = constraint.linear
            # (these repeated fields do not support negative indexes)
            lower, upper = linear.domain[0], linear.domain[len(linear.domain) - 1]
            row = lp.RowConstraint(
                float(lower) if lower > cp_model.INT_MIN else -infinity,
                float(upper) if upper < cp_model.INT_MAX else infinity,
                "",
            )
            for var, coeff in zip(linear.vars, linear.coeffs, strict=True):
                if var >= 0:
                    row.SetCoefficient(columns[var], float(coeff))
                else:  # a negated reference -v-1 means -(v)
                    row.SetCoefficient(columns[-var - 1], -float(coeff))
        # other constraint kinds are dropped: fewer constraints only lower the bound
    objective = lp.Objective()
    for var, coeff in zip(proto.objective.vars, proto.objective.coeffs, strict=True):
        objective.SetCoefficient(columns[var], float(coeff))
    objective.SetOffset(float(proto.objective.offset))
    objective.SetMinimization()
    status = lp.Solve()
    if status != pywraplp.Solver.OPTIMAL:
        return None
    return float(objective.Value())


def _negate(literal: int) -> int:
    return -literal - 1
