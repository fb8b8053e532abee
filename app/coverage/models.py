"""Channels, shift templates and coverage needs."""

from typing import Literal

from pydantic import field_validator
from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from app import audit
from app.validation import Count, Line, LocalTime, Text, TimeZoneName, Weekdays

HolidayPolicy = Literal["line", "region", "open"]

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class ChannelBase(SQLModel):
    name: Line = Field(min_length=1, max_length=40, description="phone, chat, email, social, ...")
    description: Text = Field(default="", max_length=500)

    @field_validator("name")
    @classmethod
    def _normalise(cls, value: str) -> str:
        return value.strip().lower()


class ChannelCreate(ChannelBase):
    pass


class ChannelUpdate(SQLModel):
    name: Line | None = Field(default=None, min_length=1, max_length=40)
    description: Text | None = Field(default=None, max_length=500)


class Channel(ChannelBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=40, unique=True)


class ChannelPublic(ChannelBase):
    id: int


class ShiftTemplateBase(SQLModel):
    name: Line = Field(min_length=1, max_length=80)
    start_time: LocalTime
    end_time: LocalTime
    weekdays: Weekdays = Field(
        default_factory=lambda: [0, 1, 2, 3, 4], description="0 = Monday … 6 = Sunday"
    )
    timezone: TimeZoneName = Field(default="America/New_York", description="The line's time zone")
    holidays: HolidayPolicy = Field(
        default="line",
        description="Closed on the line's public holidays (line), on those of its own region "
        "(region: holiday_country and holiday_subdivision), or open on holidays (open), "
        "staffed by those who work them",
    )
    holiday_country: str | None = Field(
        default=None, max_length=2, description="ISO country of the shift's region"
    )
    holiday_subdivision: str | None = Field(
        default=None, max_length=10, description="Region of that country, e.g. BY or NSW"
    )


class ShiftTemplateCreate(ShiftTemplateBase):
    pass


class ShiftTemplateUpdate(SQLModel):
    name: Line | None = Field(default=None, min_length=1, max_length=80)
    start_time: LocalTime | None = None
    end_time: LocalTime | None = None
    weekdays: Weekdays | None = None
    timezone: TimeZoneName | None = None
    holidays: HolidayPolicy | None = None
    holiday_country: str | None = Field(default=None, max_length=2)
    holiday_subdivision: str | None = Field(default=None, max_length=10)


class ShiftTemplate(ShiftTemplateBase, table=True):
    __tablename__ = "shift_template"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80, unique=True)
    weekdays: list[Count] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    timezone: str = Field(default="America/New_York", max_length=64)
    holidays: str = Field(default="line", max_length=10)  # type: ignore[assignment]


class ShiftTemplatePublic(ShiftTemplateBase):
    id: int
    timezone: str
    label: str = ""


class CoverageNeedBase(SQLModel):
    channel_id: Count
    shift_template_id: Count
    min_people: Count = Field(default=1, ge=0, le=500)
    max_people: Count = Field(default=3, ge=0, le=500)
    skill: str | None = Field(default=None, max_length=40, description="e.g. de for German")
    skill_min: Count = Field(default=0, ge=0, le=500)
    fill_to_max: bool = Field(
        default=False,
        description="Seat support staff who are free up to the maximum; otherwise the "
        "support team sits only where the minimum needs it.",
    )

    @field_validator("skill")
    @classmethod
    def _normalise_skill(cls, value: str | None) -> str | None:
        return value.strip().lower() or None if value else None


class CoverageNeedCreate(CoverageNeedBase):
    pass


class CoverageNeedUpdate(SQLModel):
    min_people: Count | None = Field(default=None, ge=0, le=500)
    max_people: Count | None = Field(default=None, ge=0, le=500)
    skill: str | None = Field(default=None, max_length=40)
    skill_min: Count | None = Field(default=None, ge=0, le=500)
    fill_to_max: bool | None = None


class CoverageNeed(CoverageNeedBase, table=True):
    __tablename__ = "coverage_need"
    __table_args__ = (UniqueConstraint("channel_id", "shift_template_id"),)
    id: int | None = Field(default=None, primary_key=True)
    channel_id: Count = Field(foreign_key="channel.id", index=True)
    shift_template_id: Count = Field(foreign_key="shift_template.id", index=True)


class CoverageNeedPublic(CoverageNeedBase):
    id: int


def shift_label(shift: ShiftTemplate | ShiftTemplateBase) -> str:
    days = shift.weekdays
    if days and days == list(range(days[0], days[-1] + 1)) and len(days) > 2:
        day_text = f"{WEEKDAY_NAMES[days[0]]}–{WEEKDAY_NAMES[days[-1]]}"
    else:
        day_text = ", ".join(WEEKDAY_NAMES[d] for d in days)
    start, end = shift.start_time.strftime("%H:%M"), shift.end_time.strftime("%H:%M")
    return f"{shift.name} {start}–{end} {day_text} {shift.timezone}"


# Changes people make to these rows are in the audit trail (app.audit).
audit.track(Channel)
audit.track(CoverageNeed)
audit.track(ShiftTemplate)
