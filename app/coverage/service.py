"""Use cases for channels, shift templates and coverage needs."""

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from app import events
from app.coverage.models import (
    Channel,
    ChannelCreate,
    ChannelUpdate,
    CoverageNeed,
    CoverageNeedCreate,
    CoverageNeedUpdate,
    ShiftTemplate,
    ShiftTemplateCreate,
    ShiftTemplateUpdate,
)
from app.errors import Conflict, Invalid, NotFound
from app.events import ChannelRemoving, ChannelRenamed, ScheduleChanged
from app.validation import holiday_calendar_problem


def get_channel(*, session: Session, channel_id: int) -> Channel:
    channel = session.get(Channel, channel_id)
    if channel is None:
        raise NotFound(f"Channel {channel_id} does not exist.")
    return channel


def _check_channel_name(*, session: Session, name: str, channel_id: int | None) -> None:
    clash = session.exec(select(Channel).where(Channel.name == name)).first()
    if clash is not None and clash.id != channel_id:
        raise Conflict(f"A channel named {name!r} already exists.", field="name")


def create_channel(*, session: Session, data: ChannelCreate) -> Channel:
    _check_channel_name(session=session, name=data.name, channel_id=None)
    channel = Channel.model_validate(data)
    session.add(channel)
    session.flush()
    return channel


def update_channel(*, session: Session, channel_id: int, data: ChannelUpdate) -> Channel:
    channel = get_channel(session=session, channel_id=channel_id)
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    renamed = False
    if "name" in changes:
        changes["name"] = changes["name"].strip().lower()
        _check_channel_name(session=session, name=changes["name"], channel_id=channel_id)
        renamed = changes["name"] != channel.name
    channel.sqlmodel_update(changes)
    session.add(channel)
    if renamed:
        events.emit(session, ChannelRenamed(channel_id, channel.name))
    events.emit(session, ScheduleChanged(reason="channel"))  # descriptions show in every feed
    return channel


def delete_channel(*, session: Session, channel_id: int) -> None:
    channel = get_channel(session=session, channel_id=channel_id)
    used = session.exec(select(func.count()).where(CoverageNeed.channel_id == channel_id)).one()
    if used:
        raise Conflict(
            f"Channel {channel.name!r} is used by {used} coverage need(s); delete those first.",
            field="channel_id",
        )
    events.emit(session, ChannelRemoving(channel_id))
    session.delete(channel)
    session.flush()


def get_shift_template(*, session: Session, shift_template_id: int) -> ShiftTemplate:
    shift = session.get(ShiftTemplate, shift_template_id)
    if shift is None:
        raise NotFound(f"Shift template {shift_template_id} does not exist.")
    return shift


def _check_shift(*, session: Session, values: dict[str, Any], shift_id: int | None) -> None:
    if values["end_time"] == values["start_time"]:
        raise Invalid(
            "A shift ends when it starts: give its hours (an end before the start runs past "
            "midnight, 22:00 to 03:00, and belongs to the day it starts).",
            field="end_time",
        )
    if values.get("holidays") == "region" and not values.get("holiday_country"):
        raise Invalid(
            "A shift that follows its region's holidays needs the region's country.",
            field="holiday_country",
        )
    if values.get("holiday_country"):
        values["holiday_country"] = values["holiday_country"].upper()
    problem = holiday_calendar_problem(
        values.get("holiday_country"), values.get("holiday_subdivision")
    )
    if problem is not None:
        raise Invalid(problem[1], field=problem[0])
    clash = session.exec(select(ShiftTemplate).where(ShiftTemplate.name == values["name"])).first()
    if clash is not None and clash.id != shift_id:
        raise Conflict(f"A shift named {values['name']!r} already exists.", field="name")


def create_shift_template(*, session: Session, data: ShiftTemplateCreate) -> ShiftTemplate:
    values = data.model_dump()
    _check_shift(session=session, values=values, shift_id=None)
    shift = ShiftTemplate(**values)
    session.add(shift)
    session.flush()
    return shift


def update_shift_template(
    *, session: Session, shift_template_id: int, data: ShiftTemplateUpdate
) -> ShiftTemplate:
    shift = get_shift_template(session=session, shift_template_id=shift_template_id)
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    merged = shift.model_dump() | changes
    _check_shift(session=session, values=merged, shift_id=shift_template_id)
    shift.sqlmodel_update({name: merged[name] for name in changes})
    session.add(shift)
    events.emit(session, ScheduleChanged.for_shift(shift_template_id, reason="shift template"))
    return shift


def delete_shift_template(*, session: Session, shift_template_id: int) -> None:
    shift = get_shift_template(session=session, shift_template_id=shift_template_id)
    used = session.exec(
        select(func.count()).where(CoverageNeed.shift_template_id == shift_template_id)
    ).one()
    if used:
        raise Conflict(
            f"Shift {shift.name!r} is used by {used} coverage need(s); delete those first.",
            field="shift_template_id",
        )
    session.delete(shift)
    session.flush()


def get_coverage_need(*, session: Session, need_id: int) -> CoverageNeed:
    need = session.get(CoverageNeed, need_id)
    if need is None:
        raise NotFound(f"Coverage need {need_id} does not exist.")
    return need


def _check_need(*, session: Session, values: dict[str, Any], need_id: int | None) -> None:
    if session.get(Channel, values["channel_id"]) is None:
        raise Invalid(f"Channel {values['channel_id']} does not exist.", field="channel_id")
    if session.get(ShiftTemplate, values["shift_template_id"]) is None:
        raise Invalid(
            f"Shift template {values['shift_template_id']} does not exist.",
            field="shift_template_id",
        )
    if values["min_people"] > values["max_people"]:
        raise Invalid("The minimum cannot be above the maximum.", field="min_people")
    if values["skill_min"] > values["max_people"]:
        raise Invalid("The skill minimum cannot be above the maximum.", field="skill_min")
    if values["skill_min"] and not values["skill"]:
        raise Invalid("Name the skill that the skill minimum is about.", field="skill")
    clash = session.exec(
        select(CoverageNeed).where(
            CoverageNeed.channel_id == values["channel_id"],
            CoverageNeed.shift_template_id == values["shift_template_id"],
        )
    ).first()
    if clash is not None and clash.id != need_id:
        raise Conflict(
            f"This channel already has a need on that shift (id {clash.id}); edit it instead.",
            field="shift_template_id",
        )


def create_coverage_need(*, session: Session, data: CoverageNeedCreate) -> CoverageNeed:
    values = data.model_dump()
    _check_need(session=session, values=values, need_id=None)
    need = CoverageNeed(**values)
    session.add(need)
    session.flush()
    return need


def update_coverage_need(
    *, session: Session, need_id: int, data: CoverageNeedUpdate
) -> CoverageNeed:
    need = get_coverage_need(session=session, need_id=need_id)
    changes = data.model_dump(exclude_unset=True)
    changes = {k: v for k, v in changes.items() if v is not None or k == "skill"}
    if "skill" in changes and changes["skill"] is not None:
        changes["skill"] = changes["skill"].strip().lower() or None
    _check_need(session=session, values=need.model_dump() | changes, need_id=need_id)
    need.sqlmodel_update(changes)
    session.add(need)
    session.flush()
    return need


def delete_coverage_need(*, session: Session, need_id: int) -> None:
    session.delete(get_coverage_need(session=session, need_id=need_id))
    session.flush()
