"""Demand forecast one channel at a time:

    contacts in a half hour = the chosen model's clean weekly total for the week
                              × share of the week's contacts in that weekday's half hour
                              × holiday factor on public holidays × an event's lift on its days

- clean weekly totals: the history with holidays counted at their factor and the days of past
  events left out (history.py), so no model learns a launch or a Christmas as normal;
- the weekly model: Rota's decomposition or a standard one, whichever forecast the history's
  last weeks best from rolling origins (backtest.py);
- holiday factor: how busy past public holidays were against what the rest of their week
  says that weekday usually gets;
- intraday profile: the recent weeks' share per weekday and half hour.
The held-back error measures the chosen model on the history's last weeks, half hour by half
hour, forecast from the weeks before them.

Pure functions, no I/O. Weeks are Mondays in the line's zone; each holds 336 half hours.
"""

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from staffing_math.backtest import Backtest, choose
from staffing_math.decomposition import decompose
from staffing_math.history import (
    SLOTS,
    Lift,
    clean_totals,
    holiday_factor,
    profile,
    shaped,
)
from staffing_math.weekly_models import MODELS, WeeklyModel

__all__ = ["SLOTS", "Forecast", "HeldBack", "Lift", "forecast"]


@dataclass(frozen=True)
class HeldBack:
    weeks: int
    weekly_error: float  # mean absolute percentage error of the weekly totals
    daily_error: float  # weighted absolute percentage error of the days
    interval_error: float  # weighted absolute percentage error of the half hours


@dataclass(frozen=True)
class Forecast:
    slots: dict[date, list[float]]  # forecast week → 336 half hours
    model: str  # the weekly model used
    backtests: list[Backtest]  # every model's error on the history's last weeks
    level: float  # Rota's decomposition: clean contacts a week now, season taken out
    growth: float  # Rota's decomposition: factor per week
    seasonal: dict[date, float]  # Rota's seasonal index of each forecast week
    holiday_factor: float  # applied to each holiday in the horizon
    holidays: list[date]  # holidays in the horizon
    lifts: list[Lift]  # events in the horizon
    history_weeks: int
    held_back: HeldBack | None

    def total(self, week: date) -> float:
        return sum(self.slots[week])

    @property
    def yearly_growth(self) -> float:
        return self.growth**52 - 1


def _days_of(lifts: Sequence[Lift], first: date, last: date) -> set[date]:
    days = set()
    for lift in lifts:
        day = max(lift.first, first)
        while day <= min(lift.last, last):
            days.add(day)
            day += timedelta(days=1)
    return days


def _fit(
    history: Mapping[date, Sequence[float]],
    horizon: Sequence[date],
    holidays: set[date],
    lifts: Sequence[Lift],
    model: WeeklyModel | None,
) -> Forecast:
    end = max(history) + timedelta(days=6)
    events = _days_of(lifts, min(history), end)
    shares = profile(history, holidays | events)
    factor = holiday_factor(history, holidays, shares, events)
    weeks, totals = clean_totals(history, holidays, events, shares, factor)
    backtests: list[Backtest] = []
    if model is None:
        model, backtests = choose(weeks, totals)
    found = decompose(weeks, totals)
    ahead = list(horizon)
    clean = model.predict(weeks, totals, ahead) if ahead else []
    slots = {
        week: shaped(total, week, shares, holidays, factor, lifts)
        for week, total in zip(ahead, clean, strict=True)
    }
    span = [week + timedelta(days=d) for week in horizon for d in range(7)]
    return Forecast(
        slots=slots,
        model=model.name,
        backtests=backtests,
        level=found.level,
        growth=found.growth,
        seasonal={week: found.index(week) for week in horizon},
        holiday_factor=factor,
        holidays=[day for day in span if day in holidays],
        lifts=[lift for lift in lifts if any(lift.covers(day) for day in span)],
        history_weeks=len(history),
        held_back=None,
    )


def forecast(
    history: Mapping[date, Sequence[float]],
    horizon: Sequence[date],
    holidays: set[date],
    lifts: Sequence[Lift] = (),
    model: str | None = None,
) -> Forecast:
    """The forecast for the horizon's weeks (Mondays after the history) by the model with
    the lowest backtest error (or the `model` named), with that model's error on the
    history's last weeks (an eighth of the history, 2 to 8 weeks) forecast from the weeks
    before them."""
    weeks = sorted(history)
    named = next((m for m in MODELS if m.name == model), None)
    if model is not None and named is None:
        raise ValueError(f"no weekly model named {model!r}")
    if named is not None and len(weeks) < named.min_weeks:
        raise ValueError(f"{named.name} needs {named.min_weeks} weeks of history")
    result = _fit(history, horizon, holidays, lifts, named)
    held = max(2, min(8, len(weeks) // 8))
    if len(weeks) < held + 4:
        return result
    chosen = next(m for m in MODELS if m.name == result.model)
    if len(weeks) - held < chosen.min_weeks:
        chosen = MODELS[0]
    fitted = {w: history[w] for w in weeks[:-held]}
    check = _fit(fitted, weeks[-held:], holidays, lifts, chosen)
    return replace(result, held_back=_error(check, history, weeks[-held:]))


def _error(check: Forecast, history: Mapping[date, Sequence[float]], weeks: list[date]) -> HeldBack:
    weekly, daily, absolute, actual_total = [], 0.0, 0.0, 0.0
    for week in weeks:
        predicted, actual = check.slots[week], history[week]
        if sum(actual) > 0:
            weekly.append(abs(sum(predicted) - sum(actual)) / sum(actual))
        for day in range(0, SLOTS, 48):
            daily += abs(sum(predicted[day : day + 48]) - sum(actual[day : day + 48]))
        absolute += sum(abs(f - a) for f, a in zip(predicted, actual, strict=True))
        actual_total += sum(actual)
    return HeldBack(
        weeks=len(weeks),
        weekly_error=statistics.fmean(weekly) if weekly else 0.0,
        daily_error=daily / actual_total if actual_total else 0.0,
        interval_error=absolute / actual_total if actual_total else 0.0,
    )
