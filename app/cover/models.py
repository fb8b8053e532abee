"""Cover requests: a person (or HR for them) asks for cover of a turn or of some of its days;
Rota asks the colleagues who could take it, best first, and the first to accept takes it."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from app import audit
from app.clock import utcnow
from app.validation import Count, Line


class CoverStatus(StrEnum):
    open = "open"  # colleagues are asked; nobody has taken it
    proposed = "proposed"  # taken in return for a turn of the taker's; the asker says yes or no
    pending = "pending"  # taken; waits for approval (rules/approval.py)
    covered = "covered"
    cancelled = "cancelled"
    closed = "closed"  # the turn changed or left the published schedule; see closed_reason


LIVE = (CoverStatus.open.value, CoverStatus.proposed.value, CoverStatus.pending.value)


class AskAnswer(StrEnum):
    accepted = "accepted"
    declined = "declined"
    gone = "gone"  # someone else took it, or the request ended


class CoverRequest(SQLModel, table=True):
    __tablename__ = "cover_request"
    id: int | None = Field(default=None, primary_key=True)
    schedule_id: Count = Field(foreign_key="schedule.id", index=True)
    turn_id: Count = Field(foreign_key="schedule_turn.id", index=True)
    employee_id: Count = Field(foreign_key="employee.id", index=True)  # whose turn it is
    week_start: date
    # The days to cover (ISO dates); empty: the whole turn.
    days: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    note: str = Field(default="", max_length=500)
    status: str = Field(default=CoverStatus.open.value, max_length=20, index=True)
    asked_by: Count | None = Field(default=None, foreign_key="app_user.id")
    taken_by: Count | None = Field(default=None, foreign_key="employee.id")
    # A trade: the taker's own turn the person whose turn it is takes in return (whole).
    trade_turn_id: Count | None = Field(default=None, foreign_key="schedule_turn.id")
    taken_at: datetime | None = None
    decided_by: Count | None = Field(default=None, foreign_key="app_user.id")
    give_back_until: datetime | None = None
    reminders: Count = 0  # follow-up rounds sent
    hr_told_at: datetime | None = None
    closed_reason: str | None = Field(default=None, max_length=300)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class CoverAsk(SQLModel, table=True):
    """One colleague asked to cover: the accept link is an HMAC of this row (its nonce)."""

    __tablename__ = "cover_ask"
    __table_args__ = (UniqueConstraint("request_id", "employee_id"),)
    id: int | None = Field(default=None, primary_key=True)
    request_id: Count = Field(foreign_key="cover_request.id", index=True)
    employee_id: Count = Field(foreign_key="employee.id", index=True)
    rank: Count = 0
    why: str = Field(default="", max_length=300)  # why this rank, shown to HR
    nonce: str = Field(max_length=64)
    asked_at: datetime = Field(default_factory=utcnow)
    answer: str | None = Field(default=None, max_length=20)
    answered_at: datetime | None = None


class CoverCreate(SQLModel):
    turn_id: Count
    days: list[date] = Field(
        default_factory=list, description="Days of the turn to cover; empty: the whole turn"
    )
    note: Line = Field(default="", max_length=500)


class CoverTake(SQLModel):
    employee_id: Count | None = Field(
        default=None, description="HR only: the colleague who takes it (recorded as by HR)"
    )
    trade_turn_id: Count | None = Field(
        default=None,
        description="One of the taker's own future turns of another week, which the person "
        "whose turn it is takes in return once they accept",
    )


class CoverAskPublic(SQLModel):
    employee_id: int
    rank: int
    why: str
    asked_at: datetime
    answer: str | None


class CoverPublic(SQLModel):
    id: int
    schedule_id: int
    turn_id: int
    employee_id: int
    week_start: date
    days: list[date]
    note: str
    status: str
    asked_by: int | None
    taken_by: int | None
    trade_turn_id: int | None
    taken_at: datetime | None
    give_back_until: datetime | None
    reminders: int
    closed_reason: str | None
    created_at: datetime
    asks: list[CoverAskPublic] = Field(default_factory=list)
    excluded: dict[str, Any] = Field(
        default_factory=dict, description="HR only: colleagues left out, counted by rule"
    )


# Changes people make to these rows are in the audit trail (app.audit).
audit.track(CoverRequest)
audit.track(CoverAsk)
