"""Chat channels get a summary of each publish through Apprise: a generic JSON webhook for
the whole line and a Mattermost channel for one department, both real HTTP on loopback."""

from datetime import date

import pytest
from sqlmodel import Session, col, select

from app import clock
from app.config import get_settings
from app.db import get_engine
from app.notifications import delivery
from app.notifications.models import Category, ChatWebhook, Notification
from app.notifications.outbox import queue_chat
from app.people.models import Employee
from app.schedules.models import ScheduleTurn
from app.schedules.planning import plan_now
from app.schedules.publishing import publish
from tests.factories import make_actor, make_line

NEXT_WEEK = date(2027, 1, 11)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: date(2027, 1, 6))


def test_publish_reaches_the_line_and_department_channels(session: Session, receiver) -> None:
    line = make_line(session)
    port = receiver.server_address[1]
    sales = line["departments"]["sales"]
    session.add(ChatWebhook(name="Line", url=f"json://127.0.0.1:{port}/line", categories=["turns"]))
    session.add(
        ChatWebhook(
            name="Sales",
            url=f"mmost://127.0.0.1:{port}/salestoken",
            department_id=sales.id,
            categories=["turns"],
        )
    )
    hr = make_actor(session, role="hr")
    draft = plan_now(session=session, start=NEXT_WEEK, weeks=4, time_limit_s=10)
    publish(session=session, schedule_id=draft.id, actor=hr.user)  # type: ignore[arg-type]
    session.commit()
    on_line = session.exec(
        select(Employee.name, Employee.department_id)
        .join(ScheduleTurn, col(ScheduleTurn.employee_id) == Employee.id)
        .where(ScheduleTurn.schedule_id == draft.id, ScheduleTurn.week_start == NEXT_WEEK)
        .order_by(col(Employee.name))
    ).all()

    report = delivery.deliver(get_engine())
    assert (report.sent, report.dead) == (len(receiver.received), 0)
    by_path = {r["path"]: r["body"] for r in receiver.received}
    assert set(by_path) == {"/line", "/hooks/salestoken"}
    assert by_path["/line"]["title"] == "Rota: rotation published"
    everyone = ", ".join(name for name, _ in on_line)
    assert by_path["/line"]["message"].endswith(f"week of 11 Jan: {everyone}.")
    in_sales = ", ".join(name for name, dept in on_line if dept == sales.id) or "nobody"
    assert by_path["/hooks/salestoken"]["text"].endswith(f"week of 11 Jan: {in_sales}.")


def test_an_unreachable_channel_is_retried_with_backoff(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROTA_WEBHOOK_ALLOW_PRIVATE", "true")  # a chat server on its own network
    get_settings.cache_clear()
    hook = ChatWebhook(name="Down", url="json://127.0.0.1:9/x", categories=["turns"])
    session.add(hook)
    session.flush()
    queue_chat(
        session,
        key="down:1",
        category=Category.turns,
        webhook_id=hook.id,  # type: ignore[arg-type]
        title="t",
        text="x",
    )
    session.commit()
    report = delivery.deliver(get_engine())
    assert (report.retried, report.dead, report.sent) == (1, 0, 0)
    row = session.exec(select(Notification)).one()
    session.refresh(row)
    assert (row.status, row.attempts) == ("queued", 1)
    assert row.not_before > row.created_at
