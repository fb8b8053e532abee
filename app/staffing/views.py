"""The demand's staffing advice as plain data: the diff, the need per half hour, the gaps."""

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.coverage.models import WEEKDAY_NAMES as WEEKDAYS
from app.staffing.recommend import Advice, ChannelAdvice


def slot_text(slot: int) -> str:
    return f"{WEEKDAYS[slot // 48]} {slot % 48 // 2:02d}:{30 * (slot % 2):02d}"


def uncovered(channel: ChannelAdvice) -> list[dict[str, Any]]:
    """Runs of half hours where agents are still missing: "Tue 22:00–01:30, up to 2"."""
    runs: list[dict[str, Any]] = []
    for slot, missing in enumerate(channel.shortfall):
        if not missing:
            continue
        last = runs[-1] if runs else None
        if last is not None and last["last_slot"] == slot - 1:
            last["last_slot"], last["most"] = slot, max(last["most"], missing)
        else:
            runs.append({"first_slot": slot, "last_slot": slot, "most": missing})
    for run in runs:
        end = run["last_slot"] + 1
        run["from"] = slot_text(run["first_slot"])
        run["until"] = f"{end % 48 // 2:02d}:{30 * (end % 2):02d}"
    return runs


class Uncovered(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    first: str = Field(alias="from", description="Weekday and HH:MM in the line's zone")
    until: str = Field(description="HH:MM in the line's zone")
    agents_missing: int = Field(description="The most agents missing at once in the run")


class ChannelStaffing(BaseModel):
    channel: str
    channel_id: int | None = Field(description="None: contacts on a channel the line lacks")
    model: str
    configured: bool
    problem: str | None = Field(description="Why no staffing could be worked out")
    basis_week: date | None = Field(description="The busiest week of the horizon")
    peak_agents: int
    peak_agents_by_week: dict[date, int]
    need_by_half_hour: list[int]
    seats_by_half_hour: list[int]
    uncovered: list[Uncovered]


class ShiftChange(BaseModel):
    channel: str
    channel_id: int | None
    shift_template_id: int
    shift: str
    current_min_people: int | None
    recommended_min_people: int
    by_weekday: dict[str, int]


class StaffingAdvice(BaseModel):
    zone: str
    tag: str = Field(description="Send it back to apply exactly these changes")
    channels: list[ChannelStaffing]
    changes: list[ShiftChange]


def advice_summary(advice: Advice) -> StaffingAdvice:
    return StaffingAdvice(
        zone=advice.forecast.zone,
        tag=advice.tag,
        channels=[
            ChannelStaffing(
                channel=c.channel,
                channel_id=c.channel_id,
                model=c.target.model,
                configured=c.configured,
                problem=c.problem,
                basis_week=c.basis_week,
                peak_agents=max(c.need, default=0),
                peak_agents_by_week=c.peak_by_week,
                need_by_half_hour=c.need,
                seats_by_half_hour=c.seats,
                uncovered=[
                    Uncovered(first=r["from"], until=r["until"], agents_missing=r["most"])
                    for r in uncovered(c)
                ],
            )
            for c in advice.channels
        ],
        changes=[
            ShiftChange(
                channel=c.channel,
                channel_id=c.channel_id,
                shift_template_id=s.shift_id,
                shift=s.shift,
                current_min_people=s.current,
                recommended_min_people=s.recommended,
                by_weekday={WEEKDAYS[d]: n for d, n in s.by_weekday.items()},
            )
            for c, s in advice.changes
        ],
    )
