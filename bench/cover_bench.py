"""Cover ranking at company scale: who could take one request, fairest first.

    python -m bench.cover_bench --employees 10000 --weeks 8 --runs 15 [--database-url URL]

Loads the synthetic company into a fresh database (PostgreSQL by `--database-url`, else a
SQLite file), plans and publishes it, then asks for cover of turns spread over the plan and
times reading the request's seats and `candidates.rank` for the first wave (five colleagues)
and for fifty, each in a session of its own as a request has (`--reuse`: the database
already holds the published plan). Prints one JSON line: medians and maxima over the runs.
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlmodel import Session, col, select

from app import subscribers as _subscribers  # noqa: F401  (what every entry point registers)
from app.cover import candidates
from app.cover.service import WAVE
from app.db import make_engine, saved_id
from app.schedules.models import ScheduleTurn
from app.schedules.planning import plan_now
from app.schedules.publishing import publish
from app.schedules.store import published
from bench.seeding import load


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--weeks", type=int, default=8)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--database-url", default=None)
    parser.add_argument(
        "--reuse", action="store_true", help="the database already holds the published plan"
    )
    args = parser.parse_args(argv)
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'cover.db'}"
    if args.reuse:
        engine = make_engine(url)
    else:
        engine, problem, admin = load(url, args.employees, args.weeks)
        with Session(engine, expire_on_commit=False) as session:
            draft = plan_now(
                session=session, start=problem.horizon.start, weeks=args.weeks, time_limit_s=120
            )
            publish(session=session, schedule_id=saved_id(draft), actor=admin)
            session.commit()
    with Session(engine) as session:
        schedule = saved_id(published(session))
        turns = session.exec(
            select(ScheduleTurn)
            .where(ScheduleTurn.schedule_id == schedule)
            .order_by(col(ScheduleTurn.id))
        ).all()
    step = max(1, len(turns) // args.runs)
    picked = turns[::step][: args.runs]
    timings: dict[str, list[float]] = {"first_wave": [], "fifty": []}
    found: list[int] = []
    for turn in picked:
        for name, enough in (("first_wave", WAVE), ("fifty", 50)):
            with Session(engine) as session:  # one request's session, as the service has
                began = time.perf_counter()
                wanted = candidates.wanted_of(
                    session, schedule, turn.employee_id, turn.week_start, frozenset()
                )
                ranking = candidates.rank(session, wanted, enough)
                timings[name].append(time.perf_counter() - began)
            if name == "first_wave":
                found.append(len(ranking.found))
    result = {
        "employees": args.employees,
        "weeks": args.weeks,
        "database": url.split(":", 1)[0],
        "requests": len(picked),
        "found_first_wave_median": statistics.median(found) if found else 0,
    }
    for name, values in timings.items():
        result[f"{name}_median_ms"] = round(statistics.median(values) * 1000, 1)
        result[f"{name}_max_ms"] = round(max(values) * 1000, 1)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
