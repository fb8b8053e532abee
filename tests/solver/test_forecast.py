"""The demand forecast on histories whose answer is known: a steady line forecasts itself
with no error, a season and public holidays show where they were, recent weeks count more,
and the intraday shape carries over."""

import math
from datetime import date, timedelta

import pytest

from staffing_math.decomposition import decompose, seasonal_index
from staffing_math.forecast import SLOTS, Lift, forecast
from staffing_math.history import holiday_factor, profile

START = date(2025, 11, 3)  # a Monday
WORKDAY = [d * 48 + h for d in range(5) for h in range(18, 34)]  # Mon–Fri 09:00–17:00


def _week(total: float, holidays: set[date] = frozenset(), week: date = START) -> list[float]:
    """`total` contacts spread evenly over the working half hours; a holiday gets half."""
    per_slot = total / len(WORKDAY)
    values = [0.0] * SLOTS
    for slot in WORKDAY:
        day = week + timedelta(days=slot // 48)
        values[slot] = per_slot * (0.5 if day in holidays else 1.0)
    return values


def _mondays(n: int, start: date = START) -> list[date]:
    return [start + timedelta(weeks=i) for i in range(n)]


def test_a_steady_line_forecasts_itself_with_no_error() -> None:
    history = {w: _week(800) for w in _mondays(20)}
    ahead = _mondays(4, START + timedelta(weeks=20))
    result = forecast(history, ahead, set())
    assert result.level == pytest.approx(800)
    assert [round(result.total(w), 6) for w in ahead] == [800.0] * 4
    assert result.slots[ahead[0]][WORKDAY[0]] == pytest.approx(10.0)  # 800 / 80 half hours
    assert result.slots[ahead[0]][0] == 0.0  # Monday 00:00 stays quiet
    assert result.held_back is not None
    assert (result.held_back.weeks, result.held_back.weekly_error) == (2, pytest.approx(0.0))
    assert result.model == "rota"  # every model tried is exact; the first (Rota's) is kept
    tried = {b.model: b.weekly_error for b in result.backtests}
    assert tried["rota"] == pytest.approx(0.0)
    assert tried["holt-winters"] is None  # needs two whole years
    assert result.held_back.interval_error == pytest.approx(0.0)


def test_less_than_a_year_has_no_season() -> None:
    assert seasonal_index(_mondays(40), [900.0] * 40) == ({}, "none")


def test_public_holidays_are_measured_and_applied() -> None:
    weeks = _mondays(12)
    holidays = {START + timedelta(weeks=3, days=2), START + timedelta(weeks=7)}  # a Wed, a Mon
    history = {w: _week(800, holidays, w) for w in weeks}
    shares = profile(history, holidays)
    assert shares[WORKDAY[0]] == pytest.approx(1 / len(WORKDAY))  # holidays left out
    assert holiday_factor(history, holidays, shares) == pytest.approx(0.5)
    ahead = START + timedelta(weeks=12)
    coming = {ahead + timedelta(days=4)}  # a Friday
    result = forecast(history, [ahead], holidays | coming)
    friday = sum(result.slots[ahead][4 * 48 : 5 * 48])
    thursday = sum(result.slots[ahead][3 * 48 : 4 * 48])
    assert result.level == pytest.approx(800)  # the holiday weeks' dips are taken out
    assert result.holidays == sorted(coming)
    assert friday / thursday == pytest.approx(result.holiday_factor)


def test_recent_weeks_count_more_than_older_ones() -> None:
    weeks = _mondays(12)
    history = {w: _week(200 if i >= 8 else 100) for i, w in enumerate(weeks)}
    result = forecast(history, [START + timedelta(weeks=12)], set(), model="rota")
    plain_mean = (8 * 100 + 4 * 200) / 12
    assert plain_mean < result.level < 200
    assert result.growth == 1.0  # a step is not a trend: most pairs of weeks show none
    # Halving every 4 weeks: the last 4 weeks hold (1 - 0.5) / (1 - 0.125) of the weight.
    recent_weight = (1 - 0.5) / (1 - 0.5**3)
    assert result.level == pytest.approx(100 + 100 * recent_weight)


def _yearly(week: date) -> float:
    """A season with its peak in December and its dip in June."""
    return 1 + 0.2 * math.cos(2 * math.pi * (week.timetuple().tm_yday - 350) / 365.25)


def test_a_line_growing_one_percent_a_week_is_forecast_with_its_growth() -> None:
    weeks = _mondays(30)
    history = {w: _week(1000 * 1.01**i) for i, w in enumerate(weeks)}
    ahead = [START + timedelta(weeks=30 + i) for i in range(6)]
    result = forecast(history, ahead, set())
    assert result.growth == pytest.approx(1.01)
    for i, week in enumerate(ahead):
        assert result.total(week) == pytest.approx(1000 * 1.01 ** (30 + i), rel=1e-6)


def test_growth_and_a_season_are_told_apart_and_both_carried_forward() -> None:
    """Two and a half years growing 12 % a year under a ±20 % season: the index is measured
    against the trend, so the forecast keeps the growth (the old index against last year's
    level fell back to "same week last year" and ran low)."""
    weeks = _mondays(130, date(2024, 1, 1))
    growth = 1.12 ** (1 / 52)
    totals = [1000 * growth**i * _yearly(w) for i, w in enumerate(weeks)]
    found = decompose(weeks, totals)
    assert found.trend_from == "moving average"
    assert found.growth == pytest.approx(growth, rel=1e-3)
    history = {w: _week(t, week=w) for w, t in zip(weeks, totals, strict=True)}
    ahead = [weeks[-1] + timedelta(weeks=k) for k in (1, 5, 9)]
    result = forecast(history, ahead, set(), model="rota")
    for k, week in zip((1, 5, 9), ahead, strict=True):
        truth = 1000 * growth ** (129 + k) * _yearly(week)
        assert result.total(week) == pytest.approx(truth, rel=0.02)


def test_a_one_off_event_does_not_repeat_next_year_and_a_planned_one_lifts() -> None:
    weeks = _mondays(120, date(2023, 6, 5))
    launch = Lift(date(2024, 3, 4), date(2024, 3, 17), 1.5, "launch")
    history = {
        w: [v * (1.5 if launch.covers(w) else 1.0) for v in _week(1000, week=w)] for w in weeks
    }
    same_weeks = [date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16)]
    remembered = forecast(history, same_weeks, set(), [launch], model="rota")
    assert [round(remembered.total(w)) for w in same_weeks] == [1000, 1000, 1000]
    forgotten = forecast(history, same_weeks, set(), model="rota")
    assert forgotten.total(same_weeks[1]) > 1050  # unmarked, the launch reads as a season
    campaign = Lift(date(2026, 3, 9), date(2026, 3, 15), 1.4, "campaign")
    planned = forecast(history, same_weeks, set(), [launch, campaign], model="rota")
    assert round(planned.total(same_weeks[1])) == 1400
    assert planned.lifts == [campaign]


def test_christmas_is_counted_once_and_the_week_after_keeps_its_own_level() -> None:
    weeks = _mondays(120, date(2023, 9, 4))
    christmases = {date(y, 12, 25) for y in (2023, 2024, 2025, 2026)}
    history = {w: _week(1000, christmases, w) for w in weeks}
    christmas_week, after = date(2025, 12, 22), date(2025, 12, 29)
    result = forecast(history, [christmas_week, after], christmases, model="rota")
    # Thursday 25 December at half its usual day (1/5 of the week): 900, and 1000 after.
    assert result.holiday_factor == pytest.approx(0.5)
    assert result.total(christmas_week) == pytest.approx(900, rel=1e-6)
    assert result.total(after) == pytest.approx(1000, rel=1e-6)


def test_the_backtest_prefers_a_seasonal_model_where_the_season_matters() -> None:
    weeks = _mondays(120, date(2024, 1, 1))
    history = {w: _week(1000 * _yearly(w), week=w) for w in weeks}
    result = forecast(history, [weeks[-1] + timedelta(weeks=1)], set())
    errors = {b.model: b.weekly_error for b in result.backtests}
    assert result.model == min(errors, key=lambda m: errors[m] if errors[m] is not None else 9)
    assert errors["four-week mean"] is not None and errors["rota"] is not None
    assert errors["rota"] < errors["four-week mean"] / 3


def test_a_model_named_must_exist_and_have_its_history() -> None:
    history = {w: _week(800) for w in _mondays(20)}
    with pytest.raises(ValueError, match="no weekly model named 'arima'"):
        forecast(history, [START + timedelta(weeks=20)], set(), model="arima")
    with pytest.raises(ValueError, match="holt-winters needs 104 weeks"):
        forecast(history, [START + timedelta(weeks=20)], set(), model="holt-winters")
