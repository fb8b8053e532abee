"""Seats refer to their channel by id; the name they carry (which the solver, the feeds and
the coverage report speak) follows a rename in the same transaction."""

from sqlmodel import Session, col, select, update

from app.coverage.models import Channel
from app.events import ChannelRenamed, on
from app.schedules.models import ScheduleShift


def channel_ids(session: Session) -> dict[str, int]:
    """Each channel's id by its name, for seats the solver or a person names by channel."""
    return {c.name: c.id for c in session.exec(select(Channel)).all() if c.id is not None}


@on(ChannelRenamed)
def follow_rename(session: Session, event: ChannelRenamed) -> None:
    session.execute(
        update(ScheduleShift)
        .where(col(ScheduleShift.channel_id) == event.channel_id)
        .values(channel=event.name)
    )
