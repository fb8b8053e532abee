"""The task queue: huey on SQLite by default (zero set-up), on Redis for separate workers."""

import logging

from huey import Huey, RedisHuey, SqliteHuey, crontab
from sqlmodel import Session

from app import clock
from app.auth.sessions import purge_expired
from app.config import get_settings
from app.db import get_engine, saved_id
from app.people import moves
from app.schedules.jobs import recover_stale_jobs, run_job

log = logging.getLogger("rota.tasks")


def _make_huey() -> Huey:
    settings = get_settings()
    if settings.redis_url:
        return RedisHuey(settings.queue_name, url=settings.redis_url)
    return SqliteHuey(settings.queue_name, filename=settings.queue_file)


huey = _make_huey()


@huey.task()
def solve_job(job_id: int) -> None:
    run_job(get_engine(), job_id, workers=get_settings().solve_workers)


def enqueue_solve(job_id: int) -> None:
    try:
        solve_job(job_id)
    except Exception:  # noqa: BLE001 - the recovery task enqueues it again
        log.exception("could not enqueue job %s; it will be picked up by recovery", job_id)


@huey.periodic_task(crontab(minute="17"))
def purge_sign_ins() -> None:
    """Hourly: old failed sign-ins and expired sessions are deleted, not kept for ever."""
    with Session(get_engine(), expire_on_commit=False) as session:
        attempts, sessions = purge_expired(session=session)
        session.commit()
    log.info("purged %s failed sign-ins and %s expired sessions", attempts, sessions)


@huey.periodic_task(crontab(minute="5"))
def make_department_moves() -> None:
    """Hourly: department moves recorded ahead are made on their day (app/people/moves.py)."""
    with Session(get_engine(), expire_on_commit=False) as session:
        moved = moves.make_due(session, clock.today())
        session.commit()
    if moved:
        log.info("made %s department moves due today", len(moved))


@huey.periodic_task(crontab(minute="*"))
def recover_jobs() -> None:
    recover_now()


def recover_now() -> int:
    with Session(get_engine(), expire_on_commit=False) as session:
        touched = recover_stale_jobs(
            session=session, stale_after_s=get_settings().job_stale_after_s
        )
        session.commit()
    for job in touched:
        if job.status == "queued":
            enqueue_solve(saved_id(job))
    return len(touched)
