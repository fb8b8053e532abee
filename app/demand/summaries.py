"""The forecast and the zone report as plain data for the API (rounded for reading)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from app.demand.forecasting import DemandForecast
from app.demand.zones import ShiftSuggestion, ZoneReport
from staffing_math.forecast import Forecast


class HeldBackError(BaseModel):
    weeks: int = Field(description="Weeks of history held back to measure the error")
    weekly_error: float
    daily_error: float
    interval_error: float


class ForecastWeek(BaseModel):
    week: date
    contacts: float
    seasonal_index: float
    days: dict[date, float] = Field(description="Contacts per day of the week")


class ModelError(BaseModel):
    model: str
    summary: str
    weekly_error: float | None = Field(
        description="Mean absolute percentage error of the weekly totals in the backtest "
        "(rolling origins over the history's last weeks); null: not tried"
    )
    bias: float | None = Field(description="Mean (forecast − actual) / actual; < 0 runs low")
    forecasts: int = Field(description="Weeks forecast in the backtest")
    reason: str = Field(description="Why it was not tried, or empty")


class EventLift(BaseModel):
    name: str
    first_day: date
    last_day: date
    lift_percent: float


class Interval(BaseModel):
    start: datetime = Field(description="Start of the half hour, in the line's zone")
    contacts: float


class ChannelForecast(BaseModel):
    model: str = Field(description="The weekly model used: the lowest backtest error")
    backtests: list[ModelError]
    level: float
    growth_per_year: float = Field(description="Growth of the trend, 0.12 is +12 % a year")
    holiday_factor: float
    holidays: list[date]
    history_weeks: int
    held_back: HeldBackError | None
    events: list[EventLift]
    weeks: list[ForecastWeek]
    intervals: list[Interval] | None = Field(
        default=None, description="Half hours (with intervals=true)"
    )


class ForecastPublic(BaseModel):
    zone: str = Field(description="The line's zone; every day and week is in it")
    horizon: list[date]
    channels: dict[str, ChannelForecast]


def half_hours(
    predicted: Forecast, horizon: list[date], zone: ZoneInfo
) -> list[tuple[datetime, float]]:
    """Each forecast half hour as (its start in the line's zone, contacts). A wall-clock
    half hour the clock change skips does not exist and is left out; the repeated hour of
    the autumn change is given once."""
    found = []
    for week in horizon:
        for slot, contacts in enumerate(predicted.slots[week]):
            day = week + timedelta(days=slot // 48)
            start = datetime.combine(day, time(slot % 48 // 2, 30 * (slot % 2)), zone)
            if start.astimezone(ZoneInfo("UTC")).astimezone(zone).replace(tzinfo=None) == (
                start.replace(tzinfo=None)
            ):
                found.append((start, contacts))
    return found


def _channel(
    predicted: Forecast, horizon: list[date], zone: ZoneInfo, intervals: bool
) -> ChannelForecast:
    error = predicted.held_back
    return ChannelForecast(
        model=predicted.model,
        backtests=[
            ModelError(
                model=b.model,
                summary=b.summary,
                weekly_error=None if b.weekly_error is None else round(b.weekly_error, 4),
                bias=None if b.bias is None else round(b.bias, 4),
                forecasts=b.forecasts,
                reason=b.reason,
            )
            for b in predicted.backtests
        ],
        growth_per_year=round(predicted.yearly_growth, 4),
        events=[
            EventLift(
                name=lift.name,
                first_day=lift.first,
                last_day=lift.last,
                lift_percent=round(100 * (lift.factor - 1), 2),
            )
            for lift in predicted.lifts
        ],
        intervals=[
            Interval(start=start, contacts=round(contacts, 2))
            for start, contacts in half_hours(predicted, horizon, zone)
        ]
        if intervals
        else None,
        level=round(predicted.level, 1),
        holiday_factor=round(predicted.holiday_factor, 3),
        holidays=list(predicted.holidays),
        history_weeks=predicted.history_weeks,
        held_back=None
        if error is None
        else HeldBackError(
            weeks=error.weeks,
            weekly_error=round(error.weekly_error, 4),
            daily_error=round(error.daily_error, 4),
            interval_error=round(error.interval_error, 4),
        ),
        weeks=[
            ForecastWeek(
                week=week,
                contacts=round(predicted.total(week), 1),
                seasonal_index=round(predicted.seasonal[week], 3),
                days={
                    week + timedelta(days=d): round(
                        sum(predicted.slots[week][d * 48 : d * 48 + 48]), 1
                    )
                    for d in range(7)
                },
            )
            for week in horizon
        ],
    )


def forecast_summary(found: DemandForecast, intervals: bool = False) -> ForecastPublic:
    zone = ZoneInfo(found.zone)
    return ForecastPublic(
        zone=found.zone,
        horizon=list(found.horizon),
        channels={
            name: _channel(f, found.horizon, zone, intervals) for name, f in found.channels.items()
        },
    )


class SuggestedShift(BaseModel):
    name: str
    start: str = Field(description="HH:MM in `timezone`")
    end: str = Field(description="HH:MM in `timezone`")
    timezone: str
    weekdays: list[int] = Field(description="0 is Monday")
    share: float = Field(description="Of the zone's weekday contacts this shift would catch")


class ZoneDemandPublic(BaseModel):
    zone: str | None = Field(description="The customers' IANA zone; None when not known")
    contacts: int
    share: float = Field(description="Of all contacts")
    in_their_daytime: float
    in_staffed_hours: float
    per_week_by_line_hour: list[float] = Field(
        description="Contacts a week in each hour of the line's day, 00:00 first"
    )
    suggested_shift: SuggestedShift | None


class ZoneReportPublic(BaseModel):
    line_zone: str
    weeks: list[date]
    contacts: int
    zones: list[ZoneDemandPublic]


def _shift(suggested: ShiftSuggestion) -> SuggestedShift:
    return SuggestedShift(
        name=suggested.name,
        start=suggested.start.strftime("%H:%M"),
        end=suggested.end.strftime("%H:%M"),
        timezone=suggested.timezone,
        weekdays=list(suggested.weekdays),
        share=round(suggested.share, 4),
    )


def zone_summary(report: ZoneReport) -> ZoneReportPublic:
    return ZoneReportPublic(
        line_zone=report.line_zone,
        weeks=list(report.weeks),
        contacts=report.total,
        zones=[
            ZoneDemandPublic(
                zone=d.zone or None,
                contacts=d.contacts,
                share=round(d.share(report.total), 4),
                in_their_daytime=round(d.daytime / d.contacts, 4) if d.contacts else 0.0,
                in_staffed_hours=round(d.served / d.contacts, 4) if d.contacts else 0.0,
                per_week_by_line_hour=[round(v, 2) for v in d.by_line_hour],
                suggested_shift=None if d.suggestion is None else _shift(d.suggestion),
            )
            for d in report.zones
        ],
    )
