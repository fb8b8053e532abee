"""Settings from the environment: every knob has an env var (prefix ROTA_) and a default."""

from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

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
    contacts_upload_max_bytes: int = 2_000_000_000  # contact history: streamed to disk
    log_level: str = "info"
    # Task queue file when no Redis is configured (next to a SQLite database by default).
    queue_path: str | None = None
    queue_name: str = "rota"  # several installations can share one Redis under other names
    job_stale_after_s: int = 120  # a running job silent this long lost its worker
    solve_workers: int = 2
    # Proxies whose X-Forwarded-For / -Proto are believed (comma-separated addresses or "*").
    forwarded_allow_ips: str = "127.0.0.1"
    support_tool_url: str = ""  # where rotators log in to answer customers (feeds link it)
    # Single sign-on over OpenID Connect: on when issuer and client id are set.
    oidc_issuer: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: str = ""
    oidc_provider_name: str = ""  # "Sign in with <name>"; the issuer's host when empty
    oidc_scopes: str = "openid email profile"
    oidc_allowed_domains: str = ""  # comma-separated email domains; empty: any
    oidc_groups_claim: str = "groups"
    # Groups (comma-separated) that make a login HR or admin; when either is set, every sign-in
    # takes its role from the groups claim, so the directory stays the source of truth.
    oidc_hr_groups: str = ""
    oidc_admin_groups: str = ""
    # Mail: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465. Unset: messages
    # are kept in Rota's outbox for people to read there (the demo).
    smtp_url: str = ""
    mail_from: str = "Rota <rota@localhost>"
    remind_days: int = 3  # a reminder this many days before a turn starts
    gap_notice_weeks: int = 4  # HR hears of new gaps this far ahead
    notify_lease_s: int = 120  # a message claimed this long ago by a silent worker is retried
    notify_max_attempts: int = 8  # then it is dead-lettered with its last error
    # Chat webhooks reach only public addresses unless this names a deployment whose chat
    # server is on its own network (app/outbound.py).
    webhook_allow_private: bool = False
    password_login: bool = True
    invite_days: int = 14  # sign-in links expire after this many days
    invite_new_hires: bool = True  # a new hire created gets a sign-in link for HR to pass on

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
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id)

    @property
    def oidc_name(self) -> str:
        return self.oidc_provider_name or urlsplit(self.oidc_issuer).hostname or "single sign-on"

    @property
    def oidc_redirect_uri(self) -> str:
        return self.base_url.rstrip("/") + "/login/oidc/callback"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def should_auto_migrate(self) -> bool:
        return self.is_sqlite if self.auto_migrate is None else self.auto_migrate


def listed(value: str) -> frozenset[str]:
    """A comma-separated setting as a set of its non-empty, trimmed entries."""
    return frozenset(part.strip() for part in value.split(",") if part.strip())


@lru_cache
def get_settings() -> Settings:
    return Settings()
