"""Erlang A against what must hold: with endless patience it is Erlang C (the textbook table
and pyworkforce's example), its chain balances (what is answered is what the agents finish),
and a discrete-event simulation of the same queue gives the same service level and
abandonment."""

import heapq
import random

import pytest

from staffing_math.erlang import agents_for, waiting_probability
from staffing_math.erlang_a import agents_for_abandoning, evaluate_abandoning

ENDLESS = 1e9  # seconds of patience: nobody hangs up


@pytest.mark.parametrize("agents", [11, 12, 13, 14, 15, 16])
def test_endless_patience_is_erlang_c(agents: int) -> None:
    found = evaluate_abandoning(10, agents, 180, ENDLESS, 20)
    assert found.waiting_probability == pytest.approx(waiting_probability(10, agents), abs=1e-6)
    assert found.abandoned == pytest.approx(0, abs=1e-6)


def test_endless_patience_staffs_like_pyworkforce_example() -> None:
    found = agents_for_abandoning(100, 1800, 180, ENDLESS, 0.8, 20)
    assert found.agents == 14
    assert found.service_level == pytest.approx(0.88835, abs=1e-4)


def test_the_chain_balances_answered_against_finished() -> None:
    """λ(1 − P(abandon)) = μ · E[busy agents]: both sides from the same chain, different
    sums."""
    found = evaluate_abandoning(18, 17, 300, 90, 30)  # overloaded: the queue is held by patience
    assert 0.02 < found.abandoned < 0.3
    assert found.occupancy < 1
    assert found.occupancy * 17 == pytest.approx(18 * (1 - found.abandoned), rel=1e-9)


def _simulate(erlangs: float, agents: int, aht: float, patience: float, within: float) -> tuple:
    rng = random.Random(11)
    arrivals_per_s = erlangs / aht
    free_at = [0.0] * agents
    heapq.heapify(free_at)
    now, answered_in_time, hung_up, total = 0.0, 0, 0, 200_000
    for _ in range(total):
        now += rng.expovariate(arrivals_per_s)
        gives_up_after = rng.expovariate(1 / patience)
        # FIFO with exponential patience: the next free agent takes the customer if they wait.
        earliest = free_at[0]
        start = max(now, earliest)
        if start - now > gives_up_after:
            hung_up += 1
            continue
        heapq.heapreplace(free_at, start + rng.expovariate(1 / aht))
        answered_in_time += start - now <= within
    return answered_in_time / total, hung_up / total


def test_a_simulated_queue_agrees() -> None:
    exact = evaluate_abandoning(18, 19, 180, 60, 20)
    service_level, abandoned = _simulate(18, 19, 180, 60, 20)
    assert exact.service_level == pytest.approx(service_level, abs=0.01)
    assert exact.abandoned == pytest.approx(abandoned, abs=0.005)


def test_patience_asks_fewer_agents_never_more() -> None:
    patient = agents_for(300, 1800, 300, 0.8, 20).agents
    short = agents_for_abandoning(300, 1800, 300, 45, 0.8, 20)
    assert short.agents < patient
    assert evaluate_abandoning(50, short.agents, 300, 45, 20).service_level >= 0.8
    assert evaluate_abandoning(50, short.agents - 1, 300, 45, 20).service_level < 0.8
    with pytest.raises(ValueError, match="patience"):
        agents_for_abandoning(300, 1800, 300, 0, 0.8, 20)
