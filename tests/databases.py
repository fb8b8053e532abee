"""PostgreSQL databases of one test run.

ROTA_TEST_DATABASE_URL names the server (and the database to connect to for creating
others). Each run makes databases of its own, named with the run's process id, and drops
them at the end: two runs on one server (a developer's and CI's) never share a table, a
lock or a terminated connection.
"""

import os

from sqlalchemy import text
from sqlalchemy.engine import make_url

from app.db import make_engine

SERVER_URL = os.environ.get("ROTA_TEST_DATABASE_URL", "")
ON_POSTGRES = SERVER_URL.startswith("postgres")
RUN = str(os.getpid())
_made: list[str] = []


def _admin_execute(*statements: str) -> None:
    admin = make_engine(SERVER_URL).execution_options(isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        admin.dispose()


def fresh_database(name: str) -> str:
    """The URL of an empty database `<name>_<run>` on the test server."""
    own = f"{name}_{RUN}"
    _admin_execute(f'DROP DATABASE IF EXISTS "{own}" WITH (FORCE)', f'CREATE DATABASE "{own}"')
    _made.append(own)
    return make_url(SERVER_URL).set(database=own).render_as_string(hide_password=False)


def drop_made() -> None:
    """Drop every database this run made."""
    if _made:
        _admin_execute(*(f'DROP DATABASE IF EXISTS "{own}" WITH (FORCE)' for own in _made))
        _made.clear()
