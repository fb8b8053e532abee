"""How many people each shift needs so that every half hour has the agents its demand needs:
a small integer program (CP-SAT) per channel. Fewest person-hours first; where no shift
reaches a half hour, or the shifts cannot be staffed enough, the shortfall is reported.
Pure, no I/O."""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ortools.sat.python import cp_model

from staffing_math.erlang import agents_for, backlog_agents
from staffing_math.erlang_a import agents_for_abandoning

HALF_HOUR_S = 1800
SHORTFALL_WEIGHT = 1000  # one uncovered agent-half-hour outweighs any number of extra hours


@dataclass(frozen=True)
class QueueTarget:
    model: str  # erlang_c or backlog
    aht_s: float
    target: float
    within_s: float
    concurrency: int = 1
    max_occupancy: float = 0.85
    shrinkage: float = 0.0
    patience_s: float | None = None  # set: Erlang A, customers hang up after this on average


@cache
def _erlang(contacts: float, t: QueueTarget) -> int:
    if t.patience_s is not None:
        return agents_for_abandoning(
            contacts,
            HALF_HOUR_S,
            t.aht_s,
            t.patience_s,
            t.target,
            t.within_s,
            t.max_occupancy,
            t.concurrency,
        ).agents
    found = agents_for(
        contacts, HALF_HOUR_S, t.aht_s, t.target, t.within_s, t.max_occupancy, t.concurrency
    )
    return found.agents


def agents_per_slot(contacts: Sequence[float], t: QueueTarget) -> list[int]:
    """Agents each half hour needs. Erlang C for live queues (Erlang A when customers hang
    up); for a backlog (email), the work
    that arrived in the last reply-time window is done within that window. Shrinkage (breaks,
    meetings) adds rostered people on top."""
    n = len(contacts)
    if t.model == "backlog":
        window = max(1, math.ceil(t.within_s / HALF_HOUR_S))
        raw = []
        for i in range(n):
            load = sum(contacts[(i - k) % n] for k in range(window))
            raw.append(backlog_agents(load, t.aht_s, window * HALF_HOUR_S, t.max_occupancy))
    else:
        raw = [_erlang(round(c, 2), t) if c > 0 else 0 for c in contacts]
    return [math.ceil(a / (1 - t.shrinkage)) if a else 0 for a in raw]


@dataclass(frozen=True)
class Cover:
    people: dict[Any, int]  # shift occurrence → people
    shortfall: list[int]  # per half hour: agents still missing
    optimal: bool


def cover(
    need: Sequence[int], shifts: Mapping[Any, Sequence[int]], time_limit_s: float = 5.0
) -> Cover:
    """`shifts` maps each shift occurrence to the half hours it staffs."""
    model = cp_model.CpModel()
    top = max(need, default=0)
    people = {key: model.new_int_var(0, top, str(key)) for key in shifts}
    covering: dict[int, list[cp_model.IntVar]] = {}
    for key, slots in shifts.items():
        for slot in slots:
            covering.setdefault(slot, []).append(people[key])
    short = []
    for slot, wanted in enumerate(need):
        missing = model.new_int_var(0, wanted, f"short{slot}")
        model.add(sum(covering.get(slot, [])) + missing >= wanted)
        short.append(missing)
    model.minimize(
        SHORTFALL_WEIGHT * sum(short) + sum(len(shifts[k]) * v for k, v in people.items())
    )
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = 2
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Cover({k: 0 for k in shifts}, list(need), False)
    return Cover(
        {k: solver.value(v) for k, v in people.items()},
        [solver.value(v) for v in short],
        status == cp_model.OPTIMAL,
    )
