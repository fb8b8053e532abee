"""Did a fix change what customers ask? The share of the line's contacts that match a
learning (its tags, product area or tickets) in the weeks before the fix shipped against the
weeks after, so a season or a quiet month that moves the whole line is not credited to it.

    change = mean share after / mean share before − 1
    interval: 95 % from the weeks' own spread (delta method on the ratio of two means)
    avoided a week = (share before − share after) × the line's contacts a week since

"Too early to tell" until MIN_AFTER whole weeks have passed since the fix; "no baseline" with
fewer than MIN_BEFORE weeks of history before it. Pure functions, no I/O.
"""

import math
import statistics
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

WINDOW_WEEKS = 12  # weeks each side of the fix
MIN_BEFORE = 6
MIN_AFTER = 6
Z95 = 1.96


@dataclass(frozen=True)
class Impact:
    verdict: str  # helped | no clear change | worse | too early | no baseline
    weeks_before: int
    weeks_after: int
    per_week_before: float  # matching contacts a week
    per_week_after: float
    share_before: float  # of the line's contacts
    share_after: float
    change: float | None  # −0.5 is half as many, relative to the line
    low: float | None  # 95 % interval of the change
    high: float | None
    avoided_per_week: float | None  # contacts a week the line no longer gets


def _window(fixed_on: date, today: date) -> tuple[list[date], list[date]]:
    fix_week = fixed_on - timedelta(days=fixed_on.weekday())
    before = [fix_week - timedelta(weeks=k) for k in range(WINDOW_WEEKS, 0, -1)]
    this_week = today - timedelta(days=today.weekday())
    after = [
        fix_week + timedelta(weeks=k)
        for k in range(1, WINDOW_WEEKS + 1)
        if fix_week + timedelta(weeks=k) < this_week  # whole weeks only
    ]
    return before, after


def measure(
    matching: Mapping[date, float],
    line: Mapping[date, float],
    fixed_on: date,
    today: date,
) -> Impact:
    """`matching` and `line`: contacts per week (Mondays); weeks absent from `line` have no
    history and do not count."""
    before, after = _window(fixed_on, today)
    before = [w for w in before if line.get(w, 0) > 0]
    after = [w for w in after if line.get(w, 0) > 0]
    shares_b = [matching.get(w, 0) / line[w] for w in before]
    shares_a = [matching.get(w, 0) / line[w] for w in after]
    per_b = statistics.fmean([matching.get(w, 0) for w in before]) if before else 0.0
    per_a = statistics.fmean([matching.get(w, 0) for w in after]) if after else 0.0
    mean_b = statistics.fmean(shares_b) if shares_b else 0.0
    mean_a = statistics.fmean(shares_a) if shares_a else 0.0
    base = Impact("", len(before), len(after), per_b, per_a, mean_b, mean_a, None, None, None, None)
    if len(before) < MIN_BEFORE or mean_b <= 0:
        return replace(base, verdict="no baseline")
    if len(after) < MIN_AFTER:
        return replace(base, verdict="too early")
    ratio = mean_a / mean_b
    spread = math.sqrt(
        statistics.variance(shares_b) / len(shares_b) / mean_b**2
        + (statistics.variance(shares_a) / len(shares_a) / mean_a**2 if mean_a > 0 else 0.0)
    )
    # The interval of the ratio on the log scale keeps it positive and symmetric in effect.
    low = ratio * math.exp(-Z95 * spread) - 1 if ratio > 0 else -1.0
    high = ratio * math.exp(Z95 * spread) - 1 if ratio > 0 else -1.0
    verdict = "helped" if high < 0 else "worse" if low > 0 else "no clear change"
    line_after = statistics.fmean([line[w] for w in after])
    return replace(
        base,
        verdict=verdict,
        change=ratio - 1,
        low=low,
        high=high,
        avoided_per_week=(mean_b - mean_a) * line_after,
    )
