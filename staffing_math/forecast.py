"""Demand forecast one channel at a time, built so a support lead can explain every number.

    contacts in a half hour = level × seasonal index of the week × holiday factor of the day
                              × share of the week's contacts in that weekday's half hour

- level: the recent weeks with their seasonal index and holidays taken out, weighted so each
  week counts half as much as the one four weeks after it;
- seasonal index of a week of the year: that week's contacts over the average week, smoothed
  with its neighbours (1 until a year of history exists);
- holiday factor: how busy past public holidays were against what the rest of their week
  says that weekday usually gets;
- intraday profile: the recent weeks' share per weekday and half hour.
The error is measured by forecasting the last weeks of the history from the weeks before them.

Pure functions, no I/O. Weeks are Mondays in the line's zone; each holds 336 half hours.
"""

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

SLOTS = 7 * 48
HALF_LIFE_WEEKS = 4
PROFILE_WEEKS = 8
YEAR = 52


@dataclass(frozen=True)
class HeldBack:
    weeks: int
    weekly_error: float  # mean absolute percentage error of the weekly totals
    daily_error: float  # weighted absolute percentage error of the days
    interval_error: float  # weighted absolute percentage error of the half hours


@dataclass(frozen=True)
class Forecast:
    slots: dict[date, list[float]]  # forecast week → 336 half hours
    level: float
    seasonal: dict[date, float]  # index applied to each forecast week
    holiday_factor: float  # applied to each holiday in the horizon
    holidays: list[date]  # holidays in the horizon
    history_weeks: int
    held_back: HeldBack | None

    def total(self, week: date) -> float:
        return sum(self.slots[week])


def _week_of_year(week: date) -> int:
    return min(week.isocalendar()[1], YEAR)  # week 53 reads as 52


def seasonal_index(history: Mapping[date, Sequence[float]]) -> dict[int, float]:
    """Week of the year → its contacts over the average week, smoothed over ±1 week. Empty
    with less than about a year of history (46 weeks: an export of a year loses its partial
    first and last weeks): one season cannot be told from a trend."""
    weeks = sorted(history)[-YEAR:]
    if len(weeks) < YEAR - 6:
        return {}
    totals = {_week_of_year(w): sum(history[w]) for w in weeks}
    mean = statistics.fmean(totals.values())
    if mean <= 0:
        return {}
    raw = {k: v / mean for k, v in totals.items()}
    smoothed = {}
    for k in raw:
        around = [raw.get((k - 1 + d) % YEAR + 1) for d in (-1, 0, 1)]
        values = [v for v in around if v is not None]
        smoothed[k] = statistics.fmean(values)
    return smoothed


def profile(history: Mapping[date, Sequence[float]], holidays: set[date]) -> list[float]:
    """Share of a week's contacts per weekday and half hour, from the recent weeks (days that
    were holidays are left out, so a quiet Christmas does not make every Thursday quiet)."""
    sums, days = [0.0] * SLOTS, [0] * 7
    for week in sorted(history)[-PROFILE_WEEKS:]:
        for day in range(7):
            if week + timedelta(days=day) in holidays:
                continue
            days[day] += 1
            for half in range(48):
                sums[day * 48 + half] += history[week][day * 48 + half]
    # Each weekday averaged over the weeks it was a working day, then all made shares.
    means = [sums[slot] / days[slot // 48] if days[slot // 48] else 0.0 for slot in range(SLOTS)]
    total = sum(means)
    return [m / total for m in means] if total else [1 / SLOTS] * SLOTS


def _day_shares(shares: Sequence[float]) -> list[float]:
    return [sum(shares[day * 48 : day * 48 + 48]) for day in range(7)]


def holiday_factor(
    history: Mapping[date, Sequence[float]], holidays: set[date], shares: Sequence[float]
) -> float:
    """The median of (a holiday's contacts / what the rest of its week says that weekday
    usually gets)."""
    by_day = _day_shares(shares)
    ratios = []
    for week, counts in history.items():
        off = [d for d in range(7) if week + timedelta(days=d) in holidays]
        if not off:
            continue
        rest = [d for d in range(7) if d not in off]
        rest_share = sum(by_day[d] for d in rest)
        rest_count = sum(sum(counts[d * 48 : d * 48 + 48]) for d in rest)
        for day in off:
            usual = rest_count * by_day[day] / rest_share if rest_share else 0.0
            if usual > 0:
                ratios.append(sum(counts[day * 48 : day * 48 + 48]) / usual)
    return min(5.0, max(0.05, statistics.median(ratios))) if ratios else 1.0


def _without_holidays(
    week: date, total: float, holidays: set[date], by_day: list[float], factor: float
) -> float:
    """What a week with holidays in it would have had without them."""
    lost = sum(by_day[d] for d in range(7) if week + timedelta(days=d) in holidays)
    return total / (1 - lost * (1 - factor)) if lost * (1 - factor) < 1 else total


def _fit(
    history: Mapping[date, Sequence[float]], horizon: Sequence[date], holidays: set[date]
) -> Forecast:
    seasons = seasonal_index(history)
    shares = profile(history, holidays)
    factor = holiday_factor(history, holidays, shares)
    recent = sorted(history)[-3 * HALF_LIFE_WEEKS :]
    weights = [0.5 ** ((len(recent) - 1 - i) / HALF_LIFE_WEEKS) for i in range(len(recent))]
    by_day = _day_shares(shares)
    level = sum(
        w
        * _without_holidays(week, sum(history[week]), holidays, by_day, factor)
        / seasons.get(_week_of_year(week), 1.0)
        for w, week in zip(weights, recent, strict=True)
    ) / (sum(weights) or 1.0)
    slots, applied, in_horizon = {}, {}, []
    for week in horizon:
        index = seasons.get(_week_of_year(week), 1.0)
        applied[week] = index
        values = [level * index * s for s in shares]
        for day in range(7):
            if week + timedelta(days=day) in holidays:
                in_horizon.append(week + timedelta(days=day))
                for half in range(48):
                    values[day * 48 + half] *= factor
        slots[week] = values
    return Forecast(slots, level, applied, factor, in_horizon, len(history), None)


def forecast(
    history: Mapping[date, Sequence[float]], horizon: Sequence[date], holidays: set[date]
) -> Forecast:
    """The forecast for the horizon's weeks, with its error on the history's last weeks (an
    eighth of the history, 2 to 8 weeks) forecast from the weeks before them."""
    weeks = sorted(history)
    held = max(2, min(8, len(weeks) // 8))
    result = _fit(history, horizon, holidays)
    if len(weeks) < held + 4:
        return result
    fitted = {w: history[w] for w in weeks[:-held]}
    check = _fit(fitted, weeks[-held:], holidays)
    weekly, daily, absolute, actual_total = [], 0.0, 0.0, 0.0
    for week in weeks[-held:]:
        predicted, actual = check.slots[week], history[week]
        if sum(actual) > 0:
            weekly.append(abs(sum(predicted) - sum(actual)) / sum(actual))
        for day in range(0, SLOTS, 48):
            daily += abs(sum(predicted[day : day + 48]) - sum(actual[day : day + 48]))
        absolute += sum(abs(f - a) for f, a in zip(predicted, actual, strict=True))
        actual_total += sum(actual)
    error = HeldBack(
        weeks=held,
        weekly_error=statistics.fmean(weekly) if weekly else 0.0,
        daily_error=daily / actual_total if actual_total else 0.0,
        interval_error=absolute / actual_total if actual_total else 0.0,
    )
    return replace(result, held_back=error)
