"""Insights: learnings added up so that departments see what customers run into most."""

import io
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from app.csv_cells import SpreadsheetWriter
from app.db import saved_id
from app.learning.growth import finished_blocks
from app.learning.models import CATEGORY_LABELS, Category, Learning, LearningStatus
from app.people.models import Department, Employee


@dataclass
class Insight:
    """One learning and everything merged into it."""

    root: Learning
    members: list[Learning] = field(default_factory=list)

    @property
    def customers(self) -> int:
        return sum(x.customers_affected for x in self.members)

    @property
    def open(self) -> bool:
        return self.root.status != LearningStatus.done.value


def insights(learnings: list[Learning]) -> list[Insight]:
    by_id = {x.id: Insight(x) for x in learnings if x.merged_into_id is None}
    for x in learnings:
        group = by_id.get(x.merged_into_id if x.merged_into_id is not None else x.id)
        if group is not None:
            group.members.append(x)
    return list(by_id.values())


def _days_waiting(learning: Learning, today: date) -> int:
    return max(0, (today - learning.created_at.date()).days)


def _group_rows(groups: dict[str, list[Insight]], today: date) -> list[dict[str, Any]]:
    rows = []
    for key, items in groups.items():
        waiting = [_days_waiting(i.root, today) for i in items if i.open]
        rows.append(
            {
                "name": key,
                "insights": len(items),
                "learnings": sum(len(i.members) for i in items),
                "customers": sum(i.customers for i in items),
                "open": len(waiting),
                "oldest_open_days": max(waiting, default=None),
                "median_open_days": statistics.median(waiting) if waiting else None,
            }
        )
    return sorted(rows, key=lambda r: (-r["customers"], r["name"]))


def summary(
    *, session: Session, today: date, departments: set[int] | None = None
) -> dict[str, Any]:
    """Top pain points, by department, by product area, by month, rotation share, open items."""
    query = select(Learning)
    if departments is not None:
        query = query.where(col(Learning.department_id).in_(departments or {-1}))
    learnings = list(session.exec(query).all())
    dept_names = {d.id: d.name for d in session.exec(select(Department)).all()}
    groups = insights(learnings)

    top = sorted(
        (g for g in groups if g.root.category == Category.pain_point.value),
        key=lambda g: (-g.customers, saved_id(g.root)),
    )[:10]
    by_department: dict[str, list[Insight]] = defaultdict(list)
    by_area: dict[str, list[Insight]] = defaultdict(list)
    for g in groups:
        by_department[dept_names.get(g.root.department_id, "?")].append(g)
        by_area[g.root.product_area or "(none)"].append(g)
    months: dict[str, dict[str, int]] = defaultdict(lambda: {"learnings": 0, "customers": 0})
    for x in learnings:
        bucket = months[f"{x.created_at:%Y-%m}"]
        bucket["learnings"] += 1
        bucket["customers"] += x.customers_affected

    blocks = finished_blocks(session=session, today=today)
    logged: dict[int, list[date]] = defaultdict(list)
    for x in session.exec(select(Learning).where(col(Learning.week_start).is_not(None))).all():
        if x.week_start is not None:
            logged[x.employee_id].append(x.week_start)
    with_learning = sum(1 for b in blocks if any(b.holds(w) for w in logged.get(b.employee_id, [])))
    return {
        "total_learnings": len(learnings),
        "total_insights": len(groups),
        "customers": sum(x.customers_affected for x in learnings),
        "top_pain_points": [
            {
                "id": g.root.id,
                "summary": g.root.summary,
                "department": dept_names.get(g.root.department_id, "?"),
                "product_area": g.root.product_area,
                "customers": g.customers,
                "learnings": len(g.members),
                "status": g.root.status,
            }
            for g in top
        ],
        "by_department": _group_rows(by_department, today),
        "by_product_area": _group_rows(by_area, today),
        "by_month": [{"month": m, **v} for m, v in sorted(months.items())],
        "rotations": {
            "finished": len(blocks),
            "with_learning": with_learning,
            "share": round(with_learning / len(blocks), 4) if blocks else None,
        },
    }


CSV_COLUMNS = [
    "id",
    "created_at",
    "employee",
    "employee_email",
    "week_start",
    "category",
    "product_area",
    "department",
    "customers_affected",
    "summary",
    "customer_quote",
    "status",
    "status_changed_at",
    "merged_into_id",
]


def export_csv(*, session: Session, learnings: list[Learning]) -> str:
    employees = {
        e.id: e
        for e in session.exec(
            select(Employee).where(col(Employee.id).in_({x.employee_id for x in learnings} or {-1}))
        ).all()
    }
    departments = {d.id: d.name for d in session.exec(select(Department)).all()}
    out = io.StringIO()
    writer = SpreadsheetWriter(out)
    writer.writerow(CSV_COLUMNS)
    for x in learnings:
        person = employees.get(x.employee_id)
        writer.writerow(
            (
                x.id,
                x.created_at.isoformat(),
                person.name if person else "",
                person.email if person else "",
                x.week_start,
                CATEGORY_LABELS.get(Category(x.category), x.category),
                x.product_area,
                departments.get(x.department_id, ""),
                x.customers_affected,
                x.summary,
                x.customer_quote,
                x.status,
                x.status_changed_at.isoformat() if x.status_changed_at else "",
                x.merged_into_id,
            )
        )
    return out.getvalue()
