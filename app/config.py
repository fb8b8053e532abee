"""Settings from the environment: every knob has an env var (prefix ROTA_) and a default."""

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET = "change-me-in-production"
HOW_TO_SET_SECRET = (
    "Rota signs calendar links, sign-in sessions and form tokens with ROTA_SECRET_KEY, and it "
    "is still the default. Set it to a long random value, for example:\n"
    "  export ROTA_SECRET_KEY=\"$(python3 -c 'import secrets; print(secrets.token_hex(32))')\"\n"
    "or point ROTA_SECRET_KEY_FILE at a file that holds one. Keep it: changing it ends every "
    "session and every calendar link."
)


class InsecureSecretKey(RuntimeError):
    """The service refuses to start with the published default key."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ROTA_", env_file=".env", extra="ignore")

    # DATABASE_URL / REDIS_URL are also read unprefixed, as hosting platforms set them.
    database_url: str = Field(
        default="sqlite:///./rota.db",
        validation_alias=AliasChoices("ROTA_DATABASE_URL", "DATABASE_URL"),
    )
    redis_url: str | None = Field(
        default=None, validation_alias=AliasChoices("ROTA_REDIS_URL", "REDIS_URL")
    )
    secret_key: str = DEFAULT_SECRET
    secret_key_file: str | None = None  # read when ROTA_SECRET_KEY is not set (the demo's)
    # None: upgrade the schema on start for SQLite only; servers sharing PostgreSQL
    # must run `rota db upgrade` once instead of racing each other.
    auto_migrate: bool | None = None
    base_url: str = "http://127.0.0.1:8000"
    page_size_max: int = 500
    upload_max_bytes: int = 5_000_000
    log_level: str = "info"
    # Task queue file when no Redis is configured (next to a SQLite database by default).
    queue_path: str | None = None
    queue_name: str = "rota"  # several installations can share one Redis under other names
    job_stale_after_s: int = 120  # a running job silent this long lost its worker
    solve_workers: int = 2
    # Proxies whose X-Forwarded-For / -Proto are believed (comma-separated addresses or "*").
    forwarded_allow_ips: str = "127.0.0.1"
    support_tool_url: str = ""  # where rotators log in to answer customers (feeds link it)

    @model_validator(mode="after")
    def _key_from_file(self) -> "Settings":
        if self.secret_key == DEFAULT_SECRET and self.secret_key_file:
            path = Path(self.secret_key_file)
            if path.is_file() and path.read_text().strip():
                self.secret_key = path.read_text().strip()
        return self

    def require_secret_key(self) -> None:
        if self.secret_key == DEFAULT_SECRET:
            raise InsecureSecretKey(HOW_TO_SET_SECRET)

    @property
    def queue_file(self) -> str:
        if self.queue_path:
            return self.queue_path
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix) and ":memory:" not in self.database_url:
            return str(Path(self.database_url[len(prefix) :]).with_suffix(".queue.db"))
        return "rota-queue.db"

    @property
    def cookies_secure(self) -> bool:
        """Cookies carry Secure whenever the service is reached over https."""
        return self.base_url.startswith("https://")

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def should_auto_migrate(self) -> bool:
        return self.is_sqlite if self.auto_migrate is None else self.auto_migrate


@lru_cache
def get_settings() -> Settings:
    return Settings()
