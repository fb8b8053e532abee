"""Skills grow on the line: enough shifts on a channel make someone a mentor there."""

from datetime import date

import pytest
from sqlmodel import select

from app import clock
from app.rules.models import RotationRule, RotationSettings
from app.schedules import planning
from app.schedules.models import ScheduleGap, ScheduleShift
from app.schedules.problem import build_problem
from tests.factories import make_channel, make_department, make_employee, make_need, make_shift
from tests.learning.conftest import learning_body, publish_weeks

START = date(2027, 1, 11)


@pytest.fixture
def line(session, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: date(2027, 1, 6))
    veterans = make_department(session, name="Veterans", max_away_fraction=1.0)
    eng = make_department(session, name="Engineering", max_away_fraction=1.0)
    veteran = make_employee(session, department_id=veterans.id, name="Vera Veteran")
    newcomer = make_employee(
        session, department_id=eng.id, name="Nico New", hire_date=date(2027, 1, 11)
    )
    # Sales keeps the line staffed both weeks, so only mentoring decides the veteran's week.
    sales = make_department(session, name="Sales", max_away_fraction=0.5)
    for i in range(2):
        make_employee(session, department_id=sales.id, name=f"Sol Sales{i}")
    channel = make_channel(session, name="phone")
    shift = make_shift(session, name="Morning")
    make_need(
        session, channel_id=channel.id, shift_template_id=shift.id, min_people=1, max_people=4
    )
    session.add(
        RotationRule(
            name="Onboarding",
            applies_to="new_hires",
            turn_weeks=1,
            cycle_weeks=52,
            start_within_weeks=2,
            with_mentor=True,
        )
    )
    session.add(
        RotationRule(
            name="Veterans every fortnight",
            applies_to="departments",
            department_ids=[veterans.id],
            cycle_weeks=2,
        )
    )
    session.add(
        RotationRule(
            name="Sales every fortnight",
            applies_to="departments",
            department_ids=[sales.id],
            cycle_weeks=2,
        )
    )
    session.add(RotationSettings(holiday_country=None, freeze_weeks=0, experienced_after_shifts=5))
    session.commit()
    return {"veteran": veteran, "newcomer": newcomer, "shift": shift}


def _plan(session):
    schedule = planning.plan_now(session=session, start=START, weeks=2, time_limit_s=10)
    session.commit()
    shifts = session.exec(
        select(ScheduleShift).where(ScheduleShift.schedule_id == schedule.id)
    ).all()
    gaps = session.exec(select(ScheduleGap).where(ScheduleGap.schedule_id == schedule.id)).all()
    return shifts, gaps


def test_a_rotated_person_becomes_the_next_plans_mentor(session, line):
    veteran, newcomer = line["veteran"], line["newcomer"]
    assert (
        build_problem(session=session, start=START, weeks=2).people[0].experienced_channels
        == frozenset()
    )
    shifts, gaps = _plan(session)
    assert not any(s.mentor_id for s in shifts if s.employee_id == newcomer.id)
    assert any(g.kind == "mentor" for g in gaps)

    # Five phone shifts in an earlier published week: now experienced on phone.
    publish_weeks(session, {veteran.id: [date(2027, 1, 4)]}, shift_id=line["shift"].id)
    people = {p.id: p for p in build_problem(session=session, start=START, weeks=2).people}
    assert people[veteran.id].experienced_channels == frozenset({"phone"})
    assert people[newcomer.id].experienced_channels == frozenset()
    shifts, gaps = _plan(session)
    newcomer_shifts = [s for s in shifts if s.employee_id == newcomer.id]
    assert newcomer_shifts and {s.mentor_id for s in newcomer_shifts} == {veteran.id}
    assert not any(g.kind == "mentor" for g in gaps)


def test_growth_page_data(client, session, line, monkeypatch, hr):
    veteran = line["veteran"]
    publish_weeks(session, {veteran.id: [date(2027, 1, 4)]}, shift_id=line["shift"].id)
    monkeypatch.setattr(clock, "today", lambda: date(2027, 1, 20))
    growth = client.get(f"/api/v1/employees/{veteran.id}/growth", headers=hr.headers).json()
    assert growth["rotations_done"] == 1 and growth["weeks_on_line"] == 1
    assert growth["channels"] == [
        {"channel": "phone", "shifts": 5, "needed": 5, "experienced": True}
    ]
    assert growth["can_mentor_on"] == ["phone"]
    assert growth["learnings_logged"] == 0
    reminder = growth["blocks_without_learning"]
    assert reminder == [
        {
            "first_week": "2027-01-04",
            "last_week": "2027-01-04",
            "log_url": f"/learnings/new?turn=turn-{veteran.id}-20270104@rota",
        }
    ]
    # Logging a learning for that turn clears the reminder.
    body = learning_body(veteran.department_id, turn_uid=f"turn-{veteran.id}-20270104@rota")
    body["employee_id"] = veteran.id
    assert client.post("/api/v1/learnings", json=body, headers=hr.headers).status_code == 201
    growth = client.get(f"/api/v1/employees/{veteran.id}/growth", headers=hr.headers).json()
    assert growth["learnings_logged"] == 1 and growth["blocks_without_learning"] == []


def test_a_turn_long_over_is_no_longer_asked_for_a_write_up(client, session, line, monkeypatch, hr):
    veteran = line["veteran"]
    publish_weeks(session, {veteran.id: [date(2027, 1, 4)]}, shift_id=line["shift"].id)
    # Four weeks after the Monday of 8 February is 11 January: the turn of 4 January is older.
    monkeypatch.setattr(clock, "today", lambda: date(2027, 2, 10))
    growth = client.get(f"/api/v1/employees/{veteran.id}/growth", headers=hr.headers).json()
    assert growth["rotations_done"] == 1
    assert growth["blocks_without_learning"] == []
    monkeypatch.setattr(clock, "today", lambda: date(2027, 2, 3))
    growth = client.get(f"/api/v1/employees/{veteran.id}/growth", headers=hr.headers).json()
    assert [b["first_week"] for b in growth["blocks_without_learning"]] == ["2027-01-04"]
