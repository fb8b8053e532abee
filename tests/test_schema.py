"""The schema is built by the migrations, and the app refuses an out-of-date one."""

import pytest
from sqlalchemy import inspect

from app.db import make_engine
from app.migrate import SchemaOutOfDate, current_revision, ensure_schema, head_revision, upgrade
from app.models import metadata


def test_migrations_build_every_table(engine, database_url):
    assert current_revision(engine) == head_revision(database_url)
    tables = set(inspect(engine).get_table_names())
    assert {t.name for t in metadata.sorted_tables} <= tables


def test_out_of_date_schema_is_refused_then_upgraded(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    with pytest.raises(SchemaOutOfDate, match="rota db upgrade"):
        ensure_schema(engine, url, auto_migrate=False)
    upgrade(engine, url)
    ensure_schema(engine, url, auto_migrate=False)
    assert current_revision(engine) == head_revision(url)


def test_auto_migrate_upgrades_an_empty_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    engine = make_engine(url)
    ensure_schema(engine, url, auto_migrate=True)
    assert "employee" in inspect(engine).get_table_names()
