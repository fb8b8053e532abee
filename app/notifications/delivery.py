"""Delivering the outbox: claim due messages under a lease, send them (SMTP for mail,
Apprise for chat), and record each result in its own commit. A worker that dies holding a
lease loses nothing: the lease runs out and another attempt picks the message up. A refused
address dead-letters that message only; a server that is down is retried with exponential
backoff."""

import email.policy
import logging
import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate
from urllib.parse import unquote, urlsplit

import apprise
from sqlalchemy import or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app import outbound
from app.clock import utcnow
from app.config import get_settings
from app.db import rows_changed
from app.notifications import secret_links
from app.notifications.models import ChatWebhook, Notification, Status
from app.notifications.outbox import unsubscribe_url
from app.notifications.webhooks import chat_target

log = logging.getLogger("rota.notifications")
BATCH = 100
# Long headers (the unsubscribe link) may not be folded into encoded words: clients read
# List-Unsubscribe as a plain URL. RFC 5322 allows lines up to 998 characters.
MAIL_POLICY = email.policy.SMTP.clone(max_line_length=998)


class Permanent(Exception):
    """This message can never go out as it is (a refused address, a missing webhook)."""


@dataclass
class Report:
    sent: int = 0
    kept: int = 0
    retried: int = 0
    dead: int = 0
    errors: list[str] = field(default_factory=list)


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, … capped at 6 hours."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 6 * 3600))


def claim(session: Session, limit: int = BATCH) -> list[Notification]:
    """Take due messages: queued ones whose time has come, and ones whose lease ran out."""
    now = utcnow()
    lease = now + timedelta(seconds=get_settings().notify_lease_s)
    due = or_(
        (col(Notification.status) == Status.queued.value) & (col(Notification.not_before) <= now),
        (col(Notification.status) == Status.sending.value) & (col(Notification.lease_until) < now),
    )
    ids = session.exec(
        select(Notification.id).where(due).order_by(col(Notification.id)).limit(limit)
    ).all()
    claimed = []
    for notification_id in ids:
        # Only one worker wins each message: the update finds it still due or not at all.
        won = session.execute(
            update(Notification)
            .where(col(Notification.id) == notification_id, due)
            .values(status=Status.sending.value, lease_until=lease)
        )
        if rows_changed(won) == 1:
            claimed.append(notification_id)
    session.commit()
    return list(session.exec(select(Notification).where(col(Notification.id).in_(claimed))).all())


def email_of(session: Session, row: Notification) -> EmailMessage:
    settings = get_settings()
    message = EmailMessage(policy=MAIL_POLICY)
    message["From"] = settings.mail_from
    message["To"] = row.address
    message["Subject"] = row.subject
    message["Date"] = formatdate(localtime=False)
    # The same message keeps the same id on every attempt, so a retry is recognisable.
    domain = urlsplit(settings.base_url).hostname or "rota.local"
    message["Message-ID"] = f"<rota-{row.id}-{row.created_at:%Y%m%d%H%M%S}@{domain}>"
    link = unsubscribe_url(row.address, row.category)
    message["List-Unsubscribe"] = f"<{link}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(secret_links.fill(session, row.text))
    if row.html:
        message.add_alternative(secret_links.fill(session, row.html), subtype="html")
    return message


@contextmanager
def smtp_connection(url: str) -> Iterator[smtplib.SMTP]:
    parts = urlsplit(url)
    secure = parts.scheme == "smtps"
    port = parts.port or (465 if secure else 587)
    context = ssl.create_default_context()
    server: smtplib.SMTP = (
        smtplib.SMTP_SSL(parts.hostname or "localhost", port, timeout=30, context=context)
        if secure
        else smtplib.SMTP(parts.hostname or "localhost", port, timeout=30)
    )
    try:
        server.ehlo()
        if not secure and server.has_extn("starttls"):
            server.starttls(context=context)
            server.ehlo()
        if parts.username:
            server.login(unquote(parts.username), unquote(parts.password or ""))
        yield server
    finally:
        try:
            server.quit()
        except smtplib.SMTPException:
            server.close()


def _send_chat(session: Session, row: Notification) -> None:
    webhook = session.get(ChatWebhook, int(row.address.split(":", 1)[1]))
    if webhook is None:
        raise Permanent("The chat webhook was removed.")
    sender = apprise.Apprise()
    if not sender.add(webhook.url):
        raise Permanent(f"Not a chat URL Apprise knows: {webhook.url.split('://', 1)[0]}://…")
    target = chat_target(webhook.url)
    if target is not None:
        try:
            outbound.public_addresses(*target)  # checked again at send: DNS answers change
        except outbound.BlockedAddress as exc:
            raise Permanent(str(exc)) from exc
    with outbound.guarded():  # every connection, redirects too, on the address dialled
        accepted = sender.notify(title=row.subject, body=secret_links.fill(session, row.text))
    if not accepted:
        raise ConnectionError(f"{webhook.name} did not accept the message.")


def _record(session: Session, row: Notification, error: Exception | None, report: Report) -> None:
    now = utcnow()
    if error is None:
        row.status, row.sent_at, row.last_error = Status.sent.value, now, None
        report.sent += 1
    else:
        row.attempts += 1
        row.last_error = f"{type(error).__name__}: {error}"[:1000]
        final = isinstance(error, Permanent) or row.attempts >= get_settings().notify_max_attempts
        row.status = Status.dead.value if final else Status.queued.value
        row.not_before = now + backoff(row.attempts)
        report.dead += final
        report.retried += not final
        report.errors.append(row.last_error)
    row.lease_until = None
    session.add(row)
    session.commit()  # one message, one commit: a crash repeats at most the message in hand


def deliver(engine: Engine, limit: int | None = None) -> Report:
    """Send everything due (or `limit` messages); returns what happened."""
    report = Report()
    settings = get_settings()
    with Session(engine, expire_on_commit=False) as session:
        while limit is None or report.sent + report.kept + report.dead + report.retried < limit:
            batch = claim(session, BATCH if limit is None else min(BATCH, limit))
            if not batch:
                break
            mail = [r for r in batch if r.channel == "email"]
            for row in (r for r in batch if r.channel == "chat"):
                try:
                    _send_chat(session, row)
                    _record(session, row, None, report)
                except Exception as exc:  # noqa: BLE001 - every failure is recorded on the row
                    _record(session, row, exc, report)
            if mail and not settings.smtp_url:
                for row in mail:  # nowhere to send: kept for people to read in Rota
                    row.status, row.sent_at, row.lease_until = Status.kept.value, utcnow(), None
                    session.add(row)
                    report.kept += 1
                session.commit()
            elif mail:
                _deliver_mail(session, mail, settings.smtp_url, report)
    return report


def _deliver_mail(session: Session, rows: list[Notification], url: str, report: Report) -> None:
    try:
        with smtp_connection(url) as server:
            for row in rows:
                try:
                    server.send_message(email_of(session, row))
                except smtplib.SMTPRecipientsRefused as exc:
                    _record(session, row, Permanent(_refusal(exc)), report)
                except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
                    permanent = 500 <= exc.smtp_code < 600
                    _record(session, row, Permanent(str(exc)) if permanent else exc, report)
                else:
                    _record(session, row, None, report)
    except (OSError, smtplib.SMTPException) as exc:
        # The server is unreachable or hung up: whatever is still claimed waits and retries.
        log.warning("mail server: %s", exc)
        for row in rows:
            if row.status == Status.sending.value:
                _record(session, row, exc, report)


def _refusal(exc: smtplib.SMTPRecipientsRefused) -> str:
    return "; ".join(
        f"{rcpt} refused: {code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
        for rcpt, (code, msg) in exc.recipients.items()
    )
