"""What the line achieves for customers, per week and channel and by who answered: time to
first response, to relief and to resolution (median and 90th percentile), reopen rate and
satisfaction. Each import recounts the weeks it touched into small tables (totals, and
histograms in 10 s steps under a minute, 1 min under an hour, 15 min under a day, 6 h
beyond); reports read those, so a year of a million contacts reports in well under a
second and percentiles are exact to one step."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import case, func, insert, literal
from sqlmodel import Session, col, delete, select

from app.db import insert_rows
from app.demand import slots
from app.demand.models import Contact, ContactTagWeek, ContactWait, ContactWeek
from app.people.models import Department, Employee
from app.schedules import store
from app.schedules.models import ScheduleTurn

METRICS = ("first_response_s", "relief_s", "resolution_s")
GROUPS = ("support", "rotator", "new_hire", "other")
GROUP_TEXT = {
    "support": "Support team",
    "rotator": "Rotators",
    "new_hire": "New hires with a mentor",
    "other": "Others or unassigned",
}
# (upper bound in seconds, step): buckets of that step up to the bound.
STEPS = ((60, 10), (3600, 60), (86_400, 900), (10**9, 21_600))


def _bucket(column: Any) -> Any:
    offset, start, cases = 0, 0, []
    for upper, step in STEPS:
        cases.append((column < upper, offset + (column - start) / step))
        offset += (upper - start) // step
        start = upper
    return case(*cases, else_=literal(offset))


def _bounds(bucket: int) -> tuple[float, float]:
    offset, start = 0, 0
    for upper, step in STEPS:
        count = (upper - start) // step
        if bucket < offset + count:
            low = start + (bucket - offset) * step
            return float(low), float(low + step)
        offset, start = offset + count, upper
    return float(start), float(start)


def percentile(histogram: dict[int, int], share: float) -> float | None:
    """Linear within the bucket holding the share-th contact."""
    total = sum(histogram.values())
    if total == 0:
        return None
    wanted, seen = share * total, 0
    for bucket in sorted(histogram):
        count = histogram[bucket]
        if seen + count >= wanted:
            low, high = _bounds(bucket)
            return low + (high - low) * ((wanted - seen) / count)
        seen += count
    return _bounds(max(histogram))[1]


@dataclass
class Cell:
    contacts: int = 0
    reopened: int = 0
    rated: int = 0
    satisfaction_sum: float = 0.0
    histograms: dict[str, dict[int, int]] = field(
        default_factory=lambda: {m: defaultdict(int) for m in METRICS}
    )

    def summary(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "contacts": self.contacts,
            "reopen_rate": self.reopened / self.contacts if self.contacts else None,
            "satisfaction": self.satisfaction_sum / self.rated if self.rated else None,
        }
        for metric in METRICS:
            found[f"{metric[:-2]}_median_s"] = percentile(self.histograms[metric], 0.5)
            found[f"{metric[:-2]}_p90_s"] = percentile(self.histograms[metric], 0.9)
        return found


def who_answered(session: Session) -> Callable[[int | None, date], str]:
    """Support team, new hire with a mentor, rotator or other, from the published schedule."""
    support = set(
        session.exec(
            select(Employee.id)
            .join(Department, col(Department.id) == Employee.department_id)
            .where(col(Department.is_support))
        ).all()
    )
    published = store.published(session)
    turns: dict[tuple[int, date], bool] = {}
    if published is not None:
        for employee_id, week, mentor in session.exec(
            select(
                ScheduleTurn.employee_id, ScheduleTurn.week_start, ScheduleTurn.with_mentor
            ).where(ScheduleTurn.schedule_id == published.id)  # type: ignore[call-overload]
        ).all():
            turns[(employee_id, week)] = mentor

    def group(assignee_id: int | None, week: date) -> str:
        if assignee_id is None:
            return "other"
        if assignee_id in support:
            return "support"
        mentor = turns.get((assignee_id, week))
        return "other" if mentor is None else ("new_hire" if mentor else "rotator")

    return group


def refresh(session: Session, weeks: set[date]) -> None:
    """Recount the weekly totals, histograms and half-hour counts of these weeks."""
    ordered = sorted(weeks)
    for start in range(0, len(ordered), 100):
        chunk = ordered[start : start + 100]
        for table in (ContactWeek, ContactWait):
            session.exec(delete(table).where(col(table.week).in_(chunk)))
        keys = (Contact.week, Contact.channel, Contact.answered_by)
        session.execute(
            insert(ContactWeek).from_select(
                ["week", "channel", "answered_by", "contacts", "reopened", "rated",
                 "satisfaction_sum"],
                select(  # type: ignore[call-overload]
                    *keys,
                    func.count(),
                    func.sum(case((col(Contact.reopened), 1), else_=0)),
                    func.count(col(Contact.satisfaction)),
                    func.coalesce(func.sum(col(Contact.satisfaction)), 0.0),
                )
                .where(col(Contact.week).in_(chunk))
                .group_by(*keys),
            )
        )  # fmt: skip
        for metric in METRICS:
            column = getattr(Contact, metric)
            bucket = _bucket(column)
            counts: dict[tuple[date, str, str], dict[str, int]] = defaultdict(dict)
            for week, channel, who, b, n in session.execute(
                select(*keys, bucket, func.count())  # type: ignore[call-overload]
                .where(col(Contact.week).in_(chunk), col(column).is_not(None))
                .group_by(*keys, bucket)
            ).all():
                counts[(week, channel, who)][str(int(b))] = n
            session.add_all(
                ContactWait(week=w, channel=c, answered_by=g, metric=metric, counts=found)
                for (w, c, g), found in counts.items()
            )
        slots.recount(session, chunk)
        _recount_tags(session, chunk)
    session.flush()


def _recount_tags(session: Session, weeks: list[date]) -> None:
    """Contacts per week × tag (tags are words of `Contact.tags`), with relief and resolution
    sums; read as columns in one pass, a contact counted under each of its tags."""
    session.exec(delete(ContactTagWeek).where(col(ContactTagWeek.week).in_(weeks)))
    totals: dict[tuple[date, str], list[float]] = defaultdict(lambda: [0, 0, 0.0, 0, 0.0])
    rows = session.execute(
        select(  # type: ignore[call-overload]
            Contact.week, Contact.tags, Contact.relief_s, Contact.resolution_s
        ).where(col(Contact.week).in_(weeks), col(Contact.tags) != "")
    )
    for week, tags, relief, resolution in rows:
        for tag in set(tags.split()):
            found = totals[(week, tag[:100])]
            found[0] += 1
            if relief is not None:
                found[1] += 1
                found[2] += relief
            if resolution is not None:
                found[3] += 1
                found[4] += resolution
    insert_rows(
        session,
        ContactTagWeek,
        [
            {
                "week": week,
                "tag": tag,
                "contacts": int(n),
                "relief_n": int(rn),
                "relief_sum": rs,
                "resolution_n": int(sn),
                "resolution_sum": ss,
            }
            for (week, tag), (n, rn, rs, sn, ss) in totals.items()
        ],
    )


def report(session: Session, first_week: date, last_week: date) -> dict[str, Any]:
    """{"weeks", "channels", "weekly": {(week, channel): …}, "groups": {(channel, who): …},
    "channel": {channel: …}} from the pre-counted tables, summed in the database."""
    weekly: dict[tuple[date, str], Cell] = defaultdict(Cell)
    groups: dict[tuple[str, str], Cell] = defaultdict(Cell)
    channels: dict[str, Cell] = defaultdict(Cell)
    in_range = (col(ContactWeek.week) >= first_week, col(ContactWeek.week) <= last_week)
    for row in session.exec(select(ContactWeek).where(*in_range)).all():
        for cell in (
            weekly[(row.week, row.channel)],
            groups[(row.channel, row.answered_by)],
            channels[row.channel],
        ):
            cell.contacts += row.contacts
            cell.reopened += row.reopened
            cell.rated += row.rated
            cell.satisfaction_sum += row.satisfaction_sum
    waits = (col(ContactWait.week) >= first_week, col(ContactWait.week) <= last_week)
    for wait in session.exec(select(ContactWait).where(*waits)).all():
        for cell in (
            weekly[(wait.week, wait.channel)],
            groups[(wait.channel, wait.answered_by)],
            channels[wait.channel],
        ):
            histogram = cell.histograms[wait.metric]
            for bucket, count in wait.counts.items():
                histogram[int(bucket)] += count
    return {
        "weeks": sorted({w for w, _ in weekly}),
        "channels": sorted(channels),
        "weekly": {key: cell.summary() for key, cell in weekly.items()},
        "groups": {key: cell.summary() for key, cell in groups.items()},
        "channel": {key: cell.summary() for key, cell in channels.items()},
    }
