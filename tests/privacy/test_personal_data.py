"""A person's data: the export holds every piece and nobody else's; forgetting a person
leaves their name and email nowhere in the database while the reports add up as before; the
worker forgets leavers after the retention period; the trail is append-only and names actors."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import String, cast, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, select

from app import clock
from app.audit import AuditEntry
from app.calendars.models import FeedToken
from app.calendars.time_off_feed_models import TimeOffFeed
from app.cover.models import CoverAsk, CoverRequest
from app.demand.models import Contact
from app.learning.models import Learning
from app.main import create_app
from app.models import metadata
from app.notifications.models import Notification, Preference
from app.people.models import Employee, TimeOff
from app.people.preference_models import WeekPreference
from app.privacy import erasure
from app.schedules.models import Schedule, ScheduleShift, ScheduleTurn
from app.schedules.store import turn_uid
from app.swaps.models import SwapRequest
from tests.factories import make_actor, make_department, make_employee, make_shift

TODAY = date(2027, 3, 10)
WEEK = date(2027, 3, 1)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def _world(session: Session, client: TestClient, hr: Any) -> dict[str, Any]:
    """Ada with data in every table, and Bob beside her."""
    dept = make_department(session, name="Research")
    ada = make_actor(session, role="employee")
    assert ada.employee is not None
    person = ada.employee
    bob = make_employee(
        session, name="Bob Stranger", email="bob.stranger@example.com", department_id=dept.id
    )
    shift = make_shift(session)
    schedule = Schedule(
        status="published", start=WEEK, weeks=2, published_at=datetime(2027, 2, 20, tzinfo=UTC)
    )
    session.add(schedule)
    session.flush()
    turn = ScheduleTurn(
        schedule_id=schedule.id,
        employee_id=person.id,
        week_start=WEEK,
        days=1,
        uid=turn_uid(person.id, WEEK),
    )
    other_turn = ScheduleTurn(
        schedule_id=schedule.id,
        employee_id=bob.id,
        week_start=WEEK,
        days=1,
        uid=turn_uid(bob.id, WEEK),
    )
    session.add_all([turn, other_turn])
    session.flush()
    cover = CoverRequest(schedule_id=schedule.id, turn_id=turn.id, employee_id=person.id,
                         week_start=WEEK, note="Ada needs cover")  # fmt: skip
    session.add(cover)
    session.flush()
    session.add_all([
        CoverAsk(request_id=cover.id, employee_id=person.id, nonce="c" * 64, why="0 turns"),
        CoverAsk(request_id=cover.id, employee_id=bob.id, nonce="d" * 64, why="Bob's rank"),
        ScheduleShift(schedule_id=schedule.id, employee_id=person.id, day=WEEK,
                      shift_template_id=shift.id, channel="phone"),
        TimeOff(employee_id=person.id, first_day=date(2027, 4, 5), last_day=date(2027, 4, 6),
                reason="Ada's dentist"),
        WeekPreference(employee_id=person.id, week_start=date(2027, 5, 3), wish="avoid",
                       note="Ada's school holidays"),
        SwapRequest(schedule_id=schedule.id, turn_id=turn.id, offered_by=person.id,
                    note="Ada cannot make it"),
        Learning(summary="Customers cannot find the invoice", category="bug",
                 department_id=dept.id, employee_id=person.id, customer_quote="Where is it?"),
        Preference(email=person.email, categories_off=["digest"]),
        Notification(key="n1", category="turns", channel="email", employee_id=person.id,
                     address=person.email, subject="Your turn, Ada", text="Hello Ada"),
        Notification(key="n2", category="turns", channel="email", employee_id=bob.id,
                     address=bob.email, subject="Your turn, Bob", text="Hello Bob"),
        FeedToken(kind="employee", owner_id=person.id, nonce="n" * 32),
        TimeOffFeed(name="Ada's Google calendar", url="https://calendar.example.com/s3cret.ics",
                    employee_id=person.id),
        Contact(source="generic", external_id="t1", channel="email",
                created_at=datetime(2027, 3, 2, 10, tzinfo=UTC), week=WEEK,
                assignee_email=person.email, assignee_id=person.id),
    ])  # fmt: skip
    session.commit()
    # An edit through the API, so the trail holds the person's name.
    renamed = client.patch(
        f"/api/v1/employees/{person.id}", json={"name": "Ada Lovelace"}, headers=hr.headers
    )
    assert renamed.status_code == 200, renamed.text
    session.expire_all()
    return {"ada": ada, "person": session.get(Employee, person.id), "bob": bob}


def test_the_export_holds_every_piece_and_nobody_elses(client, session, hr) -> None:
    world = _world(session, client, hr)
    ada, person, bob = world["ada"], world["person"], world["bob"]
    answer = client.get(f"/api/v1/employees/{person.id}/export", headers=ada.headers)
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert (data["employee"]["name"], data["employee"]["email"]) == ("Ada Lovelace", person.email)
    assert data["login"]["email"] == ada.user.email and "password_hash" not in data["login"]
    assert [t["reason"] for t in data["time_off"]] == ["Ada's dentist"]
    assert [w["note"] for w in data["week_wishes"]] == ["Ada's school holidays"]
    assert [(t["week_start"], t["days"]) for t in data["turns"]] == [(str(WEEK), 1)]
    assert [(s["day"], s["channel"]) for s in data["seats"]] == [(str(WEEK), "phone")]
    assert [s["note"] for s in data["swaps"]] == ["Ada cannot make it"]
    assert [c["note"] for c in data["cover_requests"]] == ["Ada needs cover"]
    assert [a["why"] for a in data["cover_asks"]] == ["0 turns"]
    assert "nonce" not in data["cover_asks"][0]
    assert [le["summary"] for le in data["learnings"]] == ["Customers cannot find the invoice"]
    assert data["notification_preferences"]["categories_off"] == ["digest"]
    assert [m["subject"] for m in data["messages"]] == ["Your turn, Ada"]
    assert len(data["calendar_feeds"]) == 1 and "nonce" not in data["calendar_feeds"][0]
    assert [c["name"] for c in data["time_off_calendars"]] == ["Ada's Google calendar"]
    assert "url" not in data["time_off_calendars"][0]
    assert any(e["changes"].get("name", [None, None])[1] == "Ada Lovelace" for e in data["audit"])
    assert data["sessions"] == [] and [t["name"] for t in data["api_tokens"]] != []
    text = answer.text
    for secret in ("s3cret", "n" * 32, "c" * 64, ada.token, bob.name, bob.email, "Hello Bob",
                   "Bob's rank"):  # fmt: skip
        assert secret not in text
    other = client.get(f"/api/v1/employees/{bob.id}/export", headers=ada.headers)
    assert other.status_code == 403


def _everywhere(session: Session, needles: list[str]) -> list[str]:
    """Every table and text-like column that still holds one of the needles."""
    found = []
    for table in metadata.sorted_tables:
        for column in table.columns:
            stored = cast(column, String)
            hit = session.execute(
                sa_select(stored).where(or_(*(stored.contains(n) for n in needles))).limit(1)
            ).first()
            if hit is not None:
                found.append(f"{table.name}.{column.name}: {str(hit[0])[:300]}")
    return found


def _numbers(value: Any) -> Any:
    """A report without the names it shows (those become the pseudonym)."""
    if isinstance(value, dict):
        return {k: _numbers(v) for k, v in value.items() if k != "name"}
    if isinstance(value, list):
        return [_numbers(v) for v in value]
    return value


def _reports(client: TestClient, hr: Any) -> tuple[Any, Any]:
    participation = client.get("/api/v1/reports/participation", headers=hr.headers).json()
    fairness = client.get("/api/v1/reports/fairness", headers=hr.headers).json()
    return _numbers(participation), _numbers(fairness)


def test_forgetting_a_person_leaves_no_trace_and_the_reports_add_up(client, session, hr) -> None:
    world = _world(session, client, hr)
    person = world["person"]
    name, email = "Ada Lovelace", person.email
    left = client.patch(
        f"/api/v1/employees/{person.id}", json={"active": False}, headers=hr.headers
    )
    assert left.status_code == 200  # she left; HR forgets her before the retention period
    login_email = world["ada"].user.email
    assert _everywhere(session, [name, email, login_email])  # they are there first
    before = _reports(client, hr)
    wrong = client.post(
        f"/api/v1/employees/{person.id}/erase", json={"confirm": "nope"}, headers=hr.headers
    )
    assert (wrong.status_code, wrong.json()["errors"][0]["field"]) == (422, "confirm")
    done = client.post(
        f"/api/v1/employees/{person.id}/erase", json={"confirm": email}, headers=hr.headers
    )
    assert done.status_code == 204, done.text
    session.expire_all()
    assert (
        _everywhere(
            session,
            [
                name,
                email,
                login_email,
                "Ada's dentist",
                "Ada's school holidays",
                "Ada cannot make it",
            ],
        )
        == []
    )
    assert _reports(client, hr) == before
    erased = session.exec(select(AuditEntry).where(AuditEntry.action == "erase")).one()
    assert (erased.actor, erased.record_id, erased.changes) == (f"user:{hr.user.id}", person.id, {})
    assert session.exec(select(Learning)).one().summary == "Customers cannot find the invoice"
    # The same person provisioned again is a new record.
    again = client.post("/api/v1/employees", headers=hr.headers, json={
        "name": "Ada Lovelace", "email": email, "department_id": person.department_id,
        "hire_date": "2027-03-01"})  # fmt: skip
    assert again.status_code == 201 and again.json()["id"] != person.id


def test_leavers_are_forgotten_after_the_retention_period(session) -> None:
    old = make_employee(
        session, name="Olga Oldleaver", active=False, last_day=TODAY - timedelta(days=800)
    )
    recent = make_employee(
        session, name="Rita Recent", active=False, last_day=TODAY - timedelta(days=100)
    )
    session.commit()
    assert [e.id for e in erasure.due(session)] == [old.id]
    erasure.erase(session, old, actor="system")
    session.commit()
    assert erasure.due(session) == []
    assert session.get(Employee, old.id).name == f"Former employee {old.id}"
    assert session.get(Employee, recent.id).name == "Rita Recent"


def test_no_route_edits_or_deletes_the_trail_and_each_change_names_its_actor(
    client, session, hr
) -> None:
    writes = [
        (method, route.path)
        for route in create_app().routes
        for method in getattr(route, "methods", ())
        if "audit" in getattr(route, "path", "") and method in ("PUT", "PATCH", "DELETE", "POST")
    ]
    assert writes == []
    dept = client.post("/api/v1/departments", json={"name": "Legal"}, headers=hr.headers)
    assert dept.status_code == 201
    client.patch(
        f"/api/v1/departments/{dept.json()['id']}",
        json={"max_away_fraction": 0.5},
        headers=hr.headers,
    )
    trail = client.get(
        "/api/v1/audit", params={"record_kind": "department"}, headers=hr.headers
    ).json()
    assert [(e["actor"], e["action"], e["changes"].get("max_away_fraction")) for e in trail][
        :2
    ] == [
        (f"user:{hr.user.id}", "update", [0.2, 0.5]),
        (f"user:{hr.user.id}", "create", [None, 0.2]),
    ]
    hidden = client.get("/api/v1/audit", params={"record_kind": "api_token"}, headers=hr.headers)
    assert hidden.status_code == 403
