"""Contacts imported from help desks: one row per ticket, call or chat."""

from datetime import date, datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from app import audit
from app.validation import Day, Line, Number


class Contact(SQLModel, table=True):
    __tablename__ = "contact"
    __table_args__ = (UniqueConstraint("source", "external_id", name="uq_contact_source_id"),)
    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=20)  # generic, zendesk, freshdesk, helpscout, intercom
    external_id: str = Field(max_length=100)
    channel: str = Field(max_length=40)
    created_at: datetime
    week: date = Field(index=True)  # Monday of created_at (UTC), for weekly reports
    slot: int = 0  # half hour of that UTC week, 0 (Monday 00:00) … 335, for the forecast
    first_response_at: datetime | None = None
    relief_at: datetime | None = None
    solved_at: datetime | None = None
    # Seconds from creation, kept beside the instants so reports need no date arithmetic.
    first_response_s: int | None = None
    relief_s: int | None = None
    resolution_s: int | None = None
    reopened: bool = False
    customer_timezone: str | None = Field(default=None, max_length=64)
    customer_country: str | None = Field(default=None, max_length=2)
    assignee_email: str | None = Field(default=None, max_length=254)
    assignee_id: int | None = Field(default=None, foreign_key="employee.id", index=True)
    satisfaction: float | None = None  # 0 (bad) … 1 (good)
    tags: str = Field(default="", max_length=1000)
    # support, rotator, new_hire or other: who answered, from the rotation at import time
    # (weeks before today never change in the published plan).
    answered_by: str = Field(default="other", max_length=10)
    # Set by a re-import to the week the contact was in before (its counts move too).
    moved_from_week: date | None = None


class ContactWeek(SQLModel, table=True):
    """Totals per week × channel × who answered, kept in step by every import."""

    __tablename__ = "contact_week"
    week: date = Field(primary_key=True)
    channel: str = Field(primary_key=True, max_length=40)
    answered_by: str = Field(primary_key=True, max_length=10)
    contacts: int = 0
    reopened: int = 0
    rated: int = 0
    satisfaction_sum: float = 0.0


class ContactWait(SQLModel, table=True):
    """Histogram of one duration (first response, relief, resolution) per week × channel ×
    who answered, as counts per step: reports read percentiles from a few thousand of these
    rows, never the contacts one by one."""

    __tablename__ = "contact_wait"
    week: date = Field(primary_key=True)
    channel: str = Field(primary_key=True, max_length=40)
    answered_by: str = Field(primary_key=True, max_length=10)
    metric: str = Field(primary_key=True, max_length=20)
    counts: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class ContactSlot(SQLModel, table=True):
    """Contacts per week × channel × UTC half hour of the week: what the forecast reads."""

    __tablename__ = "contact_slot"
    week: date = Field(primary_key=True)
    channel: str = Field(primary_key=True, max_length=40)
    slot: int = Field(primary_key=True)
    contacts: int = 0


class ContactZone(SQLModel, table=True):
    """Contacts per week × customer time zone × UTC half hour: where demand comes from."""

    __tablename__ = "contact_zone"
    week: date = Field(primary_key=True)
    zone: str = Field(primary_key=True, max_length=64)  # "" when the export names none
    slot: int = Field(primary_key=True)
    contacts: int = 0


class DemandEventBase(SQLModel):
    name: Line = Field(min_length=1, max_length=80, description="A launch, a campaign, an outage")
    channel: Line | None = Field(
        default=None, max_length=40, description="The channel it lifts; empty: every channel"
    )
    first_day: Day = Field(description="First day, in the line's zone")
    last_day: Day = Field(description="Last day (included)")
    lift_percent: Number = Field(
        ge=-90, le=500, description="Expected change in contacts: 40 is +40 %, -30 is −30 %"
    )


class DemandEvent(DemandEventBase, table=True):
    """An event HR expects to change demand: the forecast lifts its days, and once it is past
    its days are left out of what the models learn from."""

    __tablename__ = "demand_event"
    id: int | None = Field(default=None, primary_key=True)


class DemandEventPublic(DemandEventBase):
    id: int


class ContactTagWeek(SQLModel, table=True):
    """Contacts per week × help-desk tag, with their time to relief and to resolution (sums,
    for means), kept in step by every import: what a learning's tags asked, week by week. A
    contact with several tags counts under each."""

    __tablename__ = "contact_tag_week"
    week: date = Field(primary_key=True)
    tag: str = Field(primary_key=True, max_length=100)
    contacts: int = 0
    relief_n: int = 0
    relief_sum: float = 0.0
    resolution_n: int = 0
    resolution_sum: float = 0.0


class ProductAreaTag(SQLModel, table=True):
    """HR's map from a help-desk tag to a product area (tag → area): a learning that names an
    area counts the contacts of its tags."""

    __tablename__ = "product_area_tag"
    tag: str = Field(primary_key=True, max_length=100)
    area: str = Field(max_length=100, index=True)


# Changes people make to these rows are in the audit trail (app.audit).
audit.track(DemandEvent)
audit.track(ProductAreaTag)
