"""Model choice by backtest: every weekly model forecasts the history's last weeks from
rolling origins (each origin sees only the weeks before it), and the one with the lowest
weekly error is used. The same clean weekly totals go to every model, so the comparison is
fair and holidays are handled the same way for all.

Pure functions, no I/O.
"""

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from staffing_math.weekly_models import MODELS, WeeklyModel

ORIGINS = 9  # forecasts made from 9 points in the history's last weeks
EVERY = 3  # weeks between origins: the last 32 weeks are forecast, a season's turn
TIE = 0.001  # errors closer than a tenth of a point are a tie
AHEAD = 8  # each forecasts up to 8 weeks ahead: a staffing horizon, long enough for the season


@dataclass(frozen=True)
class Backtest:
    model: str
    summary: str
    weekly_error: float | None  # mean absolute percentage error of the weekly totals
    bias: float | None  # mean (forecast − actual) / actual: negative runs low
    forecasts: int  # weeks forecast in the backtest
    reason: str  # why it was not tried, or ""


def origins(count: int) -> list[int]:
    """Where the backtest's forecasts start (index of the first forecast week)."""
    starts = (count - AHEAD - EVERY * k for k in range(ORIGINS))
    return sorted(start for start in starts if start >= 1)


def backtest(model: WeeklyModel, weeks: Sequence[date], totals: Sequence[float]) -> Backtest:
    errors, biases = [], []
    for start in origins(len(totals)):
        if start < model.min_weeks:
            continue
        ahead = list(weeks[start : start + AHEAD])
        predicted = model.predict(weeks[:start], totals[:start], ahead)
        for value, actual in zip(predicted, totals[start : start + AHEAD], strict=True):
            if actual > 0:
                errors.append(abs(value - actual) / actual)
                biases.append((value - actual) / actual)
    if not errors:
        reason = f"needs {model.min_weeks} weeks of history before its first backtest"
        return Backtest(model.name, model.summary, None, None, 0, reason)
    return Backtest(
        model.name,
        model.summary,
        statistics.fmean(errors),
        statistics.fmean(biases),
        len(errors),
        "",
    )


def choose(weeks: Sequence[date], totals: Sequence[float]) -> tuple[WeeklyModel, list[Backtest]]:
    """The model with the lowest backtest error, and every model's result. Within a tenth
    of a point of the lowest the earlier model is kept (Rota's decomposition first: it
    explains itself); Rota's too when no model could be tried."""
    results = [backtest(model, weeks, totals) for model in MODELS]
    errors = [r.weekly_error for r in results]
    lowest = min((e for e in errors if e is not None), default=None)
    if lowest is None:
        return MODELS[0], results
    best = next(i for i, e in enumerate(errors) if e is not None and e <= lowest + TIE)
    return MODELS[best], results
