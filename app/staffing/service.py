"""Use cases: each channel's staffing target, and applying the demand's advice to the coverage
needs (after the diff was shown: the tag it was shown with must still hold)."""

from dataclasses import dataclass

from sqlmodel import Session, select

from app.coverage import service as coverage
from app.coverage.models import Channel, CoverageNeedCreate, CoverageNeedUpdate
from app.errors import Conflict, Invalid
from app.staffing.models import (
    ChannelTarget,
    ChannelTargetBase,
    ChannelTargetPublic,
    default_target,
)
from app.staffing.recommend import advise


def list_targets(session: Session) -> list[ChannelTargetPublic]:
    found = []
    for channel in session.exec(select(Channel).order_by(Channel.name)).all():
        stored = session.get(ChannelTarget, channel.id)
        values = stored.model_dump() if stored else default_target(channel.name).model_dump()
        values |= {"channel_id": channel.id, "channel": channel.name, "configured": bool(stored)}
        found.append(ChannelTargetPublic.model_validate(values))
    return found


def set_target(session: Session, channel_id: int, data: ChannelTargetBase) -> ChannelTargetPublic:
    channel = coverage.get_channel(session=session, channel_id=channel_id)
    if data.model == "backlog" and data.within_seconds < 1800:
        raise Invalid(
            "A backlog target is a reply time of at least 30 minutes (1800 s); for answers "
            "within seconds use erlang_c.",
            field="within_seconds",
        )
    if data.model == "erlang_a" and data.patience_seconds is None:
        raise Invalid(
            "Erlang A needs the customers' patience: the mean seconds they wait before "
            "hanging up (from the help desk's abandoned calls or chats).",
            field="patience_seconds",
        )
    stored = session.get(ChannelTarget, channel_id) or ChannelTarget(channel_id=channel_id)
    stored.sqlmodel_update(data.model_dump())
    session.add(stored)
    session.flush()
    return ChannelTargetPublic.model_validate(
        stored.model_dump() | {"channel": channel.name, "configured": True}
    )


@dataclass(frozen=True)
class Applied:
    created: int
    updated: int


def apply_advice(session: Session, weeks: int, tag: str) -> Applied:
    advice = advise(session, weeks)
    if advice.tag != tag:
        raise Conflict(
            "The demand or the coverage needs changed since this advice was shown. Look at "
            "the new differences, then apply again.",
            field="tag",
        )
    created = updated = 0
    for channel, shift in advice.changes:
        if shift.need_id is None:
            coverage.create_coverage_need(
                session=session,
                data=CoverageNeedCreate(
                    channel_id=channel.channel_id,  # type: ignore[arg-type]
                    shift_template_id=shift.shift_id,
                    min_people=shift.recommended,
                    max_people=shift.recommended,
                ),
            )
            created += 1
            continue
        need = coverage.get_coverage_need(session=session, need_id=shift.need_id)
        coverage.update_coverage_need(
            session=session,
            need_id=shift.need_id,
            data=CoverageNeedUpdate(
                min_people=shift.recommended,
                max_people=max(need.max_people, shift.recommended),
            ),
        )
        updated += 1
    return Applied(created, updated)
