"""Rotation grid benchmark: a 1,000-person company with a 52-week schedule (four one-week
turns a person, the support team every week), then the grid page for all 52 weeks and its
CSV, rendered server-side through the real app and timed.

    python -m bench.grid_bench --employees 1000 --weeks 52

Prints one JSON line: medians of --runs timings, the page's size and the cells it holds.
"""

import argparse
import json
import os
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.auth.service import hash_password
from app.config import get_settings
from app.db import get_engine
from app.main import create_app
from app.schedules.models import Schedule, ScheduleTurn
from bench.seeding import load


def run(employees: int, weeks: int, runs: int, workdir: Path) -> dict[str, object]:
    url = f"sqlite:///{workdir / 'grid.db'}"
    os.environ["ROTA_DATABASE_URL"] = url
    os.environ.setdefault("ROTA_SECRET_KEY", "bench-" + "k" * 40)
    get_settings.cache_clear()  # the settings are read when first asked for: after the above
    get_engine.cache_clear()
    engine, problem, admin = load(url, employees, weeks)
    support = {d.id for d in problem.departments if d.is_support}
    start = problem.horizon.start
    with Session(engine) as session:
        schedule = Schedule(start=start, weeks=weeks)
        session.add(schedule)
        session.flush()
        turns = 0
        for p in problem.people:
            every = 1 if p.department_id in support else 13
            for w in range(p.id % every, weeks, every):
                week = start + timedelta(weeks=w)
                session.add(
                    ScheduleTurn(
                        schedule_id=schedule.id, employee_id=p.id, week_start=week, days=5,
                        uid=f"turn-{p.id}-{week:%Y%m%d}@rota",
                    )
                )  # fmt: skip
                turns += 1
        stored = session.get(type(admin), admin.id)
        stored.password_hash = hash_password("grid-bench-password")
        session.add(stored)
        session.commit()
        schedule_id = schedule.id
    with TestClient(create_app()) as client:
        login = client.get("/login").text
        token = login.split('name="csrf_token" value="')[1].split('"')[0]
        client.post(
            "/login",
            data={"email": admin.email, "password": "grid-bench-password", "csrf_token": token},
        )
        page_s, csv_s = [], []
        for _ in range(runs):
            started = time.perf_counter()
            page = client.get(f"/schedules/{schedule_id}/grid?weeks={weeks}")
            page_s.append(time.perf_counter() - started)
            started = time.perf_counter()
            exported = client.get(f"/schedules/{schedule_id}/grid.csv?weeks={weeks}")
            csv_s.append(time.perf_counter() - started)
        assert page.status_code == 200 and exported.status_code == 200
    return {
        "employees": employees,
        "weeks": weeks,
        "turns": turns,
        "rows_shown": exported.text.count("\n") - 1,
        "cells": (exported.text.count("\n") - 1) * weeks,
        "page_kb": round(len(page.content) / 1024),
        "page_s_median": round(statistics.median(page_s), 3),
        "csv_s_median": round(statistics.median(csv_s), 3),
        "runs": runs,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=1000)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(run(args.employees, args.weeks, args.runs, Path(tmp))), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
