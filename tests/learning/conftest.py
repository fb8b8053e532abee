from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session

from app import clock
from app.schedules.models import Schedule, ScheduleShift, ScheduleTurn
from app.schedules.store import turn_uid

TODAY = date(2027, 3, 10)  # a Wednesday


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return TODAY


def publish_weeks(
    session: Session,
    weeks: dict[int, list[date]],
    *,
    shift_id: int | None = None,
    channel: str = "phone",
) -> Schedule:
    """A published schedule holding the given turn weeks (and a shift each weekday if asked)."""
    starts = [w for ws in weeks.values() for w in ws]
    first = min(starts)
    schedule = Schedule(
        status="published",
        start=first,
        weeks=(max(starts) - first).days // 7 + 1,
        published_at=datetime(2026, 12, 1, 12, 0, tzinfo=UTC),
    )
    session.add(schedule)
    session.flush()
    for employee_id, week_starts in weeks.items():
        for week in week_starts:
            session.add(
                ScheduleTurn(
                    schedule_id=schedule.id,  # type: ignore[arg-type]
                    employee_id=employee_id,
                    week_start=week,
                    days=5,
                    uid=turn_uid(employee_id, week),
                )
            )
            for day in range(5 if shift_id else 0):
                session.add(
                    ScheduleShift(
                        schedule_id=schedule.id,  # type: ignore[arg-type]
                        employee_id=employee_id,
                        day=week + timedelta(days=day),
                        shift_template_id=shift_id,  # type: ignore[arg-type]
                        channel=channel,
                    )
                )
    session.commit()
    return schedule


def learning_body(department_id: int, **overrides: Any) -> dict[str, Any]:
    return {
        "summary": "Callers cannot find the export button",
        "category": "pain_point",
        "product_area": "reports",
        "department_id": department_id,
        "customers_affected": 3,
        **overrides,
    }
