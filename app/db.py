"""Engine and the request-scoped session: services flush, the request boundary commits once."""

from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Annotated, Any, Concatenate, ParamSpec, Protocol, TypeVar

from fastapi import Depends
from sqlalchemy import Select, Table, event, insert
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import CursorResult, Engine, Result
from sqlmodel import Session, SQLModel, create_engine

from app.config import get_settings

P = ParamSpec("P")
T = TypeVar("T")


def make_engine(url: str) -> Engine:
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


def get_session() -> Iterator[Session]:
    """The request's one transaction. Scoped to the handler (see SessionDep), so the commit
    happens before the response is sent: a client never hears of a write that a failed
    commit undid, and a read right after a 2xx sees it."""
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        for callback in session.info.pop(AFTER_COMMIT, []):
            callback()


def read_apart(read: Callable[Concatenate[Session, P], T], *args: P.args, **kw: P.kwargs) -> T:
    """One read in its own short transaction, for a response that streams after the
    request's session has closed: touching that session again would begin a transaction
    nobody ends, holding a pooled connection and its locks until the process exits."""
    with Session(get_engine(), expire_on_commit=False) as reading:
        return read(reading, *args, **kw)


AFTER_COMMIT = "after_commit"


def after_commit(session: Session, callback: Callable[[], None]) -> None:
    """Run once the request's transaction is committed (e.g. enqueue work about new rows)."""
    session.info.setdefault(AFTER_COMMIT, []).append(callback)


# scope="function": the dependency exits (commits) when the handler returns, before the
# response goes out; the default "request" scope would commit after it was sent.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


class Saved(Protocol):
    id: int | None


def saved_id(row: Saved) -> int:
    """The id of a row that was added and flushed. Rows get their id from the database, so
    the column is optional until then; reading it afterwards must find one."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id yet: add and flush it first")
    return row.id


def table_of(model: type[SQLModel]) -> Table:
    """The table a model maps to, for statements that work on columns (INSERT … SELECT, COPY)."""
    table = sa_inspect(model).local_table
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} does not map to one table")
    return table


def rows_changed(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE touched."""
    if not isinstance(result, CursorResult):
        raise TypeError("only a statement's cursor result counts rows")
    return result.rowcount


def insert_rows(session: Session, model: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    """Many new rows in the session's transaction: COPY on PostgreSQL, batched INSERTs
    elsewhere. Rows hold plain values (no JSON columns) and share one set of keys."""
    if not rows:
        return
    session.flush()  # rows they refer to (a schedule, a shift) are in the database first
    table = table_of(model)
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        for start in range(0, len(rows), 1000):
            session.execute(insert(table), rows[start : start + 1000])
        return
    names = list(rows[0])
    raw = connection.connection.driver_connection
    if raw is None:
        raise RuntimeError("no database connection to copy into")
    statement = f"COPY {table.name} ({', '.join(names)}) FROM STDIN"
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([row[name] for name in names])


def read_rows(session: Session, statement: Select[*tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The rows of a statement of plain columns, as tuples, in the session's transaction: on
    PostgreSQL straight from the driver's cursor (a quarter of the time SQLAlchemy's rows take
    for the 117,000 seats of a 10,000-person year), elsewhere through the session."""
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return [tuple(row) for row in session.execute(statement)]
    compiled = statement.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    raw = connection.connection.driver_connection
    if raw is None:
        raise RuntimeError("no database connection to read from")
    with raw.cursor() as cursor:
        cursor.execute(compiled.string, compiled.params)
        return cursor.fetchall()
