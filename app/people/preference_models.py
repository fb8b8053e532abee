"""Weeks a person would rather not be on the line, or would like to be: the solver weighs
them (rotation settings' preferences weight) against fairness and stability, never above
coverage, caps or the rules. And the hours of the day they prefer or would rather not work
(kept on the employee; the solver prices them in seating)."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from app import audit
from app.clock import utcnow
from app.validation import Count, Day, DayHours, Line


class Wish(StrEnum):
    avoid = "avoid"
    want = "want"


class WeekPreferenceSet(SQLModel):
    wish: Wish = Field(description="avoid: rather not on the line that week; want: would like it")
    note: Line = Field(default="", max_length=200, description="Why, for HR (optional)")


class HourPreferences(SQLModel):
    preferred_hours: DayHours = Field(
        default_factory=dict,
        description='Hours preferred by weekday: {"0": "13:00-18:00"} or "Mon 13:00-18:00"',
    )
    avoided_hours: DayHours = Field(
        default_factory=dict,
        description='Hours they would rather not work: {"4": "15:00-18:00"} or "Fri 15:00-18:00"',
    )


class WeekPreference(SQLModel, table=True):
    __tablename__ = "week_preference"
    __table_args__ = (UniqueConstraint("employee_id", "week_start"),)
    id: int | None = Field(default=None, primary_key=True)
    employee_id: Count = Field(foreign_key="employee.id", index=True)
    week_start: Day = Field(index=True)
    wish: str = Field(max_length=10)
    note: str = Field(default="", max_length=200)
    updated_at: datetime = Field(default_factory=utcnow)


class WeekPreferencePublic(SQLModel):
    employee_id: int
    week_start: date
    wish: Wish
    note: str


# Changes people make to these rows are in the audit trail (app.audit).
audit.track(WeekPreference)
