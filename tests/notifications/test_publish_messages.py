"""Publishing tells the people whose turns changed, and only them, by real mail."""

from datetime import date

import pytest
from sqlmodel import Session, col, select

from app import clock
from app.db import get_engine
from app.notifications import delivery
from app.notifications.models import Notification
from app.schedules.models import ScheduleTurn
from app.schedules.planning import plan_now
from app.schedules.publishing import publish
from tests.factories import make_actor, make_line

TODAY = date(2027, 1, 6)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def _publish(session: Session, start: date, weeks: int, actor) -> int:
    draft = plan_now(session=session, start=start, weeks=weeks, time_limit_s=10)
    publish(session=session, schedule_id=draft.id, actor=actor.user)  # type: ignore[arg-type]
    session.commit()
    return draft.id  # type: ignore[return-value]


def test_each_person_with_turns_hears_once_and_a_same_publish_sends_nothing(
    session: Session, mailbox
) -> None:
    line = make_line(session)
    hr = make_actor(session, role="hr")
    first = _publish(session, date(2027, 1, 11), 4, hr)
    people = set(
        session.exec(select(ScheduleTurn.employee_id).where(ScheduleTurn.schedule_id == first))
    )
    report = delivery.deliver(get_engine())
    assert report.sent == len(mailbox.messages) >= len(people)
    turn_mail = [m for m in mailbox.messages if m["Subject"] == "Your support rotation changed"]
    everyone = {e.id: e for group in ("support", "eng", "sales") for e in line[group]}
    assert sorted(m["To"] for m in turn_mail) == sorted(everyone[p].email for p in people)
    sample = turn_mail[0]
    assert sample["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert sample["List-Unsubscribe"].startswith(
        "<http://127.0.0.1:8000/notifications/unsubscribe/"
    )
    assert sample.is_multipart()
    text = sample.get_payload(0).get_payload(decode=True).decode()
    assert "Week of" in text and "America/New_York" in text and "/swaps/new?turn=" in text
    assert "/calendars/" in text
    # The outbox holds no working feed link: it is put in only when the mail is sent.
    stored = session.exec(select(Notification.text, Notification.html)).all()
    assert not any("/calendars/" in t + (h or "") for t, h in stored)
    assert any("{{rota:feed:" in t for t, _h in stored)

    # The same plan again: nobody's turns changed, so nobody hears anything.
    before = len(mailbox.messages)
    _publish(session, date(2027, 1, 11), 4, hr)
    assert delivery.deliver(get_engine()).sent == 0
    assert len(mailbox.messages) == before


def test_a_refused_address_dead_letters_that_message_only(session: Session, mailbox) -> None:
    line = make_line(session)
    hr = make_actor(session, role="hr")
    _publish(session, date(2027, 1, 11), 4, hr)
    queued = session.exec(select(Notification).where(Notification.category == "turns")).all()
    refused = queued[1].address
    mailbox.refuse.add(refused)
    report = delivery.deliver(get_engine())
    session.expire_all()
    rows = session.exec(select(Notification).order_by(col(Notification.id))).all()
    dead = [r for r in rows if r.status == "dead"]
    assert [r.address for r in dead] == [refused]
    assert "550" in dead[0].last_error and refused in dead[0].last_error  # type: ignore[operator]
    assert all(r.status == "sent" for r in rows if r.address != refused)
    assert report.dead == 1 and report.sent == len(rows) - 1
    assert refused not in {m["To"] for m in mailbox.messages}
    assert line  # the company the plan was made for
