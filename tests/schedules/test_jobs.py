"""Job life cycle: cancel, failure with a reason, recovery after a worker stops."""

import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta

import pytest
from huey import SqliteHuey
from sqlmodel import Session

from app.demo import seed_demo
from app.people.models import utcnow
from app.schedules import jobs
from app.schedules.models import SolveJob
from app.schedules.tasks import recover_now, solve_job
from tests.factories import make_line, make_need, make_shift


def add_job(session: Session, **overrides) -> SolveJob:  # type: ignore[no-untyped-def]
    values = {
        "start": date(2027, 1, 11),
        "weeks": 2,
        "time_limit_s": 10,
        "active_key": "2027-01-11:2",
    }
    job = SolveJob(**(values | overrides))
    session.add(job)
    session.commit()
    session.refresh(job)
    return job


def test_cancel_a_queued_job(client, hr, session):
    job = add_job(session)
    response = client.post(f"/api/v1/jobs/{job.id}/cancel", headers=hr.headers)
    assert response.json()["status"] == "cancelled"
    assert client.post(f"/api/v1/jobs/{job.id}/cancel", headers=hr.headers).status_code == 409


def test_cancel_while_solving_stops_the_job(engine, session, monkeypatch):
    make_line(session)
    job = add_job(session)
    monkeypatch.setattr(jobs._Reporter, "cancelled", lambda self: True)
    jobs.run_job(engine, job.id, workers=1)
    session.refresh(job)
    assert job.status == "cancelled" and job.active_key is None and job.schedule_id is None


def test_progress_is_written_when_a_stage_begins_and_not_for_every_week_of_a_burst(engine, session):
    """A re-plan reports its fifty kept weeks within milliseconds: each report used to be a
    transaction of its own."""
    job = add_job(session)
    reporter = jobs._Reporter(engine, job.id)
    reporter.report({"stage": "weeks", "objective": 10})
    reporter.report({"stage": "weeks", "objective": 9})
    session.refresh(job)
    assert job.progress == {"stage": "weeks", "objective": 10}
    for week in range(1, 53):
        reporter.report({"stage": "shifts", "weeks_done": week, "weeks": 52})
    session.refresh(job)
    assert job.progress == {"stage": "shifts", "objective": 10, "weeks_done": 1, "weeks": 52}
    reporter.last -= jobs.PROGRESS_EVERY_S  # a second later
    reporter.report({"stage": "shifts", "weeks_done": 52, "weeks": 52})
    session.refresh(job)
    assert job.progress["weeks_done"] == 52


def test_input_that_can_never_hold_fails_the_job_with_the_reason(engine, session):
    line = make_line(session)
    night = make_shift(
        session,
        name="Night",
        start_time=date(2020, 1, 1) and __import__("datetime").time(1),
        end_time=__import__("datetime").time(5),
    )
    make_need(session, channel_id=line["channel"].id, shift_template_id=night.id)
    job = add_job(session)
    jobs.run_job(engine, job.id, workers=1)
    session.refresh(job)
    assert job.status == "failed"
    assert "Shift Night (01:00–05:00 America/New_York) lies outside every" in job.error


def test_a_job_is_claimed_once(engine, session):
    make_line(session)
    job = add_job(session)
    jobs.run_job(engine, job.id, workers=1)
    jobs.run_job(engine, job.id, workers=1)  # a duplicate delivery does nothing
    session.refresh(job)
    assert job.status == "succeeded" and job.attempts == 1


def test_stale_running_job_is_rerun_then_given_up(engine, session, monkeypatch):
    make_line(session)
    old = utcnow() - timedelta(hours=1)
    job = add_job(session, status="running", attempts=1, started_at=old, heartbeat_at=old)
    monkeypatch.setenv("ROTA_JOB_STALE_AFTER_S", "60")
    assert recover_now() == 1  # re-queued and, with the inline queue, run again
    session.refresh(job)
    assert job.status == "succeeded" and job.attempts == 2
    tired = add_job(
        session,
        status="running",
        attempts=3,
        started_at=old,
        heartbeat_at=old,
        start=date(2027, 2, 1),
        active_key="2027-02-01:2",
    )
    recover_now()
    session.refresh(tired)
    assert tired.status == "failed" and "3 times" in tired.error


def test_worker_killed_mid_solve_is_recovered(engine, session, database_url, tmp_path, monkeypatch):
    """A real `rota worker` process is killed while solving; recovery re-runs the job."""
    seed_demo(session=session, today=date(2027, 1, 6))
    session.commit()
    job = add_job(session, weeks=52, time_limit_s=120)
    queue = tmp_path / "queue.db"
    env = os.environ | {
        "ROTA_DATABASE_URL": database_url,
        "ROTA_QUEUE_PATH": str(queue),
        "ROTA_SOLVE_WORKERS": "1",
        "ROTA_AUTO_MIGRATE": "false",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        queue_client = SqliteHuey("rota", filename=str(queue))
        message = solve_job.s(job.id)
        queue_client._registry.register(type(message))  # the same task, as the worker knows it
        queue_client.enqueue(message)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            session.refresh(job)
            if job.status == "running" and job.progress:
                break
            time.sleep(0.2)
        assert job.status == "running", "the worker never started the job"
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    session.refresh(job)
    assert job.status == "running"  # nobody is left to finish it
    monkeypatch.setenv("ROTA_JOB_STALE_AFTER_S", "0")
    from app.config import get_settings

    get_settings.cache_clear()
    recover_now()
    get_settings.cache_clear()
    session.refresh(job)
    assert job.status == "succeeded" and job.attempts == 2 and job.schedule_id


def test_the_time_limit_is_the_job_s_reading_and_storing_included(engine, session, monkeypatch):
    """Reading a large company takes seconds: the solver gets the limit less that, and what
    storing the plan will take for its people and weeks, so the job as a whole ends by the
    limit HR set. Storing was once reckoned at twice the reading: when reading got three
    times faster, a 10,000-person solve ended past its limit."""
    line = make_line(session)
    job = add_job(session, time_limit_s=30)
    now = [100.0]
    monkeypatch.setattr(jobs, "monotonic", lambda: now[0])
    read = jobs.planning.prepare

    def slow_read(**kwargs):  # type: ignore[no-untyped-def]
        now[0] += 4.0  # four seconds to read the company
        return read(**kwargs)

    given = []
    solve = jobs.planning.run_solver

    def solver(context, limit, *rest):  # type: ignore[no-untyped-def]
        given.append(limit)
        return solve(context, 5, *rest)

    monkeypatch.setattr(jobs.planning, "prepare", slow_read)
    monkeypatch.setattr(jobs.planning, "run_solver", solver)
    jobs.run_job(engine, job.id, workers=1)
    session.refresh(job)
    assert job.status == "succeeded"
    people = len(line["support"]) + len(line["eng"]) + len(line["sales"])
    store_s = jobs.STORE_S_PER_PERSON_WEEK * people * job.weeks
    assert given == [pytest.approx(30 - 4.0 - store_s)]
    assert jobs.solver_limit(30, 1.0, 10_000 * 52, 1.0) == pytest.approx(30 - 1.0 - 3.64)
    # A machine twice as slow stores twice as slowly (solver/pace.py).
    assert jobs.solver_limit(30, 1.0, 10_000 * 52, 2.0) == pytest.approx(30 - 1.0 - 7.28)
    assert jobs.solver_limit(10, 6.0, 0, 1.0) == 5.0  # never less than half the limit
