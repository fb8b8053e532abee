"""The insight summary and a person's growth, as the API describes them."""

from datetime import date

from pydantic import BaseModel, Field


class PainPoint(BaseModel):
    id: int
    summary: str
    department: str
    product_area: str | None
    customers: int
    learnings: int
    status: str


class InsightGroup(BaseModel):
    name: str = Field(description="The department or product area")
    insights: int
    learnings: int
    customers: int
    open: int
    oldest_open_days: int | None
    median_open_days: float | None


class MonthCount(BaseModel):
    month: str = Field(description="YYYY-MM")
    learnings: int
    customers: int


class RotationsWritten(BaseModel):
    finished: int = Field(description="Blocks on the line that are over")
    with_learning: int
    share: float | None


class InsightSummary(BaseModel):
    total_learnings: int
    total_insights: int
    customers: int
    top_pain_points: list[PainPoint]
    by_department: list[InsightGroup]
    by_product_area: list[InsightGroup]
    by_month: list[MonthCount]
    rotations: RotationsWritten


class ChannelGrowth(BaseModel):
    channel: str
    shifts: int
    needed: int = Field(description="Shifts on a channel before one may mentor on it")
    experienced: bool


class BlockToWriteUp(BaseModel):
    first_week: date
    last_week: date
    log_url: str


class Growth(BaseModel):
    employee_id: int
    name: str
    rotations_done: int
    weeks_on_line: int
    channels: list[ChannelGrowth]
    can_mentor_on: list[str]
    learnings_logged: int
    blocks_without_learning: list[BlockToWriteUp]
