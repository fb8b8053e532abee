"""A month of time off at a glance: one row per person away that month, one column per day,
with weekends and each person's own public holidays marked, and how many are away each day."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from app.db import saved_id
from app.people.models import Department, Employee
from app.people.public_holidays import HolidayCalendars
from app.people.service import time_off_query


@dataclass(frozen=True)
class Cell:
    kind: str  # away | holiday | weekend | "" (a working day)
    note: str = ""  # the reason for time off, the holiday's word


@dataclass(frozen=True)
class Row:
    employee_id: int
    name: str
    department: str
    cells: list[Cell]

    @property
    def days_away(self) -> int:
        return sum(1 for c in self.cells if c.kind == "away")


@dataclass(frozen=True)
class MonthCalendar:
    month: date  # the first of the month
    days: list[date]
    rows: list[Row]
    away_per_day: list[int]

    @property
    def previous(self) -> date:
        return (self.month - timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> date:
        return (self.month + timedelta(days=32)).replace(day=1)


def month_calendar(
    *,
    session: Session,
    month: date,
    department_id: int | None,
    line_country: str | None,
    line_subdivision: str | None,
) -> MonthCalendar:
    first = month.replace(day=1)
    end = (first + timedelta(days=32)).replace(day=1)
    days = [first + timedelta(days=k) for k in range((end - first).days)]
    stretches = session.exec(
        time_off_query(
            department_id=department_id, overlapping_from=first, overlapping_to=end - timedelta(1)
        )
    ).all()
    away: dict[int, dict[date, str]] = defaultdict(dict)
    for stretch in stretches:
        day = max(stretch.first_day, first)
        while day <= min(stretch.last_day, end - timedelta(days=1)):
            away[stretch.employee_id][day] = stretch.reason or "Time off"
            day += timedelta(days=1)
    people = session.exec(select(Employee).where(col(Employee.id).in_(list(away) or [-1]))).all()
    departments = {d.id: d.name for d in session.exec(select(Department)).all()}
    calendars = HolidayCalendars(line_country, line_subdivision, first, end)
    rows = []
    for person in sorted(people, key=lambda e: (departments.get(e.department_id, ""), e.name)):
        holidays = calendars.of(person.holiday_country, person.holiday_subdivision)
        mine = away[saved_id(person)]
        cells = [
            Cell("away", mine[d])
            if d in mine
            else Cell("holiday", "Public holiday")
            if d in holidays
            else Cell("weekend")
            if d.weekday() >= 5
            else Cell("")
            for d in days
        ]
        rows.append(
            Row(saved_id(person), person.name, departments.get(person.department_id, ""), cells)
        )
    per_day = [sum(1 for r in rows if r.cells[i].kind == "away") for i in range(len(days))]
    return MonthCalendar(first, days, rows, per_day)
