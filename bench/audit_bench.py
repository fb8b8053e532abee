"""What the audit trail costs: the employee CSV import of N rows and the publish of an
N-person, 52-week plan, each with the trail's hook on and off, alternating in one run.

    python -m bench.audit_bench [--size 1000] [--runs 3] [--database sqlite|postgresql]

Each run seeds a fresh database through the service's code (bench.company_scale.seed, which
times the CSV import), solves, then runs the publish job in this process. Prints one JSON
line: the medians per mode and the overhead of the hook in per cent.
"""

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import event, text
from sqlmodel import Session

from app import audit
from app.auth.models import User
from app.db import make_engine, saved_id
from app.schedules import jobs
from app.schedules.jobs import run_job
from bench.company_scale import seed

PG = os.environ.get("ROTA_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")


def _fresh(kind: str, workdir: Path, n: int) -> str:
    if kind == "sqlite":
        return f"sqlite:///{workdir / f'audit-{n}.db'}"
    admin = make_engine(PG).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS rota_audit_bench WITH (FORCE)"))
        connection.execute(text("CREATE DATABASE rota_audit_bench"))
    admin.dispose()
    return PG.rsplit("/", 1)[0] + "/rota_audit_bench"


def one(url: str, size: int, weeks: int, limit_s: float) -> dict[str, float]:
    began = time.perf_counter()
    found = seed(url, size, weeks)
    seeded = time.perf_counter() - began
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        admin = session.get_one(User, found["admin_id"])
        job = jobs.create_job(
            session=session, start=found["start"], weeks=weeks, time_limit_s=limit_s, actor=admin
        )
        session.commit()
        run_job(engine, saved_id(job), workers=2)
        session.refresh(job)
        publish = jobs.create_publish_job(
            session=session, schedule_id=job.schedule_id or 0, actor=admin, end_early=False
        )
        session.commit()
        started = time.perf_counter()
        run_job(engine, saved_id(publish), workers=2)
        published = time.perf_counter() - started
    engine.dispose()
    return {
        "csv_import_s": round(size / found["csv_import_rows_per_s"], 3),
        "publish_s": round(published, 3),
        "seed_s": round(seeded, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--solve-limit", type=float, default=20.0)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    results: dict[str, list[dict[str, float]]] = {"on": [], "off": []}
    with tempfile.TemporaryDirectory() as workdir:
        for n in range(args.runs):
            for mode in ("on", "off"):  # alternating: the machine's noise falls on both
                hooked = event.contains(Session, "after_flush", audit._write_entries)
                if mode == "off" and hooked:
                    event.remove(Session, "after_flush", audit._write_entries)
                if mode == "on" and not hooked:
                    event.listen(Session, "after_flush", audit._write_entries)
                url = _fresh(args.database, Path(workdir), 2 * n + (mode == "off"))
                results[mode].append(one(url, args.size, args.weeks, args.solve_limit))
    medians = {
        mode: {k: statistics.median(r[k] for r in rows) for k in rows[0]}
        for mode, rows in results.items()
    }
    overhead = {
        k: round(100 * (medians["on"][k] / medians["off"][k] - 1), 1)
        for k in ("csv_import_s", "publish_s")
    }
    print(json.dumps({"size": args.size, "weeks": args.weeks, "runs": args.runs,
                      "database": args.database, "medians": medians,
                      "overhead_pct": overhead}))  # fmt: skip


if __name__ == "__main__":
    main()
