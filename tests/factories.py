"""Small typed factories: each makes one valid row and commits it."""

import itertools
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from sqlmodel import Session

from app.auth.models import User
from app.auth.service import issue_token
from app.coverage.models import Channel, CoverageNeed, ShiftTemplate
from app.people.models import Department, Employee, TimeOff
from app.rules.models import RotationRule, RotationSettings

_seq = itertools.count(1)


def _save(session: Session, row: Any) -> Any:
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


def make_department(session: Session, **overrides: Any) -> Department:
    n = next(_seq)
    values: dict[str, Any] = {"name": f"Department {n}", "max_away_fraction": 0.25}
    return _save(session, Department(**values | overrides))


def make_employee(session: Session, **overrides: Any) -> Employee:
    n = next(_seq)
    if "department_id" not in overrides:
        overrides["department_id"] = make_department(session).id
    values: dict[str, Any] = {
        "name": f"Person {n}",
        "email": f"person{n}@example.com",
        "hire_date": date(2024, 1, 8),
        "timezone": "America/New_York",
        "work_start": time(9),
        "work_end": time(17),
        "skills": [],
    }
    return _save(session, Employee(**values | overrides))


def make_time_off(session: Session, **overrides: Any) -> TimeOff:
    if "employee_id" not in overrides:
        overrides["employee_id"] = make_employee(session).id
    values: dict[str, Any] = {"first_day": date(2027, 3, 1), "last_day": date(2027, 3, 5)}
    return _save(session, TimeOff(**values | overrides))


def make_channel(session: Session, **overrides: Any) -> Channel:
    return _save(session, Channel(**{"name": f"channel{next(_seq)}"} | overrides))


def make_shift(session: Session, **overrides: Any) -> ShiftTemplate:
    values: dict[str, Any] = {
        "name": f"Shift {next(_seq)}",
        "start_time": time(9),
        "end_time": time(13),
        "weekdays": [0, 1, 2, 3, 4],
        "timezone": "America/New_York",
    }
    return _save(session, ShiftTemplate(**values | overrides))


def make_need(session: Session, **overrides: Any) -> CoverageNeed:
    if "channel_id" not in overrides:
        overrides["channel_id"] = make_channel(session).id
    if "shift_template_id" not in overrides:
        overrides["shift_template_id"] = make_shift(session).id
    values: dict[str, Any] = {"min_people": 1, "max_people": 3}
    return _save(session, CoverageNeed(**values | overrides))


@dataclass
class Actor:
    user: User
    token: str
    employee: Employee | None

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def make_actor(session: Session, role: str, **overrides: Any) -> Actor:
    employee = make_employee(session) if role == "employee" else None
    n = next(_seq)
    values: dict[str, Any] = {
        "email": f"user{n}@example.com",
        "name": f"User {n}",
        "role": role,
        "employee_id": employee.id if employee else None,
    }
    user = _save(session, User(**values | overrides))
    token = issue_token(session=session, user=user, name="test").token
    session.commit()
    return Actor(user=user, token=token, employee=employee)


def make_line(session: Session) -> dict[str, Any]:
    """A small company with a support line: 3 support staff, 6 engineers, 4 in sales."""
    support = make_department(session, name="Support", is_support=True, max_away_fraction=0.0)
    eng = make_department(session, name="Engineering", max_away_fraction=0.34)
    sales = make_department(session, name="Sales", max_away_fraction=0.5)
    people = {
        "support": [
            make_employee(session, department_id=support.id, name=f"Sam Support{i}")
            for i in range(3)
        ],
        "eng": [
            make_employee(session, department_id=eng.id, name=f"Eve Engineer{i}") for i in range(6)
        ],
        "sales": [
            make_employee(session, department_id=sales.id, name=f"Sol Sales{i}") for i in range(4)
        ],
    }
    channel = make_channel(session, name="phone")
    shift = make_shift(session, name="Morning")
    make_need(
        session, channel_id=channel.id, shift_template_id=shift.id, min_people=4, max_people=8
    )
    _save(
        session,
        RotationRule(
            name="Monthly week",
            applies_to="everyone",
            days_per_turn=5,
            turn_weeks=1,
            turns_per_cycle=1,
            cycle_weeks=4,
            cooldown_weeks=0,
        ),
    )
    _save(session, RotationSettings(holiday_country=None, freeze_weeks=1, swaps_need_approval=True))
    return {
        "departments": {"support": support, "eng": eng, "sales": sales},
        "shift": shift,
        "channel": channel,
        **people,
    }
