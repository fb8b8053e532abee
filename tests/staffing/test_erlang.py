"""Erlang C against published figures: the classic table for 10 Erlangs, and pyworkforce's
documented example (100 contacts in 30 minutes, 3-minute handle time, 80 % within 20 s)."""

import json
import math
import subprocess
import sys

import pytest

from staffing_math.erlang import agents_for, backlog_agents, evaluate, traffic, waiting_probability

# Chance of waiting for A = 10 Erlangs (textbook Erlang C table).
TABLE = {11: 0.6821, 12: 0.4494, 13: 0.2853, 14: 0.1741, 15: 0.1020, 16: 0.0573}


@pytest.mark.parametrize(("agents", "expected"), sorted(TABLE.items()))
def test_waiting_probability_matches_the_table(agents: int, expected: float) -> None:
    assert waiting_probability(10, agents) == pytest.approx(expected, abs=5e-5)


def test_pyworkforce_example() -> None:
    result = agents_for(contacts=100, interval_s=1800, aht_s=180, target=0.8, within_s=20)
    assert result.agents == 14
    assert result.service_level == pytest.approx(0.8883500191794669, rel=1e-9)
    assert result.occupancy == pytest.approx(0.7142857142857143, rel=1e-12)
    assert result.waiting_probability == pytest.approx(0.1741319335950498, rel=1e-9)
    assert result.asa_seconds == pytest.approx(0.1741319335950498 * 180 / 4, rel=1e-9)


def test_too_few_agents_never_serve_the_queue() -> None:
    assert evaluate(10, 10, 180, 20).service_level == 0.0
    assert math.isinf(evaluate(10, 9, 180, 20).asa_seconds)


def test_large_lines_stay_finite() -> None:
    result = agents_for(contacts=6000, interval_s=1800, aht_s=300, target=0.9, within_s=30)
    assert 1000 < result.agents < 1100 and 0.9 <= result.service_level < 0.95


def test_chat_concurrency_and_occupancy_cap() -> None:
    single = agents_for(contacts=100, interval_s=1800, aht_s=180, target=0.8, within_s=20)
    chat = agents_for(100, 1800, 180, 0.8, 20, concurrency=2)
    assert chat.agents == math.ceil(single.agents / 2) == 7
    capped = agents_for(100, 1800, 180, 0.8, 20, max_occupancy=0.65)
    assert capped.agents == 16 and capped.occupancy <= 0.65


def test_email_backlog_and_bad_input() -> None:
    assert backlog_agents(contacts=200, aht_s=360, window_s=8 * 3600, max_occupancy=0.85) == 3
    assert traffic(0, 1800, 180) == 0
    with pytest.raises(ValueError, match="target share"):
        agents_for(100, 1800, 180, 80, 20)


def test_the_api_and_the_command_give_the_same_answer(client, staff) -> None:
    query = "calls=100&interval_minutes=30&aht_seconds=180&target=0.8&within_seconds=20"
    answer = client.get(f"/api/v1/staffing/erlang?{query}", headers=staff.headers)
    assert answer.status_code == 200
    body = answer.json()
    assert (body["agents"], body["service_level"], body["occupancy"]) == (14, 0.88835, 0.714286)
    assert body["asa_seconds"] == 7.836
    printed = subprocess.run(
        [
            sys.executable,
            "-m",
            "app.cli",
            "staffing",
            "--calls",
            "100",
            "--interval-minutes",
            "30",
            "--aht-seconds",
            "180",
            "--target",
            "0.8",
            "--within-seconds",
            "20",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert json.loads(printed.stdout.strip().splitlines()[-1]) == {
        k: body[k] for k in ("agents", "service_level", "asa_seconds", "occupancy")
    }
    bad = client.get("/api/v1/staffing/erlang?calls=100&target=80", headers=staff.headers)
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "target")
    assert client.get(f"/api/v1/staffing/erlang?{query}").status_code == 401


def test_huge_queues_are_refused_not_searched(client, staff) -> None:
    query = "calls=1000000&interval_minutes=1&aht_seconds=86400&target=0.8&within_seconds=20"
    answer = client.get(f"/api/v1/staffing/erlang?{query}", headers=staff.headers)
    assert (answer.status_code, answer.json()["errors"][0]["field"]) == (422, "calls")
    assert "split the queue" in answer.json()["detail"]


def test_an_impossible_occupancy_cap_is_refused_at_once() -> None:
    with pytest.raises(ValueError, match="occupancy of 1e-09 needs over"):
        agents_for(100, 1800, 180, 0.8, 20, max_occupancy=1e-9)
    biggest = agents_for(99_000, 1, 1, 0.999999, 0)  # near the cap, still within the bound
    assert 99_000 < biggest.agents < 101_000
