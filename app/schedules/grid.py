"""The rotation grid: people × weeks, filtered by department, name and week range, with each
department's load per week against its cap ("3 of 4 away"), as a page or a CSV file."""

import io
from collections.abc import Iterator
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
    total: int = 0  # people matching, on every page
    offset: int = 0
    limit: int = 0


PAGE = 100  # people per page of the grid; the CSV reads them in pages of CSV_PAGE
CSV_PAGE = 500


def grid(
    session: Session,
    schedule: Schedule,
    *,
    department_id: int | None = None,
    search: str = "",
    first: date | None = None,
    weeks: int | None = None,
    offset: int = 0,
    limit: int = PAGE,
) -> Grid:
    """One page of the people on the line at least once in the shown weeks (by department,
    then name), and every shown department's load. Only the page's turns are read."""
    end = store.horizon_end(schedule)
    start = store.opening_week(schedule, first, clock.today())
    left = (end - start).days // 7
    shown = [start + timedelta(weeks=i) for i in range(min(left, weeks or left))]
    on_line = col(Employee.id).in_(
        select(ScheduleTurn.employee_id).where(
            ScheduleTurn.schedule_id == schedule.id, col(ScheduleTurn.week_start).in_(shown)
        )
    )
    people = select(Employee, Department.name).outerjoin(
        Department, col(Department.id) == Employee.department_id
    )
    people = people.where(on_line)
    if department_id is not None:
        people = people.where(Employee.department_id == department_id)
    if search.strip():
        people = people.where(col(Employee.name).ilike(f"%{search.strip()}%"))
    total = session.exec(select(func.count()).select_from(people.subquery())).one()
    page = session.exec(
        people.order_by(func.coalesce(Department.name, ""), col(Employee.name), col(Employee.id))
        .offset(offset)
        .limit(limit)
    ).all()
    rows = {saved_id(e): GridRow(e, name or "") for e, name in page}
    for employee_id, week, days in session.exec(
        select(
            col(ScheduleTurn.employee_id), col(ScheduleTurn.week_start), col(ScheduleTurn.days)
        ).where(
            ScheduleTurn.schedule_id == schedule.id,
            col(ScheduleTurn.week_start).in_(shown),
            col(ScheduleTurn.employee_id).in_(list(rows) or [-1]),
        )
    ).all():
        rows[employee_id].weeks[week] = days
    return Grid(
        shown,
        list(rows.values()),
        _loads(session, schedule, shown, department_id),
        schedule.start,
        schedule.weeks,
        total,
        offset,
        limit,
    )


def _loads(
    session: Session, schedule: Schedule, shown: list[date], department_id: int | None
) -> list[DepartmentLoad]:
    """Each department's people on the line per shown week against its cap (counted in SQL)."""
    counted = (
        select(col(Employee.department_id), col(ScheduleTurn.week_start), func.count())
        .join(Employee, col(Employee.id) == ScheduleTurn.employee_id)
        .where(ScheduleTurn.schedule_id == schedule.id, col(ScheduleTurn.week_start).in_(shown))
        .group_by(col(Employee.department_id), col(ScheduleTurn.week_start))
    )
    away: dict[int, dict[date, int]] = {}
    for dept, week, n in session.exec(counted).all():
        away.setdefault(dept or 0, {})[week] = n
    headcounts = dict(
        session.exec(
            select(Employee.department_id, func.count())
            .where(Employee.active)
            .group_by(col(Employee.department_id))
        ).all()
    )
    departments = session.exec(select(Department).order_by(col(Department.name))).all()
    return [
        DepartmentLoad(
            d.name,
            department_cap(d.max_away_fraction, headcounts.get(d.id, 0)),
            d.is_support,
            away[saved_id(d)],
        )
        for d in departments
        if (department_id is None or d.id == department_id) and d.id in away
    ]


def csv_lines(pages: Iterator[Grid]) -> Iterator[str]:
    """One row per person, one column per week (days on the line; empty when not), written
    page by page so a company of any size streams in constant memory."""
    out = io.StringIO()
    writer = SpreadsheetWriter(out)
    for number, found in enumerate(pages):
        if number == 0:
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
        yield out.getvalue()
        out.seek(0)
        out.truncate()
