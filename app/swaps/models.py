"""Swaps: a person offers a turn, a colleague takes it (or offers one back in trade), HR
approves when the settings ask for it."""

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from app import audit
from app.clock import utcnow
from app.validation import Count


class SwapStatus(StrEnum):
    open = "open"
    proposed = "proposed"  # a colleague offered a trade; the offerer decides
    pending = "pending"  # taken; waits for HR approval
    done = "done"
    rejected = "rejected"
    cancelled = "cancelled"
    undone = "undone"
    closed = "closed"  # the turn changed or left the published schedule; see closed_reason


# Swaps still waiting for someone: one live swap per turn at a time.
WAITING = (SwapStatus.open.value, SwapStatus.proposed.value, SwapStatus.pending.value)


class SwapRequest(SQLModel, table=True):
    __tablename__ = "swap_request"
    id: int | None = Field(default=None, primary_key=True)
    schedule_id: Count = Field(foreign_key="schedule.id", index=True)
    turn_id: Count = Field(foreign_key="schedule_turn.id")
    offered_by: Count = Field(foreign_key="employee.id", index=True)
    taken_by: Count | None = Field(default=None, foreign_key="employee.id")
    trade_turn_id: Count | None = Field(default=None, foreign_key="schedule_turn.id")
    status: str = Field(default=SwapStatus.open.value, max_length=20, index=True)
    note: str = Field(default="", max_length=500)
    decided_by: Count | None = Field(default=None, foreign_key="app_user.id")
    closed_reason: str | None = Field(default=None, max_length=300)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class SwapCreate(SQLModel):
    turn_id: Count
    note: str = Field(default="", max_length=500)


class SwapTake(SQLModel):
    trade_turn_id: Count | None = Field(
        default=None, description="Offer one of the taker's own turns in exchange"
    )
    employee_id: Count | None = Field(
        default=None, description="HR only: the colleague who takes it (recorded as by HR)"
    )


class SwapPublic(SQLModel):
    id: int
    schedule_id: Count
    turn_id: Count
    offered_by: Count
    taken_by: Count | None
    trade_turn_id: Count | None
    status: str
    note: str
    closed_reason: str | None = None
    created_at: datetime
    updated_at: datetime


# Changes people make to these rows are in the audit trail (app.audit).
audit.track(SwapRequest)
