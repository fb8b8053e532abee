"""Everything Rota holds about one person, as one JSON document: their record, login (no
secrets), sessions and tokens (no secrets), absences, week wishes, turns and seats, swaps,
learnings they wrote, notification choices and the messages sent to them, calendar feeds,
subscribed calendars of theirs, and the audit entries about their records. Rows are written
column by column, secrets and private fields left out (the audit trail's own rule)."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import inspect, or_
from sqlmodel import Session, SQLModel, col, select

from app import audit
from app.auth.models import ApiToken, User, WebSession
from app.calendars.models import FeedToken
from app.calendars.time_off_feed_models import TimeOffFeed
from app.clock import utcnow
from app.cover.models import CoverAsk, CoverRequest
from app.learning.models import Learning
from app.notifications.models import Notification, Preference
from app.people.models import Employee, TimeOff
from app.people.preference_models import WeekPreference
from app.schedules.models import ScheduleShift, ScheduleTurn
from app.swaps.models import SwapRequest

Row = dict[str, Any]
# Secrets by another name (a feed's nonce, a form's CSRF value) and copies of what is listed.
PRIVATE = frozenset({"directory_profile", "url", "html", "nonce", "csrf"})


class PersonalData(BaseModel):
    """A person's data in Rota (GET /api/v1/employees/{id}/export)."""

    exported_at: datetime
    employee: Row
    login: Row | None = Field(description="Their sign-in, without password or secrets")
    sessions: list[Row]
    api_tokens: list[Row] = Field(description="Names and dates; never the tokens")
    time_off: list[Row]
    week_wishes: list[Row]
    turns: list[Row] = Field(description="Weeks on the line, every plan that holds them")
    seats: list[Row]
    swaps: list[Row] = Field(description="Swaps they offered or took")
    cover_requests: list[Row] = Field(description="Cover asked for their turns, or they took")
    cover_asks: list[Row] = Field(description="Times they were asked to cover (no link secret)")
    learnings: list[Row] = Field(description="Learnings they wrote")
    notification_preferences: Row | None
    messages: list[Row] = Field(description="Messages sent (or queued) to them")
    calendar_feeds: list[Row] = Field(description="Their feed links, without the secret")
    time_off_calendars: list[Row]
    audit: list[Row] = Field(description="Entries about their employee record and login")


def row(obj: SQLModel) -> Row:
    kept = {}
    for attr in inspect(obj).mapper.column_attrs:
        name = attr.key
        if name in PRIVATE or audit.is_secret(name):
            continue
        kept[name] = audit.plain(getattr(obj, name))
    return kept


def _rows(session: Session, query: Any) -> list[Row]:
    return [row(obj) for obj in session.exec(query).all()]


def personal_data(session: Session, employee: Employee) -> PersonalData:
    pid = employee.id
    login = session.exec(select(User).where(User.employee_id == pid)).first()
    uid = login.id if login is not None else None
    about = [(kind, rid) for kind, rid in (("employee", pid), ("app_user", uid)) if rid]
    audit_rows = session.exec(
        select(audit.AuditEntry)
        .where(
            or_(
                *(
                    (col(audit.AuditEntry.record_kind) == kind)
                    & (col(audit.AuditEntry.record_id) == rid)
                    for kind, rid in about
                )
            )
        )
        .order_by(col(audit.AuditEntry.id))
    ).all()
    email = employee.email.lower()
    preference = session.get(Preference, email)
    return PersonalData(
        exported_at=utcnow(),
        employee=row(employee),
        login=row(login) if login is not None else None,
        sessions=_rows(session, select(WebSession).where(WebSession.user_id == uid))
        if uid is not None
        else [],
        api_tokens=_rows(session, select(ApiToken).where(ApiToken.user_id == uid))
        if uid is not None
        else [],
        time_off=_rows(session, select(TimeOff).where(TimeOff.employee_id == pid)),
        week_wishes=_rows(session, select(WeekPreference).where(WeekPreference.employee_id == pid)),
        turns=_rows(session, select(ScheduleTurn).where(ScheduleTurn.employee_id == pid)),
        seats=_rows(session, select(ScheduleShift).where(ScheduleShift.employee_id == pid)),
        swaps=_rows(
            session,
            select(SwapRequest).where(
                or_(col(SwapRequest.offered_by) == pid, col(SwapRequest.taken_by) == pid)
            ),
        ),
        cover_requests=_rows(
            session,
            select(CoverRequest).where(
                or_(col(CoverRequest.employee_id) == pid, col(CoverRequest.taken_by) == pid)
            ),
        ),
        cover_asks=_rows(session, select(CoverAsk).where(CoverAsk.employee_id == pid)),
        learnings=_rows(session, select(Learning).where(Learning.employee_id == pid)),
        notification_preferences=row(preference) if preference is not None else None,
        messages=_rows(
            session,
            select(Notification).where(
                or_(col(Notification.employee_id) == pid, col(Notification.address) == email)
            ),
        ),
        calendar_feeds=_rows(
            session,
            select(FeedToken).where(FeedToken.kind == "employee", FeedToken.owner_id == pid),
        ),
        time_off_calendars=_rows(
            session, select(TimeOffFeed).where(TimeOffFeed.employee_id == pid)
        ),
        audit=[row(entry) for entry in audit_rows],
    )
