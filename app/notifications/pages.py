"""Web: the outbox and previews for HR, chat channels for admins, each person's choices,
and one-click unsubscribe from a message."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import col, select

from app.auth.models import Role
from app.config import get_settings
from app.db import SessionDep
from app.errors import AppError, Forbidden, NotFound
from app.notifications import outbox, previews, secret_links, service
from app.notifications.models import (
    CATEGORY_TEXT,
    Category,
    ChatWebhook,
    ChatWebhookCreate,
    Notification,
    PreferenceUpdate,
)
from app.people.models import Department
from app.validation import normalize_email
from app.web.deps import FormViewer, HRForm, HRPage, PageViewer, Viewer, redirect
from app.web.templating import render

router = APIRouter(include_in_schema=False)
STATUSES = ("queued", "sending", "sent", "kept", "dead")


def _outbox(
    request: Request, session: SessionDep, hr: Viewer, status: str | None, error: str = ""
) -> HTMLResponse:
    query = select(Notification).order_by(col(Notification.id).desc()).limit(200)
    if status in STATUSES:
        query = query.where(Notification.status == status)
    is_admin = hr.user.role == Role.admin.value
    return render(
        request,
        "notifications/outbox.html",
        status=400 if error else 200,
        rows=session.exec(query).all(),
        counts=service.counts(session),
        shown=status,
        templates=previews.TEMPLATES,
        mail_server=bool(get_settings().smtp_url),
        is_admin=is_admin,
        webhooks=[service.public_webhook(h) for h in session.exec(select(ChatWebhook)).all()]
        if is_admin
        else [],
        departments=session.exec(select(Department).order_by(col(Department.name))).all(),
        categories=CATEGORY_TEXT,
        error=error,
    )


@router.get("/notifications")
def outbox_page(
    request: Request, session: SessionDep, hr: HRPage, status: str | None = None
) -> HTMLResponse:
    return _outbox(request, session, hr, status)


@router.get("/notifications/preview/{template}")
def preview_page(template: str, request: Request, session: SessionDep, _hr: HRPage) -> HTMLResponse:
    if template not in previews.TEMPLATES:
        raise NotFound(f"No template {template!r}.")
    try:
        message, missing = previews.preview(session, template), ""
    except previews.NoData as exc:
        message, missing = None, str(exc)
    return render(
        request,
        "notifications/message.html",
        title=previews.TEMPLATES[template],
        message=message,
        missing=missing,
        row=None,
    )


def _visible(session: SessionDep, viewer: Viewer, notification_id: int) -> Notification:
    """HR reads every message; a person reads the ones sent to them."""
    row = service.get(session, notification_id)
    if not viewer.is_hr and not _to_viewer(row, viewer):
        raise Forbidden("This message was sent to someone else.")
    return row


def _to_viewer(row: Notification, viewer: Viewer) -> bool:
    return row.address == normalize_email(viewer.user.email)


def _shown(session: SessionDep, row: Notification, viewer: Viewer, text: str) -> str:
    """Its recipient sees the working links; anyone else (HR) where they go."""
    if _to_viewer(row, viewer):
        return secret_links.fill(session, text)
    return secret_links.hidden(text)


@router.get("/notifications/{notification_id}")
def message_page(
    notification_id: int, request: Request, session: SessionDep, viewer: PageViewer
) -> HTMLResponse:
    row = _visible(session, viewer, notification_id)
    message = outbox.Rendered(
        row.subject,
        _shown(session, row, viewer, row.text),
        _shown(session, row, viewer, row.html or ""),
    )
    return render(
        request,
        "notifications/message.html",
        title=row.subject,
        message=message,
        missing="",
        row=row,
    )


@router.get("/notifications/{notification_id}/html")
def message_html(notification_id: int, session: SessionDep, viewer: PageViewer) -> HTMLResponse:
    row = _visible(session, viewer, notification_id)
    # The mail's own HTML, shown as the mail client would: no scripts, nothing loaded.
    return HTMLResponse(
        _shown(session, row, viewer, row.html or "<p>This message has no HTML part.</p>"),
        headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"},
    )


@router.post("/notifications/{notification_id}/retry")
def retry(notification_id: int, session: SessionDep, _hr: HRForm) -> Response:
    row = service.retry(session, notification_id)
    return redirect(
        "/notifications?status=dead", f"“{row.subject}” to {row.address} is queued again."
    )


@router.post("/notifications/webhooks")
def add_webhook(
    request: Request,
    session: SessionDep,
    hr: HRForm,
    name: Annotated[str, Form(max_length=100)] = "",
    url: Annotated[str, Form(max_length=1000)] = "",
    department_id: Annotated[str, Form(max_length=20)] = "",
    categories: Annotated[list[str] | None, Form()] = None,
) -> Response:
    if hr.user.role != Role.admin.value:
        raise Forbidden("Chat channels are for admins.")
    try:
        data = ChatWebhookCreate(
            name=name,
            url=url,
            department_id=int(department_id) if department_id else None,
            categories=[Category(c) for c in categories or []],
        )
        service.add_webhook(session, data)
    except (AppError, ValueError) as exc:
        session.rollback()
        return _outbox(request, session, hr, None, getattr(exc, "detail", None) or str(exc))
    return redirect("/notifications", f"Chat channel {name} added.")


@router.post("/notifications/webhooks/{webhook_id}/remove")
def remove_webhook(webhook_id: int, session: SessionDep, hr: HRForm) -> Response:
    if hr.user.role != Role.admin.value:
        raise Forbidden("Chat channels are for admins.")
    service.remove_webhook(session, webhook_id)
    return redirect("/notifications", "Chat channel removed.")


@router.get("/me/notifications")
def my_notifications(request: Request, session: SessionDep, viewer: PageViewer) -> HTMLResponse:
    return _preferences_page(request, session, viewer, {})


def _preferences_page(
    request: Request, session: SessionDep, viewer: Viewer, errors: dict[str, str], status: int = 200
) -> HTMLResponse:
    mine = session.exec(
        select(Notification)
        .where(Notification.address == normalize_email(viewer.user.email))
        .order_by(col(Notification.id).desc())
        .limit(50)
    ).all()
    return render(
        request,
        "notifications/preferences.html",
        status=status,
        pref=service.preference_of(session, viewer.user),
        categories=CATEGORY_TEXT,
        messages=mine,
        errors=errors,
    )


@router.post("/me/notifications")
def save_my_notifications(
    request: Request,
    session: SessionDep,
    viewer: FormViewer,
    email_on: Annotated[str, Form(max_length=5)] = "",
    categories: Annotated[list[str] | None, Form()] = None,
    quiet_start: Annotated[str, Form(max_length=5)] = "",
    quiet_end: Annotated[str, Form(max_length=5)] = "",
    timezone: Annotated[str, Form(max_length=64)] = "UTC",
) -> Response:
    wanted = set(categories or [])
    try:
        data = PreferenceUpdate.model_validate(
            {
                "email_on": email_on == "on",
                "categories_off": [c.value for c in Category if c.value not in wanted],
                "quiet_start": quiet_start or None,
                "quiet_end": quiet_end or None,
                "timezone": timezone,
            }
        )
        service.update_preference(session, viewer.user, data)
    except AppError as exc:
        session.rollback()
        field = exc.errors[0]["field"] if exc.errors else "quiet_end"
        return _preferences_page(request, session, viewer, {field: exc.detail}, exc.status)
    except ValueError as exc:
        session.rollback()
        return _preferences_page(request, session, viewer, {"quiet_start": _first(exc)}, 422)
    return redirect("/me/notifications", "Your choices are saved.")


def _first(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        found = errors()
        if found:
            return f"{'.'.join(str(p) for p in found[0]['loc'])}: {found[0]['msg']}"
    return str(exc)


@router.get("/notifications/unsubscribe/{token}")
def unsubscribe_form(token: str, request: Request) -> HTMLResponse:
    found = outbox.read_unsubscribe(token)
    if found is None:
        raise NotFound("This unsubscribe link is not valid.")
    email, category = found
    return render(
        request,
        "notifications/unsubscribe.html",
        email=email,
        category=CATEGORY_TEXT[Category(category)],
        token=token,
        done=False,
    )


@router.post("/notifications/unsubscribe/{token}")
def unsubscribe(token: str, request: Request, session: SessionDep) -> HTMLResponse:
    """RFC 8058 one-click: mail clients POST here without signing in; the link is the proof."""
    found = outbox.read_unsubscribe(token)
    if found is None:
        raise NotFound("This unsubscribe link is not valid.")
    email, category = found
    outbox.turn_off(session, email, category)
    return render(
        request,
        "notifications/unsubscribe.html",
        email=email,
        category=CATEGORY_TEXT[Category(category)],
        token=token,
        done=True,
    )
