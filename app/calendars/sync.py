"""Stored calendar events kept in step with the published schedule, one scope at a time."""

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import quote

from sqlalchemy import ColumnElement, and_, false, insert, or_
from sqlmodel import Session, col, select

from app import clock
from app.calendars.models import CalendarEvent
from app.calendars.vevent import KEEP_CANCELLED, aware, vevent_text
from app.clock import utcnow
from app.config import get_settings
from app.coverage.models import Channel, ShiftTemplate
from app.people.models import Employee
from app.schedules.models import ScheduleShift, ScheduleTurn
from app.schedules.store import published


@dataclass
class Wanted:
    uid: str
    kind: str
    employee_id: int | None
    department_id: int | None
    turn_id: int | None
    all_day: bool
    first_day: date
    last_day: date
    start_local: datetime | None
    end_local: datetime | None
    tzid: str | None
    summary: str
    description: str
    transparent: bool

    def digest(self) -> str:
        parts = (
            self.kind,
            self.employee_id,
            self.department_id,
            self.all_day,
            self.first_day,
            self.last_day,
            self.start_local,
            self.end_local,
            self.tzid,
            self.summary,
            self.description,
            self.transparent,
        )
        return hashlib.sha256(repr(parts).encode()).hexdigest()


@dataclass
class New(Wanted):
    """An event stored for the first time."""

    content_hash: str
    created_at: datetime
    updated_at: datetime
    sequence: int = 0
    status: str = "CONFIRMED"
    cancelled_at: datetime | None = None


def _links(turn: ScheduleTurn | None) -> str:
    base = get_settings().base_url.rstrip("/")
    lines = [f"Your rotation: {base}/me"]
    if turn is not None:
        # By UID, not row id: a re-plan that keeps the turn keeps the event unchanged.
        ref = quote(turn.uid)
        lines.append(f"Ask for a swap: {base}/swaps/new?turn={ref}")
        lines.append(f"Log what you learned: {base}/learnings/new?turn={ref}")
    return "\n".join(lines)


def wanted_events(
    session: Session, turns: Sequence[ScheduleTurn], rows: Sequence[ScheduleShift]
) -> list[Wanted]:
    """Every event these turns and seats put in feeds: blocks, shifts and the line's slots.
    `rows` must hold whole weeks, so that a week's last shift and a slot's staff are known."""
    people = {t.employee_id for t in turns} | {r.employee_id for r in rows}
    people |= {r.mentor_id for r in rows if r.mentor_id}
    employees = {
        e.id: e for e in session.exec(select(Employee).where(col(Employee.id).in_(people))).all()
    }
    shifts = {s.id: s for s in session.exec(select(ShiftTemplate)).all()}
    channels = {c.name: c for c in session.exec(select(Channel)).all()}
    tool = get_settings().support_tool_url
    by_turn_week: dict[tuple[int, date], ScheduleTurn] = {
        (t.employee_id, t.week_start): t for t in turns
    }
    mentees_of: dict[tuple[int, date, int], list[int]] = defaultdict(list)
    for row in rows:
        if row.mentor_id:
            mentees_of[(row.mentor_id, row.day, row.shift_template_id)].append(row.employee_id)
    last_day_of_week: dict[tuple[int, date], date] = {}
    for row in rows:
        key = (row.employee_id, clock.monday(row.day))
        last_day_of_week[key] = max(last_day_of_week.get(key, row.day), row.day)
    wanted: list[Wanted] = []
    for turn in turns:
        person = employees[turn.employee_id]
        span = (
            f"week {turn.block} of {turn.turn_weeks}"
            if turn.turn_weeks > 1
            else (
                "the week" if turn.days >= 5 else f"{turn.days} day{'s' if turn.days > 1 else ''}"
            )
        )
        text = [f"You are on the customer support line for {span} ({turn.days} days)."]
        if turn.with_mentor:
            text.append("A mentor sits beside you on every shift.")
        text.append(_links(turn))
        wanted.append(
            Wanted(
                uid=turn.uid,
                kind="block",
                employee_id=person.id,
                department_id=person.department_id,
                turn_id=turn.id,
                all_day=True,
                first_day=turn.week_start,
                last_day=turn.week_start + timedelta(days=4),
                start_local=None,
                end_local=None,
                tzid=None,
                summary=f"Support rotation — {span}",
                description="\n\n".join(text),
                transparent=True,
            )
        )
    for row in rows:
        person = employees[row.employee_id]
        shift = shifts[row.shift_template_id]
        week_turn = by_turn_week.get((row.employee_id, clock.monday(row.day)))
        text = [f"{row.channel.title()} on the {shift.name.lower()} shift."]
        channel = channels.get(row.channel)
        if channel is not None and channel.description:
            text.append(channel.description)
        if row.mentor_id:
            text.append(f"Your mentor: {employees[row.mentor_id].name}.")
        mentees = mentees_of.get((row.employee_id, row.day, row.shift_template_id))
        if mentees:
            text.append("You mentor: " + ", ".join(employees[m].name for m in mentees) + ".")
        if tool:
            text.append(f"Where to log in: {tool}")
        if (
            week_turn is not None
            and last_day_of_week.get((row.employee_id, week_turn.week_start)) == row.day
            and week_turn.block == week_turn.turn_weeks
        ):
            text.append("Last shift of this rotation: please log what you learned.")
        text.append(_links(week_turn))
        wanted.append(
            Wanted(
                uid=f"shift-{row.employee_id}-{row.day:%Y%m%d}-{row.shift_template_id}@rota",
                kind="shift",
                employee_id=person.id,
                department_id=person.department_id,
                turn_id=week_turn.id if week_turn else None,
                all_day=False,
                first_day=row.day,
                last_day=row.day,
                start_local=datetime.combine(row.day, shift.start_time),
                end_local=datetime.combine(row.day, shift.end_time),
                tzid=shift.timezone,
                summary=f"Support: {row.channel} — {shift.name}",
                description="\n".join(text),
                transparent=False,
            )
        )
    by_slot: dict[tuple[date, int], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        by_slot[(row.day, row.shift_template_id)][row.channel].append(
            employees[row.employee_id].name
        )
    for (day, shift_id), staff in by_slot.items():
        shift = shifts[shift_id]
        count = sum(len(v) for v in staff.values())
        wanted.append(
            Wanted(
                uid=f"line-{day:%Y%m%d}-{shift_id}@rota",
                kind="line",
                employee_id=None,
                department_id=None,
                turn_id=None,
                all_day=False,
                first_day=day,
                last_day=day,
                start_local=datetime.combine(day, shift.start_time),
                end_local=datetime.combine(day, shift.end_time),
                tzid=shift.timezone,
                summary=f"{shift.name} line: {count} people",
                description="\n".join(
                    f"{c}: {', '.join(sorted(n))}" for c, n in sorted(staff.items())
                ),
                transparent=True,
            )
        )
    return wanted


def sync_events(*, session: Session, weeks: frozenset[date] | None = None) -> int:
    """Bring stored events of these weeks (None: all) in line with the published schedule;
    returns how many changed. Only the rows of those weeks are read and compared."""
    schedule = published(session)
    if schedule is None:
        turns: Sequence[ScheduleTurn] = []
        rows: Sequence[ScheduleShift] = []
    else:
        turn_query = select(ScheduleTurn).where(ScheduleTurn.schedule_id == schedule.id)
        row_query = select(ScheduleShift).where(ScheduleShift.schedule_id == schedule.id)
        if weeks is not None:
            turn_query = turn_query.where(col(ScheduleTurn.week_start).in_(weeks))
            row_query = row_query.where(_in_weeks(col(ScheduleShift.day), weeks))
        turns, rows = session.exec(turn_query).all(), session.exec(row_query).all()
    wanted = {w.uid: w for w in wanted_events(session, turns, rows)}
    stored_query = select(CalendarEvent)
    if weeks is not None:
        stored_query = stored_query.where(_in_weeks(col(CalendarEvent.first_day), weeks))
    stored = {e.uid: e for e in session.exec(stored_query).all()}
    now = utcnow()
    changed = 0
    fresh: list[dict[str, object]] = []
    for uid, want in wanted.items():
        digest = want.digest()
        event = stored.get(uid)
        if event is not None and event.content_hash == digest and event.status == "CONFIRMED":
            continue
        changed += 1
        if event is None:
            new = New(**want.__dict__, content_hash=digest, created_at=now, updated_at=now)
            fresh.append(dict(new.__dict__, ics=vevent_text(new)))
            continue
        event.sqlmodel_update(dict(want.__dict__))
        event.content_hash = digest
        event.sequence += 1
        event.status = "CONFIRMED"
        event.cancelled_at = None
        event.updated_at = now
        event.ics = vevent_text(event)
        session.add(event)
    if fresh:  # new events in batches, without an object each (a first publish makes many)
        session.execute(insert(CalendarEvent), fresh)
    for uid, event in stored.items():
        if uid in wanted:
            continue
        if event.status == "CONFIRMED":
            event.status = "CANCELLED"
            event.sequence += 1
            event.cancelled_at = now
            event.updated_at = now
            event.ics = vevent_text(event)
            session.add(event)
            changed += 1
        elif event.cancelled_at and aware(event.cancelled_at) < now - KEEP_CANCELLED:
            session.delete(event)
    session.flush()
    return changed


def weeks_of(session: Session, employee_ids: frozenset[int]) -> frozenset[date]:
    """The weeks in which these people have events now or in the published schedule."""
    days = _seat_days(
        session,
        or_(
            col(ScheduleShift.employee_id).in_(employee_ids),
            col(ScheduleShift.mentor_id).in_(employee_ids),
        ),
    )
    schedule = published(session)
    if schedule is not None:
        days |= set(
            session.exec(
                select(col(ScheduleTurn.week_start)).where(
                    ScheduleTurn.schedule_id == schedule.id,
                    col(ScheduleTurn.employee_id).in_(employee_ids),
                )
            ).all()
        )
    days |= set(
        session.exec(
            select(col(CalendarEvent.first_day))
            .where(col(CalendarEvent.employee_id).in_(employee_ids))
            .distinct()
        ).all()
    )
    return frozenset(clock.monday(d) for d in days)


def weeks_with_shifts(session: Session, shift_template_ids: frozenset[int]) -> frozenset[date]:
    """The weeks in which these shift templates have seats in the published schedule."""
    days = _seat_days(session, col(ScheduleShift.shift_template_id).in_(shift_template_ids))
    return frozenset(clock.monday(d) for d in days)


def _seat_days(session: Session, condition: ColumnElement[bool]) -> set[date]:
    schedule = published(session)
    if schedule is None:
        return set()
    query = select(col(ScheduleShift.day)).where(
        ScheduleShift.schedule_id == schedule.id, condition
    )
    return set(session.exec(query.distinct()).all())


def _in_weeks(column, weeks: frozenset[date]):
    """A day column inside one of these weeks (Monday to Sunday)."""
    if not weeks:
        return false()
    return or_(*(and_(column >= w, column < w + timedelta(days=7)) for w in sorted(weeks)))
