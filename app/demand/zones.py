"""Where demand comes from: contacts per customer time zone, hour by hour; how much of each
zone's demand falls in hours the line staffs today; and, for zones the line misses, the
8-hour shift in the customers' own daytime that would catch most of it. Every half hour is
placed on its actual date (zoneinfo), so clock changes move hours where they really move."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from app.coverage.models import CoverageNeed, ShiftTemplate
from app.coverage.times import shift_window
from app.demand.forecasting import latest_week
from app.demand.models import ContactZone
from app.rules.service import get_rotation_settings

HALF_HOUR = timedelta(minutes=30)
SHIFT_HALF_HOURS = 16  # an 8-hour shift
DAYTIME = (8, 20)  # customers' local hours counted as their daytime
SUGGEST_SHARE = 0.05  # zones with at least this share of demand get a suggestion
SERVED_ENOUGH = 0.8


@dataclass(frozen=True)
class ShiftSuggestion:
    name: str
    start: time
    end: time
    timezone: str
    weekdays: list[int]
    share: float  # of the zone's weekday contacts that this shift would catch


@dataclass
class ZoneDemand:
    zone: str
    contacts: int = 0
    by_line_hour: list[float] = field(default_factory=lambda: [0.0] * 24)  # per week
    by_local_half_hour: list[int] = field(default_factory=lambda: [0] * 48)  # weekdays only
    daytime: int = 0
    served: int = 0  # arrived in a half hour some staffed shift covers
    suggestion: ShiftSuggestion | None = None

    def share(self, of: int) -> float:
        return self.contacts / of if of else 0.0


@dataclass(frozen=True)
class ZoneReport:
    line_zone: str
    weeks: list[date]
    zones: list[ZoneDemand]  # busiest first; "" is contacts without a zone
    total: int


def _staffed(session: Session, week: date) -> set[datetime]:
    """UTC half hours of a UTC week that a shift with people on it covers."""
    staffed_ids = set(
        session.exec(select(CoverageNeed.shift_template_id).where(CoverageNeed.min_people > 0))
    )
    covered: set[datetime] = set()
    for shift in session.exec(select(ShiftTemplate)).all():
        if shift.id not in staffed_ids:
            continue
        for offset in range(-1, 8):
            day = week + timedelta(days=offset)
            if day.weekday() not in shift.weekdays:
                continue
            start, end = shift_window(shift, day)
            moment = start.astimezone(UTC)
            moment -= timedelta(minutes=moment.minute % 30, seconds=moment.second)
            while moment < end:
                covered.add(moment)
                moment += HALF_HOUR
    return covered


def _suggest(demand: ZoneDemand) -> ShiftSuggestion:
    """The weekday 8 hours, on the half hour, that hold most of the zone's contacts (of equal
    ones, the closest to a 09:00 start)."""
    counts = demand.by_local_half_hour
    starts = range(48 - SHIFT_HALF_HOURS + 1)
    best = max(starts, key=lambda s: (sum(counts[s : s + SHIFT_HALF_HOURS]), -abs(s - 18)))
    caught = sum(counts[best : best + SHIFT_HALF_HOURS])
    start = time(best // 2, 30 * (best % 2))
    end_slot = best + SHIFT_HALF_HOURS
    end = time(end_slot // 2 % 24, 30 * (end_slot % 2))
    city = demand.zone.rsplit("/", 1)[-1].replace("_", " ")
    return ShiftSuggestion(
        f"{city} day", start, end, demand.zone, [0, 1, 2, 3, 4], caught / (sum(counts) or 1)
    )


def zone_report(session: Session, weeks: int = 13) -> ZoneReport:
    line_zone = get_rotation_settings(session=session).support_timezone
    line = ZoneInfo(line_zone)
    last = latest_week(session)
    if last is None:
        return ZoneReport(line_zone, [], [], 0)
    # The newest week is usually partial (the export ended mid-week): the weeks before it.
    span = [last - timedelta(weeks=i) for i in range(weeks, 0, -1)]
    rows = session.exec(select(ContactZone).where(col(ContactZone.week).in_(span))).all()
    staffed = {week: _staffed(session, week) for week in span}
    found: dict[str, ZoneDemand] = {}
    for row in rows:
        demand = found.setdefault(row.zone, ZoneDemand(row.zone))
        moment = datetime.combine(row.week, time(), UTC) + row.slot * HALF_HOUR
        demand.contacts += row.contacts
        demand.by_line_hour[moment.astimezone(line).hour] += row.contacts / len(span)
        if moment in staffed[row.week]:
            demand.served += row.contacts
        if row.zone:
            local = moment.astimezone(ZoneInfo(row.zone))
            if DAYTIME[0] <= local.hour < DAYTIME[1]:
                demand.daytime += row.contacts
            if local.weekday() < 5:
                demand.by_local_half_hour[local.hour * 2 + local.minute // 30] += row.contacts
    total = sum(d.contacts for d in found.values())
    zones = sorted(found.values(), key=lambda d: -d.contacts)
    for demand in zones:
        missed = demand.served < SERVED_ENOUGH * demand.contacts
        if demand.zone and demand.share(total) >= SUGGEST_SHARE and missed:
            demand.suggestion = _suggest(demand)
    return ZoneReport(line_zone, span, zones, total)
