"""Notification benchmark: publish a 1,000-person, 52-week plan and time how long queueing
its messages takes; then one delivery worker sends them to a local SMTP server (aiosmtpd).

    python -m bench.notify_bench --employees 1000 --weeks 52

Prints one JSON line: messages queued, seconds to queue them (the notification part of the
publish, and the whole publish with calendar sync), and delivery messages per second.
"""

import argparse
import json
import os
import socket
import tempfile
import time
from pathlib import Path

from aiosmtpd.controller import Controller
from sqlmodel import Session, delete, func, select


class _Count:
    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
        self.received += 1
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(employees: int, weeks: int, workdir: Path) -> dict[str, object]:
    url = f"sqlite:///{workdir / 'notify.db'}"
    port = _free_port()
    os.environ.update(
        {
            "ROTA_DATABASE_URL": url,
            "ROTA_SMTP_URL": f"smtp://127.0.0.1:{port}",
            "ROTA_SECRET_KEY": os.environ.get("ROTA_SECRET_KEY", "bench-" + "k" * 40),
        }
    )
    from app import subscribers as _subscribers  # noqa: F401  (publishing queues messages)
    from app.notifications import delivery, published
    from app.notifications.models import Notification
    from app.schedules.planning import plan_now
    from app.schedules.publishing import publish
    from bench.seeding import load

    engine, problem, admin = load(url, employees, weeks)
    with Session(engine, expire_on_commit=False) as session:
        schedule = plan_now(
            session=session, start=problem.horizon.start, weeks=weeks, time_limit_s=120
        )
        started = time.perf_counter()
        publish(session=session, schedule_id=schedule.id, actor=admin)  # type: ignore[arg-type]
        session.commit()
        publish_s = time.perf_counter() - started
        # The notification part alone: the same messages queued again from scratch.
        session.exec(delete(Notification))  # type: ignore[call-overload]
        session.commit()
        started = time.perf_counter()
        queued = published.on_publish(session, schedule, None)
        session.commit()
        queue_s = time.perf_counter() - started
        rows = session.exec(select(func.count()).select_from(Notification)).one()

    counter = _Count()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        started = time.perf_counter()
        report = delivery.deliver(engine)
        deliver_s = time.perf_counter() - started
    finally:
        controller.stop()
    return {
        "employees": employees,
        "weeks": weeks,
        "messages": rows,
        "emails_queued": queued,
        "queue_s": round(queue_s, 3),
        "publish_with_feeds_s": round(publish_s, 3),
        "delivered": report.sent,
        "dead": report.dead,
        "smtp_received": counter.received,
        "deliver_s": round(deliver_s, 3),
        "messages_per_s": round(report.sent / deliver_s, 1) if deliver_s else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=1000)
    parser.add_argument("--weeks", type=int, default=52)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(run(args.employees, args.weeks, Path(tmp))), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
