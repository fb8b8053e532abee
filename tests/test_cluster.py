"""Two app servers on one PostgreSQL database with two solve workers in their own processes
(huey on Redis): every job runs exactly once, none is lost, duplicates are refused."""

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

import httpx
import pytest
from icalendar import Calendar
from sqlmodel import Session, select

from app.auth.models import User
from app.auth.service import issue_token
from app.db import make_engine
from app.schedules.models import Schedule, SolveJob
from tests import databases
from tests.browser.conftest import _database, _free_port, _seed

pytestmark = [
    pytest.mark.cluster,
    pytest.mark.postgres_only,
    pytest.mark.slow,
    pytest.mark.skipif(
        not databases.ON_POSTGRES, reason="several servers share PostgreSQL, not SQLite"
    ),
]


def _wait(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{base} did not start")


@dataclass
class Cluster:
    bases: list[str]
    workers: list[subprocess.Popen]

    @contextmanager
    def workers_paused(self) -> Iterator[None]:
        """Jobs queued meanwhile stay queued (a small solve would otherwise end, and free its
        horizon, before a twin request arrives)."""
        for worker in self.workers:
            worker.send_signal(signal.SIGSTOP)
        try:
            yield
        finally:
            for worker in self.workers:
                worker.send_signal(signal.SIGCONT)


@contextmanager
def _cluster(url: str) -> Iterator[Cluster]:
    """Two web servers without workers and two solve workers on one PostgreSQL and Redis."""
    env = os.environ | {
        "ROTA_DATABASE_URL": url,
        "ROTA_REDIS_URL": "redis://127.0.0.1:6379/0",
        "ROTA_QUEUE_NAME": f"rota-test-{uuid.uuid4().hex[:8]}",
        "ROTA_AUTO_MIGRATE": "false",
        "ROTA_LOG_LEVEL": "warning",
        "ROTA_SOLVE_WORKERS": "1",
    }
    ports = [_free_port(), _free_port()]
    servers = [
        subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve", "--no-worker", "--port", str(port)], env=env
        )
        for port in ports
    ]
    workers = [
        subprocess.Popen([sys.executable, "-m", "app.cli", "worker"], env=env) for _ in range(2)
    ]
    processes = servers + workers
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for base in bases:
            _wait(base)
        yield Cluster(bases, workers)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def _token(url: str) -> str:
    engine = make_engine(url)
    with Session(engine) as session:
        hr = session.exec(select(User).where(User.email == "hr@example.com")).one()
        token = issue_token(session=session, user=hr, name="cluster").token
        session.commit()
    engine.dispose()
    return token


def test_two_servers_two_workers(tmp_path):
    url = _database(tmp_path, "rota_cluster")
    _seed(url)
    token = _token(url)
    engine = make_engine(url)
    with _cluster(url) as cluster:
        bases = cluster.bases
        headers = {"Authorization": f"Bearer {token}"}
        today = date.today()
        first = today + timedelta(days=7 - today.weekday())
        horizons = [str(first + timedelta(weeks=k)) for k in range(4)]

        def ask(args: tuple[str, str]) -> int:
            base, start = args
            body = {"start": start, "weeks": 2, "time_limit_s": 10}
            return httpx.post(
                base + "/api/v1/schedules", json=body, headers=headers, timeout=30
            ).status_code

        # Every horizon asked of both servers at once: one of each pair is taken, one refused.
        requests = [(base, start) for start in horizons for base in bases]
        with cluster.workers_paused(), ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(ask, requests))
        assert sorted(answers) == [202] * 4 + [409] * 4, answers

        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with Session(engine) as session:
                jobs = session.exec(select(SolveJob)).all()
                if all(j.status in ("succeeded", "failed", "cancelled") for j in jobs):
                    break
            time.sleep(0.5)
        with Session(engine) as session:
            jobs = session.exec(select(SolveJob)).all()
            schedules = session.exec(select(Schedule).where(Schedule.status == "draft")).all()
        assert len(jobs) == 4
        assert {j.status for j in jobs} == {"succeeded"}, [(j.id, j.status, j.error) for j in jobs]
        assert [j.attempts for j in jobs] == [1, 1, 1, 1]  # each claimed once, by one worker
        assert sorted(str(s.start) for s in schedules) == horizons
    engine.dispose()


def _events(body: bytes) -> frozenset[tuple[str, str, str, str]]:
    """What a calendar client keeps of a feed: each event's UID, SEQUENCE, start and status."""
    calendar = Calendar.from_ical(body)
    return frozenset(
        (
            str(e["UID"]),
            str(e.get("SEQUENCE", 0)),
            e["DTSTART"].to_ical().decode(),
            str(e["STATUS"]),
        )
        for e in calendar.walk("VEVENT")
    )


def test_feeds_polled_during_a_publish_see_the_old_plan_or_the_new_one(tmp_path):
    """The publish job commits the schedule and every calendar event in one transaction: a
    client polling any server while it runs reads the whole old plan or the whole new one."""
    url = _database(tmp_path, "rota_cluster_publish")
    _seed(url)
    token = _token(url)
    headers = {"Authorization": f"Bearer {token}"}
    with _cluster(url) as cluster, httpx.Client(headers=headers, timeout=30) as api:
        bases = cluster.bases
        line = api.get(bases[0] + "/api/v1/calendars/feed", params={"kind": "line"}).json()
        feed = "/" + line["url"].split("/", 3)[3]
        before = _events(httpx.get(bases[0] + feed).content)
        # Leave for everyone on the line in the plan's last week (past the freeze) moves
        # them, so the new plan differs from the old one in many events.
        plan = api.get(bases[0] + "/api/v1/schedules/published").json()
        last = date.fromisoformat(plan["start"]) + timedelta(weeks=plan["weeks"] - 1)
        turns = api.get(
            bases[0] + "/api/v1/schedules/published/turns",
            params={"week_start": str(last), "limit": 500},
        ).json()["items"]
        assert turns
        for turn in turns:
            monday = date.fromisoformat(turn["week_start"])
            answer = api.post(
                bases[0] + "/api/v1/time-off",
                json={
                    "employee_id": turn["employee_id"],
                    "first_day": str(monday),
                    "last_day": str(monday + timedelta(days=4)),
                },
            )
            assert answer.status_code == 201, answer.text
        job = api.post(bases[1] + "/api/v1/schedules/replan", json={"time_limit_s": 10}).json()
        draft = _finished(api, bases[0], job["id"])["schedule_id"]

        seen: list[frozenset] = []
        stop = threading.Event()

        def poll(base: str) -> None:
            with httpx.Client(base_url=base, timeout=30) as client:
                while not stop.is_set():
                    seen.append(_events(client.get(feed).content))

        pollers = [threading.Thread(target=poll, args=(b,)) for b in bases for _ in range(2)]
        for poller in pollers:
            poller.start()
        try:
            published = api.post(bases[0] + f"/api/v1/schedules/{draft}/publish")
            assert published.status_code == 202, published.text
            assert _finished(api, bases[1], published.json()["id"])["status"] == "succeeded"
            time.sleep(0.5)  # a few polls after the commit too
        finally:
            stop.set()
            for poller in pollers:
                poller.join()
        after = _events(httpx.get(bases[1] + feed).content)
    assert before != after
    assert {body for body in seen} <= {before, after}
    assert before in seen and after in seen


def _finished(api: httpx.Client, base: str, job_id: int) -> dict:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job = api.get(f"{base}/api/v1/jobs/{job_id}").json()
        if job["status"] in ("succeeded", "failed", "cancelled"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish")
