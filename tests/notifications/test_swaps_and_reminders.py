"""Swap news reaches the people in the swap; the periodic sweep queues reminders and the
prompt to log a learning once each, however often it runs."""

from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, delete, select

from app import clock
from app.auth.models import User
from app.auth.service import issue_token
from app.notifications import due
from app.notifications.models import Notification
from app.schedules.models import ScheduleTurn
from app.schedules.planning import plan_now
from app.schedules.publishing import publish
from app.schedules.store import published
from tests.factories import make_actor, make_line

TODAY = date(2027, 1, 6)  # a Wednesday


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch):
    state = {"day": TODAY}
    monkeypatch.setattr(clock, "today", lambda: state["day"])
    return state


@pytest.fixture
def plan(session: Session, today):
    line = make_line(session)
    hr = make_actor(session, role="hr")
    draft = plan_now(session=session, start=date(2027, 1, 11), weeks=4, time_limit_s=10)
    publish(session=session, schedule_id=draft.id, actor=hr.user)  # type: ignore[arg-type]
    session.commit()
    return {"line": line, "hr": hr, "schedule": draft}


def _login(session: Session, employee) -> dict[str, str]:
    user = User(email=employee.email, name=employee.name, employee_id=employee.id)
    session.add(user)
    session.flush()
    token = issue_token(session=session, user=user, name="t").token
    session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_swap_news_reaches_offerer_taker_and_approvers(
    client: TestClient, session: Session, plan
) -> None:
    turn = session.exec(
        select(ScheduleTurn)
        .where(ScheduleTurn.schedule_id == plan["schedule"].id)
        .where(col(ScheduleTurn.week_start) == date(2027, 1, 25))
    ).first()
    assert turn is not None
    everyone = [e for group in ("eng", "sales") for e in plan["line"][group]]
    offerer = next(e for e in everyone if e.id == turn.employee_id)
    free = {
        t.employee_id
        for t in session.exec(
            select(ScheduleTurn).where(
                ScheduleTurn.schedule_id == plan["schedule"].id,
                ScheduleTurn.week_start == turn.week_start,
            )
        ).all()
    }
    taker = next(e for e in everyone if e.id not in free)
    session.exec(delete(Notification))  # type: ignore[call-overload]  # only the swap's mail below
    session.commit()
    offered = client.post(
        "/api/v1/swaps", json={"turn_id": turn.id}, headers=_login(session, offerer)
    )
    assert offered.status_code == 201
    taken = client.post(
        f"/api/v1/swaps/{offered.json()['id']}/take", json={}, headers=_login(session, taker)
    )
    assert (taken.status_code, taken.json()["status"]) == (200, "pending")
    rows = session.exec(select(Notification).order_by(col(Notification.id))).all()
    subjects = [(r.address, r.subject.split(": ")[1]) for r in rows]
    assert subjects == [
        (offerer.email, "offered"),
        (offerer.email, "taken, waiting for approval"),
        (taker.email, "taken, waiting for approval"),
        (plan["hr"].user.email, "taken, waiting for approval"),
    ]


def test_the_sweep_reminds_once_and_asks_what_was_learned(session: Session, plan, today) -> None:
    schedule = published(session)
    first_week = date(2027, 1, 11)
    holders = set(
        session.exec(
            select(ScheduleTurn.employee_id).where(
                ScheduleTurn.schedule_id == schedule.id, ScheduleTurn.week_start == first_week
            )
        ).all()
    )
    today["day"] = first_week - timedelta(days=3)  # Friday before: within the 3-day reminder
    session.exec(delete(Notification))  # type: ignore[call-overload]
    session.commit()
    assert due.sweep(session) == len(holders)
    assert due.sweep(session) == len(holders)  # counted again, inserted once
    session.commit()
    reminders = session.exec(select(Notification).where(Notification.category == "reminders")).all()
    assert len(reminders) == len(holders)
    assert {r.subject for r in reminders} == {"You are on the support line from Monday 11 Jan"}

    today["day"] = first_week + timedelta(days=7)  # the Monday after the week on the line
    due.sweep(session)
    session.commit()
    prompts = session.exec(select(Notification).where(Notification.category == "learnings")).all()
    assert sorted(p.employee_id for p in prompts) == sorted(holders)
    assert all("/learnings/new?turn=" in p.text for p in prompts)
