"""The rotation grid: people × weeks, filtered by department, name and week range, with each
department's load per week against its cap ("3 of 4 away"), as a page or a CSV file."""

import io
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session, col, func, select

from app import clock
from app.csv_cells import SpreadsheetWriter
from app.db import saved_id
from app.people.models import Department, Employee
from app.schedules import store
from app.schedules.models import Schedule, ScheduleTurn
from solver.model import department_cap


@dataclass
class GridRow:
    employee: Employee
    department: str
    weeks: dict[date, int] = field(default_factory=dict)  # week → days on the line


@dataclass(frozen=True)
class DepartmentLoad:
    name: str
    cap: int
    support: bool
    away: dict[date, int]  # week → people of the department on the line


@dataclass(frozen=True)
class Grid:
    weeks: list[date]
    rows: list[GridRow]
    loads: list[DepartmentLoad]
    first: date
    total_weeks: int


def grid(
    session: Session,
    schedule: Schedule,
    *,
    department_id: int | None = None,
    search: str = "",
    first: date | None = None,
    weeks: int | None = None,
) -> Grid:
    """People on the line at least once in the shown weeks, and every department's load."""
    end = store.horizon_end(schedule)
    start = store.opening_week(schedule, first, clock.today())
    left = (end - start).days // 7
    shown = [start + timedelta(weeks=i) for i in range(min(left, weeks or left))]
    query = (
        select(ScheduleTurn, Employee)
        .join(Employee, col(Employee.id) == ScheduleTurn.employee_id)
        .where(ScheduleTurn.schedule_id == schedule.id)
        .where(col(ScheduleTurn.week_start).in_(shown))
    )
    if department_id is not None:
        query = query.where(Employee.department_id == department_id)
    if search.strip():
        query = query.where(col(Employee.name).ilike(f"%{search.strip()}%"))
    departments = {d.id: d for d in session.exec(select(Department)).all()}
    rows: dict[int, GridRow] = {}
    away: dict[int, dict[date, int]] = {}
    for turn, employee in session.exec(query).all():
        department = departments.get(employee.department_id)
        row = rows.setdefault(
            saved_id(employee), GridRow(employee, department.name if department else "")
        )
        row.weeks[turn.week_start] = turn.days
        by_week = away.setdefault(employee.department_id or 0, {})
        by_week[turn.week_start] = by_week.get(turn.week_start, 0) + 1
    headcounts = dict(
        session.exec(
            select(Employee.department_id, func.count())
            .where(Employee.active)
            .group_by(col(Employee.department_id))
        ).all()
    )
    loads = [
        DepartmentLoad(
            d.name,
            department_cap(d.max_away_fraction, headcounts.get(d.id, 0)),
            d.is_support,
            away.get(saved_id(d), {}),
        )
        for d in sorted(departments.values(), key=lambda d: d.name)
        if (department_id is None or d.id == department_id) and d.id in away
    ]
    ordered = sorted(rows.values(), key=lambda r: (r.department, r.employee.name))
    return Grid(shown, ordered, loads, schedule.start, schedule.weeks)


def as_csv(found: Grid) -> str:
    """One row per person, one column per week (days on the line; empty when not)."""
    out = io.StringIO()
    writer = SpreadsheetWriter(out)
    writer.writerow(["name", "email", "department", *[str(w) for w in found.weeks]])
    for row in found.rows:
        writer.writerow(
            [
                row.employee.name,
                row.employee.email,
                row.department,
                *[row.weeks.get(w, "") for w in found.weeks],
            ]
        )
    return out.getvalue()
