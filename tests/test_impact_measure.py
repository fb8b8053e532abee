"""The impact of a fix on histories whose answer is known."""

import random
from datetime import date, timedelta

import pytest

from app.impact.measure import measure

FIX = date(2027, 3, 3)  # a Wednesday: the fix week counts on neither side
WEEKS = [date(2026, 11, 30) + timedelta(weeks=k) for k in range(30)]


def _noisy(rng: random.Random, mean: float) -> float:
    return max(0.0, rng.gauss(mean, mean**0.5))


def test_a_tag_that_halves_while_the_line_stays_flat() -> None:
    rng = random.Random(1)
    line = {w: _noisy(rng, 5000) for w in WEEKS}
    fix_week = FIX - timedelta(days=FIX.weekday())
    tag = {w: _noisy(rng, 200 if w < fix_week else 100) for w in WEEKS}
    found = measure(tag, line, FIX, today=WEEKS[-1] + timedelta(days=10))
    assert (found.weeks_before, found.weeks_after) == (12, 12)
    assert found.change == pytest.approx(-0.5, abs=0.05)
    assert found.low is not None and found.high is not None
    assert found.low < found.change < found.high < 0  # the interval excludes 0
    assert found.verdict == "helped"
    assert found.avoided_per_week == pytest.approx(100, rel=0.15)


def test_a_dip_across_the_whole_line_is_not_credited_to_the_fix() -> None:
    rng = random.Random(2)
    fix_week = FIX - timedelta(days=FIX.weekday())
    season = {w: 0.6 if w > fix_week else 1.0 for w in WEEKS}  # everything drops 40 %
    line = {w: _noisy(rng, 5000 * season[w]) for w in WEEKS}
    tag = {w: _noisy(rng, 200 * season[w]) for w in WEEKS}
    found = measure(tag, line, FIX, today=WEEKS[-1] + timedelta(days=10))
    assert found.per_week_after < 0.7 * found.per_week_before  # the raw count fell …
    assert found.change == pytest.approx(0, abs=0.06)  # … but not against the line
    assert found.low is not None and found.high is not None
    assert found.low < 0 < found.high
    assert found.verdict == "no clear change"


def test_four_weeks_after_a_fix_is_too_early_to_tell() -> None:
    line = {w: 5000.0 for w in WEEKS}
    tag = {w: 100.0 for w in WEEKS}
    found = measure(tag, line, FIX, today=FIX + timedelta(weeks=4, days=5))
    assert (found.verdict, found.weeks_after, found.change) == ("too early", 4, None)


def test_a_fix_before_the_history_has_no_baseline() -> None:
    line = {w: 5000.0 for w in WEEKS}
    found = measure({}, line, WEEKS[2], today=WEEKS[-1])
    assert found.verdict == "no baseline"
