"""Test database: built by running the migrations once, emptied after every test.

A SQLite file by default; with ROTA_TEST_DATABASE_URL (CI's second pass) a PostgreSQL
database of this run's own on that server (tests/databases.py).
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.config import get_settings
from app.db import get_engine
from app.main import create_app
from app.migrate import upgrade
from app.models import metadata
from tests import databases
from tests.factories import Actor, make_actor

# The service refuses the default key; servers the tests start inherit this one.
os.environ.setdefault("ROTA_SECRET_KEY", "test-secret-" + "k" * 40)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Markers that follow from where a test lives and what it uses: `browser` (Chromium),
    `no_database` (never touches the test database, so one pass of the suite is enough)."""
    for item in items:
        parts = item.path.parts
        if "browser" in parts:
            item.add_marker(pytest.mark.browser)
        elif "engine" not in getattr(item, "fixturenames", ()) and not item.get_closest_marker(
            "postgres_only"
        ):
            item.add_marker(pytest.mark.no_database)


def pytest_sessionfinish(session: pytest.Session) -> None:
    databases.drop_made()


def _database_url(tmp_root: Path) -> str:
    if databases.ON_POSTGRES:
        return databases.fresh_database("rota_test")
    return f"sqlite:///{tmp_root / 'rota-test.db'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = _database_url(tmp_path_factory.mktemp("db"))
    os.environ["ROTA_DATABASE_URL"] = url
    os.environ["ROTA_AUTO_MIGRATE"] = "false"
    get_settings.cache_clear()
    get_engine.cache_clear()
    return url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = get_engine()
    upgrade(engine, database_url)
    yield engine
    engine.dispose()


@pytest.fixture(autouse=True)
def _clean_tables(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "engine" not in request.fixturenames:
        return
    engine: Engine = request.getfixturevalue("engine")
    with engine.begin() as connection:
        for table in reversed(metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture(autouse=True)
def _settings_read_afresh() -> Iterator[None]:
    """A test that changes ROTA_* variables leaves no cached settings behind."""
    yield
    get_settings.cache_clear()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture(scope="session")
def _app(database_url: str) -> FastAPI:
    """One app for the session: building its routes costs half a second, and an app holds no
    state between requests. Each test still gets its own client (cookies and all)."""
    return create_app()


@pytest.fixture
def client(engine: Engine, _app: FastAPI) -> Iterator[TestClient]:
    with TestClient(_app) as client:
        yield client


@pytest.fixture
def admin(session: Session) -> Actor:
    return make_actor(session, role="admin")


@pytest.fixture
def hr(session: Session) -> Actor:
    return make_actor(session, role="hr")


@pytest.fixture
def staff(session: Session) -> Actor:
    """An employee with a login of their own."""
    return make_actor(session, role="employee")


@pytest.fixture(autouse=True)
def _queue_runs_inline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Jobs run inside the request (after its commit) instead of in a separate worker."""
    from app.notifications import tasks as notification_tasks
    from app.schedules.tasks import huey

    monkeypatch.setattr(huey, "immediate", True)
    # Inline, "deliver soon" would send mail and chat inside the request that queued it; the
    # worker does that in production, and tests deliver explicitly (delivery.deliver).
    monkeypatch.setattr(notification_tasks, "deliver_soon", lambda: None)
