"""The demand forecast on histories whose answer is known: a steady line forecasts itself
with no error, a season and public holidays show where they were, recent weeks count more,
and the intraday shape carries over."""

from datetime import date, timedelta

import pytest

from staffing_math.forecast import SLOTS, forecast, holiday_factor, profile, seasonal_index

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
    assert result.held_back.interval_error == pytest.approx(0.0)


def test_the_season_of_last_year_comes_back() -> None:
    weeks = _mondays(56)
    peak = {w for w in weeks if w.isocalendar()[1] == 51}
    history = {w: _week(1500 if w in peak else 1000) for w in weeks}
    index = seasonal_index(history)
    mean = (51 * 1000 + 1500) / 52
    assert index[51] == pytest.approx((1000 + 1500 + 1000) / 3 / mean)
    assert index[10] == pytest.approx(1000 / mean)
    week_51 = date(2026, 12, 14)
    assert week_51.isocalendar()[1] == 51
    result = forecast(history, [week_51, week_51 + timedelta(weeks=4)], set())
    assert result.seasonal[week_51] == pytest.approx(index[51])
    assert result.total(week_51) / result.total(week_51 + timedelta(weeks=4)) == pytest.approx(
        index[51] / index[2]
    )


def test_less_than_a_year_has_no_season() -> None:
    assert seasonal_index({w: _week(900) for w in _mondays(40)}) == {}


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
    result = forecast(history, [START + timedelta(weeks=12)], set())
    plain_mean = (8 * 100 + 4 * 200) / 12
    assert plain_mean < result.level < 200
    # Halving every 4 weeks: the last 4 weeks hold (1 - 0.5) / (1 - 0.125) of the weight.
    recent_weight = (1 - 0.5) / (1 - 0.5**3)
    assert result.level == pytest.approx(100 + 100 * recent_weight)
