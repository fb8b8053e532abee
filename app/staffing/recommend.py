"""Staffing from demand: the forecast's busiest week of the horizon, the agents each half hour
needs under each channel's target, and the fewest people per shift × weekday that give them.
Shift hours are placed on the basis week's actual dates in the shift's own zone, then read in
the line's zone, so a Berlin shift lands where it really falls in a New York week."""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from app.coverage.models import Channel, CoverageNeed, ShiftTemplate
from app.coverage.times import shift_window
from app.demand.forecasting import DemandForecast, demand_forecast
from app.staffing.models import ChannelTarget, ChannelTargetBase, default_target
from staffing_math.forecast import SLOTS
from staffing_math.shift_cover import QueueTarget, agents_per_slot, cover

STEP = timedelta(minutes=30)


@dataclass(frozen=True)
class ShiftAdvice:
    shift_id: int
    shift: str
    by_weekday: dict[int, int]  # the shift's own weekday → people the demand needs
    recommended: int  # coverage needs hold one number per shift: the busiest day's
    current: int | None  # min_people today (None: no need on this shift yet)
    need_id: int | None

    @property
    def changes(self) -> bool:
        return self.recommended != (self.current or 0)


@dataclass
class ChannelAdvice:
    channel: str
    channel_id: int | None  # None: contacts come in on a channel the line does not staff
    target: ChannelTargetBase
    configured: bool
    basis_week: date | None
    need: list[int] = field(default_factory=list)  # agents per half hour of the basis week
    peak_by_week: dict[date, int] = field(default_factory=dict)  # most agents at once, per week
    seats: list[int] = field(default_factory=list)  # min_people on shifts, per half hour
    shifts: list[ShiftAdvice] = field(default_factory=list)
    shortfall: list[int] = field(default_factory=list)  # per half hour, after the advice
    # Why no staffing could be worked out (targets no number of agents meets); then the
    # channel shows that sentence instead of figures.
    problem: str | None = None


@dataclass(frozen=True)
class Advice:
    forecast: DemandForecast
    channels: list[ChannelAdvice]

    @property
    def changes(self) -> list[tuple[ChannelAdvice, ShiftAdvice]]:
        return [(c, s) for c in self.channels for s in c.shifts if s.changes]

    @property
    def tag(self) -> str:
        """Names this exact set of changes: applying checks it still holds."""
        wanted = [(c.channel, s.shift_id, s.current, s.recommended) for c, s in self.changes]
        return hashlib.sha256(json.dumps(wanted).encode()).hexdigest()[:16]


def queue_target(settings: ChannelTargetBase) -> QueueTarget:
    return QueueTarget(
        model=settings.model,
        aht_s=settings.aht_seconds,
        target=settings.target,
        within_s=settings.within_seconds,
        concurrency=settings.concurrency,
        max_occupancy=settings.max_occupancy,
        shrinkage=settings.shrinkage,
        patience_s=settings.patience_seconds if settings.model == "erlang_a" else None,
    )


def occurrence_slots(shift: ShiftTemplate, weekday: int, monday: date, line: ZoneInfo) -> list[int]:
    """The line-zone half hours (0–335 of the week of `monday`) that one day of a shift covers;
    hours that fall past Sunday wrap to the week's start, as the week repeats."""
    start, end = shift_window(shift, monday + timedelta(days=weekday))
    first = datetime.combine(monday, datetime.min.time(), line)
    slots, moment = [], start
    while moment < end:
        local = moment.astimezone(line)
        offset = (local.date() - first.date()).days % 7
        slots.append(offset * 48 + local.hour * 2 + local.minute // 30)
        moment += STEP
    return sorted(set(slots))


def _targets(session: Session) -> dict[str, tuple[Channel, ChannelTargetBase, bool]]:
    found = {}
    for channel in session.exec(select(Channel)).all():
        stored = session.get(ChannelTarget, channel.id)
        # Stored values as they are: a target saved under older, looser checks must still
        # give an answer (the advice names what no staffing meets), not fail validation.
        settings = (
            ChannelTargetBase.model_construct(
                **{name: getattr(stored, name) for name in ChannelTargetBase.model_fields}
            )
            if stored
            else default_target(channel.name)
        )
        found[channel.name] = (channel, settings, stored is not None)
    return found


def advise(session: Session, weeks: int = 13) -> Advice:
    forecast = demand_forecast(session, weeks)
    line = ZoneInfo(forecast.zone)
    targets = _targets(session)
    shifts = {
        s.id: s
        for s in session.exec(select(ShiftTemplate).order_by(col(ShiftTemplate.id))).all()
        if s.id is not None
    }
    needs = {(n.channel_id, n.shift_template_id): n for n in session.exec(select(CoverageNeed))}
    advice = []
    for name, predicted in forecast.channels.items():
        channel, settings, configured = targets.get(name, (None, default_target(name), False))
        basis = max(forecast.horizon, key=predicted.total)
        entry = ChannelAdvice(name, channel.id if channel else None, settings, configured, basis)
        queue = queue_target(settings)
        advice.append(entry)
        try:
            for week in forecast.horizon:
                entry.peak_by_week[week] = max(agents_per_slot(predicted.slots[week], queue))
            entry.need = agents_per_slot(predicted.slots[basis], queue)
        except ValueError as exc:
            entry.problem = f"No staffing meets the {name} targets: {exc}."
            entry.peak_by_week = {}
            continue
        if channel is None or channel.id is None:
            entry.shortfall = list(entry.need)
            continue
        occurrences: dict[tuple[int, int], list[int]] = {
            (i, day): occurrence_slots(s, day, basis, line)
            for i, s in shifts.items()
            for day in s.weekdays
        }
        entry.seats = [0] * SLOTS
        for (shift_id, _day), slots in occurrences.items():
            seated = needs.get((channel.id, shift_id))
            for slot in slots:
                entry.seats[slot] += seated.min_people if seated else 0
        result = cover(entry.need, occurrences)
        entry.shortfall = result.shortfall
        for shift_id, shift in shifts.items():
            by_day = {day: result.people[(shift_id, day)] for day in shift.weekdays}
            need = needs.get((channel.id, shift_id))
            entry.shifts.append(
                ShiftAdvice(
                    shift_id=shift_id,
                    shift=shift.name,
                    by_weekday=by_day,
                    recommended=max(by_day.values(), default=0),
                    current=need.min_people if need else None,
                    need_id=need.id if need else None,
                )
            )
    return Advice(forecast, advice)
