"""A year of realistic contact history for the demo company, imported through the same
importer as a help desk's export: three channels, customers in several zones calling in
their daytime, quieter weekends, US holidays and August, a year-end peak, a few reopens."""

import csv
import io
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
from sqlmodel import Session, col, select

from app.demand.contacts_import import ContactReport, import_contacts
from app.people.models import Department, Employee

HEADER = [
    "id", "channel", "created_at", "first_response_at", "relief_at", "solved_at", "reopened",
    "customer_timezone", "customer_country", "assignee_email", "satisfaction", "tags",
]  # fmt: skip
# (zone, country, share of customers)
CUSTOMERS = (
    ("America/New_York", "US", 0.35),
    ("America/Los_Angeles", "US", 0.15),
    ("Europe/Berlin", "DE", 0.2),
    ("Europe/London", "GB", 0.1),
    ("Asia/Tokyo", "JP", 0.1),
    ("Australia/Sydney", "AU", 0.1),
)
# (channel, share, typical first response s, typical resolution s)
CHANNELS = (("phone", 0.3, 40, 900), ("chat", 0.4, 90, 2400), ("email", 0.3, 5400, 86_400))
US_HOLIDAYS = holidays.country_holidays("US", years=range(2020, 2040))
TAGS = ("billing", "login", "shipping", "refund", "bug", "how-to", "")
# Fixes the demo's learnings shipped (demo_learnings: done, weeks ago → their tag): after
# each, customers ask about that tag less — the login and invoice fixes helped; the refund
# page fix did not.
FIXED = {"login": (17, 0.5), "billing": (19, 0.6), "refund": (14, 1.0)}


def _season(day: date) -> float:
    if day in US_HOLIDAYS:
        return 0.45  # most US customers are off
    if day.month == 12 and day.day >= 10:
        return 1.6  # the year-end peak
    if day.month == 8:
        return 0.75
    return 1.0


def _tag_weights(day: date, today: date) -> list[float]:
    this_week = today - timedelta(days=today.weekday())
    weights = []
    for tag in TAGS:
        weeks_ago, after = FIXED.get(tag, (0, 1.0))
        fixed = this_week - timedelta(weeks=weeks_ago)
        weights.append(after if weeks_ago and day >= fixed else 1.0)
    return weights


def _rows(today: date, per_weekday: int, agents: list[str], rng: random.Random) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    yield out.getvalue()
    out.seek(0)
    out.truncate()
    n = 0
    day = today - timedelta(days=364)
    while day < today:
        volume = per_weekday * _season(day) * (0.35 if day.weekday() >= 5 else 1.0)
        tag_weights = _tag_weights(day, today)
        for _ in range(int(rng.gauss(volume, volume * 0.08))):
            zone, country, _share = rng.choices(CUSTOMERS, weights=[c[2] for c in CUSTOMERS])[0]
            channel, _, first_s, solve_s = rng.choices(CHANNELS, weights=[c[1] for c in CHANNELS])[
                0
            ]
            local = datetime.combine(day, time(8), tzinfo=ZoneInfo(zone)) + timedelta(
                minutes=rng.triangular(0, 660, 240)
            )
            created = local.astimezone(UTC)
            first = created + timedelta(seconds=rng.expovariate(1 / first_s))
            solved = first + timedelta(seconds=rng.expovariate(1 / solve_s))
            reopened = rng.random() < 0.05
            rating = rng.choices(("", "5", "4", "3", "2", "1"), (55, 20, 12, 6, 4, 3))[0]
            writer.writerow(
                [
                    f"demo-{n}", channel, created.isoformat(timespec="seconds"),
                    first.isoformat(timespec="seconds"), "", solved.isoformat(timespec="seconds"),
                    "yes" if reopened else "", zone, country, rng.choice(agents), rating,
                    rng.choices(TAGS, tag_weights)[0],
                ]
            )  # fmt: skip
            n += 1
            yield out.getvalue()
            out.seek(0)
            out.truncate()
        day += timedelta(days=1)


def seed_history(
    session: Session, today: date, per_weekday: int = 90, seed: int = 11
) -> ContactReport:
    """Import a year of contacts answered mostly by the support team."""
    support = session.exec(
        select(Employee.email)
        .join(Department, col(Department.id) == Employee.department_id)
        .where(col(Department.is_support))
    ).all()
    others = session.exec(select(Employee.email).limit(20)).all()
    agents = list(support) * 4 + list(others) or ["unassigned@example.com"]
    rng = random.Random(seed)
    return import_contacts(session, _rows(today, per_weekday, agents, rng), "generic")
