"""HR's mentoring pairs over the API, and a plan that keeps them: never an avoided pair,
a preferred mentor wherever they sit beside the new hire, and a gap that names an avoided
pairing when nobody else was there."""

import re
from datetime import date

from sqlmodel import Session, select

from app.auth.service import hash_password
from app.rules.mentor_pairs import MentorPair
from app.rules.models import RotationRule
from app.schedules.models import ScheduleGap, ScheduleShift
from app.schedules.planning import plan_now
from tests.factories import make_actor, make_employee, make_line
from tests.schedules.conftest import fixed_today  # noqa: F401  (today is 2027-01-06)
from tests.web.test_pages import PASSWORD, sign_in


def _line_with_new_hire(session: Session):  # type: ignore[no-untyped-def]
    line = make_line(session)
    hire = make_employee(
        session,
        department_id=line["departments"]["eng"].id,
        name="Nia New",
        hire_date=date(2027, 1, 4),
    )
    session.add(
        RotationRule(
            name="Onboarding",
            applies_to="new_hires",
            days_per_turn=5,
            turn_weeks=1,
            start_within_weeks=2,
            with_mentor=True,
        )
    )
    session.commit()
    return line, hire


def test_pairs_are_checked(client, hr, session: Session) -> None:
    line, hire = _line_with_new_hire(session)
    mentor = line["support"][0]
    same = client.post(
        "/api/v1/mentor-pairs",
        json={"mentee_id": hire.id, "mentor_id": hire.id, "prefer": True},
        headers=hr.headers,
    )
    assert (same.status_code, same.json()["errors"][0]["field"]) == (422, "mentor_id")
    unknown = client.post(
        "/api/v1/mentor-pairs",
        json={"mentee_id": 999_999, "mentor_id": mentor.id, "prefer": True},
        headers=hr.headers,
    )
    assert (unknown.status_code, unknown.json()["errors"][0]["field"]) == (422, "mentee_id")
    body = {"mentee_id": hire.id, "mentor_id": mentor.id, "prefer": False, "note": "manager"}
    made = client.post("/api/v1/mentor-pairs", json=body, headers=hr.headers)
    assert made.status_code == 201
    again = client.post("/api/v1/mentor-pairs", json=body, headers=hr.headers)
    assert again.status_code == 409
    listed = client.get("/api/v1/mentor-pairs", headers=hr.headers).json()
    assert [(p["mentee_id"], p["mentor_id"], p["prefer"]) for p in listed] == [
        (hire.id, mentor.id, False)
    ]
    gone = client.delete(f"/api/v1/mentor-pairs/{made.json()['id']}", headers=hr.headers)
    assert gone.status_code == 204
    assert client.get("/api/v1/mentor-pairs", headers=hr.headers).json() == []


def test_a_plan_never_makes_an_avoided_pair_and_says_so(client, hr, session: Session) -> None:
    line, hire = _line_with_new_hire(session)
    first, second, third = (p.id for p in line["support"])
    for mentor in (first, second):
        client.post(
            "/api/v1/mentor-pairs",
            json={"mentee_id": hire.id, "mentor_id": mentor, "prefer": False},
            headers=hr.headers,
        )
    schedule = plan_now(session=session, start=date(2027, 1, 11), weeks=2, time_limit_s=10)
    seats = session.exec(
        select(ScheduleShift).where(
            ScheduleShift.schedule_id == schedule.id, ScheduleShift.employee_id == hire.id
        )
    ).all()
    assert seats, "the new hire is on the line"
    assert {s.mentor_id for s in seats} <= {third, None}
    alone = [s for s in seats if s.mentor_id is None]
    gaps = session.exec(
        select(ScheduleGap).where(
            ScheduleGap.schedule_id == schedule.id, ScheduleGap.employee_id == hire.id
        )
    ).all()
    assert len([g for g in gaps if "asked to avoid" in g.message]) == len(alone)


def test_a_preferred_mentor_sits_beside_the_new_hire(client, hr, session: Session) -> None:
    line, hire = _line_with_new_hire(session)
    chosen = line["support"][1].id
    client.post(
        "/api/v1/mentor-pairs",
        json={"mentee_id": hire.id, "mentor_id": chosen, "prefer": True},
        headers=hr.headers,
    )
    schedule = plan_now(session=session, start=date(2027, 1, 11), weeks=2, time_limit_s=10)
    seats = session.exec(
        select(ScheduleShift).where(ScheduleShift.schedule_id == schedule.id)
    ).all()
    beside = {(s.day, s.shift_template_id, s.channel) for s in seats if s.employee_id == chosen}
    mine = [s for s in seats if s.employee_id == hire.id]
    assert mine
    for seat in mine:
        if (seat.day, seat.shift_template_id, seat.channel) in beside:
            assert seat.mentor_id == chosen


def test_hr_names_a_pair_on_the_page_by_email(client, session: Session) -> None:
    line, hire = _line_with_new_hire(session)
    mentor = line["support"][0]
    hr = make_actor(session, role="hr", password_hash=hash_password(PASSWORD))
    assert sign_in(client, hr.user.email).status_code == 303
    page = client.get("/mentor-pairs")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    wrong = client.post(
        "/mentor-pairs",
        data={"csrf_token": csrf, "mentee": hire.email, "mentor": "nobody@example.com",
              "kind": "avoid"},
    )  # fmt: skip
    assert wrong.status_code == 422 and "No one with that work email." in wrong.text
    saved = client.post(
        "/mentor-pairs",
        data={"csrf_token": csrf, "mentee": hire.email.upper(), "mentor": mentor.email,
              "kind": "avoid", "note": "her manager"},
        follow_redirects=False,
    )  # fmt: skip
    assert saved.status_code == 303
    listed = client.get("/mentor-pairs").text
    assert "Nia New" in listed and "never" in listed and "her manager" in listed
    pair = session.exec(select(MentorPair)).one()
    assert (pair.mentee_id, pair.mentor_id, pair.prefer) == (hire.id, mentor.id, False)
