"""Contact history from help-desk CSV exports: streamed row by row (a million rows never sit
in memory), idempotent by the help desk's id, all rows or none: any bad row fails the whole
file with every problem listed, and nothing is written."""

import csv
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, func, select, update

from app import audit
from app.db import table_of
from app.demand import formats, outcomes
from app.demand.formats import FORMATS
from app.demand.models import Contact
from app.demand.uploads import UndecodableLine
from app.errors import Invalid
from app.people.models import Employee
from app.validation import normalize_email

BATCH = 5000
MAX_LISTED = 200  # problems listed in full; the count covers the rest
UPDATABLE = [
    c.name for c in table_of(Contact).columns if c.name not in ("id", "source", "external_id")
]


@dataclass
class ContactReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    problems: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    channels: dict[str, int] = field(default_factory=dict)


class RowProblem(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column, self.message = column, message


MAX_CELL = 10_000  # characters in one cell; an export's longest text (a subject) is far less


def _parse(cells: list[str], columns: dict[int, str]) -> dict[str, str]:
    for index, name in columns.items():
        if index < len(cells) and len(cells[index]) > MAX_CELL:
            raise RowProblem(name, f"is longer than {MAX_CELL:,} characters")
    return {name: cells[index] for index, name in columns.items() if index < len(cells)}


def _unreadable(exc: Exception, line: int, headers: list[str]) -> Invalid:
    """Bytes that are not UTF-8, or a line the CSV reader gives up on, as a 422 naming the
    line and, where it can be told, the column. `line` is the last line the reader took."""
    if isinstance(exc, UndecodableLine):
        cells = next(csv.reader([exc.text]), [])
        index = next((i for i, c in enumerate(cells) if "\ufffd" in c), None)
        column = headers[index] if index is not None and index < len(headers) else "file"
        message = (
            f"bytes {exc.bad!r} are not UTF-8 (the file looks like Latin-1 or Windows-1252); "
            "export it as CSV in UTF-8"
        )
        line = exc.line
    else:
        column = "file"
        message = f"the CSV cannot be read ({exc})"
        if isinstance(exc, UnicodeDecodeError):  # a text file (the command line): not UTF-8
            line, message = line + 1, "bytes that are not UTF-8; export it as CSV in UTF-8"
    return Invalid(
        f"Line {line}, column {column}: {message}.",
        errors=[{"field": f"line {line}: {column}", "message": message}],
    )


def _row(
    raw: dict[str, str], source: str, staff: dict[str, int | None], who: Callable[..., str]
) -> dict[str, Any]:
    def need(name: str) -> str:
        value = raw.get(name, "").strip()
        if not value:
            raise RowProblem(name, "is required")
        return value

    def read(name: str, reader: Any) -> Any:
        value = raw.get(name, "")
        if not value.strip():
            return None
        try:
            return reader(value)
        except ValueError as exc:
            raise RowProblem(name, f"{value[:40]!r} {exc}") from exc

    external_id = need("id")[:100]
    created: datetime = read("created_at", formats.instant)
    if created is None:
        raise RowProblem("created_at", "is required")
    first = read("first_response_at", formats.instant)
    solved = read("solved_at", formats.instant)
    if first is None and raw.get("first_response_minutes", "").strip():
        first = read("first_response_minutes", lambda v: formats.after(created, v, 60))
    if first is None and raw.get("first_response_hours", "").strip():
        first = read("first_response_hours", lambda v: formats.after(created, v, 3600))
    if solved is None and raw.get("resolution_minutes", "").strip():
        solved = read("resolution_minutes", lambda v: formats.after(created, v, 60))
    if solved is None and raw.get("resolution_hours", "").strip():
        solved = read("resolution_hours", lambda v: formats.after(created, v, 3600))
    relief = read("relief_at", formats.instant) or solved
    for name, moment in (
        ("first_response_at", first),
        ("relief_at", relief),
        ("solved_at", solved),
    ):
        if moment is not None and moment < created:
            raise RowProblem(name, "is before created_at")
    given = raw.get("assignee_email", "").strip()
    email = normalize_email(given) if given else None
    country = raw.get("customer_country", "").strip().upper() or None
    if country is not None and (len(country) != 2 or not country.isalpha()):
        raise RowProblem("customer_country", "must be a two-letter ISO country code")

    week = (created - timedelta(days=created.weekday())).date()
    assignee = staff.get(email) if email else None

    def seconds(moment: datetime | None) -> int | None:
        return int((moment - created).total_seconds()) if moment is not None else None

    return {
        "source": source,
        "external_id": external_id,
        "channel": read("channel", formats.channel) or "email",
        "created_at": created,
        "week": week,
        "slot": formats.slot_of_week(created),
        "first_response_at": first,
        "relief_at": relief,
        "solved_at": solved,
        "first_response_s": seconds(first),
        "relief_s": seconds(relief),
        "resolution_s": seconds(solved),
        "reopened": bool(read("reopened", formats.reopened)),
        "customer_timezone": (raw.get("customer_timezone", "").strip() or None),
        "customer_country": country,
        "assignee_email": email,
        "assignee_id": assignee,
        "satisfaction": read("satisfaction", formats.satisfaction),
        "tags": " ".join(raw.get("tags", "").replace(",", " ").split())[:1000],
        "answered_by": who(assignee, week),
    }


def _write(session: Session, rows: dict[str, dict[str, Any]]) -> None:
    """Upsert a batch; an updated row remembers the week it was in (see import_contacts)."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(Contact)
    changes = {name: statement.excluded[name] for name in UPDATABLE if name != "moved_from_week"}
    statement = statement.on_conflict_do_update(
        index_elements=["source", "external_id"],
        set_={**changes, "moved_from_week": table_of(Contact).c.week},
    )
    session.execute(statement, list(rows.values()))


class _Stage:
    """PostgreSQL's fast path: rows stream into a temporary table with COPY, then one upsert
    moves them (the last of each id) into contact. Same transaction, same result."""

    COLUMNS = ["source", "external_id", *[n for n in UPDATABLE if n != "moved_from_week"]]

    def __init__(self, session: Session) -> None:
        self.connection = session.connection()
        self.table = f"contact_stage_{secrets.token_hex(4)}"  # several imports, one transaction
        self.connection.exec_driver_sql(
            f"CREATE TEMP TABLE {self.table} (LIKE contact EXCLUDING ALL) ON COMMIT DROP"
        )
        self.connection.exec_driver_sql(
            f"ALTER TABLE {self.table} DROP COLUMN id, ADD COLUMN seq bigserial"
        )

    def add(self, rows: dict[str, dict[str, Any]]) -> None:
        raw = self.connection.connection.driver_connection
        names = ", ".join(self.COLUMNS)
        statement = f"COPY {self.table} ({names}) FROM STDIN"
        with raw.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
            for row in rows.values():
                copy.write_row([row[name] for name in self.COLUMNS])

    def finish(self) -> int:
        names = ", ".join(self.COLUMNS)
        updates = ", ".join(f"{n} = EXCLUDED.{n}" for n in self.COLUMNS[2:])
        result = self.connection.exec_driver_sql(
            f"INSERT INTO contact ({names}) "
            f"SELECT DISTINCT ON (source, external_id) {names} FROM {self.table} "
            "ORDER BY source, external_id, seq DESC "
            "ON CONFLICT (source, external_id) DO UPDATE SET "
            f"{updates}, moved_from_week = contact.week"
        )
        self.connection.exec_driver_sql(f"DROP TABLE {self.table}")
        return result.rowcount


def _rows(reader: Any, headers: list[str]) -> Iterator[tuple[int, list[str]]]:
    """The data rows with their line numbers; unreadable bytes or CSV end the import."""
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except (UndecodableLine, UnicodeDecodeError, csv.Error) as exc:
            raise _unreadable(exc, reader.line_num, headers) from exc
        line += 1
        yield line, cells


def _count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Contact)).one()


def import_contacts(
    session: Session, lines: Iterable[str], kind: str = "generic", dry_run: bool = False
) -> ContactReport:
    """Read an export row by row; write in batches inside the caller's transaction. Raises
    Invalid (with every problem) when any row is wrong, so the caller's rollback leaves
    nothing behind."""
    if kind not in FORMATS:
        raise Invalid(f"Unknown format {kind!r}; use one of {', '.join(FORMATS)}.", field="format")
    reader = csv.reader(lines)
    try:
        headers = next(reader, None)
    except (UndecodableLine, UnicodeDecodeError, csv.Error) as exc:
        raise _unreadable(exc, reader.line_num, []) from exc
    if headers is None:
        raise Invalid("The file is empty.", field="file")
    columns = formats.header_map(kind, headers)
    missing = [n for n in ("id", "created_at") if n not in columns.values()]
    if missing:
        raise Invalid(
            f"No {' or '.join(missing)} column: a {kind} export needs "
            + ", ".join(k for k, v in {**formats.GENERIC, **FORMATS[kind]}.items() if v in missing),
            field="file",
        )
    staff = {e: i for i, e in session.exec(select(Employee.id, Employee.email)).all()}
    report = ContactReport()
    before = _count(session)
    written = 0
    who = outcomes.who_answered(session)
    weeks: set[Any] = set()
    batch: dict[str, dict[str, Any]] = {}
    stage = _Stage(session) if session.get_bind().dialect.name == "postgresql" else None
    for line, cells in _rows(reader, headers):
        if not any(c.strip() for c in cells):
            continue
        report.rows += 1
        try:
            row = _row(_parse(cells, columns), kind, staff, who)
        except RowProblem as exc:
            report.problems += 1
            if len(report.errors) < MAX_LISTED:
                report.errors.append({"line": line, "field": exc.column, "message": exc.message})
            continue
        report.channels[row["channel"]] = report.channels.get(row["channel"], 0) + 1
        if report.problems or dry_run:
            continue  # keep reading for every problem; nothing more to write
        batch[row["external_id"]] = row  # the same id twice in a file: the later row wins
        weeks.add(row["week"])
        if len(batch) >= BATCH:
            if stage is not None:
                stage.add(batch)
            else:
                _write(session, batch)
                written += len(batch)
            batch = {}
    if report.problems:
        raise ContactsRefused(report)
    if stage is not None:
        stage.add(batch)
        written = stage.finish()
    elif batch:
        _write(session, batch)
        written += len(batch)
    if report.rows == 0:
        raise Invalid("The file has a header but no rows.", field="file")
    if not dry_run:
        report.created = _count(session) - before
        report.updated = written - report.created
        # A re-import may move a contact to another week: recount its old week too.
        moved = col(Contact.moved_from_week).is_not(None)
        weeks |= set(
            session.exec(select(col(Contact.moved_from_week)).where(moved).distinct()).all()
        )
        session.execute(update(Contact).where(moved).values(moved_from_week=None))
        outcomes.refresh(session, weeks)
    session.flush()
    if not dry_run:
        audit.record_import(
            session,
            "contact",
            {
                "source": kind,
                "rows": report.rows,
                "created": report.created,
                "updated": report.updated,
            },
        )
    return report


class ContactsRefused(Invalid):
    """Some rows are wrong: nothing is imported; the report lists the problems."""

    def __init__(self, report: ContactReport) -> None:
        shown = report.errors[0]
        super().__init__(
            f"{report.problems} of {report.rows} rows have problems (first: line {shown['line']}, "
            f"{shown['field']} {shown['message']}); nothing was imported.",
            errors=[
                {"field": f"line {e['line']}: {e['field']}", "message": e["message"]}
                for e in report.errors
            ],
        )
        self.report = report
