"""Writing to the outbox: in the caller's transaction, once per key, only what the person
wants, and never inside their quiet hours."""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from itsdangerous import BadSignature, URLSafeSerializer
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from app.assets import TEMPLATES
from app.clock import utcnow
from app.config import get_settings
from app.notifications.models import Category, Notification, Preference, Status
from app.validation import normalize_email

# Text parts are not escaped; HTML parts are.
_mail = Environment(
    loader=FileSystemLoader(TEMPLATES / "notifications" / "mail"),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    timezone: str = "UTC"
    employee_id: int | None = None


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def render(template: str, **context: Any) -> Rendered:
    """A message from notifications/mail/<template>.txt (subject on the first line) and
    <template>.html."""
    base = get_settings().base_url.rstrip("/")
    text = _mail.get_template(f"{template}.txt").render(base=base, **context)
    subject, _, body = text.partition("\n")
    html = _mail.get_template(f"{template}.html").render(base=base, subject=subject, **context)
    return Rendered(subject.strip(), body.strip() + "\n", html)


def preference(session: Session, email: str) -> Preference | None:
    return session.get(Preference, normalize_email(email))


def wants(pref: Preference | None, category: str) -> bool:
    return pref is None or (pref.email_on and category not in pref.categories_off)


def after_quiet_hours(pref: Preference | None, moment: datetime, zone: str) -> datetime:
    """The first moment at or after `moment` outside the person's quiet hours."""
    if pref is None or pref.quiet_start is None or pref.quiet_end is None:
        return moment
    tz = ZoneInfo(pref.timezone or zone)
    local = moment.astimezone(tz)
    start, end = pref.quiet_start, pref.quiet_end
    now = local.time()
    inside = start <= now < end if start < end else (now >= start or now < end)
    if not inside:
        return moment
    day = local.date() if (start < end or now < end) else local.date() + timedelta(days=1)
    return datetime.combine(day, end, tzinfo=tz).astimezone(UTC)


def _insert(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert, in batches, each row whose key is not there yet (a second publish of the same
    content inserts nothing)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(Notification).on_conflict_do_nothing(index_elements=["key"])
    for start in range(0, len(rows), 500):
        session.execute(statement, rows[start : start + 500])


@dataclass(frozen=True)
class Email:
    key: str
    category: Category
    to: Recipient
    message: Rendered
    at: datetime | None = None


def queue_emails(session: Session, emails: list[Email]) -> int:
    """Queue many emails in one pass (the preferences in one query per 500 addresses, the
    rows in batches); returns how many were queued, leaving out what people turned off."""
    addresses = sorted({normalize_email(e.to.email) for e in emails})
    prefs: dict[str, Preference] = {}
    for start in range(0, len(addresses), 500):
        chunk = addresses[start : start + 500]
        prefs |= {
            p.email: p
            for p in session.exec(select(Preference).where(col(Preference.email).in_(chunk)))
        }
    now = utcnow()
    rows = []
    for email in emails:
        address = normalize_email(email.to.email)
        pref = prefs.get(address)
        if not wants(pref, email.category.value):
            continue
        rows.append(
            {
                "key": email.key[:200],
                "category": email.category.value,
                "channel": "email",
                "employee_id": email.to.employee_id,
                "address": address,
                "subject": email.message.subject[:300],
                "text": email.message.text,
                "html": email.message.html,
                "status": Status.queued.value,
                "not_before": after_quiet_hours(pref, email.at or now, email.to.timezone),
                "created_at": now,
                "attempts": 0,
            }
        )
    _insert(session, rows)
    return len(rows)


def queue_email(
    session: Session,
    *,
    key: str,
    category: Category,
    to: Recipient,
    message: Rendered,
    at: datetime | None = None,
) -> bool:
    """Queue one email; False when the person turned this off."""
    return bool(queue_emails(session, [Email(key, category, to, message, at)]))


def queue_chat(
    session: Session, *, key: str, category: Category, webhook_id: int, title: str, text: str
) -> None:
    row = {
        "key": key[:200],
        "category": category.value,
        "channel": "chat",
        "address": f"webhook:{webhook_id}",
        "subject": title[:300],
        "text": text,
        "status": Status.queued.value,
        "not_before": utcnow(),
        "created_at": utcnow(),
        "attempts": 0,
    }
    _insert(session, [row])


# --- One-click unsubscribe (RFC 8058) ----------------------------------------------------------


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(get_settings().secret_key, salt="rota-unsubscribe")


def unsubscribe_url(email: str, category: str) -> str:
    token = _signer().dumps({"e": normalize_email(email), "c": category})
    return f"{get_settings().base_url.rstrip('/')}/notifications/unsubscribe/{token}"


def read_unsubscribe(token: str) -> tuple[str, str] | None:
    try:
        data = _signer().loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("c") not in {c.value for c in Category}:
        return None
    return str(data["e"]), str(data["c"])


def turn_off(session: Session, email: str, category: str) -> Preference:
    pref = preference(session, email) or Preference(email=normalize_email(email))
    if category not in pref.categories_off:
        pref.categories_off = [*pref.categories_off, category]
    pref.updated_at = utcnow()
    session.add(pref)
    session.flush()
    return pref


def morning(day: Any, zone: str, at: time = time(7)) -> datetime:
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone)).astimezone(UTC)
