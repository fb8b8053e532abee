"""The contact history made ready for a weekly model, and a weekly forecast made into half
hours again.

A model learns from clean weekly totals: what each week would have had without its public
holidays and without the events HR marked (a launch, a campaign, an outage). Holiday days
count at their measured holiday factor; event days are left out and the week is scaled up from
its other days by the weekday shares. A week with no usable day is filled in between its
neighbours. The forecast goes the other way: a weekly total × the share of each weekday's half
hour × the holiday factor on holidays × an event's lift on its days.

Pure functions, no I/O. Weeks are Mondays in the line's zone; each holds 336 half hours.
"""

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

SLOTS = 7 * 48
PROFILE_WEEKS = 8


@dataclass(frozen=True)
class Lift:
    """An event HR expects to change demand: `factor` 1.4 is +40 % on every day from `first`
    to `last` (both included)."""

    first: date
    last: date
    factor: float
    name: str = ""

    def covers(self, day: date) -> bool:
        return self.first <= day <= self.last


def lift_on(day: date, lifts: Iterable[Lift]) -> float:
    factor = 1.0
    for lift in lifts:
        if lift.covers(day):
            factor *= lift.factor
    return factor


def _days(week: date) -> list[date]:
    return [week + timedelta(days=d) for d in range(7)]


def profile(
    history: Mapping[date, Sequence[float]], left_out: set[date] | frozenset[date] = frozenset()
) -> list[float]:
    """Share of a week's contacts per weekday and half hour, from the recent weeks (holidays
    and event days are left out, so a quiet Christmas does not make every Thursday quiet)."""
    sums, days = [0.0] * SLOTS, [0] * 7
    for week in sorted(history)[-PROFILE_WEEKS:]:
        for day, when in enumerate(_days(week)):
            if when in left_out:
                continue
            days[day] += 1
            for half in range(48):
                sums[day * 48 + half] += history[week][day * 48 + half]
    # Each weekday averaged over the weeks it was a working day, then all made shares.
    means = [sums[slot] / days[slot // 48] if days[slot // 48] else 0.0 for slot in range(SLOTS)]
    total = sum(means)
    return [m / total for m in means] if total else [1 / SLOTS] * SLOTS


def day_shares(shares: Sequence[float]) -> list[float]:
    return [sum(shares[day * 48 : day * 48 + 48]) for day in range(7)]


def holiday_factor(
    history: Mapping[date, Sequence[float]],
    holidays: set[date],
    shares: Sequence[float],
    events: set[date] | frozenset[date] = frozenset(),
) -> float:
    """The median of (a holiday's contacts / what the rest of its week says that weekday
    usually gets); days of events count on neither side."""
    by_day = day_shares(shares)
    ratios = []
    for week, counts in history.items():
        off = [d for d, when in enumerate(_days(week)) if when in holidays and when not in events]
        if not off:
            continue
        rest = [d for d, when in enumerate(_days(week)) if d not in off and when not in events]
        rest_share = sum(by_day[d] for d in rest)
        rest_count = sum(sum(counts[d * 48 : d * 48 + 48]) for d in rest)
        for day in off:
            usual = rest_count * by_day[day] / rest_share if rest_share else 0.0
            if usual > 0:
                ratios.append(sum(counts[day * 48 : day * 48 + 48]) / usual)
    return min(5.0, max(0.05, statistics.median(ratios))) if ratios else 1.0


def clean_totals(
    history: Mapping[date, Sequence[float]],
    holidays: set[date],
    events: set[date] | frozenset[date],
    shares: Sequence[float],
    factor: float,
) -> tuple[list[date], list[float]]:
    """Every Monday from the history's first to its last, with what the week would have had
    without holidays and events. Missing weeks and weeks that were all event are filled in
    linearly between their neighbours."""
    by_day = day_shares(shares)
    first, last = min(history), max(history)
    weeks = [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
    totals: list[float | None] = []
    for week in weeks:
        counts = history.get(week)
        if counts is None:
            totals.append(None)
            continue
        seen, expected = 0.0, 0.0
        for day, when in enumerate(_days(week)):
            if when in events:
                continue
            weight = factor if when in holidays else 1.0
            seen += sum(counts[day * 48 : day * 48 + 48])
            expected += by_day[day] * weight
        totals.append(seen / expected if expected > 1e-9 else None)
    return weeks, _filled(totals)


def _filled(values: list[float | None]) -> list[float]:
    known = [i for i, v in enumerate(values) if v is not None]
    if not known:
        return [0.0] * len(values)
    out = []
    for i, value in enumerate(values):
        if value is not None:
            out.append(value)
            continue
        before = max((k for k in known if k < i), default=None)
        after = min((k for k in known if k > i), default=None)
        if before is None and after is not None:
            out.append(values[after] or 0.0)
        elif after is None and before is not None:
            out.append(values[before] or 0.0)
        elif before is not None and after is not None:
            a, b = values[before] or 0.0, values[after] or 0.0
            out.append(a + (b - a) * (i - before) / (after - before))
    return out


def shaped(
    total: float,
    week: date,
    shares: Sequence[float],
    holidays: set[date],
    factor: float,
    lifts: Sequence[Lift],
) -> list[float]:
    """A clean weekly total as 336 half hours: holidays at their factor, events lifted."""
    values = [total * s for s in shares]
    for day, when in enumerate(_days(week)):
        scale = (factor if when in holidays else 1.0) * lift_on(when, lifts)
        if scale != 1.0:
            for half in range(48):
                values[day * 48 + half] *= scale
    return values
