"""Rotation rules, their presets, and the rotation settings."""

from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator
from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from app import audit
from app.validation import Count, Flag, Line, TimeZoneName


class Approver(StrEnum):
    """Who approves a taken swap or cover when the settings ask for approval."""

    hr = "hr"
    lead = "lead"  # the lead of the department of the person whose turn it is (HR too)


def _approver(value: str) -> str:
    if value not in {a.value for a in Approver}:
        raise ValueError("give hr or lead")
    return value


ApproverName = Annotated[str, AfterValidator(_approver)]


class AppliesTo(StrEnum):
    new_hires = "new_hires"
    executives = "executives"
    departments = "departments"
    everyone = "everyone"


class RotationRuleBase(SQLModel):
    name: Line = Field(min_length=1, max_length=120)
    applies_to: AppliesTo = AppliesTo.everyone
    department_ids: list[Count] = Field(
        default_factory=list, description="Departments the rule covers (applies_to=departments)"
    )
    days_per_turn: Count = Field(
        default=5, ge=1, le=5, description="Days on the line inside a week; 5 is the full week"
    )
    turn_weeks: Count = Field(default=1, ge=1, le=12, description="Consecutive weeks in one block")
    turns_per_cycle: Count = Field(default=1, ge=1, le=52, description="Blocks per cycle")
    cycle_weeks: Count = Field(default=52, ge=1, le=104, description="Length of the cycle in weeks")
    cooldown_weeks: Count = Field(
        default=0, ge=0, le=104, description="Minimum weeks between blocks"
    )
    start_within_weeks: Count | None = Field(
        default=None, ge=1, le=52, description="New hires: first block within N weeks of hire"
    )
    with_mentor: Flag = Field(default=False, description="Share each turn with a mentor")
    active: Flag = True
    preset: str | None = Field(default=None, max_length=40)


class RotationRuleCreate(RotationRuleBase):
    pass


class RotationRuleUpdate(SQLModel):
    name: Line | None = Field(default=None, min_length=1, max_length=120)
    applies_to: AppliesTo | None = None
    department_ids: list[Count] | None = None
    days_per_turn: Count | None = Field(default=None, ge=1, le=5)
    turn_weeks: Count | None = Field(default=None, ge=1, le=12)
    turns_per_cycle: Count | None = Field(default=None, ge=1, le=52)
    cycle_weeks: Count | None = Field(default=None, ge=1, le=104)
    cooldown_weeks: Count | None = Field(default=None, ge=0, le=104)
    start_within_weeks: Count | None = Field(default=None, ge=1, le=52)
    with_mentor: Flag | None = None
    active: Flag | None = None


class RotationRule(RotationRuleBase, table=True):
    __tablename__ = "rotation_rule"
    id: int | None = Field(default=None, primary_key=True)
    applies_to: str = Field(default=AppliesTo.everyone.value, max_length=20)  # type: ignore[assignment]
    department_ids: list[Count] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )


class RotationRulePublic(RotationRuleBase):
    id: int


PRESETS: dict[str, dict[str, object]] = {
    "onboarding_fortnight": {
        "name": "Onboarding fortnight",
        "applies_to": AppliesTo.new_hires,
        "days_per_turn": 5,
        "turn_weeks": 2,
        "turns_per_cycle": 1,
        "cycle_weeks": 52,
        "cooldown_weeks": 0,
        "start_within_weeks": 4,
        "with_mentor": True,
    },
    "annual_support_week": {
        "name": "Annual support week",
        "applies_to": AppliesTo.everyone,
        "days_per_turn": 5,
        "turn_weeks": 1,
        "turns_per_cycle": 1,
        "cycle_weeks": 52,
        "cooldown_weeks": 26,
        "with_mentor": False,
    },
    "executive_day": {
        "name": "Executive day",
        "applies_to": AppliesTo.executives,
        "days_per_turn": 1,
        "turn_weeks": 1,
        "turns_per_cycle": 1,
        "cycle_weeks": 4,
        "cooldown_weeks": 2,
        "with_mentor": False,
    },
    "everyone_support_day": {
        "name": "Everyone-on-support day",
        "applies_to": AppliesTo.everyone,
        "days_per_turn": 1,
        "turn_weeks": 1,
        "turns_per_cycle": 1,
        "cycle_weeks": 8,
        "cooldown_weeks": 4,
        "with_mentor": True,
    },
}


class RotationSettingsBase(SQLModel):
    mentees_per_mentor: Count = Field(default=2, ge=1, le=10)
    mentees_per_mentor_week: Count = Field(
        default=3,
        ge=0,
        le=20,
        description="Different new hires one mentor takes in a week (0: no limit)",
    )
    freeze_weeks: Count = Field(
        default=2, ge=0, le=26, description="Published weeks a re-plan keeps"
    )
    holiday_country: str | None = Field(default="US", max_length=2, description="ISO country code")
    holiday_subdivision: str | None = Field(default=None, max_length=10)
    support_timezone: TimeZoneName = "America/New_York"
    max_days_per_week: Count = Field(default=5, ge=1, le=7)
    max_shifts_per_day: Count = Field(default=1, ge=1, le=4)
    experienced_after_shifts: Count = Field(
        default=10, ge=1, le=1000, description="Shifts on a channel before someone can mentor"
    )
    weight_fairness: Count = Field(default=10, ge=0, le=1000)
    weight_preferences: Count = Field(default=5, ge=0, le=1000)
    weight_stability: Count = Field(default=20, ge=0, le=1000)
    swaps_need_approval: Flag = Field(
        default=True, description="A taken swap or cover waits for approval"
    )
    approver: ApproverName = Field(
        default="hr",
        max_length=10,
        description="Who approves: hr, or lead (the lead of the department of the person "
        "whose turn it is; HR too, and HR alone where a department has no lead)",
    )
    retention_months: Count = Field(
        default=24,
        ge=0,
        le=240,
        description="A leaver is forgotten (pseudonymised) this many months after leaving; "
        "0 keeps everyone",
    )


class RotationSettingsUpdate(SQLModel):
    mentees_per_mentor: Count | None = Field(default=None, ge=1, le=10)
    mentees_per_mentor_week: Count | None = Field(default=None, ge=0, le=20)
    freeze_weeks: Count | None = Field(default=None, ge=0, le=26)
    holiday_country: str | None = Field(default=None, max_length=2)
    holiday_subdivision: str | None = Field(default=None, max_length=10)
    support_timezone: TimeZoneName | None = None
    max_days_per_week: Count | None = Field(default=None, ge=1, le=7)
    max_shifts_per_day: Count | None = Field(default=None, ge=1, le=4)
    experienced_after_shifts: Count | None = Field(default=None, ge=1, le=1000)
    weight_fairness: Count | None = Field(default=None, ge=0, le=1000)
    weight_preferences: Count | None = Field(default=None, ge=0, le=1000)
    weight_stability: Count | None = Field(default=None, ge=0, le=1000)
    swaps_need_approval: Flag | None = None
    approver: ApproverName | None = None
    retention_months: Count | None = Field(default=None, ge=0, le=240)


class RotationSettings(RotationSettingsBase, table=True):
    __tablename__ = "rotation_settings"
    id: int | None = Field(default=None, primary_key=True)
    support_timezone: str = Field(default="America/New_York", max_length=64)


class RotationSettingsPublic(RotationSettingsBase):
    support_timezone: str


# Changes people make to these rows are in the audit trail (app.audit).
audit.track(RotationRule)
audit.track(RotationSettings)
