"""Messages a publish causes: each person whose turns changed (and only they) hears which
turns are new, moved or cancelled; new hires are welcomed; HR hears of new gaps ahead; chat
channels get a short summary."""

import hashlib
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, col, select

from app import clock
from app.config import get_settings
from app.db import saved_id
from app.notifications import people, secret_links
from app.notifications.models import Category, ChatWebhook
from app.notifications.outbox import Email, queue_chat, queue_email, queue_emails, render
from app.people.models import Employee
from app.schedules import differences
from app.schedules.models import GapAcknowledgement, Schedule, ScheduleGap, ScheduleTurn

Turns = dict[date, tuple[int, bool, int]]  # week → (days, with mentor, turn id)


def _future_turns(
    session: Session, schedule_id: int | None, first: date, employee_ids: set[int]
) -> dict[int, Turns]:
    found: dict[int, Turns] = defaultdict(dict)
    if schedule_id is None or not employee_ids:
        return found
    rows = session.exec(
        select(  # type: ignore[call-overload]
            ScheduleTurn.employee_id,
            ScheduleTurn.week_start,
            ScheduleTurn.days,
            ScheduleTurn.with_mentor,
            ScheduleTurn.id,
        ).where(
            ScheduleTurn.schedule_id == schedule_id,
            col(ScheduleTurn.week_start) >= first,
            col(ScheduleTurn.employee_id).in_(employee_ids),
        )
    ).all()
    for employee_id, week, days, mentor, turn_id in rows:
        found[employee_id][week] = (days, mentor, turn_id)
    return found


def _signature(turns: Turns) -> str:
    return ",".join(f"{w}:{d}:{int(m)}" for w, (d, m, _) in sorted(turns.items()))


def changes(before: Turns, after: Turns) -> dict[str, list[Any]]:
    """New, moved and cancelled turns; a cancelled week paired with a new one is a move."""
    added = sorted(w for w in after if w not in before or before[w][:2] != after[w][:2])
    gone = sorted(w for w in before if w not in after)
    moved = list(zip(gone, added, strict=False))
    return {
        "new": added[len(moved) :],
        "moved": moved,
        "cancelled": gone[len(moved) :],
    }


def on_publish(session: Session, schedule: Schedule, previous_id: int | None) -> int:
    """Queue every message of a publish; returns how many emails were queued."""
    first = clock.monday(clock.today())
    # Who changed is one set-based question to the database; only their turns are read.
    changed = differences.changed_people(session, saved_id(schedule), previous_id, first)
    before = _future_turns(session, previous_id, first, changed)
    after = _future_turns(session, saved_id(schedule), first, changed)
    employees: dict[int, Employee] = {
        saved_id(e): e
        for e in session.exec(select(Employee).where(col(Employee.id).in_(changed))).all()
        if e.active
    }
    seats = people.seats_by_week(session, saved_id(schedule), employees.values(), first)
    settings = get_settings()
    emails: list[Email] = []
    for employee_id, employee in sorted(employees.items()):
        what = changes(before[employee_id], after[employee_id])
        transition = f"{_signature(before[employee_id])}>{_signature(after[employee_id])}"
        digest = hashlib.sha256(transition.encode()).hexdigest()[:20]
        turns = [
            {
                "week": week,
                "days": after[employee_id][week][0],
                "mentor": after[employee_id][week][1],
                "turn_id": after[employee_id][week][2],
                "seats": seats.get((employee_id, week), []),
            }
            for week in sorted(set(what["new"]) | {new for _, new in what["moved"]})
        ]
        message = render(
            "turns",
            employee=employee,
            changes=what,
            turns=turns,
            feed_url=secret_links.feed(employee_id),
            support_tool_url=settings.support_tool_url,
        )
        to = people.of_employee(employee)
        emails.append(Email(f"turns:{employee_id}:{digest}", Category.turns, to, message))
        if any(t["mentor"] for t in turns):
            welcome = render(
                "welcome", employee=employee, turn=next(t for t in turns if t["mentor"])
            )
            emails.append(Email(f"welcome:{employee_id}", Category.welcome, to, welcome))
    queued = queue_emails(session, emails)
    queued += _new_gaps(session, schedule, previous_id, first)
    _chat(session, schedule, len(employees), first)
    return queued


def _new_gaps(session: Session, schedule: Schedule, previous_id: int | None, first: date) -> int:
    """HR hears of gaps in the coming weeks that the previous plan did not have and nobody
    acknowledged."""
    horizon = first + timedelta(weeks=get_settings().gap_notice_weeks)
    known = (
        set(
            session.exec(
                select(ScheduleGap.fingerprint).where(ScheduleGap.schedule_id == previous_id)
            )
        )
        if previous_id
        else set()
    )
    silenced = set(session.exec(select(GapAcknowledgement.fingerprint)).all())
    gaps = [
        g
        for g in session.exec(
            select(ScheduleGap)
            .where(ScheduleGap.schedule_id == schedule.id)
            .order_by(col(ScheduleGap.week_start), col(ScheduleGap.id))
        ).all()
        if g.fingerprint not in known
        and g.fingerprint not in silenced
        and (g.week_start is None or first <= g.week_start < horizon)
    ]
    if not gaps:
        return 0
    message = render("gaps", gaps=gaps, schedule=schedule)
    digest = hashlib.sha256("|".join(g.fingerprint for g in gaps).encode()).hexdigest()[:20]
    queued = 0
    for to in people.hr_people(session):
        queued += queue_email(
            session,
            key=f"gaps:{to.email}:{digest}",
            category=Category.gaps,
            to=to,
            message=message,
        )
    for hook in webhooks(session, Category.gaps, None):
        queue_chat(
            session,
            key=f"chat-gaps:{hook.id}:{digest}",
            category=Category.gaps,
            webhook_id=saved_id(hook),
            title=message.subject,
            text=message.text,
        )
    return queued


def webhooks(session: Session, category: Category, department_id: int | None) -> list[ChatWebhook]:
    hooks = session.exec(select(ChatWebhook).order_by(col(ChatWebhook.id))).all()
    return [
        h
        for h in hooks
        if category.value in h.categories and h.department_id in (None, department_id)
    ]


def _chat(session: Session, schedule: Schedule, changed: int, first: date) -> None:
    # Every channel that posts about turns: the line's, and each department's for its people.
    hooks = [
        h for h in session.exec(select(ChatWebhook)).all() if Category.turns.value in h.categories
    ]
    if not hooks:
        return
    week = first + timedelta(weeks=1)
    rows = session.exec(
        select(Employee)
        .join(ScheduleTurn, col(ScheduleTurn.employee_id) == Employee.id)
        .where(ScheduleTurn.schedule_id == schedule.id, ScheduleTurn.week_start == week)
        .order_by(col(Employee.name))
    ).all()
    for hook in hooks:
        names = [e.name for e in rows if hook.department_id in (None, e.department_id)]
        text = (
            f"The rotation was published: {changed} people have new or changed turns. "
            f"On the line the week of {week:%d %b}: {', '.join(names) or 'nobody'}."
        )
        queue_chat(
            session,
            key=f"chat-published:{hook.id}:{schedule.id}:{schedule.version}",
            category=Category.turns,
            webhook_id=saved_id(hook),
            title="Rota: rotation published",
            text=text,
        )
