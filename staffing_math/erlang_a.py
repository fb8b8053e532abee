"""Erlang A (M/M/n+M): a live queue whose customers hang up when their patience runs out
(exponential, with a mean the channel sets). Beside Erlang C it staffs a line as it is: the
queue cannot grow without bound, so an overloaded half hour loses customers instead of
asking for ever more agents.

Computed exactly (no heavy-traffic approximation):
- the number of customers in the system is a birth–death chain (arrivals λ; n busy agents
  finish at nμ; each of the q waiting hangs up at θ), truncated where its probability is
  negligible;
- an arriving customer who finds k others waiting is answered once the k ahead and the one
  in service have left (rates nμ + iθ for i = k … 0), unless they hang up first (θ):
  answered within t is a small absorbing chain, evaluated for every k at once by
  uniformisation.
Service level is the share of **all** arrivals answered within the target time (those who
hang up count as missed), as support lines report it.

Pure functions, no I/O.
"""

import math
from dataclasses import dataclass

import numpy as np

from staffing_math.erlang import agents_for

EPSILON = 1e-12
MAX_WAITING = 5000  # customers in the queue the chain follows at most


@dataclass(frozen=True)
class Abandoning:
    agents: int
    service_level: float  # share of all arrivals answered within the target time
    abandoned: float  # share of arrivals who hang up
    waiting_probability: float  # share of arrivals who find every agent busy
    asa_seconds: float  # mean wait of those answered and those who hang up alike
    occupancy: float


def _states(arrivals: float, service: float, patience: float, agents: int) -> list[float]:
    """Probability of j customers in the system, j = 0 … (agents + queue kept)."""
    weights, term = [1.0], 1.0
    j = 0
    while True:
        j += 1
        leaving = min(j, agents) * service + max(j - agents, 0) * patience
        term *= arrivals / leaving
        weights.append(term)
        if j > agents and (term < EPSILON * sum(weights) or j - agents >= MAX_WAITING):
            break
    total = sum(weights)
    return [w / total for w in weights]


def _answered_within(
    start: list[float], agents: int, service: float, patience: float, within: float
) -> float:
    """Σ_k start[k] · P(answered within `within` | k waiting ahead on arrival), by
    uniformisation: the chain steps at a rate above every phase's, Poisson many times."""
    if within <= 0 or not start:
        return 0.0
    ahead = np.arange(len(start), dtype=float)
    leave = agents * service + ahead * patience  # someone ahead (or in service) leaves
    speed = float(leave[-1] + patience)
    forward, stay = leave / speed, (speed - leave - patience) / speed
    mass = np.asarray(start, dtype=float)
    steps = speed * within
    answered, reached, m = 0.0, 0.0, 0
    log_weight = -steps  # log Poisson(m; steps), so a long window does not underflow
    while m <= steps + 12 * math.sqrt(steps) + 20:
        reached += math.exp(log_weight) * answered
        answered += float(mass[0] * forward[0])
        moved = mass * stay
        moved[:-1] += mass[1:] * forward[1:]
        mass = moved
        m += 1
        log_weight += math.log(steps) - math.log(m)
    return reached


def evaluate_abandoning(
    erlangs: float, agents: int, aht_s: float, patience_s: float, within_s: float
) -> Abandoning:
    """Erlang A figures for `agents` serving `erlangs` of traffic (handle time `aht_s`)."""
    if agents <= 0:
        return Abandoning(0, 0.0, 1.0, 1.0, patience_s, 0.0)
    service, patience = 1 / aht_s, 1 / patience_s
    arrivals = erlangs * service
    states = _states(arrivals, service, patience, agents)
    waiting = sum(states[agents:])
    queued = sum((j - agents) * p for j, p in enumerate(states) if j > agents)
    abandoned = patience * queued / arrivals
    ahead = states[agents:]
    on_time = sum(states[:agents]) + _answered_within(ahead, agents, service, patience, within_s)
    return Abandoning(
        agents=agents,
        service_level=min(1.0, on_time),
        abandoned=abandoned,
        waiting_probability=waiting,
        asa_seconds=queued / arrivals,  # Little: mean queue / arrival rate
        occupancy=erlangs * (1 - abandoned) / agents,
    )


def agents_for_abandoning(
    contacts: float,
    interval_s: float,
    aht_s: float,
    patience_s: float,
    target: float,
    within_s: float,
    max_occupancy: float = 1.0,
    concurrency: int = 1,
) -> Abandoning:
    """The fewest agents whose service level reaches `target` (occupancy at most
    `max_occupancy`), customers hanging up after `patience_s` on average. Never more than
    Erlang C asks: patience only shortens the queue. Chat agents count `concurrency` times."""
    if patience_s <= 0:
        raise ValueError("patience must be > 0 seconds")
    erlang_c = agents_for(
        contacts, interval_s, aht_s, target, within_s, max_occupancy, concurrency
    ).agents
    erlangs = contacts * aht_s / interval_s
    if erlangs == 0:
        return Abandoning(0, 1.0, 0.0, 0.0, 0.0, 0.0)
    low, high = 1, erlang_c * concurrency

    def meets(servers: int) -> bool:
        found = evaluate_abandoning(erlangs, servers, aht_s, patience_s, within_s)
        return found.service_level >= target and found.occupancy <= max_occupancy

    while low < high:
        middle = (low + high) // 2
        if meets(middle):
            high = middle
        else:
            low = middle + 1
    found = evaluate_abandoning(erlangs, low, aht_s, patience_s, within_s)
    agents = math.ceil(low / concurrency)
    return Abandoning(
        agents=agents,
        service_level=found.service_level,
        abandoned=found.abandoned,
        waiting_probability=found.waiting_probability,
        asa_seconds=found.asa_seconds,
        occupancy=erlangs * (1 - found.abandoned) / (agents * concurrency),
    )
