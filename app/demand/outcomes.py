"""What the line achieves for customers, per week and channel and by who answered: time to
first response, to relief and to resolution (median and 90th percentile), reopen rate and
satisfaction. Percentiles come from histograms the database counts (10 s steps under a
minute, 1 min under an hour, 15 min under a day, 6 h beyond), so a year of contacts is read
once in aggregate and never row by row."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, literal
from sqlmodel import Session, col, select

from app.demand.models import Contact
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


def _who(session: Session) -> Any:
    """Support team, rotator or new hire with a mentor, from the published schedule."""
    published = store.published(session)
    support = select(Employee.id).join(Department, col(Department.id) == Employee.department_id)
    support = support.where(col(Department.is_support))
    turn = select(  # type: ignore[call-overload]
        ScheduleTurn.employee_id, ScheduleTurn.week_start, ScheduleTurn.with_mentor
    )
    turn = turn.where(ScheduleTurn.schedule_id == (published.id if published else -1)).subquery()
    group = case(
        (col(Contact.assignee_id).in_(support), literal("support")),
        (turn.c.with_mentor.is_(True), literal("new_hire")),
        (turn.c.employee_id.is_not(None), literal("rotator")),
        else_=literal("other"),
    )
    join = and_(turn.c.employee_id == Contact.assignee_id, turn.c.week_start == Contact.week)
    return group, turn, join


def report(session: Session, first_week: date, last_week: date) -> dict[str, Any]:
    """{"weeks": [...], "channels": [...], "cells": {(week, channel, group): summary}}."""
    group, turn, join = _who(session)
    base = [col(Contact.week) >= first_week, col(Contact.week) <= last_week]
    cells: dict[tuple[date, str, str], Cell] = defaultdict(Cell)
    totals = session.exec(
        select(  # type: ignore[call-overload]
            Contact.week,
            Contact.channel,
            group,
            func.count(),
            func.sum(case((col(Contact.reopened), 1), else_=0)),
            func.count(col(Contact.satisfaction)),
            func.sum(col(Contact.satisfaction)),
        )
        .select_from(Contact)
        .outerjoin(turn, join)
        .where(*base)
        .group_by(Contact.week, Contact.channel, group)
    ).all()
    for week, channel, who, count, reopened, rated, satisfied in totals:
        cell = cells[(week, channel, who)]
        cell.contacts, cell.reopened = count, int(reopened or 0)
        cell.rated, cell.satisfaction_sum = rated, float(satisfied or 0)
    for metric in METRICS:
        column = getattr(Contact, metric)
        bucket = _bucket(column)
        rows = session.exec(
            select(Contact.week, Contact.channel, group, bucket, func.count())  # type: ignore[call-overload]
            .select_from(Contact)
            .outerjoin(turn, join)
            .where(*base, col(column).is_not(None))
            .group_by(Contact.week, Contact.channel, group, bucket)
        ).all()
        for week, channel, who, b, count in rows:
            cells[(week, channel, who)].histograms[metric][int(b)] += count
    return _rollup(cells)


def _rollup(cells: dict[tuple[date, str, str], Cell]) -> dict[str, Any]:
    """Per week × channel, per group over the range, and per channel over the range."""
    by_week: dict[tuple[date, str], Cell] = defaultdict(Cell)
    by_group: dict[tuple[str, str], Cell] = defaultdict(Cell)
    by_channel: dict[str, Cell] = defaultdict(Cell)
    for (week, channel, who), cell in cells.items():
        for target in (by_week[(week, channel)], by_group[(channel, who)], by_channel[channel]):
            target.contacts += cell.contacts
            target.reopened += cell.reopened
            target.rated += cell.rated
            target.satisfaction_sum += cell.satisfaction_sum
            for metric in METRICS:
                for b, n in cell.histograms[metric].items():
                    target.histograms[metric][b] += n
    weeks = sorted({w for w, _ in by_week})
    channels = sorted(by_channel)
    return {
        "weeks": weeks,
        "channels": channels,
        "weekly": {key: cell.summary() for key, cell in by_week.items()},
        "groups": {key: cell.summary() for key, cell in by_group.items()},
        "channel": {key: cell.summary() for key, cell in by_channel.items()},
    }
