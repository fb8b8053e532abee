"""Two HR users at once: If-Match turns a lost update into a clear 409; two publishes at the
same moment leave exactly one published schedule."""

import threading
from datetime import date

import pytest
from sqlmodel import Session, select

from app.errors import Conflict
from app.schedules import publishing
from app.schedules.models import Schedule
from tests.factories import make_actor, make_department, make_employee


def test_if_match_stops_a_lost_update(client, session, hr):
    other_hr = make_actor(session, role="hr")
    employee = make_employee(session, department_id=make_department(session).id)
    url = f"/api/v1/employees/{employee.id}"
    first = client.get(url, headers=hr.headers)
    second = client.get(url, headers=other_hr.headers)
    assert first.headers["etag"] == second.headers["etag"]
    saved = client.patch(
        url, json={"title": "Lead"}, headers=hr.headers | {"If-Match": first.headers["etag"]}
    )
    assert saved.status_code == 200
    stale = client.patch(
        url,
        json={"title": "Engineer"},
        headers=other_hr.headers | {"If-Match": second.headers["etag"]},
    )
    assert stale.status_code == 409
    assert stale.json()["errors"][0]["field"] == "If-Match"
    assert client.get(url, headers=hr.headers).json()["title"] == "Lead"
    fresh = client.get(url, headers=other_hr.headers).headers["etag"]
    retry = client.patch(
        url, json={"title": "Engineer"}, headers=other_hr.headers | {"If-Match": fresh}
    )
    assert retry.status_code == 200 and retry.json()["title"] == "Engineer"


def test_delete_with_a_stale_etag_keeps_the_record(client, session, hr):
    dept = make_department(session, name="Legal")
    url = f"/api/v1/departments/{dept.id}"
    tag = client.get(url, headers=hr.headers).headers["etag"]
    client.patch(url, json={"max_away_fraction": 0.3}, headers=hr.headers)
    gone = client.delete(url, headers=hr.headers | {"If-Match": tag})
    assert gone.status_code == 409
    assert client.get(url, headers=hr.headers).status_code == 200


def _draft(session: Session, start: date) -> int:
    schedule = Schedule(status="draft", start=start, weeks=1)
    session.add(schedule)
    session.commit()
    return schedule.id  # type: ignore[return-value]


def test_two_publishes_at_once_leave_one_published(engine, session, hr):
    drafts = [_draft(session, date(2030, 1, 7)), _draft(session, date(2030, 1, 14))]
    first_flushed = threading.Event()
    outcome: dict[int, str] = {}

    def publish(schedule_id: int, hold: bool) -> None:
        with Session(engine, expire_on_commit=False) as own:
            try:
                publishing.publish(session=own, schedule_id=schedule_id, actor=hr.user)
                if hold:  # keep the transaction open while the other one tries
                    first_flushed.set()
                    threading.Event().wait(0.5)
                own.commit()
                outcome[schedule_id] = "published"
            except Conflict as exc:
                own.rollback()
                outcome[schedule_id] = exc.detail

    first = threading.Thread(target=publish, args=(drafts[0], True))
    first.start()
    assert first_flushed.wait(10)
    second = threading.Thread(target=publish, args=(drafts[1], False))
    second.start()
    first.join(30)
    second.join(30)
    assert outcome[drafts[0]] == "published"
    assert "published at the same moment" in outcome[drafts[1]]
    session.expire_all()
    published = session.exec(select(Schedule).where(Schedule.status == "published")).all()
    assert [s.id for s in published] == [drafts[0]]


@pytest.mark.parametrize("header", ['W/"nope"', '"nope"'])
def test_if_match_on_settings(client, session, hr, header):
    response = client.patch(
        "/api/v1/settings", json={"freeze_weeks": 3}, headers=hr.headers | {"If-Match": header}
    )
    assert response.status_code == 409
