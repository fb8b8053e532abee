"""Staffing follows the line: a channel's target goes when the channel does."""

from sqlmodel import Session

from app.events import ChannelRemoving, on
from app.staffing.models import ChannelTarget


@on(ChannelRemoving)
def drop_channel_target(session: Session, event: ChannelRemoving) -> None:
    target = session.get(ChannelTarget, event.channel_id)
    if target is not None:
        session.delete(target)
        session.flush()
