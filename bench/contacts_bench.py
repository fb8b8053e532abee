"""Contact history benchmark: stream a generated help-desk export of N contacts (a year,
three channels, customers in several zones) through the importer, then time a year of
outcome reports.

    python -m bench.contacts_bench --contacts 1000000 --database sqlite
    python -m bench.contacts_bench --contacts 1000000 --database postgresql

Prints one JSON line: import seconds and rows a second, peak memory, report seconds.
"""

import argparse
import csv
import json
import os
import random
import resource
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

CHANNELS = (("phone", 0.35, 240), ("chat", 0.4, 600), ("email", 0.25, 14_400))
ZONES = ("America/New_York", "Europe/Berlin", "Asia/Tokyo", "Australia/Sydney", None)
START = date(2026, 1, 5)


def generate(path: Path, contacts: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            ["id", "channel", "created_at", "first_response_at", "relief_at", "solved_at",
             "reopened", "customer_timezone", "customer_country", "assignee_email",
             "satisfaction", "tags"]
        )  # fmt: skip
        for n in range(contacts):
            name, _, typical = rng.choices(CHANNELS, weights=[c[1] for c in CHANNELS])[0]
            created = datetime.combine(START, datetime.min.time(), tzinfo=UTC) + timedelta(
                seconds=rng.randrange(364 * 86_400)
            )
            first = created + timedelta(seconds=int(rng.expovariate(1 / typical)))
            solved = first + timedelta(seconds=int(rng.expovariate(1 / (typical * 6))))
            writer.writerow(
                [
                    f"t{n}", name, created.isoformat(), first.isoformat(), "",
                    solved.isoformat(), "yes" if rng.random() < 0.06 else "",
                    rng.choice(ZONES) or "", "", f"person{rng.randrange(1, 200)}@example.com",
                    rng.choice(("", "", "5", "4", "2")), "billing" if n % 7 == 0 else "",
                ]
            )  # fmt: skip


def _database(kind: str, workdir: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{workdir / 'contacts.db'}"
    from app.db import make_engine

    base = os.environ.get("ROTA_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
    admin = make_engine(base).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS rota_contacts_bench WITH (FORCE)"))
        connection.execute(text("CREATE DATABASE rota_contacts_bench"))
    admin.dispose()
    return base.rsplit("/", 1)[0] + "/rota_contacts_bench"


def run(contacts: int, kind: str, workdir: Path) -> dict[str, object]:
    url = _database(kind, workdir)
    os.environ["ROTA_DATABASE_URL"] = url
    from sqlmodel import Session

    from app.db import make_engine
    from app.demand import outcomes
    from app.demand.contacts_import import import_contacts
    from app.migrate import upgrade

    export = workdir / "contacts.csv"
    generate(export, contacts)
    engine = make_engine(url)
    upgrade(engine, url)
    with Session(engine, expire_on_commit=False) as session, export.open(newline="") as lines:
        started = time.perf_counter()
        report = import_contacts(session, lines, "generic")
        session.commit()
        import_s = time.perf_counter() - started
    timings = []
    with Session(engine) as session:
        for _ in range(3):
            started = time.perf_counter()
            found = outcomes.report(session, START, START + timedelta(weeks=52))
            timings.append(time.perf_counter() - started)
    engine.dispose()
    return {
        "database": kind,
        "contacts": report.rows,
        "file_mb": round(export.stat().st_size / 1e6, 1),
        "import_s": round(import_s, 2),
        "rows_per_s": round(report.rows / import_s),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "report_year_s_median": round(statistics.median(timings), 3),
        "report_weeks": len(found["weeks"]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args(argv)
    os.environ.setdefault("ROTA_SECRET_KEY", "bench-" + "k" * 40)
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(run(args.contacts, args.database, Path(tmp))), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
