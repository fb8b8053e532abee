"""Demand counts per half hour: contacts per week × channel × UTC half hour of the week, and
per week × customer time zone × half hour. Recounted for the weeks an import touched; the
forecast and the customers' zone analysis read these, never the contacts one by one."""

from collections import defaultdict
from datetime import date

from sqlalchemy import func, insert
from sqlmodel import Session, col, delete, select

from app.demand.formats import iana_zone
from app.demand.models import Contact, ContactSlot, ContactZone


def recount(session: Session, weeks: list[date]) -> None:
    for table in (ContactSlot, ContactZone):
        session.exec(delete(table).where(col(table.week).in_(weeks)))
    keys = (Contact.week, Contact.channel, Contact.slot)
    session.execute(
        insert(ContactSlot).from_select(
            ["week", "channel", "slot", "contacts"],
            select(*keys, func.count())  # type: ignore[call-overload]
            .where(col(Contact.week).in_(weeks))
            .group_by(*keys),
        )
    )
    # Exports name zones in their own ways: group by the name given, then by IANA zone.
    zones: dict[tuple[date, str, int], int] = defaultdict(int)
    for week, named, slot, count in session.execute(
        select(Contact.week, Contact.customer_timezone, Contact.slot, func.count())  # type: ignore[call-overload]
        .where(col(Contact.week).in_(weeks))
        .group_by(Contact.week, Contact.customer_timezone, Contact.slot)
    ).all():
        zones[(week, iana_zone(named) or "", slot)] += count
    session.add_all(
        ContactZone(week=week, zone=zone, slot=slot, contacts=count)
        for (week, zone, slot), count in zones.items()
    )
