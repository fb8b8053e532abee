"""The answers of the schedule reports and the comparison, as the API describes them."""

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class CoverageSlot(BaseModel):
    day: date
    shift_template_id: int
    shift: str
    channel: str
    needed: int = Field(description="The need's minimum")
    maximum: int | None
    staffed: int
    gap: int
    skill: str | None
    skill_min: int
    skilled: int = Field(description="Of those staffed, how many have the need's skill")


class CoverageReport(BaseModel):
    schedule_id: int
    start: date
    end: date
    needed: int
    staffed: int
    gap: int
    covered_pct: float
    slots: list[CoverageSlot]


class UpcomingShift(BaseModel):
    day: date
    weekday: str
    when: str | None = Field(description="In the person's own zone")
    shift_time: str | None = Field(description="As the shift is defined, in the line's zone")
    shift: str | None
    channel: str
    mentor: str | None


class UpcomingTurn(BaseModel):
    turn_id: int
    week_start: date
    days: int
    block: int
    turn_weeks: int
    with_mentor: bool
    shifts: list[UpcomingShift]


class NotRotated(BaseModel):
    employee_id: int
    name: str
    department_id: int | None


class NewHireProgress(BaseModel):
    employee_id: int
    name: str
    hire_date: date
    status: str = Field(description="done, planned, due or overdue")
    due_by: date
    weeks: list[date]


class ExecutiveDays(BaseModel):
    employee_id: int
    name: str
    days_this_period: int
    upcoming_days: int
    rule_turns_done: int
    rule_turns_planned: int


class ParticipationReport(BaseModel):
    schedule_id: int
    cycle_weeks: int
    cycle_rule_id: int | None
    rotated_done: int
    rotated_planned: int
    not_rotated: list[NotRotated]
    new_hires: list[NewHireProgress]
    executives: list[ExecutiveDays]


class PersonLoad(BaseModel):
    employee_id: int
    name: str
    weeks: int
    days: int


class DepartmentLoad(BaseModel):
    department_id: int | None
    name: str
    headcount: int
    weeks: int
    days: int
    days_per_person: float


class FairnessReport(BaseModel):
    schedule_id: int
    score: float | None
    score_notes: list[str]
    people: list[PersonLoad]
    departments: list[DepartmentLoad]


class PersonMoved(BaseModel):
    employee_id: int
    name: str
    added_weeks: list[date]
    removed_weeks: list[date]
    why: str


class DroppedTurn(BaseModel):
    employee_id: int
    name: str
    week_start: date
    days: int
    rule_id: int | None


class EndsEarly(BaseModel):
    after: date = Field(description="The draft's horizon ends here")
    turns: list[DroppedTurn] = Field(description="Published turns publishing would cancel")
    people: int


class Comparison(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    schedule_id: int
    against_id: int
    first: date = Field(alias="from")
    last: date = Field(alias="to", description="The end of the later horizon (exclusive)")
    people_moved: int
    moves: list[PersonMoved]
    gaps_opened: list[str]
    gaps_closed: list[str]
    ends_early: EndsEarly | None


class GapsAcknowledged(BaseModel):
    acknowledged: int
