"""Departments, employees and time off: tables and API schemas."""

from datetime import date, datetime, time
from typing import Any

from pydantic import EmailStr, field_validator
from sqlalchemy import JSON, Column, Index, text
from sqlmodel import Field, SQLModel

from app import audit
from app.clock import utcnow
from app.validation import (
    Count,
    Day,
    DayHours,
    Flag,
    Line,
    LocalTime,
    Number,
    Skills,
    Text,
    TimeZoneName,
    Weekdays,
    normalize_email,
)
from solver.model import CAP_RULE, cap_below_one, department_cap

NEW_HIRE_DAYS = 90  # "new hire" on every page: hired less than this many days ago


def is_new_hire(hire_date: date, today: date) -> bool:
    return hire_date <= today and (today - hire_date).days < NEW_HIRE_DAYS


# --- Department -------------------------------------------------------------------------------


class DepartmentBase(SQLModel):
    name: Line = Field(min_length=1, max_length=120)
    max_away_fraction: Number = Field(
        default=0.2,
        ge=0,
        le=1,
        description="Share of the department that may be on the line in the same week. " + CAP_RULE,
    )
    is_support: Flag = Field(default=False, description="The permanent support team (mentors).")
    lead_employee_id: Count | None = Field(
        default=None, description="The department lead, who moves its learnings' status"
    )


class DepartmentCreate(DepartmentBase):
    pass


class DepartmentUpdate(SQLModel):
    name: Line | None = Field(default=None, min_length=1, max_length=120)
    max_away_fraction: Number | None = Field(default=None, ge=0, le=1)
    is_support: Flag | None = None
    lead_employee_id: Count | None = None


class Department(DepartmentBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True, index=True)
    # The directory's own id for the group this department mirrors (SCIM externalId).
    external_id: str | None = Field(default=None, max_length=255, unique=True)
    created_at: datetime = Field(default_factory=utcnow)


class DepartmentPublic(DepartmentBase):
    id: int
    headcount: Count = 0
    cap_people: Count = Field(default=0, description="People who may be on the line at once")
    cap_warning: str | None = Field(
        default=None, description="Set when the share is less than one person"
    )

    @classmethod
    def of(cls, department: "Department", headcount: int) -> "DepartmentPublic":
        """The department with its cap in people, as the solver applies it."""
        share, cap = department.max_away_fraction, 0
        if not department.is_support:
            cap = department_cap(share, headcount)
        warning = None
        if not department.is_support and cap_below_one(share, headcount):
            warning = (
                f"{share:.0%} of {headcount} people is less than one person; "
                "1 may still rotate at a time."
            )
        return cls.model_validate(
            department,
            update={"headcount": headcount, "cap_people": cap, "cap_warning": warning},
        )


# --- Employee ---------------------------------------------------------------------------------


class EmployeeBase(SQLModel):
    name: Line = Field(min_length=1, max_length=200)
    email: EmailStr = Field(max_length=254)
    department_id: Count
    title: Line = Field(default="", max_length=200)
    hire_date: Day
    is_executive: Flag = False
    timezone: TimeZoneName = "UTC"
    work_start: LocalTime = Field(
        default=time(9, 0), description="Start of working hours, local time"
    )
    work_end: LocalTime = Field(
        default=time(17, 0),
        description="End of working hours, local time; at or before the start: past midnight",
    )
    workdays: Weekdays = Field(
        default_factory=lambda: [0, 1, 2, 3, 4],
        description="The person's working week: 0 = Monday … 6 = Sunday",
    )
    day_hours: DayHours = Field(
        default_factory=dict,
        description='Hours that differ by weekday, e.g. {"5": "10:00-18:00"}; other working '
        "days keep work_start–work_end",
    )
    preferred_hours: DayHours = Field(
        default_factory=dict,
        description='Hours they prefer by weekday, e.g. {"0": "13:00-18:00"} (soft: seats '
        "follow them where the line allows; other hours that day count as not preferred)",
    )
    avoided_hours: DayHours = Field(
        default_factory=dict,
        description='Hours they would rather not work by weekday, e.g. {"4": "15:00-18:00"} (soft)',
    )
    last_day: Day | None = Field(
        default=None, description="Last working day here (a known leaving date)"
    )
    moves_to_department_id: Count | None = Field(
        default=None, description="A department move recorded ahead: where they move"
    )
    moves_on: Day | None = Field(
        default=None, description="The day that move takes effect (the worker makes it then)"
    )
    skills: Skills = Field(default_factory=list, description="Languages and product areas")
    holiday_country: str | None = Field(
        default=None,
        max_length=2,
        description="ISO country whose public holidays are this person's days off; "
        "empty: the support line's calendar (rotation settings)",
    )
    holiday_subdivision: str | None = Field(
        default=None, max_length=10, description="Region of the holiday country, e.g. BY or CA"
    )
    active: Flag = True
    exempt_reason: Text | None = Field(default=None, max_length=500)
    exempt_until: Day | None = None

    @field_validator("email", mode="before")
    @classmethod
    def _normal_email(cls, value: object) -> object:
        return normalize_email(value) if isinstance(value, str) else value


class EmployeeCreate(EmployeeBase):
    pass


class EmployeeUpdate(SQLModel):
    name: Line | None = Field(default=None, min_length=1, max_length=200)
    email: EmailStr | None = Field(default=None, max_length=254)
    department_id: Count | None = None
    title: Line | None = Field(default=None, max_length=200)
    hire_date: Day | None = None
    is_executive: Flag | None = None
    timezone: TimeZoneName | None = None
    work_start: LocalTime | None = None
    work_end: LocalTime | None = None
    workdays: Weekdays | None = None
    day_hours: DayHours | None = None
    preferred_hours: DayHours | None = None
    avoided_hours: DayHours | None = None
    last_day: Day | None = None
    moves_to_department_id: Count | None = None
    moves_on: Day | None = None
    skills: Skills | None = None
    holiday_country: str | None = Field(default=None, max_length=2)
    holiday_subdivision: str | None = Field(default=None, max_length=10)
    active: Flag | None = None
    exempt_reason: Text | None = Field(default=None, max_length=500)
    exempt_until: Day | None = None

    @field_validator("email", mode="before")
    @classmethod
    def _normal_email(cls, value: object) -> object:
        return normalize_email(value) if isinstance(value, str) else value


class Employee(EmployeeBase, table=True):
    # The directory looks people up by email and userName in any case: indexed as lowered.
    __table_args__ = (
        Index("ix_employee_lower_email", text("lower(email)")),
        Index("ix_employee_lower_user_name", text("lower(user_name)")),
        Index("ix_employee_name_id", "name", "id"),  # the order people are listed in
    )
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    # Kept in step by directory sync (SCIM); Rota itself never needs them.
    external_id: str | None = Field(default=None, max_length=255, unique=True)
    user_name: str | None = Field(default=None, max_length=254)  # SCIM userName; else email
    employee_number: str | None = Field(default=None, max_length=64)
    manager_id: int | None = Field(default=None, foreign_key="employee.id")
    # The User as the directory last wrote it, so SCIM reads give back what was sent (names,
    # email types, ...) wherever Rota's own values have not changed since.
    directory_profile: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    # Deleted in the directory: hidden from SCIM, kept (inactive) for the rotation history.
    directory_removed_at: datetime | None = None
    department_id: Count = Field(foreign_key="department.id", index=True)
    moves_to_department_id: int | None = Field(default=None, foreign_key="department.id")
    timezone: str = Field(default="UTC", max_length=64)
    skills: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    workdays: list[int] = Field(
        default_factory=lambda: [0, 1, 2, 3, 4], sa_column=Column(JSON, nullable=False)
    )
    day_hours: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    preferred_hours: dict[str, str] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    avoided_hours: dict[str, str] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class EmployeePublic(EmployeeBase):
    id: int
    email: str
    external_id: str | None = None
    employee_number: str | None = None
    manager_id: int | None = None
    timezone: str
    skills: list[str]
    workdays: list[int]
    day_hours: dict[str, str]
    preferred_hours: dict[str, str]
    avoided_hours: dict[str, str]


# --- Time off ---------------------------------------------------------------------------------


class TimeOffBase(SQLModel):
    employee_id: Count
    first_day: Day
    last_day: Day
    from_time: LocalTime | None = Field(
        default=None, description="Part of a day: away from this time (the person's zone)"
    )
    to_time: LocalTime | None = Field(
        default=None, description="… until this time, on each day from first_day to last_day"
    )
    reason: Text = Field(default="", max_length=500)


class TimeOffCreate(TimeOffBase):
    pass


class TimeOffUpdate(SQLModel):
    first_day: Day | None = None
    last_day: Day | None = None
    from_time: LocalTime | None = None
    to_time: LocalTime | None = None
    reason: Text | None = Field(default=None, max_length=500)


class TimeOff(TimeOffBase, table=True):
    __tablename__ = "time_off"
    # One stretch per person, first and last day and start time (whole days count as 00:00).
    __table_args__ = (
        Index(
            "uq_time_off_span",
            "employee_id",
            "first_day",
            "last_day",
            text("coalesce(from_time, '00:00:00')"),
            unique=True,
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    employee_id: Count = Field(foreign_key="employee.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    # "feed:<id>:<uid>" for an absence a subscribed calendar keeps in step; None: by hand.
    source: str | None = Field(default=None, max_length=300, index=True)


class TimeOffPublic(TimeOffBase):
    id: int
    source: str | None = None


class EmployeeImportResult(SQLModel):
    rows: int
    created: int
    updated: int
    unchanged: int
    departments_created: list[str]
    dry_run: bool


# Changes people make to these rows are in the audit trail (app.audit).
audit.track(Employee, private=("directory_profile",))
audit.track(Department)
audit.track(TimeOff)
