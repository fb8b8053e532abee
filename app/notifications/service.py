"""What the API and pages do with the outbox, preferences and chat channels."""

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.auth.models import User
from app.clock import utcnow
from app.db import saved_id
from app.errors import Conflict, Invalid, NotFound
from app.notifications import webhooks
from app.notifications.models import (
    ChatWebhook,
    ChatWebhookCreate,
    ChatWebhookPublic,
    Notification,
    Preference,
    PreferenceUpdate,
    Status,
    kind_of,
)
from app.people.models import Department, Employee
from app.validation import normalize_email


def counts(session: Session) -> dict[str, int]:
    rows = session.exec(
        select(Notification.status, func.count()).group_by(col(Notification.status))
    ).all()
    found = {status.value: 0 for status in Status}
    found.update({status: n for status, n in rows})
    return found


def get(session: Session, notification_id: int) -> Notification:
    row = session.get(Notification, notification_id)
    if row is None:
        raise NotFound(f"Notification {notification_id} does not exist.")
    return row


def retry(session: Session, notification_id: int) -> Notification:
    """A dead-lettered message goes back in the queue (after fixing its cause)."""
    row = get(session, notification_id)
    if row.status != Status.dead.value:
        raise Conflict(f"Notification {notification_id} is {row.status}, not dead.", field="status")
    row.status, row.attempts, row.not_before = Status.queued.value, 0, utcnow()
    session.add(row)
    session.flush()
    return row


def preference_of(session: Session, user: User) -> Preference:
    """The signed-in person's choices (defaults until they save some)."""
    found = session.get(Preference, normalize_email(user.email))
    if found is not None:
        return found
    employee = session.get(Employee, user.employee_id) if user.employee_id else None
    return Preference(
        email=normalize_email(user.email), timezone=employee.timezone if employee else "UTC"
    )


def update_preference(session: Session, user: User, data: PreferenceUpdate) -> Preference:
    pref = preference_of(session, user)
    changes = data.model_dump(exclude_unset=True)
    if changes.get("categories_off") is not None:
        changes["categories_off"] = sorted({str(c) for c in changes["categories_off"]})
    for key, value in changes.items():
        if value is None and key in ("email_on", "categories_off", "timezone"):
            raise Invalid(f"{key} cannot be null; leave it out to keep it.", field=key)
        setattr(pref, key, value)
    if (pref.quiet_start is None) != (pref.quiet_end is None):
        raise Invalid("Quiet hours need a start and an end.", field="quiet_end")
    if pref.quiet_start is not None and pref.quiet_start == pref.quiet_end:
        raise Invalid("Quiet hours must end at another time than they start.", field="quiet_end")
    pref.updated_at = utcnow()
    session.add(pref)
    session.flush()
    return pref


def public_webhook(hook: ChatWebhook) -> ChatWebhookPublic:
    return ChatWebhookPublic(
        id=saved_id(hook),
        name=hook.name,
        department_id=hook.department_id,
        categories=hook.categories,
        created_at=hook.created_at,
        kind=kind_of(hook.url),
    )


def add_webhook(session: Session, data: ChatWebhookCreate) -> ChatWebhook:
    webhooks.check_url(data.url)
    if data.department_id is not None and session.get(Department, data.department_id) is None:
        raise Invalid(f"Department {data.department_id} does not exist.", field="department_id")
    hook = ChatWebhook(
        name=data.name,
        url=data.url,
        department_id=data.department_id,
        categories=sorted({c.value for c in data.categories}),
    )
    session.add(hook)
    session.flush()
    return hook


def remove_webhook(session: Session, webhook_id: int) -> None:
    hook = session.get(ChatWebhook, webhook_id)
    if hook is None:
        raise NotFound(f"Chat webhook {webhook_id} does not exist.")
    session.delete(hook)
    session.flush()
