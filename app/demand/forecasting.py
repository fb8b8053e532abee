"""The demand forecast from the contact history: half-hour counts moved from UTC into the
line's zone on their actual dates, the line's public holidays, and the pure forecast."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from app import clock
from app.demand.events import lifts
from app.demand.models import ContactSlot
from app.people.public_holidays import public_holidays
from app.rules.service import get_rotation_settings
from staffing_math.forecast import SLOTS, Forecast, forecast

HALF_HOUR = timedelta(minutes=30)


@dataclass(frozen=True)
class DemandForecast:
    zone: str
    horizon: list[date]  # Mondays in the line's zone
    channels: dict[str, Forecast]
    history: dict[str, dict[date, list[float]]]  # what each channel's forecast was fitted on


def local_slot(utc_week: date, slot: int, zone: ZoneInfo) -> tuple[date, int]:
    """The line-zone week (its Monday) and half hour of a UTC week's half hour."""
    moment = datetime.combine(utc_week, time(), UTC) + slot * HALF_HOUR
    local = moment.astimezone(zone)
    monday = clock.monday(local.date())
    return monday, local.weekday() * 48 + local.hour * 2 + local.minute // 30


def history(session: Session, zone: ZoneInfo) -> dict[str, dict[date, list[float]]]:
    """Channel → line-zone week → 336 half-hour counts. The first and last weeks are kept
    only when they are whole (exports start and end mid-week, and a half-counted week would
    read as a dip)."""
    found: dict[str, dict[date, list[float]]] = defaultdict(dict)
    moved: dict[tuple[date, int], tuple[date, int]] = {}  # the same for every channel
    rows = select(  # type: ignore[call-overload]
        ContactSlot.week, ContactSlot.channel, ContactSlot.slot, ContactSlot.contacts
    )
    for utc_week, channel, utc_slot, contacts in session.execute(rows).all():
        key = (utc_week, utc_slot)
        if key not in moved:
            moved[key] = local_slot(utc_week, utc_slot, zone)
        week, slot = moved[key]
        weeks = found[channel]
        if week not in weeks:
            weeks[week] = [0.0] * SLOTS
        weeks[week][slot] += contacts
    trimmed = {}
    for channel, weeks in found.items():
        ordered = sorted(weeks)
        if len(ordered) > 2:
            inner = ordered[1:-1]
            kept = [
                w for w in (ordered[0], ordered[-1]) if whole(weeks[w], [weeks[i] for i in inner])
            ]
            trimmed[channel] = {w: weeks[w] for w in sorted(inner + kept)}
    return trimmed


def whole(week: list[float], others: list[list[float]]) -> bool:
    """A week at the history's edge is whole when every weekday that usually has contacts
    (in most of the other weeks) has some in it, starting no later and ending no earlier
    than nine in ten of the other weeks' same weekday."""
    for day in range(7):
        spans = []
        for other in others:
            busy = [h for h in range(48) if other[day * 48 + h] > 0]
            if busy:
                spans.append((busy[0], busy[-1]))
        if len(spans) * 2 <= len(others):
            continue
        firsts, lasts = sorted(s[0] for s in spans), sorted(s[1] for s in spans)
        cut = len(spans) // 10
        seen = [h for h in range(48) if week[day * 48 + h] > 0]
        if not seen or seen[0] > firsts[-1 - cut] or seen[-1] < lasts[cut]:
            return False
    return True


def horizon_weeks(weeks: int, start: date | None = None) -> list[date]:
    first = start or clock.next_monday(clock.today())
    return [first + timedelta(weeks=i) for i in range(weeks)]


def demand_forecast(session: Session, weeks: int = 13, start: date | None = None) -> DemandForecast:
    settings = get_rotation_settings(session=session)
    zone = ZoneInfo(settings.support_timezone)
    horizon = horizon_weeks(weeks, start)
    # A start in the past forecasts from what was known then: the weeks before it.
    past = {
        channel: kept
        for channel, by_week in history(session, zone).items()
        if (kept := {w: v for w, v in by_week.items() if w < horizon[0]})
    }
    firsts = [min(w) for w in past.values()] or [horizon[0]]
    holidays = public_holidays(
        settings.holiday_country,
        settings.holiday_subdivision,
        min(firsts),
        horizon[-1] + timedelta(weeks=1),
    )
    events = lifts(session, sorted(past))
    channels = {
        channel: forecast(by_week, horizon, holidays, events.get(channel, []))
        for channel, by_week in sorted(past.items())
    }
    return DemandForecast(settings.support_timezone, horizon, channels, past)


def latest_week(session: Session) -> date | None:
    return session.exec(
        select(col(ContactSlot.week)).order_by(col(ContactSlot.week).desc())
    ).first()
