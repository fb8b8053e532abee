"""The impact as plain data for the API and the CSV (rounded for reading)."""

from datetime import date

from pydantic import BaseModel, Field

from app.impact.service import LearningImpact, QuarterReport


class ImpactPublic(BaseModel):
    verdict: str = Field(description="helped, no clear change, worse, too early, no baseline")
    weeks_before: int
    weeks_after: int
    per_week_before: float
    per_week_after: float
    share_before: float = Field(description="Of the line's contacts")
    share_after: float
    change: float | None = Field(description="Against the line: −0.5 is half as many")
    low: float | None = Field(description="95 % interval of the change, from the weekly noise")
    high: float | None
    avoided_per_week: float | None
    relief_before_s: float | None
    relief_after_s: float | None
    resolution_before_s: float | None
    resolution_after_s: float | None


class LearningImpactPublic(BaseModel):
    learning_id: int
    summary: str
    department_id: int
    status: str
    fixed_on: date | None
    tags: list[str] = Field(description="The tags counted: its own, its area's, its tickets'")
    impact: ImpactPublic | None = Field(description="Null until it is done with a fix date")
    weekly: dict[date, int] = Field(description="Matching contacts per week around the fix")


class DepartmentRowPublic(BaseModel):
    department: str
    raised: int
    done: int
    contacts: int
    avoided_per_week: float


class QuarterReportPublic(BaseModel):
    quarter: str
    first_day: date
    last_day: date
    departments: list[DepartmentRowPublic]
    raised_by: dict[str, int]
    rotation_person_days: int
    fixes: list[LearningImpactPublic]


def _r(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def learning_answer(found: LearningImpact) -> LearningImpactPublic:
    learning, impact, waits = found.learning, found.impact, found.waits
    return LearningImpactPublic(
        learning_id=learning.id or 0,
        summary=learning.summary,
        department_id=learning.department_id,
        status=learning.status,
        fixed_on=learning.fixed_on,
        tags=found.tags,
        impact=None
        if impact is None or waits is None
        else ImpactPublic(
            verdict=impact.verdict,
            weeks_before=impact.weeks_before,
            weeks_after=impact.weeks_after,
            per_week_before=round(impact.per_week_before, 1),
            per_week_after=round(impact.per_week_after, 1),
            share_before=round(impact.share_before, 5),
            share_after=round(impact.share_after, 5),
            change=_r(impact.change),
            low=_r(impact.low),
            high=_r(impact.high),
            avoided_per_week=_r(impact.avoided_per_week, 1),
            relief_before_s=_r(waits.relief_before, 0),
            relief_after_s=_r(waits.relief_after, 0),
            resolution_before_s=_r(waits.resolution_before, 0),
            resolution_after_s=_r(waits.resolution_after, 0),
        ),
        weekly=found.weekly,
    )


def quarter_answer(report: QuarterReport) -> QuarterReportPublic:
    return QuarterReportPublic(
        quarter=f"{report.year}-Q{report.quarter}",
        first_day=report.first_day,
        last_day=report.last_day,
        departments=[
            DepartmentRowPublic(
                department=r.department,
                raised=r.raised,
                done=r.done,
                contacts=r.contacts,
                avoided_per_week=round(r.avoided_per_week, 1),
            )
            for r in report.departments
        ],
        raised_by=report.raised_by,
        rotation_person_days=report.rotation_person_days,
        fixes=[learning_answer(f) for f in report.fixes],
    )
