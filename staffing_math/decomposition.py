"""Rota's own weekly model, built so a support lead can explain every number:

    contacts in a week = level × growth per week ^ weeks ahead × seasonal index of the week

- seasonal index of a week of the year: that week's contacts over the **trend** of the year
  around it (a centred 52-week moving average, continued along its own slope at the ends
  where the year around a week is not complete yet), averaged over the years seen, smoothed
  lightly with its neighbours. It is measured against the trend, not against last year's
  level, so growth and a level step stay in the level instead of cancelling out. With 52 to
  77 weeks the trend is a straight line through the whole history; under 52 weeks there is
  no season (one season cannot be told from a trend);
- growth: the slope of the trend (of the seasonally adjusted weeks, robustly, with less than
  78 weeks of history);
- level: the recent weeks with their season taken out and brought forward along the growth,
  each week counting half as much as the one four weeks after it, so a step (a launch) is
  the level within weeks.

Pure functions, no I/O. Weekly totals come clean of holidays and events (history.py).
"""

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

YEAR = 52
FULL_TREND = YEAR + YEAR // 2  # 78 weeks: a centred year around at least 26 weeks
HALF_LIFE_WEEKS = 4


@dataclass(frozen=True)
class Decomposition:
    level: float  # clean contacts in the history's last week, season taken out
    growth: float  # factor per week (1.0023 is +12 % a year)
    seasonal: dict[int, float]  # week of the year → index (empty: no season)
    trend_from: str  # "moving average", "straight line" or "none"

    def index(self, week: date) -> float:
        return self.seasonal.get(week_of_year(week), 1.0)

    def predict(self, last: date, week: date) -> float:
        ahead = (week - last).days / 7
        return self.level * self.growth**ahead * self.index(week)


def week_of_year(week: date) -> int:
    return min(week.isocalendar()[1], YEAR)  # week 53 reads as 52


def _slope(values: Sequence[float]) -> float:
    """Least-squares slope of the logarithms per step (0 for fewer than two points)."""
    if len(values) < 2 or min(values) <= 0:
        return 0.0
    logs = [math.log(v) for v in values]
    xs = range(len(logs))
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(logs)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, logs, strict=True)) / spread


def _theil_sen(values: Sequence[float]) -> float:
    """Median slope of the logarithms between every pair of points: a level step moves it
    far less than a least-squares line."""
    logs = [math.log(v) for v in values if v > 0]
    slopes = [
        (logs[j] - logs[i]) / (j - i) for i in range(len(logs)) for j in range(i + 1, len(logs))
    ]
    return statistics.median(slopes) if slopes else 0.0


def trend(totals: Sequence[float]) -> tuple[list[float], str]:
    """The trend under each week: the centred 2×52 moving average where a whole year lies
    around the week, continued along the average's slope of its last (first) half year."""
    n = len(totals)
    if n >= FULL_TREND:
        half = YEAR // 2
        centred: dict[int, float] = {}
        for t in range(half, n - half):
            window = totals[t - half : t + half + 1]
            centred[t] = (sum(window[1:-1]) + (window[0] + window[-1]) / 2) / YEAR
        known = sorted(centred)
        head, tail = known[:half], known[-half:]
        up_front = _slope([centred[t] for t in head])
        at_end = _slope([centred[t] for t in tail])
        line = []
        for t in range(n):
            if t in centred:
                line.append(centred[t])
            elif t < known[0]:
                line.append(centred[known[0]] * math.exp(up_front * (t - known[0])))
            else:
                line.append(centred[known[-1]] * math.exp(at_end * (t - known[-1])))
        return line, "moving average"
    if n >= YEAR and min(totals) > 0:
        slope, middle = _slope(totals), (n - 1) / 2
        centre = math.exp(statistics.fmean(math.log(v) for v in totals))
        return [centre * math.exp(slope * (t - middle)) for t in range(n)], "straight line"
    return [], "none"


def _ratios(
    weeks: Sequence[date], totals: Sequence[float], line: Sequence[float], source: str
) -> tuple[dict[int, list[float]], dict[int, list[float]]]:
    """Week of the year → contacts over trend, where the trend is a centred average and
    where it is continued: a recent level step inflates the continued ratios, so they count
    only for weeks of the year no centred average reaches."""
    half = YEAR // 2 if source == "moving average" else 0
    centred: dict[int, list[float]] = {}
    continued: dict[int, list[float]] = {}
    for t, (week, value, under) in enumerate(zip(weeks, totals, line, strict=True)):
        if under > 0:
            inside = half <= t < len(totals) - half
            (centred if inside else continued).setdefault(week_of_year(week), []).append(
                value / under
            )
    return centred, continued


def seasonal_index(weeks: Sequence[date], totals: Sequence[float]) -> tuple[dict[int, float], str]:
    """Week of the year → the weeks' contacts over their trend, averaged over the years and
    smoothed (¼, ½, ¼) with the weeks either side; normalised to average 1."""
    line, source = trend(totals)
    if not line:
        return {}, source
    centred, continued = _ratios(weeks, totals, line, source)
    raw = {k: statistics.fmean(centred.get(k) or continued[k]) for k in centred | continued}
    smoothed = {}
    for k, here in raw.items():
        before = raw.get((k - 2) % YEAR + 1, here)
        after = raw.get(k % YEAR + 1, here)
        smoothed[k] = before / 4 + here / 2 + after / 4
    mean = statistics.fmean(smoothed.values())
    return {k: v / mean for k, v in smoothed.items()}, source


def decompose(weeks: Sequence[date], totals: Sequence[float]) -> Decomposition:
    seasonal, source = seasonal_index(weeks, totals)
    adjusted = [v / seasonal.get(week_of_year(w), 1.0) for w, v in zip(weeks, totals, strict=True)]
    if source == "moving average":
        line, _ = trend(totals)
        growth = _slope(line[YEAR // 2 : len(line) - YEAR // 2][-YEAR:])
    elif len(adjusted) >= 8:
        growth = _theil_sen(adjusted[-YEAR:])
    else:
        growth = 0.0
    recent = adjusted[-3 * HALF_LIFE_WEEKS :]
    weights = [0.5 ** ((len(recent) - 1 - i) / HALF_LIFE_WEEKS) for i in range(len(recent))]
    brought = [v * math.exp(growth * (len(recent) - 1 - i)) for i, v in enumerate(recent)]
    level = sum(w * v for w, v in zip(weights, brought, strict=True)) / (sum(weights) or 1.0)
    return Decomposition(level, math.exp(growth), seasonal, source)
