"""Forecast and staffing benchmark: a year of half-hour demand for three channels (what a
million contacts leave in the demand counts), six shift templates in three zones, then the
forecast and the staffing advice for 52 weeks, and the customers' zone report.

    python -m bench.forecast_bench --database sqlite
    python -m bench.forecast_bench --database postgresql

Prints one JSON line with the median of --runs timings of each step.
"""

import argparse
import json
import math
import os
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from datetime import time as clock_time
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session

from app import clock
from app.coverage.models import Channel, CoverageNeed, ShiftTemplate
from app.db import make_engine
from app.demand.forecasting import demand_forecast
from app.demand.models import ContactSlot, ContactZone
from app.demand.zones import zone_report
from app.migrate import upgrade
from app.rules.models import RotationSettings
from app.staffing.recommend import advise

CHANNELS = {"phone": 0.35, "chat": 0.4, "email": 0.25}
ZONES = ("America/New_York", "Europe/Berlin", "Asia/Tokyo", "")
CONTACTS_A_YEAR = 1_000_000
FIRST_WEEK = date(2025, 12, 1)
SHIFTS = (
    ("NY morning", 8, 12, "America/New_York"),
    ("NY afternoon", 12, 16, "America/New_York"),
    ("NY evening", 16, 20, "America/New_York"),
    ("Berlin day", 9, 17, "Europe/Berlin"),
    ("Tokyo day", 9, 17, "Asia/Tokyo"),
    ("Sydney day", 9, 17, "Australia/Sydney"),
)


def _database(kind: str, workdir: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{workdir / 'forecast.db'}"
    base = os.environ.get("ROTA_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
    admin = make_engine(base).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS rota_forecast_bench WITH (FORCE)"))
        connection.execute(text("CREATE DATABASE rota_forecast_bench"))
    admin.dispose()
    return base.rsplit("/", 1)[0] + "/rota_forecast_bench"


def _seed(session: Session, rng: random.Random) -> None:
    session.add(RotationSettings(holiday_country="US", support_timezone="America/New_York"))
    channels = [Channel(name=name) for name in CHANNELS]
    shifts = [
        ShiftTemplate(
            name=name, start_time=clock_time(a), end_time=clock_time(b), timezone=zone,
            weekdays=[0, 1, 2, 3, 4],
        )
        for name, a, b, zone in SHIFTS
    ]  # fmt: skip
    session.add_all(channels + shifts)
    session.flush()
    session.add_all(
        CoverageNeed(channel_id=c.id, shift_template_id=s.id, min_people=2, max_people=6)
        for c in channels
        for s in shifts
    )
    per_week = CONTACTS_A_YEAR / 52
    slots, zones = [], []
    for w in range(52):
        week = FIRST_WEEK + timedelta(weeks=w)
        season = 1.5 if week.month == 12 else 1.0
        for slot in range(336):
            hour = slot % 48 / 2
            daytime = math.exp(-(((hour - 15) / 4) ** 2)) * (0.4 if slot >= 240 else 1.0)
            expected = per_week * season * daytime / 60
            for name, share in CHANNELS.items():
                count = max(0, round(rng.gauss(expected * share, math.sqrt(expected * share))))
                if count:
                    slots.append(ContactSlot(week=week, channel=name, slot=slot, contacts=count))
            for zone in ZONES:
                zones.append(
                    ContactZone(week=week, zone=zone, slot=slot, contacts=round(expected / 4))
                )
    session.add_all(slots + zones)
    session.commit()


def _median(step, runs: int) -> float:  # type: ignore[no-untyped-def]
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        step()
        timings.append(time.perf_counter() - started)
    return round(statistics.median(timings), 3)


def run(kind: str, workdir: Path, runs: int) -> dict[str, object]:
    url = _database(kind, workdir)
    os.environ["ROTA_DATABASE_URL"] = url
    engine = make_engine(url)
    upgrade(engine, url)
    with Session(engine, expire_on_commit=False) as session:
        _seed(session, random.Random(3))
    clock.today = lambda: FIRST_WEEK + timedelta(weeks=52, days=2)  # the history's end
    with Session(engine) as session:
        forecast_s = _median(lambda: demand_forecast(session, 52), runs)
        advice_s = _median(lambda: advise(session, 52), runs)
        zones_s = _median(lambda: zone_report(session, 13), runs)
        advice = advise(session, 52)
    engine.dispose()
    return {
        "database": kind,
        "history_weeks": 52,
        "horizon_weeks": 52,
        "contacts_a_year": CONTACTS_A_YEAR,
        "forecast_s_median": forecast_s,
        "forecast_and_staffing_s_median": advice_s,
        "zone_report_13_weeks_s_median": zones_s,
        "changes_advised": len(advice.changes),
        "runs": runs,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    os.environ.setdefault("ROTA_SECRET_KEY", "bench-" + "k" * 40)
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(run(args.database, Path(tmp), args.runs)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
