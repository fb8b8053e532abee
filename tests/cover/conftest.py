"""A published four-week plan of the small line, and logins for its people."""

from datetime import date
from typing import Any

import pytest
from sqlmodel import Session, col, select

from app import clock
from app.auth.models import User
from app.auth.service import issue_token
from app.people.models import Department, Employee
from app.schedules.models import ScheduleTurn
from app.schedules.planning import plan_now
from app.schedules.publishing import publish
from tests.factories import make_actor, make_line
from tests.notifications.conftest import mailbox, receiver  # noqa: F401  (SMTP and chat servers)

TODAY = date(2027, 1, 6)  # a Wednesday
WEEK = date(2027, 1, 25)


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> dict[str, date]:
    state = {"day": TODAY}
    monkeypatch.setattr(clock, "today", lambda: state["day"])
    return state


@pytest.fixture
def plan(session: Session, today: dict[str, date]) -> dict[str, Any]:
    line = make_line(session)
    hr = make_actor(session, role="hr")
    draft = plan_now(session=session, start=date(2027, 1, 11), weeks=4, time_limit_s=10)
    publish(session=session, schedule_id=draft.id, actor=hr.user)  # type: ignore[arg-type]
    # Caps wide open: who may cover is decided by the rules each test sets up.
    for department in session.exec(select(Department)).all():
        if not department.is_support:
            department.max_away_fraction = 1.0
            session.add(department)
    session.commit()
    turn = session.exec(
        select(ScheduleTurn)
        .where(ScheduleTurn.schedule_id == draft.id, ScheduleTurn.week_start == WEEK)
        .order_by(col(ScheduleTurn.id))
    ).first()
    assert turn is not None
    return {"line": line, "hr": hr, "schedule": draft, "turn": turn}


def login(session: Session, employee: Employee) -> dict[str, str]:
    user = session.exec(select(User).where(User.employee_id == employee.id)).first()
    if user is None:
        user = User(email=employee.email, name=employee.name, employee_id=employee.id)
        session.add(user)
        session.flush()
    token = issue_token(session=session, user=user, name="t").token
    session.commit()
    return {"Authorization": f"Bearer {token}"}


def turns_in(session: Session, schedule_id: int, week: date) -> dict[int, ScheduleTurn]:
    """The week's turns of the plan, by the person on the line."""
    turns = session.exec(
        select(ScheduleTurn).where(
            ScheduleTurn.schedule_id == schedule_id, ScheduleTurn.week_start == week
        )
    ).all()
    return {t.employee_id: t for t in turns}


def on_line(session: Session, schedule_id: int, week: date) -> set[int]:
    return set(turns_in(session, schedule_id, week))
