"""Alembic environment: uses the connection handed over by app.migrate, or the configured URL."""

from alembic import context
from sqlalchemy import engine_from_config, pool

from app.db import make_engine
from app.models import metadata

config = context.config


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    engine = (
        make_engine(url)
        if url
        else engine_from_config(
            config.get_section(config.config_ini_section, {}), poolclass=pool.NullPool
        )
    )
    with engine.begin() as conn:
        _run(conn)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    # Batch mode lets ALTER TABLE work on SQLite too.
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
