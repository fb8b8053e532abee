"""Learnings from the line, their status history, and the API schemas around them."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import StringConstraints, field_validator
from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from app import audit
from app.clock import utcnow
from app.validation import Count, Day, Line, Text

# A help desk's ticket id as people paste it: no control characters, at most 100 long.
TicketRef = Annotated[Line, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
HelpDeskTag = Annotated[
    Line, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)
]


class Category(StrEnum):
    pain_point = "pain_point"
    bug = "bug"
    feature_request = "feature_request"
    praise = "praise"
    process_gap = "process_gap"
    knowledge_gap = "knowledge_gap"


CATEGORY_LABELS = {
    Category.pain_point: "Pain point",
    Category.bug: "Bug",
    Category.feature_request: "Feature request",
    Category.praise: "Praise",
    Category.process_gap: "Process gap",
    Category.knowledge_gap: "Knowledge gap",
}


class LearningStatus(StrEnum):
    new = "new"
    acknowledged = "acknowledged"
    planned = "planned"
    done = "done"


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class LearningBase(SQLModel):
    summary: Text = Field(min_length=3, max_length=500, description="What customers ran into")
    category: Category
    product_area: str = Field(default="", max_length=100, description="e.g. billing, search")
    department_id: Count = Field(description="The department that can act on it")
    customers_affected: Count = Field(default=1, ge=1, le=100_000)
    customer_quote: Text | None = Field(default=None, max_length=1000)
    ticket_ids: list[TicketRef] = Field(
        default_factory=list,
        max_length=500,
        description="Help-desk tickets behind it; without a count, each is one customer",
    )
    tags: list[HelpDeskTag] = Field(
        default_factory=list,
        max_length=50,
        description="Help-desk tags of the contacts behind it (their weekly count measures a fix)",
    )

    @field_validator("tags")
    @classmethod
    def _distinct_tags(cls, value: list[str]) -> list[str]:
        return sorted({t.strip().lower() for t in value if t.strip()})

    @field_validator("summary", "product_area", "customer_quote", mode="before")
    @classmethod
    def _trimmed(cls, value: str | None) -> str | None:
        return _strip(value)


class LearningCreate(LearningBase):
    turn_uid: str | None = Field(
        default=None, max_length=80, description="The turn it came from (from the calendar link)"
    )
    employee_id: Count | None = Field(
        default=None, description="HR may log for someone else; employees log for themselves"
    )


class LearningUpdate(SQLModel):
    summary: Text | None = Field(default=None, min_length=3, max_length=500)
    category: Category | None = None
    product_area: str | None = Field(default=None, max_length=100)
    department_id: Count | None = None
    customers_affected: Count | None = Field(default=None, ge=1, le=100_000)
    customer_quote: Text | None = Field(default=None, max_length=1000)
    ticket_ids: list[TicketRef] | None = Field(default=None, max_length=500)
    tags: list[HelpDeskTag] | None = Field(default=None, max_length=50)

    @field_validator("tags")
    @classmethod
    def _distinct_tags(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else sorted({t.strip().lower() for t in value if t.strip()})

    @field_validator("summary", "product_area", "customer_quote", mode="before")
    @classmethod
    def _trimmed(cls, value: str | None) -> str | None:
        return _strip(value)


class Learning(LearningBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    employee_id: Count = Field(foreign_key="employee.id", index=True)
    department_id: Count = Field(foreign_key="department.id", index=True)
    category: str = Field(max_length=30, index=True)  # type: ignore[assignment]
    turn_uid: str | None = Field(default=None, max_length=80)
    # The Monday of the turn it came from, so finished blocks can find their learnings.
    week_start: Day | None = Field(default=None, index=True)
    status: str = Field(default=LearningStatus.new.value, max_length=20, index=True)
    status_changed_by: Count | None = Field(default=None, foreign_key="app_user.id")
    status_changed_at: datetime | None = None
    # A learning merged into another stops counting on its own; the target's insight sums both.
    merged_into_id: Count | None = Field(default=None, foreign_key="learning.id", index=True)
    created_by: Count | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, index=True)
    updated_at: datetime = Field(default_factory=utcnow)
    ticket_ids: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    tags: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    fixed_on: Day | None = None  # when the fix shipped (set when it is marked done)


class LearningPublic(LearningBase):
    id: int
    employee_id: Count
    employee_name: str = ""
    department_name: str = ""
    category: Category
    turn_uid: str | None
    week_start: Day | None
    status: LearningStatus
    status_changed_by: Count | None
    status_changed_at: datetime | None
    merged_into_id: Count | None
    fixed_on: Day | None = None
    merged_count: Count = Field(default=0, description="Learnings merged into this one")
    customers_total: Count = Field(default=0, description="Customers across this and merged ones")
    created_at: datetime
    updated_at: datetime


class StatusChange(SQLModel, table=True):
    __tablename__ = "learning_status_change"
    id: int | None = Field(default=None, primary_key=True)
    learning_id: Count = Field(foreign_key="learning.id", index=True)
    from_status: str = Field(max_length=20)
    to_status: str = Field(max_length=20)
    changed_by: Count | None = Field(default=None, foreign_key="app_user.id")
    changed_at: datetime = Field(default_factory=utcnow)
    note: Text = Field(default="", max_length=500)


class StatusChangePublic(SQLModel):
    from_status: LearningStatus
    to_status: LearningStatus
    changed_by: Count | None
    changed_by_name: str = ""
    changed_at: datetime
    note: str


class StatusMove(SQLModel):
    status: LearningStatus
    note: Text = Field(default="", max_length=500)
    fixed_on: Day | None = Field(
        default=None, description="With done: the day the fix shipped (default today)"
    )


class MergeRequest(SQLModel):
    learning_ids: list[Count] = Field(
        min_length=1, max_length=200, description="Learnings to fold into this one"
    )


# Changes people make to these rows are in the audit trail (app.audit).
audit.track(Learning)
