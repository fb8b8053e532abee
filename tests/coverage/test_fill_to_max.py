"""HR says which needs fill their spare seats: the API and the form carry it, the solver reads
it, and the support team's share is balanced with the hours it already sat on the line."""

import re
from datetime import UTC, date, datetime, time

from app.schedules.models import Schedule, ScheduleShift
from app.schedules.problem import build_problem
from tests.factories import make_channel, make_department, make_employee, make_shift
from tests.web.test_pages import sign_in_as

START = date(2027, 3, 29)  # Berlin moved its clocks on Sunday the 28th


def test_a_need_fills_to_its_maximum_only_when_hr_says_so(client, hr, session):
    channel, shift = make_channel(session), make_shift(session)
    created = client.post(
        "/api/v1/coverage-needs",
        json={"channel_id": channel.id, "shift_template_id": shift.id, "max_people": 4},
        headers=hr.headers,
    )
    assert created.status_code == 201, created.text
    assert created.json()["fill_to_max"] is False
    need_id = created.json()["id"]
    changed = client.patch(
        f"/api/v1/coverage-needs/{need_id}", json={"fill_to_max": True}, headers=hr.headers
    )
    assert changed.json()["fill_to_max"] is True
    solver_view = build_problem(session=session, start=START, weeks=1)
    assert [n.fill_to_max for n in solver_view.needs] == [True]
    bad = client.patch(
        f"/api/v1/coverage-needs/{need_id}", json={"fill_to_max": "often"}, headers=hr.headers
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "fill_to_max"


def test_the_form_ticks_and_unticks_it(client, hr, session):
    channel, shift = make_channel(session), make_shift(session)
    sign_in_as(client, session, hr)
    page = client.get("/coverage/needs/new").text
    assert 'name="fill_to_max"' in page
    values = {
        "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1),
        "channel_id": str(channel.id),
        "shift_template_id": str(shift.id),
        "min_people": "1",
        "max_people": "3",
        "skill_min": "0",
        "fill_to_max": "on",
    }
    saved = client.post("/coverage/needs/new", data=values, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    assert "1–3 (filled to the maximum)" in client.get("/coverage").text
    listed = client.get("/api/v1/coverage-needs", headers=hr.headers).json()["items"]
    assert [n["fill_to_max"] for n in listed] == [True]


def test_the_support_team_s_past_hours_on_the_line_are_read_on_real_instants(session):
    support = make_department(session, name="Support", is_support=True)
    engineering = make_department(session, name="Engineering")
    agent = make_employee(session, department_id=support.id, name="Ada Agent")
    engineer = make_employee(session, department_id=engineering.id, name="Eli Engineer")
    # 01:00-04:00 Berlin: three hours on most nights, two on the night the clocks go forward.
    night = make_shift(
        session, name="Night", start_time=time(1), end_time=time(4), timezone="Europe/Berlin"
    )
    schedule = Schedule(
        status="published",
        start=date(2027, 3, 22),
        weeks=1,
        published_at=datetime(2027, 3, 1, tzinfo=UTC),
    )
    session.add(schedule)
    session.flush()
    for who in (agent, engineer):
        for day in (date(2027, 3, 27), date(2027, 3, 28)):
            session.add(
                ScheduleShift(
                    schedule_id=schedule.id,
                    employee_id=who.id,
                    day=day,
                    shift_template_id=night.id,
                    channel="phone",
                )
            )
    session.commit()
    people = {p.id: p for p in build_problem(session=session, start=START, weeks=1).people}
    assert people[agent.id].line_hours == 5.0
    assert people[engineer.id].line_hours == 0.0  # rotators' turns are counted in weeks
