"""A cover request reaches exactly the colleagues who could take it: people built to fail
each rule are never asked, and every wave together asks everyone else who fits."""

from datetime import time, timedelta

from sqlmodel import Session, select

from app.cover import service as cover
from app.cover.models import CoverAsk
from app.people.models import Employee
from app.people.preference_models import WeekPreference
from app.schedules.models import ScheduleShift
from tests.cover.conftest import WEEK, login, on_line
from tests.factories import make_department, make_employee, make_time_off


def _misfits(session: Session, plan) -> dict[str, Employee]:  # type: ignore[no-untyped-def]
    sales = plan["line"]["departments"]["sales"].id
    closed = make_department(session, name="Legal", max_away_fraction=0.0)
    tuesday = WEEK + timedelta(days=1)
    people = {
        "on leave": make_employee(session, department_id=sales, name="Lea Leave"),
        "not started yet": make_employee(
            session, department_id=sales, name="Nat New", hire_date=WEEK + timedelta(days=14)
        ),
        "leaving before then": make_employee(
            session, department_id=sales, name="Lou Leaver", last_day=WEEK - timedelta(days=3)
        ),
        "department at its cap that week": make_employee(
            session, department_id=closed.id, name="Cal Capped"
        ),
        "weekend week": make_employee(
            session, department_id=sales, name="Wes Weekend", workdays=[5, 6]
        ),
        "evening hours": make_employee(
            session, department_id=sales, name="Eva Evening", work_start=time(18), work_end=time(23)
        ),
        "hours off": make_employee(session, department_id=sales, name="Hal Hours"),
        "inactive": make_employee(session, department_id=sales, name="Ina Gone", active=False),
    }
    make_time_off(
        session, employee_id=people["on leave"].id, first_day=WEEK, last_day=WEEK + timedelta(4)
    )
    make_time_off(
        session,
        employee_id=people["hours off"].id,
        first_day=tuesday,
        last_day=tuesday,
        from_time=time(10),
        to_time=time(12),
    )
    session.commit()
    return people


def test_a_request_reaches_exactly_the_colleagues_who_fit(client, session: Session, plan) -> None:
    turn = plan["turn"]
    misfits = _misfits(session, plan)
    fit = make_employee(
        session, department_id=plan["line"]["departments"]["eng"].id, name="Fay Fits"
    )
    owner = session.get(Employee, turn.employee_id)
    asked = client.post("/api/v1/cover", json={"turn_id": turn.id}, headers=login(session, owner))
    assert asked.status_code == 201, asked.text
    request = cover.get_request(session, asked.json()["id"])
    while cover.next_wave(session, request):  # every wave until nobody new fits
        pass
    session.commit()
    everyone = set(session.exec(select(Employee.id).where(Employee.active)).all())
    busy = on_line(session, turn.schedule_id, WEEK) | set(
        session.exec(
            select(ScheduleShift.employee_id).where(
                ScheduleShift.schedule_id == turn.schedule_id,
                ScheduleShift.day >= WEEK,
                ScheduleShift.day < WEEK + timedelta(days=7),
            )
        ).all()
    )
    expected = everyone - busy - {e.id for e in misfits.values()} - {owner.id}
    got = set(
        session.exec(select(CoverAsk.employee_id).where(CoverAsk.request_id == request.id)).all()
    )
    assert fit.id in got
    assert got == expected
    seen = client.get(f"/api/v1/cover/{request.id}", headers=plan["hr"].headers).json()
    assert {a["employee_id"] for a in seen["asks"]} == expected
    assert seen["excluded"]["on leave"] == 1
    assert seen["excluded"]["not started yet"] == 1
    assert seen["excluded"]["leaving before then"] == 1
    assert seen["excluded"]["department at its cap that week"] == 1
    assert seen["excluded"]["already asked"] == len(expected)
    outside = "outside their hours, working week or holidays, or away then"
    assert seen["excluded"][outside] == 3  # the weekend week, the evening hours, hours off


def test_fewest_turns_first_then_who_wished_for_the_week(client, session: Session, plan) -> None:
    turn = plan["turn"]
    owner = session.get(Employee, turn.employee_id)
    eng = plan["line"]["departments"]["eng"].id
    plain = make_employee(session, department_id=eng, name="Pat Plain")
    keen = make_employee(session, department_id=eng, name="Kim Keen")
    session.add(WeekPreference(employee_id=keen.id, week_start=WEEK, wish="want"))
    session.commit()
    request = client.post(
        "/api/v1/cover", json={"turn_id": turn.id}, headers=login(session, owner)
    ).json()
    asks = session.exec(
        select(CoverAsk).where(CoverAsk.request_id == request["id"]).order_by(CoverAsk.rank)
    ).all()
    turns = [int(a.why.split(" ")[0]) for a in asks]
    assert turns == sorted(turns)
    assert [a.employee_id for a in asks][:2] == [keen.id, plain.id]
    assert asks[0].why == f"0 turns in {WEEK.year}; wished for this week"
