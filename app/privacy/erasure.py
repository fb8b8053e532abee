"""Forgetting a person: their name, email, directory ids, the free texts they wrote and the
reasons of their absences are replaced or removed, everywhere Rota keeps them (the audit
trail included, the one rewrite it allows); their turns, seats, counts and learnings' substance
stay, so reports and history add up as before. One audit entry says who erased whom, not
what was erased. A leaver is forgotten by the worker once the retention period has passed
since they left; HR can forget someone now."""

import json
from datetime import date, timedelta

from sqlalchemy import String, cast, delete, func, or_, update
from sqlmodel import Session, SQLModel, col, select

from app import audit, clock, events
from app.auth.models import ApiToken, SignInLink, User, WebSession
from app.calendars.models import FeedToken
from app.calendars.time_off_feed_models import TimeOffFeed
from app.cover.models import CoverRequest
from app.demand.models import Contact
from app.errors import Invalid
from app.events import ScheduleChanged
from app.notifications.models import Notification, Preference
from app.people.models import Employee, TimeOff
from app.people.preference_models import WeekPreference
from app.rules.service import get_rotation_settings
from app.schedules.models import ChangeLog
from app.swaps.models import SwapRequest


def pseudonym(employee_id: int) -> tuple[str, str]:
    return f"Former employee {employee_id}", f"former-{employee_id}@erased.invalid"


def _replace_in_json(
    session: Session, model: type[SQLModel], column: str, replacements: dict[str, str]
) -> None:
    """Rewrite the person's values wherever a JSON column holds them as text (only the rows
    whose stored text holds one are read); the longer values first, as an email holds a
    name."""
    stored = cast(getattr(model, column), String)
    holds = or_(*(stored.contains(json.dumps(value)[1:-1]) for value in replacements))
    rows: list[SQLModel] = list(session.exec(select(model).where(holds)).all())
    ordered = sorted(replacements.items(), key=lambda pair: len(pair[0]), reverse=True)
    for row in rows:
        text = json.dumps(getattr(row, column), ensure_ascii=False)
        changed = text
        for value, new in ordered:
            changed = changed.replace(json.dumps(value, ensure_ascii=False)[1:-1], new)
        if changed != text:
            setattr(row, column, json.loads(changed))
            session.add(row)


def erase(session: Session, employee: Employee, *, actor: str) -> None:
    pid = employee.id
    assert pid is not None
    name, email = pseudonym(pid)
    login = session.exec(select(User).where(User.employee_id == pid)).first()
    names = {v for v in (employee.name, employee.email, employee.user_name) if v} | (
        {login.name, login.email} if login is not None else set()
    )
    texts = _free_texts(session, employee)
    replacements = {v: name for v in names} | {t: "[erased]" for t in texts if t not in names}
    old_emails = [employee.email.lower()] + ([login.email.lower()] if login else [])
    with audit.as_one(session):
        employee.name, employee.email, employee.title = name, email, ""
        employee.external_id = employee.user_name = employee.employee_number = None
        employee.directory_profile = None
        employee.exempt_reason = None
        employee.active = False
        session.add(employee)
        session.execute(update(TimeOff).where(col(TimeOff.employee_id) == pid).values(reason=""))
        session.execute(
            update(WeekPreference).where(col(WeekPreference.employee_id) == pid).values(note="")
        )
        session.execute(
            update(SwapRequest).where(col(SwapRequest.offered_by) == pid).values(note="")
        )
        session.execute(
            update(CoverRequest).where(col(CoverRequest.employee_id) == pid).values(note="")
        )
        session.execute(
            update(Contact)
            .where(func.lower(Contact.assignee_email).in_(old_emails))
            .values(assignee_email=email)
        )
        session.execute(
            delete(Notification).where(
                or_(col(Notification.employee_id) == pid, col(Notification.address).in_(old_emails))
            )
        )
        session.execute(delete(Preference).where(col(Preference.email).in_(old_emails)))
        session.execute(delete(SignInLink).where(col(SignInLink.employee_id) == pid))
        session.execute(
            delete(FeedToken).where(
                col(FeedToken.kind) == "employee", col(FeedToken.owner_id) == pid
            )
        )
        session.execute(delete(TimeOffFeed).where(col(TimeOffFeed.employee_id) == pid))
        if login is not None:
            session.execute(delete(WebSession).where(col(WebSession.user_id) == login.id))
            session.execute(delete(ApiToken).where(col(ApiToken.user_id) == login.id))
            login.name, login.email = name, email
            login.password_hash = login.oidc_subject = None
            login.active = False
            session.add(login)
        session.flush()
        for model, column in ((audit.AuditEntry, "changes"), (ChangeLog, "details")):
            _replace_in_json(session, model, column, replacements)
        # Feeds that show the person (department feeds, the line's) show the pseudonym.
        events.emit(session, ScheduleChanged.for_people([pid], "erased", fields={"name"}))
    audit.record(
        session, actor=actor, action="erase", record_kind="employee", record_id=pid, changes={}
    )


def _free_texts(session: Session, employee: Employee) -> set[str]:
    """What the person wrote, or wrote about themselves: absence reasons, week wish notes,
    swap and cover notes, an exemption reason, their title."""
    pid = employee.id
    found = {employee.title or "", employee.exempt_reason or ""}
    found |= set(session.exec(select(TimeOff.reason).where(TimeOff.employee_id == pid)).all())
    found |= set(
        session.exec(select(WeekPreference.note).where(WeekPreference.employee_id == pid)).all()
    )
    found |= set(session.exec(select(SwapRequest.note).where(SwapRequest.offered_by == pid)).all())
    found |= set(
        session.exec(select(CoverRequest.note).where(CoverRequest.employee_id == pid)).all()
    )
    return {text for text in found if len(text) >= 3}


def erase_now(session: Session, employee: Employee, *, confirm: str, actor: str) -> None:
    """HR's erasure of one person: they type the person's email to confirm."""
    if employee.email.endswith("@erased.invalid"):
        raise Invalid("This person is already forgotten.", field="confirm")
    if confirm.strip().lower() != employee.email.lower():
        raise Invalid("Type the person's email to confirm the erasure.", field="confirm")
    erase(session, employee, actor=actor)


def due(session: Session, today: date | None = None) -> list[Employee]:
    """Leavers whose retention period has passed: inactive, and left (their last day, else
    their last change) more than the setting's months ago."""
    months = get_rotation_settings(session=session).retention_months
    if not months:
        return []
    cutoff = (today or clock.today()) - timedelta(days=round(months * 30.44))
    leavers = session.exec(
        select(Employee).where(
            col(Employee.active).is_(False),
            col(Employee.email).not_like("%@erased.invalid"),
        )
    ).all()
    return [e for e in leavers if (e.last_day or e.updated_at.date()) < cutoff]
