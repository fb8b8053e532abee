"""Events that change demand (a launch, a campaign, an outage): HR marks the days and the
expected lift; the forecast lifts those days and leaves past ones out of what it learns."""

from collections import defaultdict

from sqlmodel import Session, col, select

from app.demand.models import DemandEvent, DemandEventBase, DemandEventPublic
from app.errors import Invalid, NotFound
from staffing_math.history import Lift

LONGEST_DAYS = 366


def list_events(session: Session) -> list[DemandEventPublic]:
    rows = session.exec(select(DemandEvent).order_by(col(DemandEvent.first_day))).all()
    return [DemandEventPublic.model_validate(row, from_attributes=True) for row in rows]


def create_event(session: Session, data: DemandEventBase) -> DemandEventPublic:
    if data.last_day < data.first_day:
        raise Invalid("The last day comes before the first.", field="last_day")
    if (data.last_day - data.first_day).days >= LONGEST_DAYS:
        raise Invalid(
            "An event lasts at most a year; a lasting change is the new level, which the "
            "forecast learns by itself.",
            field="last_day",
        )
    row = DemandEvent.model_validate(data.model_dump() | {"channel": data.channel or None})
    session.add(row)
    session.flush()
    return DemandEventPublic.model_validate(row, from_attributes=True)


def delete_event(session: Session, event_id: int) -> None:
    row = session.get(DemandEvent, event_id)
    if row is None:
        raise NotFound(f"No demand event {event_id}.")
    session.delete(row)
    session.flush()


def lifts(session: Session, channels: list[str]) -> dict[str, list[Lift]]:
    """Channel → its events as lifts (events for every channel count on each)."""
    found: dict[str, list[Lift]] = defaultdict(list)
    for row in session.exec(select(DemandEvent)).all():
        lift = Lift(row.first_day, row.last_day, 1 + row.lift_percent / 100, row.name)
        for channel in channels if row.channel is None else [row.channel]:
            found[channel].append(lift)
    return dict(found)
