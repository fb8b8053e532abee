"""Lower bounds for stage A, so that its optimality gap is measured, not guessed.

Stage A is close to a transportation problem, so relaxations of it are nearly integral and
give tight, honest bounds; CP-SAT's own bound stays weak on models of this size.
"""

from ortools.graph.python import min_cost_flow
from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from solver.stage_a.week_costs import WeekCosts
from solver.stage_a.weeks import W_OBLIGATION, W_SEAT, W_SKILL


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

    def add_literals(literals, lower: float, upper: float) -> None:
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


def flow_bound(costs: WeekCosts) -> float | None:
    """A relaxation solved exactly as a min-cost flow: obligations → weeks → convex week costs.

    It keeps what shapes the optimum on workable instances (every obligation placed, the
    square-of-load fairness, preferences and stability) and drops the rest (caps, seats,
    one turn a week, the consecutiveness of multi-week blocks). Dropping non-negative penalties and
    constraints only lowers the optimum, so the result is a valid lower bound. It takes well
    under a second where the LP of the full model takes minutes.
    """
    weeks = costs.problem.horizon.weeks
    weight = costs.problem.settings.weight_fairness
    steps = costs.fairness.steps
    tails = costs.fairness.tails

    flow = min_cost_flow.SimpleMinCostFlow()
    n_ob = len(costs.obligations)
    source, sink = 0, n_ob + weeks + 1
    week_node = {w: n_ob + 1 + w for w in range(weeks)}
    # Optional blocks of a rule with a pro-rata quota leave unmet through a pool that charges
    # for every unit past (pool size - quota): exactly the model's elastic share constraint.
    pool_node: dict[int, int] = {}
    for rule_id, quota in costs.quotas.items():
        size = sum(
            ob.turn_weeks for ob in costs.obligations if ob.rule.id == rule_id and not ob.required
        )
        node = sink + 1 + len(pool_node)
        pool_node[rule_id] = node
        flow.add_arc_with_capacity_and_unit_cost(node, sink, max(0, size - quota), 0)
        flow.add_arc_with_capacity_and_unit_cost(node, sink, quota, W_OBLIGATION)
    constant = costs.constant
    units = 0
    for i, ob in enumerate(costs.obligations, start=1):
        # A block of T weeks becomes T pieces, each free to sit in any week the block could
        # cover (consecutiveness relaxed); each piece carries a T-th of the start's soft cost.
        size = ob.turn_weeks
        units += size
        flow.add_arc_with_capacity_and_unit_cost(source, i, size, 0)
        unmet = W_OBLIGATION // size if ob.required else 0
        exit_node = sink
        if not ob.required and ob.rule.id in pool_node:
            exit_node = pool_node[ob.rule.id]
        flow.add_arc_with_capacity_and_unit_cost(i, exit_node, size, unmet)
        piece_cost: dict[int, int] = {}
        for b, soft in costs.soft[ob.id].items():
            share = soft // size
            for week in range(b, b + size):
                piece_cost[week] = min(piece_cost.get(week, share), share)
        for week, cost in piece_cost.items():
            flow.add_arc_with_capacity_and_unit_cost(i, week_node[week], 1, cost)
    for week in range(weeks):
        fixed = sum(1 for (_, w) in costs.fixed if w == week)
        week_steps = sorted(steps.get(week, []))
        constant += sum(week_steps[:fixed])
        for cost in week_steps[fixed:]:
            flow.add_arc_with_capacity_and_unit_cost(week_node[week], sink, 1, cost)
        if week in tails:
            flow.add_arc_with_capacity_and_unit_cost(week_node[week], sink, units, tails[week])
        elif weight == 0:
            flow.add_arc_with_capacity_and_unit_cost(week_node[week], sink, units, 0)
    flow.set_node_supply(source, units)
    flow.set_node_supply(sink, -units)
    if flow.solve() != flow.OPTIMAL:
        return None
    return float(flow.optimal_cost() + constant)


def shortage_bound(costs: WeekCosts) -> int:
    """What the seat and skill terms cost at the least, whatever the weeks chosen.

    The flow bound leaves these terms out. Rotators can bring at most the days of all their
    blocks in total, and in any one week at most what those who could rotate then carry; the
    best any plan can do is spread that supply over the weeks' demands (water-filling), so
    the shortfall it leaves is a valid lower bound, added to the flow bound's disjoint terms.
    """
    weeks = costs.problem.horizon.weeks
    people = costs.people
    avail = costs.avail
    total = 0
    groups: list[tuple[int, str | None]] = [(W_SEAT, None)]
    groups += [(W_SKILL, skill) for skill in avail.skills_needed]
    for weight, skill in groups:
        holders = [  # new hires beside a mentor supply no seat (mentees on top)
            ob
            for ob in costs.obligations
            if not ob.rule.with_mentor and (skill is None or skill in people[ob.person_id].skills)
        ]
        supply = sum(max(map(sum, costs.options[ob.id].values()), default=0) for ob in holders)
        per_week = [0] * weeks
        for ob in holders:
            most: dict[int, int] = {}
            for start, days in costs.options[ob.id].items():
                for offset, carried in enumerate(days):
                    most[start + offset] = max(most.get(start + offset, 0), carried)
            for week, carried in most.items():
                per_week[week] += carried
        if skill is None:  # pinned extra turns count for seats (the model counts them there)
            for (_, week), pinned in costs.fixed.items():
                per_week[week] += pinned
                supply += pinned
        demand = [
            avail.seat_demand(w) if skill is None else avail.skill_seat_demand(skill, w)
            for w in range(weeks)
        ]
        reachable = sum(min(d, c) for d, c in zip(demand, per_week, strict=True))
        total += weight * (sum(demand) - min(supply, reachable))
    return total
