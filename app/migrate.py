"""Schema version checks and upgrades through Alembic."""

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


class SchemaOutOfDate(RuntimeError):
    pass


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def head_revision(database_url: str) -> str | None:
    return _code_head()


@lru_cache(maxsize=1)
def _code_head() -> str | None:
    """The revision this code needs: read once per process (the revisions ship with it)."""
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, database_url: str, revision: str = "head") -> None:
    config = alembic_config(database_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def ensure_schema(engine: Engine, database_url: str, *, auto_migrate: bool) -> None:
    """Upgrade when allowed; otherwise refuse to run on a schema the code does not match."""
    head = head_revision(database_url)
    current = current_revision(engine)
    if current == head:
        return
    if auto_migrate:
        upgrade(engine, database_url)
        return
    raise SchemaOutOfDate(
        f"The database schema is at revision {current or 'none (empty database)'} but this "
        f"version of Rota needs {head}. Run `rota db upgrade` first."
    )
