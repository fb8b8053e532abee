"""A company of N people on one machine, end to end, for N = 1,000 and 10,000 in one run.

    python -m bench.company_scale --sizes 1000 10000 --weeks 52

Each size gets a fresh PostgreSQL database. The company (bench/company.py's global one:
several zones, skills, clustered leave, three rule presets) is seeded through the service's
own code: departments, channels, shifts, needs and rules through their services, people
through the CSV import, leave through the time-off service. The solve, the publish and the
re-plan run through the job runner in a process of their own (as a solve worker runs them),
which reports its peak memory. Then `rota serve` with two web workers answers feeds, the
dashboard, the grid, the reports and a mixed load of eight clients. Prints one JSON line per
size; every loop is bounded in requests and time, and traffic stays on loopback.
"""

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlmodel import Session, select

from app import clock
from app import subscribers as _subscribers  # noqa: F401  (what every entry point registers)
from app.auth import scim_tokens
from app.auth.models import Role, User
from app.auth.service import hash_password, issue_token
from app.calendars.models import FeedKind
from app.calendars.tokens import current_feed, urls
from app.config import get_settings
from app.coverage import service as coverage
from app.coverage.models import ChannelCreate, CoverageNeedCreate, ShiftTemplateCreate
from app.db import make_engine, saved_id
from app.migrate import upgrade
from app.people import csv_import
from app.people import service as people
from app.people.models import DepartmentCreate, Employee, TimeOffCreate
from app.rules import service as rules
from app.schedules import jobs
from app.scim.resources import ROTA_SCHEMA
from bench.company import global_company
from bench.load_bench import PG_ADMIN, fresh_database
from bench.load_bench import run as mixed_load
from bench.seeding import _ranges
from bench.server import free_port, running_server
from solver.pace import measured_pace

PASSWORD = "company scale bench"
# Personal feeds polled for their first time and revalidated, four clients: a p99 of a
# thousand is the tenth slowest, not the second or third as of two hundred.
MEASURED_FEEDS = 1000
WARM_FEEDS = 100
RUN_JOB = """
import resource, sys, time
from app import subscribers
from app.db import make_engine
from app.schedules.jobs import run_job
started = time.perf_counter()
run_job(make_engine(sys.argv[1]), int(sys.argv[2]), workers=2)
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def seed(url: str, size: int, weeks: int) -> dict[str, Any]:
    """The company through the service's code; returns timings and what the rest needs."""
    engine = make_engine(url)
    upgrade(engine, url)
    start = clock.next_monday(clock.today())
    problem = global_company(size, weeks, seed=1, start=start)
    found: dict[str, Any] = {"start": start}
    with Session(engine, expire_on_commit=False) as session:
        departments = {
            d.id: people.create_department(
                session=session,
                data=DepartmentCreate(
                    name=d.name, max_away_fraction=d.max_away_fraction, is_support=d.is_support
                ),
            )
            for d in problem.departments
        }
        session.commit()
        text = _employees_csv(problem, departments)
        began = time.perf_counter()
        report = csv_import.import_employees(session=session, text=text)
        session.commit()
        found["csv_import_rows_per_s"] = round(report.created / (time.perf_counter() - began))
        ids = {e.email: saved_id(e) for e in session.exec(select(Employee)).all()}
        began = time.perf_counter()
        stretches = 0
        for p in problem.people:
            for first, last in _ranges(sorted(p.days_off)):
                people.create_time_off(
                    session=session,
                    data=TimeOffCreate(
                        employee_id=ids[_email(p.id)], first_day=first, last_day=last
                    ),
                )
                stretches += 1
        session.commit()
        found["time_off_rows_per_s"] = round(stretches / (time.perf_counter() - began))
        channels = {
            name: coverage.create_channel(session=session, data=ChannelCreate(name=name))
            for name in sorted({n.channel for n in problem.needs})
        }
        shifts = {
            s.id: coverage.create_shift_template(
                session=session,
                data=ShiftTemplateCreate(
                    name=s.name,
                    start_time=s.start,
                    end_time=s.end,
                    weekdays=list(s.weekdays),
                    timezone=s.timezone,
                ),
            )
            for s in problem.shifts
        }
        for n in problem.needs:
            coverage.create_coverage_need(
                session=session,
                data=CoverageNeedCreate(
                    channel_id=saved_id(channels[n.channel]),
                    shift_template_id=saved_id(shifts[n.shift_id]),
                    min_people=n.min_people,
                    max_people=n.max_people,
                    skill=n.skill,
                    skill_min=n.skill_min,
                ),
            )
        for preset in ("onboarding_fortnight", "annual_support_week", "executive_day"):
            rules.create_rule(session=session, data=rules.preset_rule(preset))
        admin = User(
            email="bench@example.com",
            role=Role.admin.value,
            password_hash=hash_password(PASSWORD),
        )
        session.add(admin)
        session.flush()
        found["token"] = issue_token(session=session, user=admin, name="bench").token
        found["scim_token"] = scim_tokens.issue(session, "bench directory", actor=None).token
        found["admin_id"] = saved_id(admin)
        found["employees"] = sorted(ids.values())
        session.commit()
    engine.dispose()
    return found


def _email(person_id: int) -> str:
    return f"person{person_id}@example.com"


def _employees_csv(problem: Any, departments: dict[int, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["name", "email", "department", "hire_date", "is_executive", "timezone"]
        + ["work_start", "work_end", "skills", "working days", "hours by weekday"]
    )
    for p in problem.people:
        writer.writerow(
            [
                p.name,
                _email(p.id),
                departments[p.department_id].name,
                p.hire_date.isoformat(),
                "yes" if p.is_executive else "no",
                p.timezone,
                f"{p.work_start:%H:%M}",
                f"{p.work_end:%H:%M}",
                " ".join(sorted(p.skills)),
                ",".join(str(d) for d in sorted(p.workdays)),
                "; ".join(f"{d} {s:%H:%M}-{e:%H:%M}" for d, s, e in p.day_hours),
            ]
        )
    return out.getvalue()


def _run_job(url: str, job_id: int) -> dict[str, Any]:
    """The job in a process of its own, as a solve worker runs it: wall time and peak RSS."""
    done = subprocess.run(
        [sys.executable, "-c", RUN_JOB, url, str(job_id)],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ | {"ROTA_DATABASE_URL": url, "ROTA_LOG_LEVEL": "warning"},
    )
    seconds, peak_kb = done.stdout.split()[-2:]
    engine = make_engine(url)
    with Session(engine) as session:
        job = jobs.get_job(session=session, job_id=job_id)
        status, schedule_id, error = job.status, job.schedule_id, job.error
    engine.dispose()
    return {
        "s": round(float(seconds), 2),
        "peak_mb": round(int(peak_kb) / 1024),
        "status": status,
        "schedule_id": schedule_id,
        "error": error,
    }


def solve_and_publish(
    url: str, found: dict[str, Any], weeks: int, limit_s: float
) -> dict[str, Any]:
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        admin = session.get_one(User, found["admin_id"])
        job = jobs.create_job(
            session=session, start=found["start"], weeks=weeks, time_limit_s=limit_s, actor=admin
        )
        session.commit()
        solve = _run_job(url, saved_id(job))
        publish = jobs.create_publish_job(
            session=session, schedule_id=solve["schedule_id"], actor=admin, end_early=False
        )
        session.commit()
        published = _run_job(url, saved_id(publish))
        personal = [
            _path(
                urls(
                    current_feed(session=session, kind=FeedKind.employee, owner_id=e, actor=admin)
                )[0]
            )
            for e in found["employees"][: MEASURED_FEEDS + WARM_FEEDS]
        ]
        session.commit()
    engine.dispose()
    return {"solve": solve, "publish": published, "feeds": personal}


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def replan_after_leave(url: str, base: str, found: dict[str, Any]) -> dict[str, Any]:
    """One person takes a week off in the fifth week; the re-plan moves them."""
    auth = {"Authorization": f"Bearer {found['token']}"}
    monday = found["start"] + timedelta(weeks=4)
    turns = httpx.get(
        f"{base}/api/v1/schedules/published/turns",
        params={"limit": 1, "week_start": str(monday)},
        headers=auth,
        timeout=60,
    ).json()["items"]
    who = turns[0]["employee_id"]
    httpx.post(
        f"{base}/api/v1/time-off",
        json={
            "employee_id": who,
            "first_day": str(monday),
            "last_day": str(monday + timedelta(days=4)),
        },
        headers=auth,
        timeout=60,
    ).raise_for_status()
    job = httpx.post(
        f"{base}/api/v1/schedules/replan", json={"time_limit_s": 60}, headers=auth, timeout=60
    ).json()
    return _run_job(url, job["id"])


def timed_get(client: httpx.Client, path: str, runs: int, **kwargs: Any) -> dict[str, Any]:
    times, size, status = [], 0, 0
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(path, timeout=120, **kwargs)
        times.append(time.perf_counter() - began)
        size, status = len(response.content), response.status_code
    times.sort()
    return {
        "median_ms": round(times[len(times) // 2] * 1000, 1),
        "max_ms": round(times[-1] * 1000, 1),
        "kb": round(size / 1024),
        "status": status,
    }


def feed_load(base: str, feeds: list[str], clients: int, revalidate: bool) -> dict[str, Any]:
    latencies: list[float] = []
    lock = threading.Lock()
    with httpx.Client(base_url=base) as client:
        etags = {f: client.get(f).headers["etag"] for f in feeds} if revalidate else {}

    def worker(offset: int) -> None:
        with httpx.Client(base_url=base, timeout=30) as client:
            for path in feeds[offset::clients]:
                headers = {"If-None-Match": etags[path]} if revalidate else {}
                began = time.perf_counter()
                client.get(path, headers=headers)
                with lock:
                    latencies.append(time.perf_counter() - began)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    return {
        "requests": len(latencies),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 2),
        "p99_ms": round(latencies[int(0.99 * (len(latencies) - 1))] * 1000, 2),
        "max_ms": round(latencies[-1] * 1000, 2),
    }


def scim_load(base: str, token: str, size: int, clients: int) -> dict[str, Any]:
    """Staff already here, provisioned by a directory over SCIM with `clients` connections."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/scim+json"}
    statuses: list[int] = []
    lock = threading.Lock()

    def worker(offset: int) -> None:
        with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
            for n in range(offset, size, clients):
                email = f"directory{n}@example.com"
                body = {
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ROTA_SCHEMA],
                    "userName": email,
                    "name": {"givenName": "Dir", "familyName": f"Person{n}"},
                    "emails": [{"value": email, "primary": True}],
                    "active": True,
                    ROTA_SCHEMA: {"hireDate": "2021-03-01T00:00:00Z"},
                }
                answer = client.post("/scim/v2/Users", json=body)
                with lock:
                    statuses.append(answer.status_code)

    began = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    return {
        "users": len(statuses),
        "created": statuses.count(201),
        "users_per_s": round(statuses.count(201) / wall, 1),
    }


def served(url: str, found: dict[str, Any], planned: dict[str, Any], seconds: float) -> dict:
    port = free_port()
    # A hundred feeds that are not among those measured: each web worker renders some of
    # them before the figures start, as a server that has been up for a while has.
    measured, warm = planned["feeds"][:-WARM_FEEDS], tuple(planned["feeds"][-WARM_FEEDS:])
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_server(url, port, 2, Path(tmp), warm) as base,
    ):
        result: dict[str, Any] = {}
        # Cold: the first request of each feed after the publish; then revalidation.
        result["feed_cold"] = feed_load(base, measured, 4, revalidate=False)
        result["feed_304"] = feed_load(base, measured, 4, revalidate=True)
        with httpx.Client(base_url=base) as client:
            page = client.get("/login")
            token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
            client.post(
                "/login",
                data={"email": "bench@example.com", "password": PASSWORD, "csrf_token": token},
            )
            schedule = planned["publish"]["schedule_id"]
            result["dashboard"] = timed_get(client, "/dashboard", 5)
            result["grid"] = timed_get(client, f"/schedules/{schedule}/grid", 3)
            auth = {"Authorization": f"Bearer {found['token']}"}
            for report in ("fairness", "participation"):
                result[report] = timed_get(client, f"/api/v1/reports/{report}", 3, headers=auth)
            first = found["start"]
            result["coverage_4_weeks"] = timed_get(
                client,
                "/api/v1/reports/coverage",
                3,
                headers=auth,
                params={"start": str(first), "end": str(first + timedelta(days=27))},
            )
        result["mixed_8_clients"] = mixed_load(
            base, found["token"], measured[:400], found["employees"], 8, seconds, 100_000
        )
        result["replan_after_one_leave"] = replan_after_leave(url, base, found)
        result["scim_4_clients"] = scim_load(base, found["scim_token"], 400, 4)
    return result


def run(size: int, weeks: int, seconds: float, limit_s: float) -> dict[str, Any]:
    url = fresh_database(PG_ADMIN, f"rota_scale_{size}")
    os.environ["ROTA_DATABASE_URL"] = url
    get_settings.cache_clear()  # read with the key bench.server shares with the server
    pace = measured_pace()
    began = time.perf_counter()
    found = seed(url, size, weeks)
    seeded_s = round(time.perf_counter() - began, 1)
    print(f"{size}: seeded in {seeded_s} s", file=sys.stderr, flush=True)
    planned = solve_and_publish(url, found, weeks, limit_s)
    print(f"{size}: solved and published", planned["solve"], planned["publish"], file=sys.stderr)
    result = {
        "employees": size,
        "weeks": weeks,
        # How fast this machine ran Python as the run began, against the machine the
        # solver's reserves were measured on (solver/pace.py): read figures from two
        # machines side by side with it.
        "machine_pace": round(pace, 2),
        "seed_s": seeded_s,
        "csv_import_rows_per_s": found["csv_import_rows_per_s"],
        "time_off_rows_per_s": found["time_off_rows_per_s"],
        "solve": planned["solve"],
        "publish_job": planned["publish"],
    }
    result |= served(url, found, planned, seconds)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--seconds", type=float, default=20.0, help="mixed load per size")
    parser.add_argument("--solve-limit", type=float, default=30.0, help="the solve's time limit")
    args = parser.parse_args(argv)
    for size in args.sizes:
        result = run(size, args.weeks, args.seconds, args.solve_limit)
        print(json.dumps(result, default=str), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
