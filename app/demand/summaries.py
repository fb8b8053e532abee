"""The forecast and the zone report as plain data for the API (rounded for reading)."""

from dataclasses import asdict
from datetime import timedelta
from typing import Any

from app.demand.forecasting import DemandForecast
from app.demand.zones import ShiftSuggestion, ZoneReport
from solver.forecast import Forecast


def _channel(predicted: Forecast, horizon: list[Any]) -> dict[str, Any]:
    error = predicted.held_back
    return {
        "level": round(predicted.level, 1),
        "holiday_factor": round(predicted.holiday_factor, 3),
        "holidays": [str(d) for d in predicted.holidays],
        "history_weeks": predicted.history_weeks,
        "held_back": None
        if error is None
        else {
            "weeks": error.weeks,
            "weekly_error": round(error.weekly_error, 4),
            "daily_error": round(error.daily_error, 4),
            "interval_error": round(error.interval_error, 4),
        },
        "weeks": [
            {
                "week": str(week),
                "contacts": round(predicted.total(week), 1),
                "seasonal_index": round(predicted.seasonal[week], 3),
                "days": {
                    str(week + timedelta(days=d)): round(
                        sum(predicted.slots[week][d * 48 : d * 48 + 48]), 1
                    )
                    for d in range(7)
                },
            }
            for week in horizon
        ],
    }


def forecast_summary(found: DemandForecast) -> dict[str, Any]:
    return {
        "zone": found.zone,
        "horizon": [str(w) for w in found.horizon],
        "channels": {name: _channel(f, found.horizon) for name, f in found.channels.items()},
    }


def _shift(suggested: ShiftSuggestion) -> dict[str, Any]:
    return asdict(suggested) | {
        "start": suggested.start.strftime("%H:%M"),
        "end": suggested.end.strftime("%H:%M"),
        "share": round(suggested.share, 4),
    }


def zone_summary(report: ZoneReport) -> dict[str, Any]:
    return {
        "line_zone": report.line_zone,
        "weeks": [str(w) for w in report.weeks],
        "contacts": report.total,
        "zones": [
            {
                "zone": d.zone or None,
                "contacts": d.contacts,
                "share": round(d.share(report.total), 4),
                "in_their_daytime": round(d.daytime / d.contacts, 4) if d.contacts else 0.0,
                "in_staffed_hours": round(d.served / d.contacts, 4) if d.contacts else 0.0,
                "per_week_by_line_hour": [round(v, 2) for v in d.by_line_hour],
                "suggested_shift": None if d.suggestion is None else _shift(d.suggestion),
            }
            for d in report.zones
        ],
    }
