"""REST: the outbox (HR), one's own notification choices, chat channels (admin), previews."""

from typing import Literal

from fastapi import APIRouter
from sqlmodel import col, select

from app.auth.deps import AdminUser, CurrentUser, HRUser
from app.db import SessionDep
from app.errors import NotFound
from app.notifications import previews, secret_links, service
from app.notifications.models import (
    ChatWebhook,
    ChatWebhookCreate,
    ChatWebhookPublic,
    Notification,
    NotificationPublic,
    PreferencePublic,
    PreferenceUpdate,
)
from app.pagination import Page, PageDep, paginate

router = APIRouter(tags=["notifications"])
StatusFilter = Literal["queued", "sending", "sent", "kept", "dead"]


@router.get("/notifications")
def list_notifications(
    session: SessionDep,
    _hr: HRUser,
    page: PageDep,
    status: StatusFilter | None = None,
    employee_id: int | None = None,
) -> Page[NotificationPublic]:
    query = select(Notification).order_by(col(Notification.id).desc())
    if status is not None:
        query = query.where(Notification.status == status)
    if employee_id is not None:
        query = query.where(Notification.employee_id == employee_id)
    return paginate(session, query, page)


@router.post("/notifications/{notification_id}/retry")
def retry_notification(
    notification_id: int, session: SessionDep, _hr: HRUser
) -> NotificationPublic:
    return NotificationPublic.model_validate(service.retry(session, notification_id))


@router.get("/notifications/previews/{template}")
def preview(template: str, session: SessionDep, _hr: HRUser) -> dict[str, str]:
    if template not in previews.TEMPLATES:
        raise NotFound(f"No template {template!r}; there are {', '.join(previews.TEMPLATES)}.")
    try:
        message = previews.preview(session, template)
    except previews.NoData as exc:
        raise NotFound(str(exc)) from exc
    return {
        "subject": message.subject,
        "text": secret_links.hidden(message.text),
        "html": secret_links.hidden(message.html),
    }


@router.get("/me/notification-preferences")
def my_preferences(session: SessionDep, user: CurrentUser) -> PreferencePublic:
    return PreferencePublic.model_validate(service.preference_of(session, user))


@router.patch("/me/notification-preferences")
def update_my_preferences(
    body: PreferenceUpdate, session: SessionDep, user: CurrentUser
) -> PreferencePublic:
    return PreferencePublic.model_validate(service.update_preference(session, user, body))


@router.get("/chat-webhooks")
def list_webhooks(session: SessionDep, _admin: AdminUser) -> list[ChatWebhookPublic]:
    hooks = session.exec(select(ChatWebhook).order_by(col(ChatWebhook.id))).all()
    return [service.public_webhook(h) for h in hooks]


@router.post("/chat-webhooks", status_code=201)
def add_webhook(
    body: ChatWebhookCreate, session: SessionDep, _admin: AdminUser
) -> ChatWebhookPublic:
    return service.public_webhook(service.add_webhook(session, body))


@router.delete("/chat-webhooks/{webhook_id}", status_code=204)
def remove_webhook(webhook_id: int, session: SessionDep, _admin: AdminUser) -> None:
    service.remove_webhook(session, webhook_id)
