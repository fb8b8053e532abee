"""Solve jobs, schedules with their turns, shifts and gaps, swaps, and the change history."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint, text
from sqlalchemy.orm import deferred
from sqlmodel import Field, SQLModel

from app import audit
from app.clock import utcnow
from app.validation import Count, Day, Flag, Number


class JobStatus(StrEnum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"
    cancelled = "cancelled"


ACTIVE_JOB = (JobStatus.queued.value, JobStatus.running.value)


class ScheduleStatus(StrEnum):
    draft = "draft"
    published = "published"
    superseded = "superseded"


class SolveJob(SQLModel, table=True):
    __tablename__ = "solve_job"
    id: int | None = Field(default=None, primary_key=True)
    status: str = Field(default=JobStatus.queued.value, max_length=20, index=True)
    kind: str = Field(default="solve", max_length=20)  # solve | replan | publish
    start: Day
    weeks: Count
    time_limit_s: Number = 60.0
    reason: str = Field(default="", max_length=500)
    # Set while the job is queued or running: a unique index turns a second request for the
    # same horizon into a clear conflict instead of a silent duplicate.
    active_key: str | None = Field(default=None, max_length=40, unique=True)
    base_schedule_id: Count | None = Field(default=None, foreign_key="schedule.id")
    # A solve's draft once stored; for a publish, the draft it publishes.
    schedule_id: Count | None = Field(default=None, foreign_key="schedule.id")
    end_early: Flag = False  # a publish may drop the published weeks after the draft's end
    requested_by: Count | None = Field(default=None, foreign_key="app_user.id")
    progress: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    error: str | None = Field(default=None, max_length=4000)
    attempts: Count = 0
    cancel_requested: Flag = False
    created_at: datetime = Field(default_factory=utcnow)
    started_at: datetime | None = None
    heartbeat_at: datetime | None = None
    finished_at: datetime | None = None


class SolveJobCreate(SQLModel):
    start: Day = Field(description="A Monday: the first week of the horizon")
    weeks: Count = Field(default=12, ge=1, le=104)
    time_limit_s: Number = Field(
        default=60.0,
        ge=1,
        le=3600,
        description="Seconds the job may take, reading the company and storing the plan included",
    )


class ReplanCreate(SQLModel):
    reason: str = Field(default="", max_length=500, description="What changed")
    time_limit_s: Number = Field(
        default=60.0,
        ge=1,
        le=3600,
        description="Seconds the job may take, reading the company and storing the plan included",
    )


class SolveJobPublic(SQLModel):
    id: int
    status: str
    kind: str
    start: Day
    weeks: Count
    time_limit_s: Number
    reason: str
    base_schedule_id: Count | None
    schedule_id: Count | None
    end_early: Flag
    progress: dict[str, Any]
    error: str | None
    attempts: Count
    cancel_requested: Flag
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


# A plan's fairness report (a line per person: 211 KB at 10,000 people) and its weeks'
# fingerprints are read by the fairness report and a re-plan only: loaded when first used,
# not with every schedule (nearly every request reads the published one).
_FAIRNESS = Column("fairness", JSON, nullable=False)
_SEAT_FINGERPRINTS = Column("seat_fingerprints", JSON, nullable=False, server_default="{}")
_GAP_FINGERPRINTS = Column("gap_fingerprints", JSON, nullable=False, server_default="{}")


class Schedule(SQLModel, table=True):
    # At most one published schedule, even when two people publish at the same moment.
    __table_args__ = (
        Index(
            "uq_schedule_one_published",
            "status",
            unique=True,
            sqlite_where=text("status = 'published'"),
            postgresql_where=text("status = 'published'"),
        ),
    )
    __mapper_args__ = {
        "properties": {
            "fairness": deferred(_FAIRNESS),
            "seat_fingerprints": deferred(_SEAT_FINGERPRINTS),
            "gap_fingerprints": deferred(_GAP_FINGERPRINTS),
        }
    }
    id: int | None = Field(default=None, primary_key=True)
    status: str = Field(default=ScheduleStatus.draft.value, max_length=20, index=True)
    start: Day
    weeks: Count
    base_schedule_id: Count | None = Field(default=None, foreign_key="schedule.id")
    stats: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    fairness: dict[str, Any] = Field(default_factory=dict, sa_column=_FAIRNESS)
    # Each week's seating fingerprint by its Monday (ISO date): a re-plan keeps a week whose
    # fingerprint still matches as it is (solver/stage_b/fingerprint.py).
    seat_fingerprints: dict[str, str] = Field(default_factory=dict, sa_column=_SEAT_FINGERPRINTS)
    # Each week's diagnosis fingerprint by its Monday: a re-plan keeps the week's seat gaps
    # as they were while it still matches (solver/diagnosis_fingerprint.py).
    gap_fingerprints: dict[str, str] = Field(default_factory=dict, sa_column=_GAP_FINGERPRINTS)
    created_at: datetime = Field(default_factory=utcnow)
    published_at: datetime | None = None
    published_by: Count | None = Field(default=None, foreign_key="app_user.id")
    version: Count = 1


class SchedulePublic(SQLModel):
    id: int
    status: str
    start: Day
    weeks: Count
    base_schedule_id: Count | None
    stats: dict[str, Any]
    fairness: dict[str, Any]
    created_at: datetime
    published_at: datetime | None
    version: Count
    turns: Count = 0
    gaps: Count = 0
    open_gaps: Count = 0


class ScheduleTurn(SQLModel, table=True):
    """One person's week on the line (a block of several weeks has one row per week)."""

    __tablename__ = "schedule_turn"
    __table_args__ = (UniqueConstraint("schedule_id", "employee_id", "week_start"),)
    id: int | None = Field(default=None, primary_key=True)
    schedule_id: Count = Field(foreign_key="schedule.id", index=True)
    employee_id: Count = Field(foreign_key="employee.id", index=True)
    week_start: Day = Field(index=True)
    days: Count
    rule_id: Count | None = None
    block: Count = 1
    turn_weeks: Count = 1
    with_mentor: Flag = False
    source: str = Field(default="solver", max_length=20)  # solver | manual | swap | pinned
    # Stays the same across re-plans while the turn exists, so calendars keep their events.
    uid: str = Field(max_length=80, index=True)


class ScheduleTurnPublic(SQLModel):
    id: int
    schedule_id: Count
    employee_id: Count
    week_start: Day
    days: Count
    rule_id: Count | None
    block: Count
    turn_weeks: Count
    with_mentor: Flag
    source: str
    uid: str


class ScheduleShift(SQLModel, table=True):
    __tablename__ = "schedule_shift"
    id: int | None = Field(default=None, primary_key=True)
    schedule_id: Count = Field(foreign_key="schedule.id", index=True)
    employee_id: Count = Field(foreign_key="employee.id", index=True)
    day: Day = Field(index=True)
    shift_template_id: Count = Field(foreign_key="shift_template.id")
    # The seat's channel. `channel` is its name, which the solver and the feeds speak; it
    # follows a rename (schedules/channel_names.py) and stays as the label of a deleted one.
    channel_id: Count | None = Field(
        default=None, foreign_key="channel.id", index=True, ondelete="SET NULL"
    )
    channel: str = Field(max_length=40)
    role: str = Field(default="rotator", max_length=20)
    mentor_id: Count | None = Field(default=None, foreign_key="employee.id")
    source: str = Field(default="solver", max_length=20)


class ScheduleShiftPublic(SQLModel):
    id: int
    schedule_id: Count
    employee_id: Count
    day: Day
    shift_template_id: Count
    channel_id: Count | None
    channel: str
    role: str
    mentor_id: Count | None
    source: str


class ScheduleGap(SQLModel, table=True):
    __tablename__ = "schedule_gap"
    id: int | None = Field(default=None, primary_key=True)
    schedule_id: Count = Field(foreign_key="schedule.id", index=True)
    kind: str = Field(max_length=20)
    message: str = Field(max_length=1000)
    week_start: Day | None = None
    day: Day | None = None
    shift_template_id: Count | None = None
    channel: str | None = Field(default=None, max_length=40)
    employee_id: Count | None = None
    department_id: Count | None = None
    short: Count = 0
    # Same gap, same fingerprint, across re-plans: acknowledgements follow it.
    fingerprint: str = Field(max_length=200, index=True)
    # Why it stayed open: [{kind, people, text, structural}], structural causes first.
    causes: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )


class GapCause(SQLModel):
    kind: str = Field(description="hours, skill, leave, holiday, weekend, seated, cap, not_due…")
    people: Count = Field(description="How many people this cause kept from the seat")
    text: str
    structural: Flag = Field(description="True whatever the plan: hours, skills, headcount")


class ScheduleGapPublic(SQLModel):
    id: int
    kind: str
    message: str
    week_start: Day | None
    day: Day | None
    shift_template_id: Count | None
    channel: str | None
    employee_id: Count | None
    department_id: Count | None
    short: Count
    fingerprint: str
    causes: list[GapCause] = []
    acknowledged: Flag = False
    acknowledged_note: str | None = None


class GapAcknowledgement(SQLModel, table=True):
    __tablename__ = "gap_acknowledgement"
    id: int | None = Field(default=None, primary_key=True)
    fingerprint: str = Field(max_length=200, unique=True)
    note: str = Field(default="", max_length=500)
    acknowledged_by: Count | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow)


class GapAcknowledge(SQLModel):
    note: str = Field(default="", max_length=500)


class GapsAcknowledge(GapAcknowledge):
    kinds: list[str] = Field(min_length=1, max_length=20, description="seats, skill, cap, …")
    week: Day | None = Field(default=None, description="The week's Monday; none for gaps without")


class ChangeLog(SQLModel, table=True):
    """Who changed what, when and why: publishes, manual moves, swaps, re-plans."""

    __tablename__ = "change_log"
    id: int | None = Field(default=None, primary_key=True)
    schedule_id: Count | None = Field(default=None, foreign_key="schedule.id", index=True)
    kind: str = Field(max_length=40)
    actor_id: Count | None = Field(default=None, foreign_key="app_user.id")
    employee_id: Count | None = Field(default=None, foreign_key="employee.id")
    reason: str = Field(default="", max_length=500)
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    at: datetime = Field(default_factory=utcnow)


class ChangeLogPublic(SQLModel):
    id: int
    schedule_id: Count | None
    kind: str
    actor_id: Count | None
    employee_id: Count | None
    reason: str
    details: dict[str, Any]
    at: datetime


class WeekMove(SQLModel):
    employee_id: Count
    from_week: Day = Field(description="Monday of the turn to move")
    to_week: Day = Field(description="Monday of the week it moves to")
    reason: str = Field(min_length=1, max_length=500)


class ShiftMove(SQLModel):
    day: Day | None = None
    shift_template_id: Count | None = None
    channel: str | None = Field(default=None, max_length=40)
    reason: str = Field(min_length=1, max_length=500)


# Changes people make to these rows are in the audit trail (app.audit).
audit.track(Schedule, private=("stats",))
audit.track(ScheduleTurn)
audit.track(ScheduleShift)
audit.track(GapAcknowledgement)
# Who asked for a plan or a publish, and who cancelled one; a worker's progress is no act.
audit.track(
    SolveJob,
    private=("progress", "active_key", "heartbeat_at", "started_at", "finished_at", "attempts"),
    actions=("create", "update"),
    system_updates=False,
)
