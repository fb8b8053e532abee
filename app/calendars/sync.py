"""Stored calendar events kept in step with the published schedule, one scope at a time:
whole weeks (a publish, a move, a swap) or the people an edit concerns."""

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, false, insert, or_, tuple_
from sqlmodel import Session, col, select

from app import clock
from app.calendars.models import CalendarEvent
from app.calendars.vevent import KEEP_CANCELLED, aware, vevent_text
from app.calendars.wanted import New, Wanted, line_uid, shift_uid, wanted_events
from app.clock import utcnow
from app.schedules.models import ScheduleShift, ScheduleTurn
from app.schedules.store import published


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
    return _apply(session, wanted, session.exec(stored_query).all())


def sync_people(*, session: Session, employee_ids: frozenset[int]) -> int:
    """After an edit of these people (name, department): only the events that show them are
    derived again — their own blocks and shifts, the shifts of those they mentor or who
    mentor them, and the line's slots they sit in — not every week they appear in, which for
    the support team is the whole plan."""
    schedule = published(session)
    weeks = weeks_of(session, employee_ids)
    if schedule is None or not weeks:
        return sync_events(session=session, weeks=weeks)
    in_plan = col(ScheduleShift.schedule_id) == schedule.id
    own = session.exec(
        select(ScheduleShift).where(
            in_plan,
            or_(
                col(ScheduleShift.employee_id).in_(employee_ids),
                col(ScheduleShift.mentor_id).in_(employee_ids),
            ),
        )
    ).all()
    slots = {(r.day, r.shift_template_id) for r in own}
    people = set(employee_ids) | {r.employee_id for r in own}
    people |= {r.mentor_id for r in own if r.mentor_id is not None}
    turns = session.exec(
        select(ScheduleTurn).where(
            ScheduleTurn.schedule_id == schedule.id,
            col(ScheduleTurn.employee_id).in_(people),
            col(ScheduleTurn.week_start).in_(weeks),
        )
    ).all()
    # Whole weeks of everyone whose shift events are in scope (a week's last shift is
    # known), and every seat of the slots in scope (a slot's staff is known).
    mine = session.exec(
        select(ScheduleShift).where(
            in_plan,
            col(ScheduleShift.employee_id).in_(people),
            _in_weeks(col(ScheduleShift.day), weeks),
        )
    ).all()
    shared: list[ScheduleShift] = []
    ordered = sorted(slots)
    for start in range(0, len(ordered), 500):  # the slots' seats only, by (day, shift) pairs
        pairs = tuple_(col(ScheduleShift.day), col(ScheduleShift.shift_template_id))
        shared += session.exec(
            select(ScheduleShift).where(in_plan, pairs.in_(ordered[start : start + 500]))
        ).all()
    rows = list({r.id: r for r in [*mine, *shared]}.values())
    scope = {t.uid for t in turns}
    scope |= {shift_uid(r.employee_id, r.day, r.shift_template_id) for r in mine}
    scope |= {line_uid(day, shift_id) for day, shift_id in slots}
    wanted = {w.uid: w for w in wanted_events(session, turns, rows) if w.uid in scope}
    stored = session.exec(
        select(CalendarEvent).where(
            or_(
                col(CalendarEvent.uid).in_(scope),
                and_(
                    col(CalendarEvent.employee_id).in_(people),
                    _in_weeks(col(CalendarEvent.first_day), weeks),
                ),
            )
        )
    ).all()
    return _apply(session, wanted, stored)


def _apply(session: Session, wanted: dict[str, Wanted], found: Sequence[CalendarEvent]) -> int:
    """Write what differs: new events, changed ones (SEQUENCE up), and stored events the
    scope no longer wants (cancelled, deleted once every client has seen that)."""
    stored = {e.uid: e for e in found}
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
