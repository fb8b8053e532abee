"""Bulk import of employees from an HRIS CSV export: all rows or none, re-import updates."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, col, func, select

from app import audit, clock, events
from app.auth import ladder
from app.clock import utcnow
from app.db import saved_id
from app.errors import Invalid
from app.events import DepartmentMoved, EmployeeDeactivated, EmployeesCreated, ScheduleChanged
from app.people import moves
from app.people.models import Department, DepartmentCreate, Employee, EmployeeCreate
from app.people.service import announce_leaving
from app.people.working_week import hours_problem

# HRIS exports name the same column many ways; map the usual spellings to our fields.
HEADER_ALIASES: dict[str, str] = {
    "name": "name",
    "full name": "name",
    "full_name": "name",
    "employee name": "name",
    "first name": "first_name",
    "first_name": "first_name",
    "given name": "first_name",
    "last name": "last_name",
    "last_name": "last_name",
    "surname": "last_name",
    "family name": "last_name",
    "email": "email",
    "work email": "email",
    "work_email": "email",
    "e-mail": "email",
    "department": "department",
    "department name": "department",
    "team": "department",
    "title": "title",
    "job title": "title",
    "job_title": "title",
    "hire date": "hire_date",
    "hire_date": "hire_date",
    "start date": "hire_date",
    "start_date": "hire_date",
    "is_executive": "is_executive",
    "executive": "is_executive",
    "timezone": "timezone",
    "time zone": "timezone",
    "work_start": "work_start",
    "work start": "work_start",
    "work_end": "work_end",
    "work end": "work_end",
    "workdays": "workdays",
    "working days": "workdays",
    "work week": "workdays",
    "day_hours": "day_hours",
    "hours by weekday": "day_hours",
    "preferred_hours": "preferred_hours",
    "preferred hours": "preferred_hours",
    "avoided_hours": "avoided_hours",
    "hours to avoid": "avoided_hours",
    "last_day": "last_day",
    "last day": "last_day",
    "leaving date": "last_day",
    "termination date": "last_day",
    "moves_to": "moves_to",
    "moves to": "moves_to",
    "new department": "moves_to",
    "moves_on": "moves_on",
    "moves on": "moves_on",
    "move date": "moves_on",
    "skills": "skills",
    "languages": "skills",
    "active": "active",
    "status": "active",
}
REQUIRED = ("email", "department", "hire_date")
TRUE = {"1", "true", "yes", "y", "x", "active", "t"}
FALSE = {"0", "false", "no", "n", "", "inactive", "terminated", "f"}
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%d.%m.%Y", "%Y/%m/%d")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    departments_created: list[str] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    rows: int = 0


class RowError(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


def _parse_date(value: str, column: str) -> date:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    raise RowError(column, f"{value!r} is not a date (use YYYY-MM-DD)")


def _parse_bool(value: str, column: str) -> bool:
    lowered = value.strip().lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise RowError(column, f"{value!r} is not yes/no")


def _parse_time(value: str, column: str) -> time:
    try:
        return time.fromisoformat(value.strip())
    except ValueError as exc:
        raise RowError(column, f"{value!r} is not a time such as 09:00") from exc


def _read_rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    if not reader.fieldnames:
        raise Invalid("The CSV file is empty: it needs a header row.", field="file")
    mapped = [HEADER_ALIASES.get(h.strip().lower(), "") for h in reader.fieldnames]
    has_name = "name" in mapped or ("first_name" in mapped and "last_name" in mapped)
    missing = [c for c in REQUIRED if c not in mapped] + ([] if has_name else ["name"])
    if missing:
        raise Invalid(
            f"The CSV header lacks required column(s): {', '.join(missing)}.",
            errors=[
                {"field": "file", "row": 1, "column": c, "message": "missing"} for c in missing
            ],
        )
    rows = []
    try:
        raws = list(reader)
    except csv.Error as exc:  # e.g. a field past the csv module's 131,072-character limit
        raise Invalid(
            f"Line {reader.line_num} cannot be read: {exc}.",
            errors=[{"field": "file", "row": reader.line_num, "message": str(exc)}],
        ) from exc
    for raw in raws:
        row = {}
        for header, value in raw.items():
            if header is None:
                continue
            key = HEADER_ALIASES.get(header.strip().lower())
            if key:
                row[key] = (value or "").strip()
        rows.append(row)
    return mapped, rows


def _row_to_values(row: dict[str, str]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The row's values for EmployeeCreate, and every column that cannot be read (each is
    left out of the values, so the schema reports only what is wrong besides)."""
    problems: list[tuple[str, str]] = []
    name = row.get("name") or " ".join(
        p for p in (row.get("first_name", ""), row.get("last_name", "")) if p
    )
    values: dict[str, Any] = {"name": name, "email": row.get("email", ""), "department_id": 0}
    parsers = {
        "hire_date": _parse_date,
        "is_executive": _parse_bool,
        "work_start": _parse_time,
        "work_end": _parse_time,
        "active": _parse_bool,
        "last_day": _parse_date,
        "moves_on": _parse_date,
    }
    for column, parse in parsers.items():
        given = row.get(column)
        if given is None or (given == "" and parse is not _parse_bool):
            continue  # a blank keeps the default; a blank yes/no reads as no
        try:
            values[column] = parse(given, column)
        except RowError as exc:
            problems.append((exc.column, exc.message))
    for column in (
        "title",
        "timezone",
        "workdays",
        "day_hours",
        "preferred_hours",
        "avoided_hours",
    ):
        if row.get(column):
            values[column] = row[column]
    if row.get("skills") is not None:
        values["skills"] = [s for s in row["skills"].replace(",", ";").split(";") if s.strip()]
    return values, problems


def import_employees(*, session: Session, text: str, dry_run: bool = False) -> ImportReport:
    """Validate every row first; write nothing unless all rows are good."""
    _, rows = _read_rows(text)
    report = ImportReport(rows=len(rows))
    departments = {d.name.lower(): d for d in session.exec(select(Department)).all()}
    new_departments: dict[str, Department] = {}
    seen_emails: dict[str, int] = {}
    validated: list[tuple[str, str, EmployeeCreate]] = []

    def named(name: str) -> str | None:
        """The department a cell names (made with the import when new), or its problem."""
        key = name.lower()
        if key not in departments and key not in new_departments:
            # The same schema as POST /departments: nothing is stored that a read can't serve.
            try:
                checked = DepartmentCreate.model_validate({"name": name})
                new_departments[key] = Department.model_validate(checked)
            except ValidationError as exc:
                return exc.errors()[0]["msg"]
        return None

    for line, row in enumerate(rows, start=2):  # line 1 is the header
        # Every problem of the row is listed, not only the first: HR fixes a file in one go.
        problems: list[tuple[str, str]] = []
        dept_name = row.get("department", "").strip()
        key = dept_name.lower()
        wrong_name = named(dept_name) if dept_name else "department is empty"
        if wrong_name:
            problems.append(("department", wrong_name))
        move_name = row.get("moves_to", "").strip()
        move_key = move_name.lower()
        if move_name:
            wrong_name = named(move_name)
            if wrong_name:
                problems.append(("moves_to", wrong_name))
            elif move_key == key:
                problems.append(("moves_to", "they are in that department already"))
            elif not row.get("moves_on"):
                problems.append(("moves_on", "say from which day the move takes effect"))
        elif row.get("moves_on"):
            problems.append(("moves_to", "say which department they move to"))
        values, unreadable = _row_to_values(row)
        problems += unreadable
        data: EmployeeCreate | None = None
        try:
            data = EmployeeCreate.model_validate(values)
        except ValidationError as exc:
            failed = {column for column, _ in problems}
            for err in exc.errors():
                column = ".".join(str(p) for p in err["loc"]) or "row"
                if column not in failed:
                    problems.append((column, err["msg"]))
        hours = (
            (data.work_start, data.work_end)
            if data is not None
            else (values.get("work_start"), values.get("work_end"))
        )
        start, end = hours
        wrong = hours_problem(start, end) if start is not None and end is not None else None
        if wrong is not None:
            problems.append(("work_end", wrong))
        email = data.email if data is not None else row.get("email", "").strip().lower()
        if email and email in seen_emails:
            problems.append(("email", f"{email} already appears on line {seen_emails[email]}"))
        elif email:
            seen_emails[email] = line
        report.errors += [{"row": line, "field": c, "message": m} for c, m in problems]
        if data is not None and not problems:
            validated.append((key, move_key, data))

    # A new record may not take the email of an HR or admin login (`ladder`).
    taken = ladder.privileged_emails(session, list(seen_emails))
    if taken:
        known = session.exec(select(Employee.email).where(col(Employee.email).in_(list(taken))))
        for email in sorted(set(taken) - set(known.all())):
            report.errors.append(
                {
                    "row": seen_emails[email],
                    "field": "email",
                    "message": f"{email} belongs to a login with the {taken[email]} role; "
                    "only an admin can give it to an employee record",
                }
            )
    if report.errors:
        report.errors.sort(key=lambda e: e["row"])
        raise Invalid(
            f"{len(report.errors)} problem(s) in {len({e['row'] for e in report.errors})} row(s); "
            "nothing was imported.",
            errors=report.errors,
        )

    report.departments_created = sorted(d.name for d in new_departments.values())
    existing = {
        e.email: e
        for e in session.exec(
            select(Employee).where(func.lower(Employee.email).in_(list(seen_emails)))
        ).all()
    }
    with audit.as_one(session):  # one entry for the import, below, not one per row
        _write(session, report, validated, existing, departments, new_departments, dry_run)
    if not dry_run:
        audit.record_import(
            session,
            "employee",
            {
                "rows": report.rows,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "departments_created": report.departments_created,
            },
        )
    return report


def _write(
    session: Session,
    report: ImportReport,
    validated: list[tuple[str, str, EmployeeCreate]],
    existing: dict[str, Employee],
    departments: dict[str, Department],
    new_departments: dict[str, Department],
    dry_run: bool,
) -> None:
    if not dry_run:
        session.add_all(new_departments.values())
        session.flush()
    departments.update(new_departments)

    changed: set[int] = set()
    leaving: set[int] = set()
    created: list[Employee] = []
    moved: list[DepartmentMoved] = []
    today = clock.today()
    for key, move_key, data in validated:
        current = existing.get(data.email)
        given = {"department_id": departments[key].id}
        if move_key:
            given["moves_to_department_id"] = departments[move_key].id
        if current is None:
            report.created += 1
            if not dry_run:
                values = data.model_dump() | given
                moves.settle(values, today)  # a move already due: they start there
                created.append(Employee(**values))
                session.add(created[-1])
            continue
        # Columns the file leaves out keep their current values.
        values = data.model_dump(exclude_unset=True) | given
        moved_on = moves.settle(values, today)  # dated today or earlier: made at once
        if moved_on is not None:
            moved.append(
                DepartmentMoved(
                    saved_id(current), current.department_id, values["department_id"], moved_on
                )
            )
        changes = {k: v for k, v in values.items() if getattr(current, k) != v}
        if not changes:
            report.unchanged += 1
            continue
        report.updated += 1
        if not dry_run:
            if current.active and changes.get("active") is False:
                leaving.add(saved_id(current))
            announce_leaving(session, current, changes)
            current.sqlmodel_update(changes)
            current.updated_at = utcnow()
            session.add(current)
            changed.add(saved_id(current))
    session.flush()
    # Feeds, swaps and access follow an import as they follow an edit in the API.
    if changed:
        events.emit(session, ScheduleChanged.for_people(changed, reason="import"))
    for employee_id in sorted(leaving):
        events.emit(session, EmployeeDeactivated(employee_id))
    for move in moved if not dry_run else []:
        if move.from_department_id != move.to_department_id:
            events.emit(session, move)
    if created:
        events.emit(session, EmployeesCreated(tuple(saved_id(e) for e in created)))
