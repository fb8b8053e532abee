"""The weekly models the forecast chooses between: Rota's decomposition and the standard ones
support planning suites compare it with (seasonal naive, the four-week mean, Holt-Winters,
AutoETS and MSTL from statsmodels). Each reads clean weekly totals (holidays and events taken
out, every Monday present) and returns the clean totals of the horizon's weeks; holidays,
events and the intraday shape are put back the same way for all of them.

Pure functions, no I/O.
"""

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from statsmodels.tools.sm_exceptions import ConvergenceWarning
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
from statsmodels.tsa.holtwinters import ExponentialSmoothing
from statsmodels.tsa.seasonal import MSTL

from staffing_math.decomposition import YEAR, decompose, week_of_year

Predict = Callable[[Sequence[date], Sequence[float], Sequence[date]], list[float]]


@dataclass(frozen=True)
class WeeklyModel:
    name: str
    summary: str  # one line for the page
    min_weeks: int  # history a fit needs
    predict: Predict


def _ahead(weeks: Sequence[date], horizon: Sequence[date]) -> list[int]:
    return [(week - weeks[-1]).days // 7 for week in horizon]


def rota(weeks: Sequence[date], totals: Sequence[float], horizon: Sequence[date]) -> list[float]:
    found = decompose(weeks, totals)
    return [found.predict(weeks[-1], week) for week in horizon]


def seasonal_naive(
    weeks: Sequence[date], totals: Sequence[float], horizon: Sequence[date]
) -> list[float]:
    """The same week of the year, last time it was seen."""
    last_seen = {week_of_year(w): v for w, v in zip(weeks, totals, strict=True)}
    return [last_seen.get(week_of_year(w), totals[-1]) for w in horizon]


def four_week_mean(
    weeks: Sequence[date], totals: Sequence[float], horizon: Sequence[date]
) -> list[float]:
    mean = sum(totals[-4:]) / len(totals[-4:])
    return [mean for _ in horizon]


def _steps(weeks: Sequence[date], horizon: Sequence[date]) -> tuple[int, list[int]]:
    ahead = _ahead(weeks, horizon)
    return max(ahead), [a - 1 for a in ahead]


def holt_winters(
    weeks: Sequence[date], totals: Sequence[float], horizon: Sequence[date]
) -> list[float]:
    """Additive damped trend, multiplicative yearly season (needs two whole years)."""
    count, picks = _steps(weeks, horizon)
    fitted = ExponentialSmoothing(
        np.asarray(totals, dtype=float),
        trend="add",
        damped_trend=True,
        seasonal="mul",
        seasonal_periods=YEAR,
        initialization_method="heuristic",
    ).fit()
    path = fitted.forecast(count)
    return [float(path[i]) for i in picks]


def auto_ets(
    weeks: Sequence[date], totals: Sequence[float], horizon: Sequence[date]
) -> list[float]:
    """ETS with the yearly season, error and trend chosen by AIC."""
    count, picks = _steps(weeks, horizon)
    best, best_aic = None, math.inf
    for error in ("add", "mul"):
        for trend, damped in ((None, False), ("add", True)):
            result = ETSModel(
                np.asarray(totals, dtype=float),
                error=error,
                trend=trend,
                damped_trend=damped,
                seasonal="mul",
                seasonal_periods=YEAR,
                initialization_method="heuristic",
            ).fit(disp=False)
            if math.isfinite(result.aic) and result.aic < best_aic:
                best, best_aic = result, result.aic
    if best is None:
        return [totals[-1] for _ in horizon]
    path = best.forecast(count)
    return [float(path[i]) for i in picks]


def mstl(weeks: Sequence[date], totals: Sequence[float], horizon: Sequence[date]) -> list[float]:
    """MSTL: the yearly season by STL; trend and remainder by a damped-trend ETS; the season
    carried over from the last year."""
    count, picks = _steps(weeks, horizon)
    parts = MSTL(np.asarray(totals, dtype=float), periods=(YEAR,)).fit()
    season = np.asarray(parts.seasonal).reshape(len(totals))
    adjusted = np.asarray(totals, dtype=float) - season
    rest = ETSModel(
        adjusted, error="add", trend="add", damped_trend=True, initialization_method="heuristic"
    ).fit(disp=False)
    path = rest.forecast(count)
    return [float(path[i] + season[len(totals) - YEAR + i % YEAR]) for i in picks]


def _quiet(predict: Predict) -> Predict:
    """statsmodels warns about convergence on short or flat histories; the backtest judges."""

    def run(weeks: Sequence[date], totals: Sequence[float], horizon: Sequence[date]) -> list[float]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            warnings.simplefilter("ignore", RuntimeWarning)
            return [max(0.0, v) for v in predict(weeks, totals, horizon)]

    return run


MODELS = (
    WeeklyModel(
        "rota",
        "Rota's decomposition: level × growth × seasonal index against the year's trend",
        1,
        _quiet(rota),
    ),
    WeeklyModel("seasonal naive", "the same week last year", YEAR, _quiet(seasonal_naive)),
    WeeklyModel("four-week mean", "the mean of the last four weeks", 4, _quiet(four_week_mean)),
    WeeklyModel(
        "holt-winters",
        "Holt-Winters: damped trend, multiplicative yearly season",
        2 * YEAR,
        _quiet(holt_winters),
    ),
    WeeklyModel("autoets", "ETS chosen by AIC, yearly season", 2 * YEAR, _quiet(auto_ets)),
    WeeklyModel("mstl", "MSTL season with a damped-trend ETS", 2 * YEAR + 1, _quiet(mstl)),
)
