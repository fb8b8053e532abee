"""Calendar feed tokens and the published events behind the feeds (UIDs, SEQUENCE, cancels)."""

from datetime import date, datetime, time
from enum import StrEnum

from pydantic import NaiveDatetime
from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from app import audit
from app.clock import utcnow
from app.validation import Count, Day, Flag


class FeedKind(StrEnum):
    employee = "employee"
    department = "department"
    line = "line"


class FeedToken(SQLModel, table=True):
    """A feed's secret is an HMAC of this row under the app's secret key: the database alone
    cannot produce a working link, and a new nonce (re-issue) kills the old one."""

    __tablename__ = "feed_token"
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20, index=True)
    owner_id: Count | None = Field(default=None, index=True)
    nonce: str = Field(max_length=64)
    created_by: Count | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None
    # Raised whenever what the feed shows changes (calendars.versions): a poll reads this row
    # alone to answer 304, and a rendered body is cached under it.
    version: Count = 0
    changed_at: datetime | None = None


class FeedPublic(SQLModel):
    id: int
    kind: str
    owner_id: Count | None
    url: str
    webcal_url: str
    created_at: datetime


class FeedIssue(SQLModel):
    kind: FeedKind = FeedKind.employee
    owner_id: Count | None = Field(default=None, description="Employee or department id")


class CalendarEvent(SQLModel, table=True):
    """One event as calendar clients last saw it; kept CANCELLED for a while after removal."""

    __tablename__ = "calendar_event"
    # A feed reads one owner's events of some kinds: one index on both (migration 0028).
    __table_args__ = (
        Index("ix_calendar_event_employee_kind", "employee_id", "kind"),
        Index("ix_calendar_event_department_kind", "department_id", "kind"),
    )
    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(max_length=120, unique=True)
    kind: str = Field(max_length=10, index=True)  # block | shift | line
    employee_id: Count | None = None
    department_id: Count | None = None
    turn_id: Count | None = None
    all_day: Flag = False
    first_day: Day
    last_day: Day
    start_local: NaiveDatetime | None = None  # wall-clock time in tzid
    end_local: NaiveDatetime | None = None
    tzid: str | None = Field(default=None, max_length=64)
    summary: str = Field(max_length=300)
    description: str = Field(default="", max_length=4000)
    transparent: Flag = False
    content_hash: str = Field(max_length=64)
    # The VEVENT as sent, rendered once when the event changes: feeds are concatenations.
    ics: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    sequence: Count = 0
    status: str = Field(default="CONFIRMED", max_length=12)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow, index=True)
    cancelled_at: datetime | None = None


class FeedRevoked(SQLModel):
    id: int
    revoked_at: datetime | None


class AbsenceFound(SQLModel):
    employee_id: int
    first_day: date
    last_day: date
    reason: str
    status: str = Field(description="new, already there, or overlaps existing")
    from_time: time | None = Field(default=None, description="Part of a day: from")
    to_time: time | None = Field(default=None, description="… until")


class IcsImportResult(SQLModel):
    dry_run: bool
    added: int
    skipped: list[str]
    absences: list[AbsenceFound]


# Changes people make to these rows are in the audit trail (app.audit).
audit.track(FeedToken)
