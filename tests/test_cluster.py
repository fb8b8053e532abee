"""Two app servers on one PostgreSQL database with two solve workers in their own processes
(huey on Redis): every job runs exactly once, none is lost, duplicates are refused."""

import os
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import httpx
import pytest
from sqlmodel import Session, select

from app.auth.models import User
from app.auth.service import issue_token
from app.db import make_engine
from app.schedules.models import Schedule, SolveJob
from tests.browser.conftest import _database, _free_port, _seed

PG = os.environ.get("ROTA_TEST_DATABASE_URL", "").startswith("postgres")
pytestmark = [
    pytest.mark.cluster,
    pytest.mark.postgres_only,
    pytest.mark.slow,
    pytest.mark.skipif(not PG, reason="several servers share PostgreSQL, not SQLite"),
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


def test_two_servers_two_workers(tmp_path):
    url = _database(tmp_path, "rota_cluster")
    _seed(url)
    engine = make_engine(url)
    with Session(engine) as session:
        hr = session.exec(select(User).where(User.email == "hr@example.com")).one()
        token = issue_token(session=session, user=hr, name="cluster").token
        session.commit()
    env = os.environ | {
        "ROTA_DATABASE_URL": url,
        "ROTA_REDIS_URL": "redis://127.0.0.1:6379/0",
        "ROTA_QUEUE_NAME": f"rota-test-{uuid.uuid4().hex[:8]}",
        "ROTA_AUTO_MIGRATE": "false",
        "ROTA_LOG_LEVEL": "warning",
        "ROTA_SOLVE_WORKERS": "1",
    }
    ports = [_free_port(), _free_port()]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve", "--no-worker", "--port", str(port)], env=env
        )
        for port in ports
    ] + [subprocess.Popen([sys.executable, "-m", "app.cli", "worker"], env=env) for _ in range(2)]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for base in bases:
            _wait(base)
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
        with ThreadPoolExecutor(max_workers=8) as pool:
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
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        engine.dispose()
