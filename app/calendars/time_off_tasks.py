"""The worker polls every subscribed time-off calendar each quarter hour, each in its own
transaction (one unreachable calendar delays no other); HR can ask for one poll now."""

import logging

from huey import crontab
from sqlmodel import Session, col, select

from app.calendars import time_off_sync
from app.calendars.time_off_feed_models import TimeOffFeed
from app.db import get_engine
from app.schedules.tasks import huey

log = logging.getLogger("rota.calendars")


@huey.task()
def poll_feed(feed_id: int) -> None:
    with Session(get_engine(), expire_on_commit=False) as session:
        report = time_off_sync.sync(session, feed_id)
        session.commit()
    if report.error:
        log.warning("time-off calendar %s: %s", feed_id, report.error)


@huey.periodic_task(crontab(minute="*/15"))
def poll_all() -> None:
    with Session(get_engine()) as session:
        ids = list(session.exec(select(col(TimeOffFeed.id)).order_by(col(TimeOffFeed.id))))
    for feed_id in ids:
        if feed_id is not None:
            poll_feed.call_local(feed_id)
