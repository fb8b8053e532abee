"""Queue tasks for notifications: deliver soon after a commit that queued mail, a sweep
every minute for anything due (retries, quiet hours, other workers' expired leases), and an
hourly sweep for messages that time brings."""

import logging

from huey import crontab
from sqlmodel import Session

from app.db import get_engine
from app.notifications import delivery, due
from app.schedules.tasks import huey

log = logging.getLogger("rota.notifications")


@huey.task()
def deliver_now() -> None:
    delivery.deliver(get_engine())


@huey.periodic_task(crontab(minute="*"))
def deliver_due() -> None:
    report = delivery.deliver(get_engine())
    if report.sent or report.dead or report.retried:
        log.info("notifications: %s", report)


@huey.periodic_task(crontab(minute="7"))
def queue_due() -> None:
    with Session(get_engine(), expire_on_commit=False) as session:
        queued = due.sweep(session)
        session.commit()
    log.info("queued %s reminders and digests", queued)


def deliver_soon() -> None:
    try:
        deliver_now()
    except Exception:  # noqa: BLE001 - the minute sweep delivers it anyway
        log.exception("could not ask for delivery; the next sweep will send")
