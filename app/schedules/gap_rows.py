"""A plan's gaps as rows of its schedule, and back as the solver's gaps."""

from typing import Any

from sqlmodel import Session, col, select

from app.schedules.models import ScheduleGap
from solver import model as sm

FINGERPRINTED = (
    "kind",
    "week_start",
    "day",
    "shift_template_id",
    "channel",
    "employee_id",
    "department_id",
)


def gap_values(schedule_id: int, gap: sm.Gap, horizon: sm.Horizon) -> dict[str, Any]:
    """A solver gap as the values of a row of the schedule, with its fingerprint: the same
    gap has the same fingerprint across re-plans, and acknowledgements follow it."""
    values: dict[str, Any] = {
        "schedule_id": schedule_id,
        "kind": gap.kind,
        "message": gap.message[:1000],
        "week_start": horizon.week_start(gap.week) if gap.week is not None else None,
        "day": gap.day,
        "shift_template_id": gap.shift_id,
        "channel": gap.channel,
        "employee_id": gap.person_id,
        "department_id": gap.department_id,
        "short": gap.short,
        "causes": [c.__dict__ for c in gap.causes],
    }
    parts = (values[name] for name in FINGERPRINTED)
    values["fingerprint"] = ":".join("" if p is None else str(p) for p in parts)
    return values


def solver_gaps(session: Session, schedule_id: int, horizon: sm.Horizon) -> tuple[sm.Gap, ...]:
    """The schedule's gaps in the weeks of a horizon, as the solver found them (in the order
    it found them), each week counted from the horizon's start."""
    rows = session.exec(
        select(ScheduleGap)
        .where(
            ScheduleGap.schedule_id == schedule_id,
            col(ScheduleGap.week_start) >= horizon.start,
            col(ScheduleGap.week_start) < horizon.end,
        )
        .order_by(col(ScheduleGap.id))
    ).all()
    return tuple(
        sm.Gap(
            kind=row.kind,
            message=row.message,
            week=horizon.week_of(row.week_start) if row.week_start else None,
            day=row.day,
            shift_id=row.shift_template_id,
            channel=row.channel,
            person_id=row.employee_id,
            department_id=row.department_id,
            short=row.short,
            causes=tuple(sm.Cause(**cause) for cause in row.causes),
        )
        for row in rows
    )
