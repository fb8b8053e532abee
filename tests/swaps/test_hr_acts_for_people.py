"""HR acts in swaps for the people in them: offers a turn for its owner, takes it for a
colleague (HR's take is the approval), accepts a trade for the offerer and withdraws; an
employee acts only for themselves. The audit trail names HR; the swap names the people."""

import re
from datetime import timedelta

from sqlmodel import Session, col, select

from app.audit import AuditEntry
from app.auth.service import hash_password
from app.people.models import Employee
from tests.cover.conftest import WEEK, login, plan, today, turns_in  # noqa: F401  (fixtures)
from tests.web.test_pages import PASSWORD, sign_in


def test_hr_offers_takes_accepts_and_withdraws_for_people(client, session: Session, plan):  # noqa: F811
    hr, turn, schedule = plan["hr"], plan["turn"], plan["schedule"].id
    owner = turn.employee_id
    later = WEEK + timedelta(weeks=1)
    now_on, then_on = turns_in(session, schedule, WEEK), turns_in(session, schedule, later)
    colleague = next(e for e in then_on if e not in now_on and owner not in then_on)
    bystander = next(e for e in now_on if e != owner)
    as_colleague = login(session, session.get(Employee, colleague))

    offered = client.post("/api/v1/swaps", json={"turn_id": turn.id}, headers=hr.headers)
    assert offered.status_code == 201, offered.text
    swap = offered.json()
    assert swap["offered_by"] == owner

    # An employee takes only for themselves.
    for_another = client.post(
        f"/api/v1/swaps/{swap['id']}/take", json={"employee_id": bystander}, headers=as_colleague
    )
    assert for_another.status_code == 403

    # HR takes it for the colleague: done at once (HR approves), the turn is theirs.
    taken = client.post(
        f"/api/v1/swaps/{swap['id']}/take", json={"employee_id": colleague}, headers=hr.headers
    )
    assert taken.status_code == 200, taken.text
    assert (taken.json()["status"], taken.json()["taken_by"]) == ("done", colleague)
    session.refresh(turn)
    assert turn.employee_id == colleague
    entries = session.exec(
        select(AuditEntry)
        .where(AuditEntry.record_kind == "swap_request", AuditEntry.record_id == swap["id"])
        .order_by(col(AuditEntry.id))
    ).all()
    assert [e.actor for e in entries] == [f"user:{hr.user.id}"] * 2  # offered, then taken
    assert entries[1].changes["taken_by"] == [None, colleague]

    # HR undoes it, then a trade: HR takes for the colleague with their later turn and
    # accepts for the owner; the two turns change hands.
    undone = client.post(f"/api/v1/swaps/{swap['id']}/undo", headers=hr.headers)
    assert undone.json()["status"] == "undone"
    trade = then_on[colleague]
    swap = client.post("/api/v1/swaps", json={"turn_id": turn.id}, headers=hr.headers).json()
    proposed = client.post(
        f"/api/v1/swaps/{swap['id']}/take",
        json={"employee_id": colleague, "trade_turn_id": trade.id},
        headers=hr.headers,
    )
    assert proposed.json()["status"] == "proposed", proposed.text
    accepted = client.post(f"/api/v1/swaps/{swap['id']}/accept", headers=hr.headers)
    assert accepted.json()["status"] == "done", accepted.text
    session.refresh(turn)
    session.refresh(trade)
    assert (turn.employee_id, trade.employee_id) == (colleague, owner)

    # A trade of someone else's turn is refused, and HR withdraws an offer for its owner.
    other = next(t for e, t in then_on.items() if e not in (owner, colleague))
    swap = client.post("/api/v1/swaps", json={"turn_id": other.id}, headers=hr.headers).json()
    wrong = client.post(
        f"/api/v1/swaps/{swap['id']}/take",
        json={"employee_id": colleague, "trade_turn_id": other.id},
        headers=hr.headers,
    )
    assert wrong.status_code == 403
    withdrawn = client.post(f"/api/v1/swaps/{swap['id']}/cancel", headers=hr.headers)
    assert withdrawn.json()["status"] == "cancelled"


def test_hr_takes_an_offer_for_a_colleague_on_the_swaps_page(client, session: Session, plan):  # noqa: F811
    hr, turn, schedule = plan["hr"], plan["turn"], plan["schedule"].id
    later = WEEK + timedelta(weeks=1)
    now_on, then_on = turns_in(session, schedule, WEEK), turns_in(session, schedule, later)
    colleague = session.get(Employee, next(e for e in then_on if e not in now_on))
    assert colleague is not None
    swap = client.post("/api/v1/swaps", json={"turn_id": turn.id}, headers=hr.headers).json()
    hr.user.password_hash = hash_password(PASSWORD)
    session.add(hr.user)
    session.commit()
    assert sign_in(client, hr.user.email).status_code == 303

    page = client.get("/swaps").text
    assert f'action="/swaps/{swap["id"]}/take"' in page and 'name="for_email"' in page
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    unknown = client.post(
        f"/swaps/{swap['id']}/take", data={"csrf_token": csrf, "for_email": "nobody@example.com"}
    )
    assert unknown.status_code == 422
    assert "nobody@example.com" in unknown.text
    taken = client.post(
        f"/swaps/{swap['id']}/take",
        data={"csrf_token": csrf, "for_email": colleague.email.upper()},
    )
    assert f"Swap {swap['id']} is now done." in taken.text
    session.refresh(turn)
    assert turn.employee_id == colleague.id


def test_a_take_for_no_one_names_the_field(client, session: Session, plan):  # noqa: F811
    hr, turn = plan["hr"], plan["turn"]
    swap = client.post("/api/v1/swaps", json={"turn_id": turn.id}, headers=hr.headers).json()
    answer = client.post(
        f"/api/v1/swaps/{swap['id']}/take", json={"employee_id": 999_999}, headers=hr.headers
    )
    assert (answer.status_code, answer.json()["errors"][0]["field"]) == (422, "employee_id")
