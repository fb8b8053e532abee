"""A delivering process killed with SIGKILL in the middle of a batch loses nothing and sends
nothing twice: what it had sent is recorded, what it held comes back when its lease ends."""

import os
import signal
import subprocess
import sys
import time

import pytest
from sqlmodel import Session, col, select

from app.db import get_engine
from app.notifications import delivery
from app.notifications.models import Category, Notification
from app.notifications.outbox import Recipient, queue_email, render
from app.people.models import utcnow

pytestmark = pytest.mark.slow  # kills a delivering process

COUNT = 150
KILL_AT = 40  # the server is handling this message when the sender dies


def test_sigkill_mid_delivery_loses_and_repeats_nothing(
    session: Session, mailbox, database_url, monkeypatch
) -> None:
    for n in range(COUNT):
        to = Recipient(f"person{n}@example.com", f"Person {n}")
        message = render("summary", monday=utcnow().date(), on_line=[], gaps=[])
        queue_email(session, key=f"crash:{n}", category=Category.summary, to=to, message=message)
    session.commit()

    env = os.environ | {
        "ROTA_DATABASE_URL": database_url,
        "ROTA_SMTP_URL": f"smtp://127.0.0.1:{mailbox.port}",
        "ROTA_NOTIFY_LEASE_S": "1",
    }
    worker = subprocess.Popen([sys.executable, "-m", "app.cli", "deliver"], env=env)
    mailbox.kill_at, mailbox.kill_pid = KILL_AT, worker.pid
    assert worker.wait(timeout=60) == -signal.SIGKILL
    assert len(mailbox.messages) == KILL_AT - 1
    session.expire_all()
    held = session.exec(select(Notification).where(Notification.status == "sending")).all()
    assert held  # the dead process still held a claimed batch

    time.sleep(1.2)  # its lease runs out
    monkeypatch.setenv("ROTA_NOTIFY_LEASE_S", "1")
    report = delivery.deliver(get_engine())
    assert report.sent == COUNT - (KILL_AT - 1)
    ids = mailbox.ids()
    assert len(ids) == COUNT == len(set(ids))
    assert sorted(m["To"] for m in mailbox.messages) == sorted(
        f"person{n}@example.com" for n in range(COUNT)
    )
    session.expire_all()
    states = session.exec(select(Notification.status).order_by(col(Notification.id))).all()
    assert set(states) == {"sent"}
