"""Learning impact at a year of a million contacts: the quarter's report (every fix measured,
every raised learning's contacts counted) and one learning's impact.

    python -m bench.impact_bench --database sqlite|postgresql [--learnings 300] [--runs 5]

The weekly summaries are written as an import of a million contacts leaves them (52 weeks ×
three channels, and per week 400 help-desk tags sharing 1.4 million tag marks), then
learnings with tags, most of them done at dates across the year. Prints one JSON line with
the median of --runs timings.
"""

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session

from app import clock
from app.db import insert_rows, make_engine
from app.demand.models import ContactTagWeek, ContactWeek
from app.impact.service import learning_impact, quarter_report
from app.learning.models import Learning
from app.migrate import upgrade
from app.people.models import Department, Employee

FIRST = date(2026, 1, 5)
WEEKS = 52
TAGS = 400
CONTACTS_A_WEEK = 1_000_000 // WEEKS


def _database(kind: str, workdir: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{workdir / 'impact.db'}"
    base = os.environ.get("ROTA_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
    admin = make_engine(base).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS rota_impact_bench WITH (FORCE)"))
        connection.execute(text("CREATE DATABASE rota_impact_bench"))
    admin.dispose()
    return base.rsplit("/", 1)[0] + "/rota_impact_bench"


def seed(session: Session, learnings: int, rng: random.Random) -> list[int]:
    weeks = [FIRST + timedelta(weeks=k) for k in range(WEEKS)]
    insert_rows(
        session,
        ContactWeek,
        [
            {"week": w, "channel": c, "answered_by": "support", "contacts": CONTACTS_A_WEEK // 3,
             "reopened": 0, "rated": 0, "satisfaction_sum": 0.0}
            for w in weeks
            for c in ("phone", "chat", "email")
        ],
    )  # fmt: skip
    popularity = [1 / (k + 1) for k in range(TAGS)]  # a few tags are asked about a lot
    scale = 1.4 * CONTACTS_A_WEEK / sum(popularity)
    insert_rows(
        session,
        ContactTagWeek,
        [
            {"week": w, "tag": f"tag-{k}", "contacts": int(p * scale * rng.uniform(0.9, 1.1)),
             "relief_n": int(p * scale), "relief_sum": p * scale * 3600.0,
             "resolution_n": int(p * scale), "resolution_sum": p * scale * 86_400.0}
            for w in weeks
            for k, p in enumerate(popularity)
        ],
    )  # fmt: skip
    departments = [Department(name=f"Team {k}") for k in range(20)]
    session.add_all(departments)
    session.flush()
    person = Employee(name="Rotator", email="r@example.com", department_id=departments[0].id,
                      hire_date=date(2020, 1, 1))  # fmt: skip
    session.add(person)
    session.flush()
    ids = []
    for k in range(learnings):
        done = rng.random() < 0.7
        row = Learning(
            summary=f"Learning {k}",
            category="bug",
            department_id=departments[k % 20].id,
            employee_id=person.id,
            tags=[f"tag-{rng.randrange(TAGS)}", f"tag-{rng.randrange(TAGS)}"],
            status="done" if done else "new",
            fixed_on=FIRST + timedelta(days=rng.randrange(60, 330)) if done else None,
            created_at=datetime.combine(
                FIRST + timedelta(days=rng.randrange(300)), datetime.min.time(), UTC
            ),
        )
        session.add(row)
        session.flush()
        ids.append(row.id)
    session.commit()
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--learnings", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    clock.today = lambda: date(2026, 12, 31)  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory() as workdir:
        url = _database(args.database, Path(workdir))
        engine = make_engine(url)
        upgrade(engine, url)
        with Session(engine) as session:
            ids = seed(session, args.learnings, random.Random(7))
        quarters, singles = [], []
        for _ in range(args.runs):
            with Session(engine) as session:
                started = time.perf_counter()
                report = quarter_report(session, 2026, 4)
                quarters.append(time.perf_counter() - started)
                learning = next(
                    row for i in ids if (row := session.get(Learning, i)) and row.fixed_on
                )
                started = time.perf_counter()
                learning_impact(session, learning)
                singles.append(time.perf_counter() - started)
        engine.dispose()
    print(
        json.dumps(
            {
                "database": args.database,
                "contacts_a_year": CONTACTS_A_WEEK * WEEKS,
                "tags": TAGS,
                "learnings": args.learnings,
                "fixes_measured": len(report.fixes),
                "quarter_report_s_median": round(statistics.median(quarters), 3),
                "one_learning_s_median": round(statistics.median(singles), 4),
                "runs": args.runs,
            }
        )
    )


if __name__ == "__main__":
    main()
