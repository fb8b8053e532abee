"""Calendars Rota subscribes to for time off: one per company from the HR system (matched to
people by email) or one per person; the worker polls them."""

from datetime import datetime

from pydantic import AnyHttpUrl
from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from app import audit
from app.clock import utcnow
from app.validation import Count, Line


class TimeOffFeed(SQLModel, table=True):
    __tablename__ = "time_off_feed"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80)
    # The address often carries the HR system's secret: it is never shown back whole.
    url: str = Field(sa_column=Column(Text, nullable=False))
    employee_id: int | None = Field(default=None, foreign_key="employee.id", index=True)
    etag: str | None = Field(default=None, max_length=300)
    last_modified: str | None = Field(default=None, max_length=100)
    polled_at: datetime | None = None
    ok_at: datetime | None = None
    error: str | None = Field(default=None, max_length=500)
    absences: int = 0  # absences it holds after the last good poll
    created_at: datetime = Field(default_factory=utcnow)


class TimeOffFeedCreate(SQLModel):
    name: Line = Field(min_length=1, max_length=80)
    url: AnyHttpUrl = Field(description="The .ics address (BambooHR, Personio, HiBob, Google …)")
    employee_id: Count | None = Field(
        default=None, description="One person's calendar; empty: the company's, matched by email"
    )


class TimeOffFeedPublic(SQLModel):
    id: int
    name: str
    host: str = Field(description="Where it is fetched from (the full address is kept secret)")
    employee_id: int | None
    polled_at: datetime | None
    ok_at: datetime | None
    error: str | None
    absences: int


class SyncReport(SQLModel):
    fetched: bool = Field(description="False when the calendar had not changed (304)")
    added: int = 0
    moved: int = 0
    removed: int = 0
    skipped: list[str] = Field(default_factory=list)
    error: str | None = None


# Changes people make to these rows are in the audit trail (app.audit).
audit.track(
    TimeOffFeed, private=("url", "etag", "last_modified", "polled_at", "ok_at", "error", "absences")
)
