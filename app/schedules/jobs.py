"""Solve jobs: queued in the database, run by a worker, never left 'running' forever."""

import logging
from datetime import UTC, date, datetime, timedelta
from time import monotonic

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.auth.models import User
from app.clock import utcnow
from app.db import rows_changed
from app.errors import AppError, Conflict, Invalid, NotFound
from app.schedules import planning, publishing
from app.schedules.models import ACTIVE_JOB, JobStatus, SolveJob
from solver import Plan, ProblemError, SolveCancelled
from solver.collector import collector_held
from solver.pace import machine_pace

log = logging.getLogger("rota.jobs")
MAX_ATTEMPTS = 3
PROGRESS_EVERY_S = 1.0


def get_job(*, session: Session, job_id: int) -> SolveJob:
    job = session.get(SolveJob, job_id)
    if job is None:
        raise NotFound(f"Job {job_id} does not exist.")
    return job


def create_job(
    *,
    session: Session,
    start: date,
    weeks: int,
    time_limit_s: float,
    actor: User | None,
    kind: str = "solve",
    reason: str = "",
    base_schedule_id: int | None = None,
) -> SolveJob:
    if start.weekday() != 0:
        raise Invalid(f"{start} is a {start:%A}; a horizon starts on a Monday.", field="start")
    key = f"{start}:{weeks}"
    running = _holding(session, key)
    if running is not None:
        raise Conflict(
            f"Job {running.id} is already {running.status} for this horizon; wait for it or "
            "cancel it.",
            field="start",
        )
    job = SolveJob(
        start=start,
        weeks=weeks,
        time_limit_s=time_limit_s,
        kind=kind,
        reason=reason,
        base_schedule_id=base_schedule_id,
        active_key=key,
        requested_by=actor.id if actor else None,
    )
    return _claim_key(session, job, "A job for this horizon was just started.", "start")


def _holding(session: Session, key: str) -> SolveJob | None:
    """The queued or running job that holds this key."""
    return session.exec(select(SolveJob).where(SolveJob.active_key == key)).first()


def _claim_key(session: Session, job: SolveJob, lost: str, field: str) -> SolveJob:
    """Insert the job; its unique `active_key` turns a concurrent twin into a 409."""
    session.add(job)
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent request won the race for the key
        session.rollback()
        raise Conflict(lost, field=field) from exc
    return job


PUBLISHING = "publish"  # the active key of the one publish that may run at a time


def create_publish_job(
    *, session: Session, schedule_id: int, actor: User, end_early: bool
) -> SolveJob:
    """Check the draft can publish (404, 409 at once), then queue the publish itself."""
    schedule, _current, _dropped = publishing.publishable(
        session=session, schedule_id=schedule_id, end_early=end_early
    )
    running = _holding(session, PUBLISHING)
    if running is not None:
        raise Conflict(
            f"Job {running.id} is already publishing schedule {running.schedule_id}; wait for "
            "it to finish.",
            field="status",
        )
    job = SolveJob(
        kind="publish",
        start=schedule.start,
        weeks=schedule.weeks,
        time_limit_s=0,
        schedule_id=schedule_id,
        end_early=end_early,
        active_key=PUBLISHING,
        requested_by=actor.id,
        progress={"stage": "queued"},
    )
    return _claim_key(session, job, "Another publish was just started.", "status")


def _run_publish(engine: Engine, job_id: int) -> None:
    """The whole publish in one transaction: the schedule, calendars and the outbox commit
    together or not at all; readers see the old plan until the commit."""
    with Session(engine, expire_on_commit=False) as session:
        job = get_job(session=session, job_id=job_id)
        actor = session.get(User, job.requested_by) if job.requested_by else None
        if actor is None or job.schedule_id is None:
            _fail(session, job_id, "The login that asked to publish is gone; publish again.")
            return
        started = monotonic()
        try:
            publishing.publish(
                session=session,
                schedule_id=job.schedule_id,
                actor=actor,
                end_early=job.end_early,
            )
            job.progress = {"stage": "done", "elapsed_s": round(monotonic() - started, 3)}
            _finish(job, JobStatus.succeeded)
            session.add(job)
            session.commit()
        except AppError as exc:
            _fail(session, job_id, exc.detail)
        except Exception as exc:  # noqa: BLE001 - any failure must end the job
            log.exception("publish job %s failed", job_id)
            _fail(session, job_id, f"Publishing failed: {exc}")


def cancel_job(*, session: Session, job_id: int) -> SolveJob:
    job = get_job(session=session, job_id=job_id)
    if job.kind == "publish" and job.status == JobStatus.running.value:
        raise Conflict("A publish cannot stop half way; it commits whole or not at all.")
    if job.status == JobStatus.queued.value:
        _finish(job, JobStatus.cancelled, "Cancelled before it started.")
    elif job.status == JobStatus.running.value:
        job.cancel_requested = True  # the worker sees it at its next progress report
    else:
        raise Conflict(f"Job {job_id} has already {job.status}.", field="status")
    session.add(job)
    session.flush()
    return job


def _finish(job: SolveJob, status: JobStatus, error: str | None = None) -> None:
    job.status = status.value
    job.error = error
    job.active_key = None
    job.finished_at = utcnow()


def claim(session: Session, job_id: int) -> bool:
    """Atomically move a queued job to running, so two workers never run the same job."""
    now = utcnow()
    result = session.execute(
        update(SolveJob)
        .where(col(SolveJob.id) == job_id, col(SolveJob.status) == JobStatus.queued.value)
        .values(
            status=JobStatus.running.value,
            started_at=now,
            heartbeat_at=now,
            attempts=SolveJob.attempts + 1,
        )
    )
    session.commit()
    return bool(rows_changed(result))


# Storing a plan, by its people × weeks: 3.2 s for 10,000 × 52 (a new plan's 117,000 seats)
# where the solver's reserves were measured; times the machine's pace (solver/pace.py).
STORE_S_PER_PERSON_WEEK = 7.0e-6


def solver_limit(job_limit_s: float, read_s: float, person_weeks: int, pace: float) -> float:
    """The time limit HR sets is the job's: the solver gets what reading the company left,
    less what storing the plan will take on this machine, and never less than half of it."""
    store_s = STORE_S_PER_PERSON_WEEK * person_weeks * pace
    return max(job_limit_s / 2, job_limit_s - read_s - store_s)


def run_job(engine: Engine, job_id: int, workers: int = 2) -> None:
    """Run one job to its end state. Safe to call twice: only one caller claims the job.
    Reading the company and storing its plan make as many small objects as the solve does:
    the collector is held off for the whole job (solver/collector.py)."""
    with collector_held():
        _run_job(engine, job_id, workers)


def _run_job(engine: Engine, job_id: int, workers: int) -> None:
    claimed = monotonic()
    with Session(engine, expire_on_commit=False) as session:
        if not claim(session, job_id):
            return
        job = get_job(session=session, job_id=job_id)
        if job.kind == "publish":
            session.close()
            _run_publish(engine, job_id)
            return
        try:
            context = planning.prepare(session=session, job=job)
        except Exception as exc:  # noqa: BLE001 - any failure must end the job
            _fail(session, job_id, f"Could not read the planning data: {exc}")
            return
        session.commit()

    reporter = _Reporter(engine, job_id)
    person_weeks = context.problem.person_weeks
    pace = machine_pace(person_weeks)  # timed once: the solver keeps its reserves by it too
    limit = solver_limit(job.time_limit_s, monotonic() - claimed, person_weeks, pace)
    ahead = planning.draft_ahead(engine, context)
    plan = _solve(engine, job_id, context, limit, pace, workers, reporter)
    if plan is None:
        if ahead is not None:
            ahead.discard()
        return
    draft = ahead.draft() if ahead is not None else None
    with draft.session if draft else Session(engine, expire_on_commit=False) as session:
        job = get_job(session=session, job_id=job_id)
        schedule = planning.store_plan(session=session, context=context, plan=plan, draft=draft)
        job.schedule_id = schedule.id
        job.progress = {**job.progress, "stage": "done", "elapsed_s": plan.stats.total_s}
        _finish(job, JobStatus.succeeded)
        session.add(job)
        session.commit()


def _solve(
    engine: Engine,
    job_id: int,
    context: planning.PlanningContext,
    limit: float,
    pace: float,
    workers: int,
    reporter: "_Reporter",
) -> Plan | None:
    """The plan, or None once the job has ended cancelled or failed."""
    try:
        return planning.run_solver(
            context, limit, workers, reporter.report, reporter.cancelled, pace
        )
    except SolveCancelled:
        with Session(engine) as session:
            job = get_job(session=session, job_id=job_id)
            _finish(job, JobStatus.cancelled, "Cancelled while solving.")
            session.add(job)
            session.commit()
    except ProblemError as exc:
        _fail_new_session(
            engine, job_id, "The input can never be satisfied: " + "; ".join(exc.problems)
        )
    except Exception as exc:  # noqa: BLE001
        log.exception("solve job %s failed", job_id)
        _fail_new_session(engine, job_id, f"The solver failed: {exc}")
    return None


def _fail(session: Session, job_id: int, message: str) -> None:
    session.rollback()
    job = get_job(session=session, job_id=job_id)
    _finish(job, JobStatus.failed, message[:4000])
    session.add(job)
    session.commit()


def _fail_new_session(engine: Engine, job_id: int, message: str) -> None:
    with Session(engine) as session:
        _fail(session, job_id, message)


class _Reporter:
    """Writes progress and a heartbeat when a stage begins and at most once a second within
    it (a re-plan's kept weeks report fifty in a burst); reads the cancel flag back."""

    def __init__(self, engine: Engine, job_id: int) -> None:
        self.engine = engine
        self.job_id = job_id
        self.last = 0.0
        self.stage: object = None
        self.cancel = False

    def report(self, event: dict[str, object]) -> None:
        now = monotonic()
        if now - self.last < PROGRESS_EVERY_S and event.get("stage") == self.stage:
            return
        self.last, self.stage = now, event.get("stage")
        clean = {k: (None if isinstance(v, float) and v != v else v) for k, v in event.items()}
        with Session(self.engine) as session:
            job = session.get(SolveJob, self.job_id)
            if job is None:
                return
            job.progress = {**job.progress, **clean}
            job.heartbeat_at = utcnow()
            self.cancel = job.cancel_requested
            session.add(job)
            session.commit()

    def cancelled(self) -> bool:
        return self.cancel


def recover_stale_jobs(*, session: Session, stale_after_s: int) -> list[SolveJob]:
    """Jobs whose worker died are re-queued (up to three attempts) or failed with a reason.

    Queued jobs nobody picked up (a lost enqueue) are enqueued again.
    """
    cutoff = utcnow() - timedelta(seconds=stale_after_s)
    touched = []
    for job in session.exec(select(SolveJob).where(col(SolveJob.status).in_(ACTIVE_JOB))).all():
        last_sign = job.heartbeat_at or job.started_at or job.created_at
        if _aware(last_sign) > cutoff:
            continue
        if job.status == JobStatus.running.value:
            if job.cancel_requested:
                _finish(job, JobStatus.cancelled, "Cancelled; its worker stopped.")
            elif job.attempts >= MAX_ATTEMPTS:
                _finish(
                    job,
                    JobStatus.failed,
                    f"The worker stopped during the solve {job.attempts} times; giving up.",
                )
            else:
                job.status = JobStatus.queued.value
                job.progress = {**job.progress, "note": "its worker stopped; re-running"}
                job.heartbeat_at = utcnow()
        else:
            job.heartbeat_at = utcnow()
        session.add(job)
        touched.append(job)
    session.flush()
    return touched


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
