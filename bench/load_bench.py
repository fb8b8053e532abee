"""Load benchmark: the service with two web workers on PostgreSQL, under a bounded mixed load
on loopback: API reads, calendar feed polling and writes.

    python -m bench.load_bench --employees 1000 --clients 8 --seconds 20

Prints one JSON line per kind of request and one for the mix: requests per second, p50/p99 in
milliseconds and the error count. The database is a fresh `rota_load` on the local PostgreSQL
unless --database-url names another.
"""

import argparse
import json
import os
import random
import statistics
import tempfile
import threading
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import httpx
from sqlalchemy import text
from sqlmodel import Session, select

from bench.feed_bench import seed
from bench.server import free_port, running_server

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"


def fresh_database(admin_url: str, name: str) -> str:
    from app.db import make_engine

    engine = make_engine(admin_url).execution_options(isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return admin_url.rsplit("/", 1)[0] + "/" + name


def api_token(url: str) -> tuple[str, list[int]]:
    from app.auth.models import User
    from app.auth.service import issue_token
    from app.db import make_engine
    from app.people.models import Employee

    engine = make_engine(url)
    with Session(engine) as session:
        admin = session.exec(select(User).where(User.email == "bench@example.com")).one()
        token = issue_token(session=session, user=admin, name="load").token
        ids = [e.id for e in session.exec(select(Employee)).all() if e.id is not None]
        session.commit()
    engine.dispose()
    return token, ids


class Mix:
    """What one simulated client does next: mostly reads and feed polls, some writes."""

    def __init__(self, feeds: list[str], employees: list[int], rng: random.Random) -> None:
        self.feeds = feeds
        self.employees = employees
        self.rng = rng
        self.etags: dict[str, str] = {}

    def next(self) -> tuple[str, str, str, dict[str, object] | None, dict[str, str]]:
        roll = self.rng.random()
        who = self.rng.choice(self.employees)
        if roll < 0.20:
            offset = self.rng.randrange(0, max(1, len(self.employees) - 50))
            return "read", "GET", f"/api/v1/employees?limit=50&offset={offset}", None, {}
        if roll < 0.35:
            return "read", "GET", f"/api/v1/employees/{who}", None, {}
        if roll < 0.50:
            path = f"/api/v1/schedules/published/turns?employee_id={who}"
            return "read", "GET", path, None, {}
        if roll < 0.85:
            feed = self.rng.choice(self.feeds)
            headers = {"If-None-Match": self.etags[feed]} if feed in self.etags else {}
            return "feed", "GET", feed, None, headers
        if roll < 0.93:
            first = date.today() + timedelta(days=self.rng.randrange(400, 4000))
            body = {
                "employee_id": who,
                "first_day": str(first),
                "last_day": str(first),
                "reason": "load test",
            }
            return "write", "POST", "/api/v1/time-off", body, {}
        body = {"title": f"Title {self.rng.randrange(1000)}"}
        return "write", "PATCH", f"/api/v1/employees/{who}", body, {}


def run(
    base: str,
    token: str,
    feeds: list[str],
    employees: list[int],
    clients: int,
    seconds: float,
    max_requests: int,
) -> dict[str, dict[str, object]]:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    done = 0

    def client_loop(seed_: int) -> None:
        nonlocal done
        mix = Mix(feeds, employees, random.Random(seed_))
        auth = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=base, timeout=30) as http:
            while time.monotonic() < stop:
                with lock:
                    if done >= max_requests:
                        return
                    done += 1
                kind, method, path, body, headers = mix.next()
                started = time.perf_counter()
                try:
                    response = http.request(method, path, json=body, headers=auth | headers)
                    ok = response.status_code in (200, 201, 304)
                    if kind == "feed" and response.status_code == 200:
                        mix.etags[path] = response.headers.get("etag", "")
                except httpx.HTTPError:
                    ok = False
                elapsed = time.perf_counter() - started
                with lock:
                    if ok:
                        latencies[kind].append(elapsed)
                    else:
                        errors[kind] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client_loop, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    every = [x for values in latencies.values() for x in values]
    rows = {kind: _summary(values, errors[kind], wall) for kind, values in latencies.items()}
    rows["mix"] = _summary(every, sum(errors.values()), wall)
    return rows


def _summary(values: list[float], errors: int, wall: float) -> dict[str, object]:
    values = sorted(values)
    return {
        "requests": len(values),
        "errors": errors,
        "rps": round(len(values) / wall, 1),
        "p50_ms": round(statistics.median(values) * 1000, 2) if values else None,
        "p99_ms": round(values[int(0.99 * (len(values) - 1))] * 1000, 2) if values else None,
        "max_ms": round(values[-1] * 1000, 2) if values else None,  # no request over 2 s
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=1000)
    parser.add_argument("--weeks", type=int, default=26)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--max-requests", type=int, default=50000)
    parser.add_argument("--server-workers", type=int, default=2)
    parser.add_argument("--database-url", default=None, help="default: a fresh rota_load on PG")
    args = parser.parse_args(argv)

    url = args.database_url or fresh_database(PG_ADMIN, "rota_load")
    tmp = Path(tempfile.mkdtemp(prefix="rota-load-bench-"))
    port = free_port()
    os.environ["ROTA_BASE_URL"] = f"http://127.0.0.1:{port}"
    personal, _departments = seed(url, args.employees, args.weeks)
    token, employees = api_token(url)
    feeds = ["/" + u.split("://", 1)[1].split("/", 1)[1] for u in personal]
    with running_server(url, port, args.server_workers, tmp) as base:
        rows = run(base, token, feeds, employees, args.clients, args.seconds, args.max_requests)
        for kind, row in rows.items():
            print(
                json.dumps(
                    {
                        "scenario": kind,
                        "employees": args.employees,
                        "clients": args.clients,
                        "server_workers": args.server_workers,
                        "database": url.split("://", 1)[0].split("+")[0],
                        **row,
                    }
                )
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
