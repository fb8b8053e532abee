"""Logging, editing, routing and triaging learnings through the API."""

from datetime import date

from app.people.models import Department
from tests.factories import make_actor, make_department
from tests.learning.conftest import learning_body, publish_weeks


def test_employee_logs_a_learning_from_a_turn(client, session, staff):
    ux = make_department(session, name="UX")
    publish_weeks(session, {staff.employee.id: [date(2027, 2, 1)]})
    body = learning_body(ux.id, turn_uid=f"turn-{staff.employee.id}-20270201@rota")
    response = client.post("/api/v1/learnings", json=body, headers=staff.headers)
    assert response.status_code == 201, response.text
    learning = response.json()
    assert learning["employee_id"] == staff.employee.id
    assert learning["week_start"] == "2027-02-01"
    assert learning["department_name"] == "UX"
    assert learning["status"] == "new"
    assert learning["customers_total"] == 3


def test_bad_input_names_the_field(client, session, staff):
    ux = make_department(session, name="UX")
    cases = [
        (learning_body(ux.id, summary="  "), "summary"),
        (learning_body(ux.id, category="rant"), "category"),
        (learning_body(ux.id, customers_affected=0), "customers_affected"),
        (learning_body(9999), "department_id"),
        (learning_body(ux.id, turn_uid="turn-1-20270201@rota"), "turn_uid"),
        (learning_body(ux.id, customer_quote="x" * 1001), "customer_quote"),
    ]
    for body, field in cases:
        response = client.post("/api/v1/learnings", json=body, headers=staff.headers)
        assert response.status_code == 422, (field, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert field in [e["field"] for e in response.json()["errors"]], response.json()


def test_employees_see_and_edit_only_their_own(client, session, staff):
    ux = make_department(session, name="UX")
    other = make_actor(session, role="employee")
    mine = client.post("/api/v1/learnings", json=learning_body(ux.id), headers=staff.headers)
    learning_id = mine.json()["id"]
    assert client.get(f"/api/v1/learnings/{learning_id}", headers=other.headers).status_code == 403
    edit = {"summary": "Nobody finds the export button"}
    denied = client.patch(f"/api/v1/learnings/{learning_id}", json=edit, headers=other.headers)
    assert denied.status_code == 403
    listed = client.get("/api/v1/learnings", headers=other.headers).json()
    assert listed["total"] == 0
    ok = client.patch(f"/api/v1/learnings/{learning_id}", json=edit, headers=staff.headers)
    assert ok.status_code == 200 and ok.json()["summary"] == edit["summary"]
    as_other = client.post(
        "/api/v1/learnings",
        json=learning_body(ux.id, employee_id=staff.employee.id),
        headers=other.headers,
    )
    assert as_other.status_code == 403


def test_status_moves_by_lead_and_hr_with_who_and_when(client, session, staff, hr):
    ux = make_department(session, name="UX")
    lead = make_actor(session, role="employee")
    sales = make_department(session, name="Sales")
    dept = session.get(Department, ux.id)
    dept.lead_employee_id = lead.employee.id
    session.add(dept)
    session.commit()
    learning_id = client.post(
        "/api/v1/learnings", json=learning_body(ux.id), headers=staff.headers
    ).json()["id"]
    url = f"/api/v1/learnings/{learning_id}/status"
    mover = client.post(url, json={"status": "acknowledged"}, headers=staff.headers)
    assert mover.status_code == 403
    inbox = client.get("/api/v1/learnings", params={"inbox": True}, headers=lead.headers).json()
    assert [x["id"] for x in inbox["items"]] == [learning_id]
    acknowledged = client.post(url, json={"status": "acknowledged"}, headers=lead.headers)
    assert acknowledged.status_code == 200
    assert acknowledged.json()["status_changed_by"] == lead.user.id
    again = client.post(url, json={"status": "acknowledged"}, headers=lead.headers)
    assert again.status_code == 409
    planned = client.post(
        url, json={"status": "planned", "note": "Q2 redesign"}, headers=hr.headers
    )
    assert planned.json()["status"] == "planned"
    history = client.get(f"/api/v1/learnings/{learning_id}/history", headers=staff.headers).json()
    assert [(h["from_status"], h["to_status"]) for h in history] == [
        ("new", "acknowledged"),
        ("acknowledged", "planned"),
    ]
    assert history[0]["changed_by_name"] == lead.user.name and history[1]["note"] == "Q2 redesign"
    # Rerouted to Sales, the UX lead no longer answers for it.
    client.patch(
        f"/api/v1/learnings/{learning_id}", json={"department_id": sales.id}, headers=hr.headers
    )
    assert client.post(url, json={"status": "done"}, headers=lead.headers).status_code == 403
    # Once someone works on it, the author cannot delete it.
    gone = client.delete(f"/api/v1/learnings/{learning_id}", headers=staff.headers)
    assert gone.status_code == 409


def test_merge_adds_customers_up(client, session, staff, hr):
    ux = make_department(session, name="UX")
    ids = [
        client.post(
            "/api/v1/learnings",
            json=learning_body(ux.id, customers_affected=n),
            headers=staff.headers,
        ).json()["id"]
        for n in (5, 3, 2)
    ]
    merged = client.post(
        f"/api/v1/learnings/{ids[1]}/merge", json={"learning_ids": [ids[2]]}, headers=hr.headers
    )
    assert merged.json()["customers_total"] == 5
    into_first = client.post(
        f"/api/v1/learnings/{ids[0]}/merge", json={"learning_ids": [ids[1]]}, headers=hr.headers
    ).json()
    # The group stays one level deep: what was merged into the second comes along.
    assert into_first["customers_total"] == 10 and into_first["merged_count"] == 2
    roots = client.get(
        "/api/v1/learnings", params={"include_merged": False}, headers=hr.headers
    ).json()
    assert [x["id"] for x in roots["items"]] == [ids[0]]
    self_merge = client.post(
        f"/api/v1/learnings/{ids[0]}/merge", json={"learning_ids": [ids[0]]}, headers=hr.headers
    )
    assert self_merge.status_code == 422
    by_employee = client.post(
        f"/api/v1/learnings/{ids[0]}/merge", json={"learning_ids": [ids[1]]}, headers=staff.headers
    )
    assert by_employee.status_code == 403
    split = client.post(f"/api/v1/learnings/{ids[2]}/unmerge", headers=hr.headers)
    assert split.json()["merged_into_id"] is None
    first = client.get(f"/api/v1/learnings/{ids[0]}", headers=hr.headers).json()
    assert first["customers_total"] == 8


def test_a_department_with_routed_learnings_cannot_be_deleted(client, session, staff, hr):
    ux = make_department(session, name="UX")
    client.post("/api/v1/learnings", json=learning_body(ux.id), headers=staff.headers)
    refused = client.delete(f"/api/v1/departments/{ux.id}", headers=hr.headers)
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "1 learning(s) are routed to 'UX'; route them elsewhere first."
    )
    assert client.get(f"/api/v1/departments/{ux.id}", headers=hr.headers).status_code == 200


def test_a_learning_can_cite_tickets_and_count_their_customers(client, session, staff) -> None:
    department = client.get("/api/v1/departments", headers=staff.headers).json()["items"]
    body = {
        "summary": "Invoices cannot be downloaded",
        "category": "bug",
        "department_id": department[0]["id"] if department else staff.employee.department_id,
        "ticket_ids": ["ZD-101", "ZD-102", "ZD-101", " ZD-103 "],
    }
    made = client.post("/api/v1/learnings", json=body, headers=staff.headers)
    assert made.status_code == 201, made.text
    assert (made.json()["ticket_ids"], made.json()["customers_affected"]) == (
        ["ZD-101", "ZD-102", "ZD-103"],
        3,
    )
    counted = client.post(
        "/api/v1/learnings", json=body | {"customers_affected": 40}, headers=staff.headers
    )
    assert counted.json()["customers_affected"] == 40
    bad = client.post(
        "/api/v1/learnings", json=body | {"ticket_ids": ["x" * 101]}, headers=staff.headers
    )
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "ticket_ids.0")
