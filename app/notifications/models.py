"""The outbox, people's choices, and chat webhooks."""

from datetime import datetime, time
from enum import StrEnum

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from app import audit
from app.clock import utcnow
from app.validation import Flag, Line, LocalTime, TimeZoneName


class Category(StrEnum):
    """What a message is about; people turn categories off one by one."""

    turns = "turns"  # new, moved or cancelled turns after a publish
    welcome = "welcome"  # a new hire's onboarding turn
    reminders = "reminders"  # days before a turn, and its first morning
    learnings = "learnings"  # after a block: what did you learn?
    swaps = "swaps"  # offered, taken, approved, rejected, undone
    gaps = "gaps"  # HR: a gap opened in the coming weeks
    digest = "digest"  # department leads: learnings routed to them this week
    summary = "summary"  # HR: the week ahead


CATEGORY_TEXT = {
    Category.turns: "Changes to my turns",
    Category.welcome: "Welcome and onboarding",
    Category.reminders: "Reminders before a turn",
    Category.learnings: "Asking what I learned",
    Category.swaps: "Swaps I am part of",
    Category.gaps: "New gaps in the coming weeks (HR)",
    Category.digest: "Weekly digest of learnings for my department (leads)",
    Category.summary: "Weekly summary (HR)",
}


class Status(StrEnum):
    queued = "queued"
    sending = "sending"  # claimed by a worker until lease_until
    sent = "sent"
    kept = "kept"  # no mail server configured: kept here for people to read
    dead = "dead"  # gave up: see last_error


class Notification(SQLModel, table=True):
    """One message to one address, written in the same transaction as its cause."""

    __tablename__ = "notification"
    id: int | None = Field(default=None, primary_key=True)
    # The same cause (and content) gives the same key: inserted once, delivered once.
    key: str = Field(max_length=200, unique=True)
    category: str = Field(max_length=20, index=True)
    channel: str = Field(default="email", max_length=10)  # email | chat
    employee_id: int | None = Field(default=None, foreign_key="employee.id", index=True)
    address: str = Field(max_length=500)  # an email, or a chat webhook's id
    subject: str = Field(max_length=300)
    text: str
    html: str | None = None
    status: str = Field(default=Status.queued.value, max_length=10, index=True)
    attempts: int = 0
    not_before: datetime = Field(default_factory=utcnow, index=True)  # quiet hours, backoff
    lease_until: datetime | None = None
    last_error: str | None = Field(default=None, max_length=1000)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    sent_at: datetime | None = None


class Preference(SQLModel, table=True):
    """One person's choices; a person without a row gets every category by email."""

    __tablename__ = "notification_preference"
    email: str = Field(primary_key=True, max_length=254)
    email_on: bool = True
    categories_off: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    quiet_start: time | None = None
    quiet_end: time | None = None
    timezone: str = Field(default="UTC", max_length=64)
    updated_at: datetime = Field(default_factory=utcnow)


class PreferenceUpdate(SQLModel):
    email_on: Flag | None = None
    categories_off: list[Category] | None = Field(default=None, max_length=len(Category))
    quiet_start: LocalTime | None = None
    quiet_end: LocalTime | None = None
    timezone: TimeZoneName | None = None


class PreferencePublic(SQLModel):
    email: str
    email_on: bool
    categories_off: list[str]
    quiet_start: time | None
    quiet_end: time | None
    timezone: str


class ChatWebhook(SQLModel, table=True):
    """A chat channel (Slack, Teams, Google Chat, Mattermost) for a department or the line."""

    __tablename__ = "chat_webhook"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    # An Apprise URL: slack://…, msteams://…, gchat://…, mmost://…, json://…
    url: str = Field(max_length=1000)
    department_id: int | None = Field(default=None, foreign_key="department.id")
    categories: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class ChatWebhookCreate(SQLModel):
    name: Line = Field(min_length=1, max_length=100)
    url: str = Field(min_length=8, max_length=1000, description="An Apprise URL")
    department_id: int | None = Field(default=None, description="Empty: the whole line")
    categories: list[Category] = Field(
        default_factory=lambda: [Category.turns, Category.gaps, Category.swaps]
    )


class ChatWebhookPublic(SQLModel):
    id: int
    name: str
    department_id: int | None
    categories: list[str]
    created_at: datetime
    # The URL holds the channel's secret; only its scheme is shown back.
    kind: str


class NotificationPublic(SQLModel):
    id: int
    key: str
    category: str
    channel: str
    employee_id: int | None
    address: str
    subject: str
    status: str
    attempts: int
    not_before: datetime
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None


def kind_of(url: str) -> str:
    return url.split("://", 1)[0] if "://" in url else "unknown"


# Changes people make to these rows are in the audit trail (app.audit).
audit.track(ChatWebhook, private=("url",))
audit.track(Preference)
# A person sending a dead-lettered message again; the outbox's own deliveries are no act, and
# the message itself (its address and words) stays out of the trail.
audit.track(
    Notification,
    private=("key", "address", "subject", "text", "html", "last_error", "lease_until"),
    actions=("update",),
    system_updates=False,
)
