"""On PostgreSQL a re-plan opens its draft while the solver runs, copying the published
plan's seats of every week it may keep; storing the plan drops the weeks it changed. The
draft is the one the plan would have made after the solve, and a re-plan that ends without
a plan leaves nothing behind."""

from datetime import timedelta

import pytest
from sqlmodel import func, select

from app.schedules import jobs, planning
from app.schedules.models import Schedule, ScheduleGap, ScheduleShift, ScheduleTurn
from tests.factories import make_line
from tests.schedules.conftest import START

pytestmark = [pytest.mark.slow, pytest.mark.postgres_only]


def _published(client, hr) -> int:  # type: ignore[no-untyped-def]
    job = client.post(
        "/api/v1/schedules",
        json={"start": START, "weeks": 4, "time_limit_s": 10},
        headers=hr.headers,
    ).json()
    schedule_id = client.get(f"/api/v1/jobs/{job['id']}", headers=hr.headers).json()["schedule_id"]
    client.post(f"/api/v1/schedules/{schedule_id}/publish", headers=hr.headers)
    return schedule_id


def _replan(client, hr) -> dict:  # type: ignore[no-untyped-def]
    job = client.post(
        "/api/v1/schedules/replan", json={"time_limit_s": 10}, headers=hr.headers
    ).json()
    return client.get(f"/api/v1/jobs/{job['id']}", headers=hr.headers).json()


def _stored(session, schedule_id: int) -> dict[str, list]:  # type: ignore[no-untyped-def]
    def rows(model, *columns):  # type: ignore[no-untyped-def]
        found = session.exec(select(*columns).where(model.schedule_id == schedule_id)).all()
        return sorted(tuple(row) for row in found)

    return {
        "seats": rows(
            ScheduleShift,
            ScheduleShift.employee_id,
            ScheduleShift.day,
            ScheduleShift.shift_template_id,
            ScheduleShift.channel,
            ScheduleShift.role,
            ScheduleShift.mentor_id,
        ),
        "turns": rows(ScheduleTurn, ScheduleTurn.employee_id, ScheduleTurn.week_start),
        "gaps": rows(ScheduleGap, ScheduleGap.fingerprint, ScheduleGap.message),
    }


def test_a_draft_opened_ahead_holds_what_the_plan_stored_after_the_solve_would(
    client, hr, session, monkeypatch
):
    make_line(session)
    first = _published(client, hr)
    on_turn = next(
        t for t in session.exec(select(ScheduleTurn).where(ScheduleTurn.schedule_id == first))
    )
    client.post(
        "/api/v1/time-off",
        json={
            "employee_id": on_turn.employee_id,
            "first_day": str(on_turn.week_start),
            "last_day": str(on_turn.week_start + timedelta(days=4)),
        },
        headers=hr.headers,
    ).raise_for_status()
    opened = []
    real = planning.DraftAhead.draft

    def counted(self):  # type: ignore[no-untyped-def]
        draft = real(self)
        opened.append(draft)
        return draft

    monkeypatch.setattr(planning.DraftAhead, "draft", counted)
    ahead = _replan(client, hr)
    assert ahead["status"] == "succeeded"
    assert len(opened) == 1 and opened[0] is not None  # the draft was opened ahead

    monkeypatch.setattr(planning, "draft_ahead", lambda engine, context: None)
    after = _replan(client, hr)
    assert after["status"] == "succeeded"
    stored = _stored(session, ahead["schedule_id"])
    assert stored == _stored(session, after["schedule_id"])
    # The week of the leave was seated anew: the copy of it was dropped.
    assert on_turn.employee_id not in {
        seat[0]
        for seat in stored["seats"]
        if on_turn.week_start <= seat[1] < on_turn.week_start + timedelta(days=7)
    }


def test_a_replan_cancelled_while_solving_leaves_no_draft_and_no_seats(
    client, hr, session, monkeypatch
):
    make_line(session)
    first = _published(client, hr)
    seats_before = session.exec(select(func.count()).select_from(ScheduleShift)).one()
    discarded = []
    real = planning.DraftAhead.discard

    def counted(self):  # type: ignore[no-untyped-def]
        discarded.append(self)
        return real(self)

    monkeypatch.setattr(planning.DraftAhead, "discard", counted)
    monkeypatch.setattr(jobs._Reporter, "cancelled", lambda self: True)
    job = _replan(client, hr)
    assert job["status"] == "cancelled"
    assert len(discarded) == 1
    session.expire_all()
    assert [s.id for s in session.exec(select(Schedule)).all()] == [first]
    assert session.exec(select(func.count()).select_from(ScheduleShift)).one() == seats_before
