"""Approval by the department lead: with the approver set to `lead`, the lead of the
department of the person whose turn it is sees a taken swap or cover waiting, hears of it and
approves or rejects it; another department's lead and colleagues cannot; HR still can."""

from datetime import timedelta

from sqlmodel import Session, col, select

from app.notifications.models import Notification
from app.people.models import Department, Employee
from tests.cover.conftest import WEEK, login, plan, today, turns_in  # noqa: F401  (fixtures)
from tests.factories import make_employee


def _leads(session: Session, world) -> tuple[Employee, Employee]:  # type: ignore[no-untyped-def]
    """A lead for the owner's department and one for another department."""
    owner = session.get(Employee, world["turn"].employee_id)
    assert owner is not None
    mine = session.get(Department, owner.department_id)
    other = world["line"]["departments"]["sales"]
    assert mine is not None and other.id != mine.id
    lead = make_employee(session, department_id=mine.id, name="Lee Lead")
    stranger = make_employee(session, department_id=other.id, name="Sal Lead")
    mine.lead_employee_id, other.lead_employee_id = lead.id, stranger.id
    session.add_all([mine, other])
    session.commit()
    return lead, stranger


def test_the_owners_lead_approves_a_taken_swap(client, session: Session, plan) -> None:  # noqa: F811
    hr, turn, schedule = plan["hr"], plan["turn"], plan["schedule"].id
    bad = client.patch("/api/v1/settings", json={"approver": "boss"}, headers=hr.headers)
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "approver")
    assert (
        client.patch("/api/v1/settings", json={"approver": "lead"}, headers=hr.headers).json()[
            "approver"
        ]
        == "lead"
    )
    lead, stranger = _leads(session, plan)
    owner = session.get(Employee, turn.employee_id)
    later = WEEK + timedelta(weeks=1)
    now_on, then_on = turns_in(session, schedule, WEEK), turns_in(session, schedule, later)
    taker = session.get(Employee, next(e for e in then_on if e not in now_on))
    assert owner is not None and taker is not None

    swap = client.post("/api/v1/swaps", json={"turn_id": turn.id}, headers=login(session, owner))
    taken = client.post(
        f"/api/v1/swaps/{swap.json()['id']}/take", json={}, headers=login(session, taker)
    )
    assert taken.json()["status"] == "pending", taken.text
    swap_id = swap.json()["id"]

    pending = col(Notification.key).like(f"swap:{swap_id}:pending:%")
    told = session.exec(select(Notification.address).where(pending)).all()
    assert lead.email in told and stranger.email not in told

    as_lead, as_stranger = login(session, lead), login(session, stranger)
    waiting = client.get("/api/v1/swaps", params={"status": "pending"}, headers=as_lead).json()
    assert [s["id"] for s in waiting] == [swap_id]
    hidden = client.get("/api/v1/swaps", params={"status": "pending"}, headers=as_stranger)
    assert hidden.json() == []
    assert client.post(f"/api/v1/swaps/{swap_id}/approve", headers=as_stranger).status_code == 403
    assert (
        client.post(f"/api/v1/swaps/{swap_id}/approve", headers=login(session, taker)).status_code
        == 403
    )
    approved = client.post(f"/api/v1/swaps/{swap_id}/approve", headers=as_lead)
    assert approved.json()["status"] == "done", approved.text
    session.refresh(turn)
    assert turn.employee_id == taker.id


def test_the_owners_lead_approves_cover_and_hr_still_can(client, session: Session, plan) -> None:  # noqa: F811
    hr, turn = plan["hr"], plan["turn"]
    client.patch("/api/v1/settings", json={"approver": "lead"}, headers=hr.headers)
    lead, stranger = _leads(session, plan)
    owner = session.get(Employee, turn.employee_id)
    assert owner is not None
    helpers = [
        make_employee(session, department_id=plan["line"]["departments"]["eng"].id,
                      name=f"Hal Helper{i}", workdays=list(range(7)))
        for i in range(2)
    ]  # fmt: skip
    session.commit()
    asked = client.post("/api/v1/cover", json={"turn_id": turn.id}, headers=login(session, owner))
    request_id = asked.json()["id"]
    taken = client.post(
        f"/api/v1/cover/{request_id}/take", json={}, headers=login(session, helpers[0])
    )
    assert taken.json()["status"] == "pending", taken.text
    assert (
        client.get(f"/api/v1/cover/{request_id}", headers=login(session, lead)).status_code == 200
    )
    assert (
        client.post(
            f"/api/v1/cover/{request_id}/reject", headers=login(session, stranger)
        ).status_code
        == 403
    )
    rejected = client.post(f"/api/v1/cover/{request_id}/reject", headers=login(session, lead))
    assert rejected.json()["status"] == "open", rejected.text
    client.post(f"/api/v1/cover/{request_id}/take", json={}, headers=login(session, helpers[1]))
    approved = client.post(f"/api/v1/cover/{request_id}/approve", headers=hr.headers)
    assert approved.json()["status"] == "covered", approved.text


def test_a_lead_does_not_approve_their_own_turn(client, session: Session, plan) -> None:  # noqa: F811
    hr, turn, schedule = plan["hr"], plan["turn"], plan["schedule"].id
    client.patch("/api/v1/settings", json={"approver": "lead"}, headers=hr.headers)
    owner = session.get(Employee, turn.employee_id)
    assert owner is not None
    department = session.get(Department, owner.department_id)
    assert department is not None
    department.lead_employee_id = owner.id  # the owner leads their own department
    session.add(department)
    session.commit()
    later = WEEK + timedelta(weeks=1)
    now_on, then_on = turns_in(session, schedule, WEEK), turns_in(session, schedule, later)
    taker = session.get(Employee, next(e for e in then_on if e not in now_on))
    as_owner = login(session, owner)
    swap = client.post("/api/v1/swaps", json={"turn_id": turn.id}, headers=as_owner).json()
    taken = client.post(f"/api/v1/swaps/{swap['id']}/take", json={}, headers=login(session, taker))
    assert taken.json()["status"] == "pending"
    own = client.post(f"/api/v1/swaps/{swap['id']}/approve", headers=as_owner)
    assert own.status_code == 403
    assert (
        client.post(f"/api/v1/swaps/{swap['id']}/approve", headers=hr.headers).json()["status"]
        == "done"
    )
