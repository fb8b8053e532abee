"""Staffing from demand: Erlang C (M/M/N) for phone and chat, workload for email.

Pure functions, no I/O. Traffic A = contacts × handle time / interval length (Erlangs).
The chance a contact waits comes from the Erlang B recursion, which stays stable for
hundreds of agents where factorials overflow."""

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Staffing:
    agents: int
    service_level: float  # share answered within the target time
    asa_seconds: float  # average speed of answer
    occupancy: float  # share of the agents' time spent handling contacts
    waiting_probability: float


def traffic(contacts: float, interval_s: float, aht_s: float) -> float:
    if contacts < 0 or interval_s <= 0 or aht_s <= 0:
        raise ValueError("contacts must be ≥ 0, the interval and handle time > 0")
    return contacts * aht_s / interval_s


def waiting_probability(erlangs: float, agents: int) -> float:
    """Erlang C: the chance an arriving contact has to wait (1 when agents ≤ traffic)."""
    if agents <= erlangs:
        return 1.0
    blocking = 1.0  # Erlang B with 0 agents
    for n in range(1, agents + 1):
        blocking = erlangs * blocking / (n + erlangs * blocking)
    return agents * blocking / (agents - erlangs * (1 - blocking))


def evaluate(erlangs: float, agents: int, aht_s: float, within_s: float) -> Staffing:
    if agents <= 0 or agents <= erlangs:
        occupancy = 1.0 if agents > 0 else 0.0
        return Staffing(agents, 0.0, math.inf, occupancy, 1.0)
    wait = waiting_probability(erlangs, agents)
    service = 1 - wait * math.exp(-(agents - erlangs) * within_s / aht_s)
    return Staffing(
        agents=agents,
        service_level=service,
        asa_seconds=wait * aht_s / (agents - erlangs),
        occupancy=erlangs / agents,
        waiting_probability=wait,
    )


MAX_ERLANGS = 100_000  # a bigger queue is many queues; refusing keeps the search bounded
MAX_SERVERS = 2 * MAX_ERLANGS + 10_000


def agents_for(
    contacts: float,
    interval_s: float,
    aht_s: float,
    target: float,
    within_s: float,
    max_occupancy: float = 1.0,
    concurrency: int = 1,
) -> Staffing:
    """The fewest agents that answer `target` of contacts within `within_s` seconds (and keep
    occupancy at or below `max_occupancy`). Chat agents hold `concurrency` conversations at
    once: they are counted as that many servers, each taking the whole handle time. One pass
    of the Erlang B recursion serves every candidate, so the search costs O(agents)."""
    if not 0 < target < 1:
        raise ValueError("the target share must be between 0 and 1 (for example 0.8)")
    if within_s < 0 or concurrency < 1 or not 0 < max_occupancy <= 1:
        raise ValueError("within_s ≥ 0, concurrency ≥ 1 and 0 < max_occupancy ≤ 1")
    erlangs = traffic(contacts, interval_s, aht_s)
    if erlangs == 0:
        return Staffing(0, 1.0, 0.0, 0.0, 0.0)
    if erlangs > MAX_ERLANGS:
        raise ValueError(f"over {MAX_ERLANGS:,} Erlangs of traffic: split the queue")
    if erlangs / max_occupancy > MAX_SERVERS:
        raise ValueError(f"an occupancy of {max_occupancy:g} needs over {MAX_SERVERS:,} agents")
    blocking, servers = 1.0, 0
    while servers < MAX_SERVERS:
        servers += 1
        blocking = erlangs * blocking / (servers + erlangs * blocking)
        if servers <= erlangs:
            continue
        wait = servers * blocking / (servers - erlangs * (1 - blocking))
        service = 1 - wait * math.exp(-(servers - erlangs) * within_s / aht_s)
        if service >= target and erlangs / servers <= max_occupancy:
            agents = math.ceil(servers / concurrency)
            return Staffing(
                agents=agents,
                service_level=service,
                asa_seconds=wait * aht_s / (servers - erlangs),
                occupancy=erlangs / (agents * concurrency),
                waiting_probability=wait,
            )
    raise ValueError(f"no staffing up to {MAX_SERVERS:,} agents reaches the target")


def backlog_agents(
    contacts: float, aht_s: float, window_s: float, max_occupancy: float = 0.85
) -> int:
    """Email and other queued work: enough people to handle the contacts of a window within
    that window (the resolution-time target), at a sustainable occupancy."""
    if contacts < 0 or aht_s <= 0 or window_s <= 0 or not 0 < max_occupancy <= 1:
        raise ValueError("contacts ≥ 0; handle time and window > 0; 0 < max_occupancy ≤ 1")
    return math.ceil(contacts * aht_s / (window_s * max_occupancy))
