"""The cover page: the owner asks for some days of a turn in a form, the asked colleague sees
it (and a count in the menu) and takes it with a button; HR sees who was asked and why."""

import re
from datetime import timedelta

from sqlmodel import Session, col, select

from app.auth.models import User
from app.auth.service import hash_password
from app.cover.models import CoverRequest
from app.people.models import Employee
from app.schedules.models import ScheduleShift
from tests.cover.conftest import WEEK
from tests.factories import make_employee
from tests.web.test_pages import PASSWORD, sign_in


def _signed_in(client, session: Session, employee: Employee):  # type: ignore[no-untyped-def]
    session.add(
        User(
            email=employee.email,
            name=employee.name,
            employee_id=employee.id,
            password_hash=hash_password(PASSWORD),
        )
    )
    session.commit()
    client.cookies.clear()
    assert sign_in(client, employee.email).status_code == 303


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_ask_for_some_days_and_take_it_on_the_page(client, session: Session, plan) -> None:
    turn = plan["turn"]
    owner = session.get(Employee, turn.employee_id)
    helper = make_employee(session, department_id=plan["line"]["departments"]["eng"].id)
    session.commit()
    days = sorted(
        session.exec(
            select(ScheduleShift.day).where(
                ScheduleShift.schedule_id == turn.schedule_id,
                ScheduleShift.employee_id == owner.id,
                col(ScheduleShift.day) >= WEEK,
                col(ScheduleShift.day) < WEEK + timedelta(days=7),
            )
        ).all()
    )
    _signed_in(client, session, owner)
    page = client.get("/cover")
    assert f"Week of {turn.week_start}" in page.text
    asked = client.post(
        "/cover/new",
        data={
            "csrf_token": _csrf(page.text),
            "turn_id": str(turn.id),
            "days": [str(days[0]), str(days[1])],
            "note": "School play",
        },
        follow_redirects=False,
    )
    assert asked.status_code == 303
    request = session.exec(select(CoverRequest)).one()
    assert request.days == [str(days[0]), str(days[1])] and request.note == "School play"
    _signed_in(client, session, helper)
    mine = client.get("/cover")
    assert "School play" in mine.text and "colleagues asking you to cover" in mine.text
    took = client.post(
        f"/cover/{request.id}/take", data={"csrf_token": _csrf(mine.text)}, follow_redirects=False
    )
    assert took.status_code == 303
    session.expire_all()
    assert session.get(CoverRequest, request.id).status == "pending"  # HR approves swaps here
    hr_page_user = plan["hr"].user
    hr_page_user.password_hash = hash_password(PASSWORD)
    session.add(hr_page_user)
    session.commit()
    client.cookies.clear()
    sign_in(client, hr_page_user.email)
    listing = client.get("/cover")
    assert "Approve" in listing.text and "turns in 2027" in listing.text
