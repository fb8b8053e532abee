"""Calendar feed benchmark: a running server, the 1,000-person company on a 52-week schedule.

    python -m bench.feed_bench --employees 1000 --clients 8 --seconds 10

Prints one JSON line per scenario: personal feed, department feed, 304 revalidation.
Traffic stays on loopback; every loop is bounded in requests and time.
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from sqlmodel import Session, select

from app import subscribers as _subscribers  # noqa: F401  (feeds follow changes)
from bench.server import free_port, running_server


def seed(url: str, employees: int, weeks: int) -> tuple[list[str], list[str]]:
    """Load the synthetic company, plan and publish it; return personal and department feeds."""
    os.environ["ROTA_DATABASE_URL"] = url
    from app.config import get_settings

    get_settings.cache_clear()  # the links are signed with the key and base the server uses
    from app.calendars.models import FeedKind
    from app.calendars.tokens import current_feed, urls
    from app.schedules.planning import plan_now
    from app.schedules.publishing import publish
    from bench.seeding import load

    engine, problem, admin = load(url, employees, weeks)
    with Session(engine, expire_on_commit=False) as session:
        schedule = plan_now(
            session=session, start=problem.horizon.start, weeks=weeks, time_limit_s=120
        )
        publish(session=session, schedule_id=schedule.id, actor=admin)  # type: ignore[arg-type]
        personal = [
            urls(current_feed(session=session, kind=FeedKind.employee, owner_id=p.id, actor=admin))[
                0
            ]
            for p in problem.people
        ]
        departments = [
            urls(
                current_feed(session=session, kind=FeedKind.department, owner_id=d.id, actor=admin)
            )[0]
            for d in problem.departments
            if not d.is_support
        ]
        session.commit()
    return personal, departments


def sync_timings(url: str, people: int) -> list[dict[str, object]]:
    """How long feeds take to follow a change: a full sync with nothing to change, and a
    one-person change (a rename, which touches their events and the line's) through the
    service and its event, medians over several people; each change is rolled back."""
    from app.calendars.sync import sync_events
    from app.db import make_engine
    from app.people.models import Employee, EmployeeUpdate
    from app.people.service import update_employee
    from app.schedules.models import ScheduleTurn

    engine = make_engine(url)
    rows: list[dict[str, object]] = []
    with Session(engine, expire_on_commit=False) as session:
        started = time.perf_counter()
        changed = sync_events(session=session)
        rows.append(
            {
                "scenario": "sync_all_unchanged",
                "ms": round((time.perf_counter() - started) * 1000, 1),
                "events_changed": changed,
            }
        )
        session.rollback()
        rotating = sorted({t.employee_id for t in session.exec(select(ScheduleTurn)).all()})[
            :people
        ]
        times = []
        for employee_id in rotating:
            before = session.get(Employee, employee_id)
            assert before is not None
            started = time.perf_counter()
            update_employee(
                session=session,
                employee_id=employee_id,
                data=EmployeeUpdate(name=before.name + " Renamed"),
                actor=None,
            )
            times.append(time.perf_counter() - started)
            session.rollback()
        rows.append(
            {
                "scenario": "sync_one_person_change",
                "people": len(times),
                "median_ms": round(statistics.median(times) * 1000, 1),
                "max_ms": round(max(times) * 1000, 1),
            }
        )
    engine.dispose()
    return rows


def load(
    base: str, paths: list[str], clients: int, seconds: float, max_requests: int, revalidate: bool
) -> dict[str, object]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    etags: dict[str, str] = {}
    if revalidate:
        paths = paths[:200]
        with httpx.Client(base_url=base) as client:
            for path in set(paths):
                etags[path] = client.get(path).headers["etag"]
    stop = time.monotonic() + seconds

    def worker(seed_: int) -> None:
        nonlocal errors
        rng = random.Random(seed_)
        with httpx.Client(base_url=base, timeout=30) as client:
            while time.monotonic() < stop:
                with lock:
                    if len(latencies) + errors >= max_requests:
                        return
                path = rng.choice(paths)
                headers = {"If-None-Match": etags[path]} if revalidate else {}
                started = time.perf_counter()
                response = client.get(path, headers=headers)
                elapsed = time.perf_counter() - started
                ok = response.status_code == (304 if revalidate else 200)
                with lock:
                    if ok:
                        latencies.append(elapsed)
                    else:
                        errors += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": round(len(latencies) / wall, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2) if latencies else None,
        "p99_ms": round(latencies[int(0.99 * (len(latencies) - 1))] * 1000, 2)
        if latencies
        else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=1000)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--max-requests", type=int, default=20000)
    parser.add_argument("--server-workers", type=int, default=2)
    parser.add_argument("--database-url", default=None, help="default: a new SQLite file")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="rota-feed-bench-"))
    url = args.database_url or f"sqlite:///{tmp / 'bench.db'}"
    port = free_port()
    os.environ["ROTA_BASE_URL"] = f"http://127.0.0.1:{port}"
    seeded = time.perf_counter()
    personal, departments = seed(url, args.employees, args.weeks)
    seed_s = time.perf_counter() - seeded
    for row in sync_timings(url, people=9):
        print(json.dumps(row | {"employees": args.employees, "weeks": args.weeks}), flush=True)
    with running_server(url, port, args.server_workers, tmp) as base:
        to_path = lambda u: "/" + u.split("://", 1)[1].split("/", 1)[1]  # noqa: E731
        scenarios = {
            "personal_feed": ([to_path(u) for u in personal], False),
            "department_feed": ([to_path(u) for u in departments], False),
            "revalidate_304": ([to_path(u) for u in personal], True),
        }
        for name, (paths, revalidate) in scenarios.items():
            row = {
                "scenario": name,
                "employees": args.employees,
                "weeks": args.weeks,
                "clients": args.clients,
                "server_workers": args.server_workers,
                "database": url.split(":", 1)[0],
                "seed_s": round(seed_s, 1),
            }
            row.update(load(base, paths, args.clients, args.seconds, args.max_requests, revalidate))
            print(json.dumps(row), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
