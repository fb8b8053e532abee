"""A publish asks the database what differs from the plan it replaces: an identical plan
differs in nothing, one moved seat in its own week, and people are told only of their own."""

from datetime import date, timedelta

import pytest
from sqlalchemy import true
from sqlmodel import select

from app.events import ScheduleChanged
from app.schedules import differences, publishing, store
from app.schedules.models import Schedule, ScheduleShift, ScheduleTurn
from tests.factories import make_line
from tests.schedules.test_loop import generate

pytestmark = pytest.mark.slow  # plans first


def _copy_of(session, schedule_id):  # type: ignore[no-untyped-def]
    original = session.get(Schedule, schedule_id)
    twin = Schedule(start=original.start, weeks=original.weeks, status="draft")
    session.add(twin)
    session.flush()
    for model in (ScheduleTurn, ScheduleShift):
        store.copy_rows(session, model, schedule_id, twin.id, true())
    session.commit()
    return twin.id


def test_an_identical_plan_differs_in_nothing_and_one_seat_in_its_week(client, hr, session):
    make_line(session)
    first = generate(client, hr, weeks=3)
    twin = _copy_of(session, first)
    assert differences.changed_weeks(session, twin, first) == frozenset()
    assert differences.changed_people(session, twin, first, date(2027, 1, 11)) == set()

    seat = session.exec(
        select(ScheduleShift).where(
            ScheduleShift.schedule_id == twin, ScheduleShift.role == "rotator"
        )
    ).first()
    seat.day = (
        seat.day + timedelta(days=1) if seat.day.weekday() < 4 else seat.day - timedelta(days=1)
    )
    session.add(seat)
    turn = session.exec(select(ScheduleTurn).where(ScheduleTurn.schedule_id == twin)).first()
    turn.days -= 1
    session.add(turn)
    session.commit()
    monday = seat.day - timedelta(days=seat.day.weekday())
    assert differences.changed_weeks(session, twin, first) == {monday, turn.week_start}
    assert differences.changed_people(session, twin, first, date(2027, 1, 11)) == {turn.employee_id}


def test_publishing_an_identical_plan_asks_calendars_for_no_week(client, hr, session, monkeypatch):
    make_line(session)
    first = generate(client, hr, weeks=2)
    publishing.publish(session=session, schedule_id=first, actor=hr.user)
    session.commit()
    twin = _copy_of(session, first)
    seen: list[ScheduleChanged] = []
    emit = publishing.events.emit
    monkeypatch.setattr(publishing.events, "emit", lambda s, e: (seen.append(e), emit(s, e))[1])
    publishing.publish(session=session, schedule_id=twin, actor=hr.user)
    session.commit()
    changed = [e for e in seen if isinstance(e, ScheduleChanged)]
    assert [(e.weeks, e.reason) for e in changed] == [(frozenset(), "published")]
