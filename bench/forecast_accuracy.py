"""Forecast accuracy on demand whose truth is known.

A generator of realistic half-hour demand for three channels (customers in three zones, a
weekday and intraday shape, a yearly season with a November–December peak and a summer dip,
US public holidays, +12 % a year of growth, a +20 % level step ten weeks before the forecast
starts, Poisson and day-level noise) writes two years of history and the eight weeks after
it, for two horizons: one over the year's end, one in spring. Every method forecasts the
eight weeks from the same history; the table compares them with what happened:

- weekly MAPE, daily WAPE, half-hourly WAPE and bias (forecast − actual, over actual);
- understaffed half hours: Erlang C staffs each half hour from the forecast and the truth
  says how many of those half hours needed more people.

    python -m bench.forecast_accuracy [--runs 3] [--seed 7]

Prints one JSON document: per horizon and method the medians over the runs (a new random
history each run), and the median time of the chosen forecast for three channels.
"""

import argparse
import json
import math
import random
import statistics
import time
from dataclasses import dataclass
from datetime import date, timedelta

import holidays as holiday_calendars

from staffing_math.erlang import agents_for, backlog_agents
from staffing_math.forecast import SLOTS, forecast

HISTORY_WEEKS = (
    120  # two years and a quarter: the standard models need two whole years before a backtest
)
HORIZON_WEEKS = 8
STEP_WEEKS_BEFORE = 10
GROWTH_A_YEAR = 0.12
STEP = 0.20
HORIZONS = {"year end": date(2026, 11, 30), "spring": date(2026, 3, 2)}
CHANNELS = {"phone": 0.35, "chat": 0.45, "email": 0.20}
WEEKLY_CONTACTS = 9000  # all channels, two years before the horizon
WEEKDAY = (1.15, 1.08, 1.0, 1.0, 0.92, 0.45, 0.35)
CUSTOMER_ZONES = ((0, 0.55), (-6, 0.25), (8, 0.20))  # hours from the line's zone, share
HOLIDAY = 0.3  # a public holiday gets 30 % of its usual contacts
METHODS = (None, "rota", "seasonal naive", "four-week mean", "holt-winters", "autoets", "mstl")
STAFFING = {  # channel → (handle time s, target within s, chat concurrency)
    "phone": (360, 20, 1),
    "chat": (600, 60, 2),
}


def _daytime(hour: float) -> float:
    """Customers' contacts over their own day: a bump from 08:00 to 21:00."""
    hour %= 24
    return math.exp(-(((hour - 13.5) / 3.6) ** 2)) if 6 <= hour <= 22 else 0.02


INTRADAY = [sum(w * _daytime(h / 2 + 0.25 + off) for off, w in CUSTOMER_ZONES) for h in range(48)]


def season(day: date) -> float:
    """A November–December peak and a summer dip, by day of the year."""
    doy = day.timetuple().tm_yday
    wave = 0.10 * math.cos(2 * math.pi * (doy - 340) / 365.25)
    peak = 0.14 * math.exp(-(((doy - 333) / 16) ** 2))
    return 1 + wave + peak


@dataclass(frozen=True)
class Scenario:
    origin: date  # first forecast Monday
    history: dict[str, dict[date, list[float]]]
    truth: dict[str, dict[date, list[float]]]
    expected: dict[str, dict[date, list[float]]]  # the truth's means: a perfect forecast
    holidays: set[date]


def generate(origin: date, rng: random.Random) -> Scenario:
    first = origin - timedelta(weeks=HISTORY_WEEKS)
    step_from = origin - timedelta(weeks=STEP_WEEKS_BEFORE)
    days_off = set(holiday_calendars.country_holidays("US", years=range(first.year, 2028)))
    weights = [w * i for w in WEEKDAY for i in INTRADAY]
    unit = sum(weights)
    history: dict[str, dict[date, list[float]]] = {c: {} for c in CHANNELS}
    truth: dict[str, dict[date, list[float]]] = {c: {} for c in CHANNELS}
    expected: dict[str, dict[date, list[float]]] = {c: {} for c in CHANNELS}
    for n in range(HISTORY_WEEKS + HORIZON_WEEKS):
        week = first + timedelta(weeks=n)
        for channel, share in CHANNELS.items():
            counts, means = [0.0] * SLOTS, [0.0] * SLOTS
            for d in range(7):
                day = week + timedelta(days=d)
                years = (day - first).days / 365.25
                mean = WEEKLY_CONTACTS * share * (1 + GROWTH_A_YEAR) ** years * season(day)
                mean *= (1 + STEP) if day >= step_from else 1.0
                mean *= HOLIDAY if day in days_off else 1.0
                for h in range(48):
                    means[d * 48 + h] = mean * weights[d * 48 + h] / unit
                noise = rng.lognormvariate(0, 0.04)
                for h in range(48):
                    counts[d * 48 + h] = _poisson(rng, means[d * 48 + h] * noise)
            (history if week < origin else truth)[channel][week] = counts
            if week >= origin:
                expected[channel][week] = means
    return Scenario(origin, history, truth, expected, days_off)


def _poisson(rng: random.Random, mean: float) -> float:
    if mean > 30:
        return float(max(0, round(rng.gauss(mean, math.sqrt(mean)))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return float(k)
        k += 1


def _agents(channel: str, contacts: float) -> int:
    if channel == "email":
        return backlog_agents(contacts, 300, 1800)
    aht, within, concurrency = STAFFING[channel]
    return agents_for(contacts, 1800, aht, 0.8, within, concurrency=concurrency).agents


def score(scenario: Scenario, predicted: dict[str, dict[date, list[float]]]) -> dict[str, float]:
    weekly, daily_err, slot_err, total, signed, short = [], 0.0, 0.0, 0.0, 0.0, 0
    for channel, weeks in scenario.truth.items():
        for week, actual in weeks.items():
            guess = predicted[channel][week]
            weekly.append(abs(sum(guess) - sum(actual)) / sum(actual))
            for d in range(7):
                daily_err += abs(
                    sum(guess[d * 48 : d * 48 + 48]) - sum(actual[d * 48 : d * 48 + 48])
                )
            for f, a in zip(guess, actual, strict=True):
                slot_err += abs(f - a)
                if _agents(channel, f) < _agents(channel, a):
                    short += 1
            total += sum(actual)
            signed += sum(guess) - sum(actual)
    return {
        "weekly_mape": round(100 * statistics.fmean(weekly), 2),
        "daily_wape": round(100 * daily_err / total, 2),
        "half_hour_wape": round(100 * slot_err / total, 2),
        "bias": round(100 * signed / total, 2),
        "understaffed_half_hours": short,
    }


def run(runs: int, seed: int) -> dict[str, object]:
    rng = random.Random(seed)
    table: dict[str, dict[str, list[dict[str, float]]]] = {}
    chosen: dict[str, list[str]] = {}
    seconds = []
    for _ in range(runs):
        for label, origin in HORIZONS.items():
            scenario = generate(origin, rng)
            horizon = [origin + timedelta(weeks=i) for i in range(HORIZON_WEEKS)]
            for method in METHODS:
                began = time.perf_counter()
                found = {
                    channel: forecast(weeks, horizon, scenario.holidays, model=method)
                    for channel, weeks in scenario.history.items()
                }
                if method is None:
                    seconds.append(time.perf_counter() - began)
                    chosen.setdefault(label, []).append(
                        ", ".join(f"{c}: {f.model}" for c, f in found.items())
                    )
                predicted = {c: f.slots for c, f in found.items()}
                name = "rota (chosen model)" if method is None else method
                table.setdefault(label, {}).setdefault(name, []).append(score(scenario, predicted))
            perfect = score(scenario, scenario.expected)
            table[label].setdefault("perfect (the generator's means)", []).append(perfect)
    medians = {
        label: {
            method: {key: statistics.median(r[key] for r in results) for key in results[0]}
            for method, results in methods.items()
        }
        for label, methods in table.items()
    }
    return {
        "runs": runs,
        "history_weeks": HISTORY_WEEKS,
        "horizon_weeks": HORIZON_WEEKS,
        "chosen": chosen,
        "forecast_3_channels_s_median": round(statistics.median(seconds), 2),
        "results": medians,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(json.dumps(run(args.runs, args.seed), indent=1))


if __name__ == "__main__":
    main()
