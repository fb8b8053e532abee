"""The worker forgets leavers whose retention period has passed, once a day."""

import logging

from huey import crontab
from sqlmodel import Session

from app import audit
from app.db import get_engine
from app.privacy import erasure
from app.schedules.tasks import huey

log = logging.getLogger("rota.privacy")


@huey.periodic_task(crontab(minute="23", hour="3"))
def forget_leavers() -> None:
    with Session(get_engine(), expire_on_commit=False) as session:
        leavers = erasure.due(session)
        for employee in leavers:
            erasure.erase(session, employee, actor=audit.SYSTEM)
        session.commit()
    if leavers:
        log.info("forgot %s leavers past the retention period", len(leavers))
