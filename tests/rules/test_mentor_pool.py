"""HR's mentor pool over the API and the page, and a plan that follows it: a support person
taken out is never a new hire's mentor; an engineer added mentors on every channel."""

import re
from datetime import date, time

from sqlmodel import Session, select

from app.auth.service import hash_password
from app.coverage.models import CoverageNeed
from app.rules.mentor_pool import MentorPoolEntry
from app.schedules.models import ScheduleShift
from app.schedules.planning import plan_now
from tests.factories import make_actor, make_need, make_shift
from tests.rules.test_mentor_pairs import _line_with_new_hire
from tests.schedules.conftest import fixed_today  # noqa: F401  (today is 2027-01-06)
from tests.web.test_pages import PASSWORD, sign_in


def test_the_pool_is_checked(client, hr, session: Session) -> None:
    line, _ = _line_with_new_hire(session)
    mentor = line["support"][0]
    unknown = client.post(
        "/api/v1/mentor-pool", json={"employee_id": 999_999, "member": False}, headers=hr.headers
    )
    assert (unknown.status_code, unknown.json()["errors"][0]["field"]) == (422, "employee_id")
    body = {"employee_id": mentor.id, "member": False, "note": "on leave from mentoring"}
    made = client.post("/api/v1/mentor-pool", json=body, headers=hr.headers)
    assert made.status_code == 201
    again = client.post("/api/v1/mentor-pool", json=body | {"member": True}, headers=hr.headers)
    assert (again.status_code, again.json()["errors"][0]["field"]) == (409, "employee_id")
    listed = client.get("/api/v1/mentor-pool", headers=hr.headers).json()
    assert [(e["employee_id"], e["member"]) for e in listed] == [(mentor.id, False)]
    gone = client.delete(f"/api/v1/mentor-pool/{made.json()['id']}", headers=hr.headers)
    assert gone.status_code == 204
    assert client.get("/api/v1/mentor-pool", headers=hr.headers).json() == []
    missing = client.delete(f"/api/v1/mentor-pool/{made.json()['id']}", headers=hr.headers)
    assert missing.status_code == 404


def test_a_plan_follows_the_pool(client, hr, session: Session) -> None:
    line, hire = _line_with_new_hire(session)
    out = [p.id for p in line["support"][:2]]
    for person_id in out:
        answer = client.post(
            "/api/v1/mentor-pool",
            json={"employee_id": person_id, "member": False},
            headers=hr.headers,
        )
        assert answer.status_code == 201
    schedule = plan_now(session=session, start=date(2027, 1, 11), weeks=2, time_limit_s=10)
    seats = session.exec(
        select(ScheduleShift).where(
            ScheduleShift.schedule_id == schedule.id, ScheduleShift.employee_id == hire.id
        )
    ).all()
    assert seats, "the new hire is on the line"
    assert {s.mentor_id for s in seats} == {line["support"][2].id}


def test_hr_changes_the_pool_on_the_page_by_email(client, session: Session) -> None:
    line, _ = _line_with_new_hire(session)
    engineer = line["eng"][0]
    hr = make_actor(session, role="hr", password_hash=hash_password(PASSWORD))
    assert sign_in(client, hr.user.email).status_code == 303
    page = client.get("/mentor-pairs")
    assert "Nobody added or taken out" in page.text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    wrong = client.post(
        "/mentor-pool", data={"csrf_token": csrf, "person": "nobody@example.com", "member": "in"}
    )
    assert wrong.status_code == 422 and "No one with that work email." in wrong.text
    saved = client.post(
        "/mentor-pool",
        data={"csrf_token": csrf, "person": engineer.email.upper(), "member": "in",
              "pool_note": "loves onboarding"},
        follow_redirects=False,
    )  # fmt: skip
    assert saved.status_code == 303
    listed = client.get("/mentor-pairs").text
    assert engineer.name in listed and "on every channel" in listed and "loves onboarding" in listed
    entry = session.exec(select(MentorPoolEntry)).one()
    assert (entry.employee_id, entry.member) == (engineer.id, True)
    twice = client.post(
        "/mentor-pool", data={"csrf_token": csrf, "person": engineer.email, "member": "out"}
    )
    assert twice.status_code == 422 and "already set" in twice.text
    back = client.post(f"/mentor-pool/{entry.id}/delete", data={"csrf_token": csrf})
    assert back.status_code == 200 and "Nobody added or taken out" in back.text


def test_a_mentor_moved_away_by_hand_is_replaced_beside_the_new_hire(
    client, hr, session: Session
) -> None:
    """HR moves a new hire's mentor to another shift: the new hire's seat names a mentor still
    on their shift (the mentoring pass runs again on the week), never the one who left."""
    line, hire = _line_with_new_hire(session)
    need = session.exec(select(CoverageNeed)).one()
    need.fill_to_max = True  # the morning is staffed to its maximum: several mentors sit there
    session.add(need)
    afternoon = make_shift(session, name="Afternoon", start_time=time(13), end_time=time(17))
    make_need(
        session,
        channel_id=line["channel"].id,
        shift_template_id=afternoon.id,
        min_people=0,
        max_people=8,
    )
    schedule = plan_now(session=session, start=date(2027, 1, 11), weeks=1, time_limit_s=10)
    session.commit()
    seats = session.exec(select(ScheduleShift).where(ScheduleShift.schedule_id == schedule.id))
    seats = list(seats.all())
    mine = next(s for s in seats if s.employee_id == hire.id)
    mentor = mine.mentor_id
    assert mentor is not None
    session.commit()
    theirs = next(
        s
        for s in seats
        if (s.employee_id, s.day, s.shift_template_id) == (mentor, mine.day, mine.shift_template_id)
    )
    moved = client.patch(
        f"/api/v1/schedules/{schedule.id}/shifts/{theirs.id}",
        json={"shift_template_id": afternoon.id, "reason": "the afternoon needs them"},
        headers=hr.headers,
    )
    assert moved.status_code == 200, moved.text
    session.expire_all()
    after = session.get(ScheduleShift, mine.id)
    assert after is not None and after.mentor_id not in (None, mentor)
    beside = session.exec(
        select(ScheduleShift.employee_id).where(
            ScheduleShift.schedule_id == schedule.id,
            ScheduleShift.day == mine.day,
            ScheduleShift.shift_template_id == mine.shift_template_id,
        )
    ).all()
    assert after.mentor_id in beside
