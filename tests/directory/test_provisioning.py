"""A directory provisions, moves, deactivates, reactivates and deletes a person; the API,
the pages, sign-in and the dashboard follow each step."""

import re
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app import clock
from app.audit import AuditEntry
from app.auth.models import ScimToken, User
from app.auth.service import hash_password, issue_token
from app.schedules.models import Schedule, ScheduleTurn
from tests.factories import Actor
from tests.helpers import login_form_token

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
ROTA = "urn:ietf:params:scim:schemas:extension:rota:2.0:User"
SCIM_JSON = "application/scim+json"
HR_PASSWORD = "hr-password-2027"


def _patch(*operations: dict) -> dict:
    return {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": list(operations),
    }


def _dana() -> dict:
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE, ROTA],
        "userName": "dana@example.com",
        "externalId": "okta-00u1",
        "name": {"givenName": "Dana", "familyName": "Directory"},
        "emails": [{"value": "dana@example.com", "type": "work", "primary": True}],
        "active": True,
        ENTERPRISE: {"department": "Sales", "employeeNumber": "E-1001"},
        ROTA: {"hireDate": "2027-02-01T00:00:00Z"},
    }


def _department_name(client: TestClient, hr: Actor, employee_id: int) -> str:
    employee = client.get(f"/api/v1/employees/{employee_id}", headers=hr.headers).json()
    departments = client.get("/api/v1/departments", headers=hr.headers).json()["items"]
    return next(d["name"] for d in departments if d["id"] == employee["department_id"])


def test_provisioning_round_trip(
    client: TestClient, scim_token: str, session: Session, hr: Actor
) -> None:
    scim = {"Authorization": f"Bearer {scim_token}"}
    created = client.post("/scim/v2/Users", json=_dana(), headers=scim)
    assert created.status_code == 201
    assert created.headers["content-type"] == SCIM_JSON
    user_id = created.json()["id"]
    assert created.headers["ETag"] == created.json()["meta"]["version"]
    employee = client.get(f"/api/v1/employees/{user_id}", headers=hr.headers).json()
    assert (employee["name"], employee["email"]) == ("Dana Directory", "dana@example.com")
    assert (employee["hire_date"], employee["external_id"]) == ("2027-02-01", "okta-00u1")
    assert employee["employee_number"] == "E-1001"
    assert _department_name(client, hr, int(user_id)) == "Sales"

    # Dana signs in with the link HR was given when the directory created her.
    pending = client.get("/api/v1/invitations?status=pending", headers=hr.headers).json()
    assert [i["email"] for i in pending] == ["dana@example.com"]
    token = pending[0]["link"].rsplit("/", 1)[1]
    link = f"/login/link/{token}"
    form = {"password": "dana-pass-2027", "csrf_token": login_form_token(client)}
    signed = client.post(link, data=form, follow_redirects=False)
    assert signed.status_code == 303
    assert client.get("/me", follow_redirects=False).status_code == 200
    login = session.exec(select(User).where(User.email == "dana@example.com")).one()
    assert login.employee_id == int(user_id)
    api_token = issue_token(session=session, user=login, name="dana").token
    monday = clock.next_monday(clock.today())
    session.add(Schedule(id=900, status="published", start=monday, weeks=4))
    session.flush()
    turn = ScheduleTurn(
        schedule_id=900,
        employee_id=int(user_id),
        week_start=monday + timedelta(weeks=1),
        days=5,
        uid="turn-dana@rota",
    )
    session.add(turn)
    session.commit()
    bearer = {"Authorization": f"Bearer {api_token}"}
    feed_url = client.get("/api/v1/calendars/feed", headers=bearer).json()["url"]
    feed_path = feed_url.split("://", 1)[1].split("/", 1)[1]
    assert client.get(f"/{feed_path}").status_code == 200

    moved = client.patch(
        f"/scim/v2/Users/{user_id}",
        json=_patch({"op": "replace", "path": f"{ENTERPRISE}:department", "value": "Engineering"}),
        headers=scim,
    )
    assert moved.status_code == 200
    assert _department_name(client, hr, int(user_id)) == "Engineering"
    group = client.get('/scim/v2/Groups?filter=displayName eq "engineering"', headers=scim).json()
    assert [m["value"] for m in group["Resources"][0]["members"]] == [user_id]

    # Deactivated in the directory: access ends at once, the dashboard asks for a re-plan.
    off = client.patch(
        f"/scim/v2/Users/{user_id}",
        json=_patch({"op": "replace", "path": "active", "value": False}),
        headers=scim,
    )
    assert off.json()["active"] is False
    assert client.get(f"/api/v1/employees/{user_id}", headers=hr.headers).json()["active"] is False
    assert client.get("/me", follow_redirects=False).headers["location"] == "/login?next=/me"
    assert client.get("/api/v1/me", headers=bearer).status_code == 401
    assert client.get(f"/{feed_path}").status_code == 404
    client.cookies.clear()
    _sign_in(client, session, hr)
    board = client.get("/dashboard").text
    assert "Turns of people who left" in board
    assert re.search(r"Dana Directory <small>1 turn\(s\)</small>", board)
    person = client.get(f"/employees/{user_id}/edit").text
    assert "Login dana@example.com (employee), linked to this person" in person

    on = client.patch(
        f"/scim/v2/Users/{user_id}",
        json=_patch({"op": "replace", "path": "active", "value": True}),
        headers=scim,
    )
    assert on.json()["active"] is True
    assert client.get(f"/api/v1/employees/{user_id}", headers=hr.headers).json()["active"] is True
    assert "Turns of people who left" not in client.get("/dashboard").text

    assert client.delete(f"/scim/v2/Users/{user_id}", headers=scim).status_code == 204
    gone = client.get(f"/scim/v2/Users/{user_id}", headers=scim)
    assert (gone.status_code, gone.json()["status"]) == (404, "404")
    kept = client.get(f"/api/v1/employees/{user_id}", headers=hr.headers).json()
    assert (kept["name"], kept["active"]) == ("Dana Directory", False)
    # Provisioned again later: the same person comes back, history and all.
    again = client.post("/scim/v2/Users", json=_dana(), headers=scim)
    assert (again.status_code, again.json()["id"]) == (201, user_id)


def _sign_in(client: TestClient, session: Session, actor: Actor) -> None:
    actor.user.password_hash = hash_password(HR_PASSWORD)
    session.add(actor.user)
    session.commit()
    form = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    answer = client.post(
        "/login",
        data={"email": actor.user.email, "password": HR_PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303


def test_a_directory_write_is_in_the_trail_under_its_token(
    client: TestClient, scim_token: str, session: Session
) -> None:
    scim = {"Authorization": f"Bearer {scim_token}"}
    created = client.post("/scim/v2/Users", json=_dana(), headers=scim)
    assert created.status_code == 201
    token_id = session.exec(select(ScimToken.id)).one()
    entry = session.exec(
        select(AuditEntry).where(
            AuditEntry.record_kind == "employee", AuditEntry.action == "create"
        )
    ).one()
    assert (entry.actor, entry.record_id) == (f"scim-token:{token_id}", int(created.json()["id"]))
    assert entry.changes["email"] == [None, "dana@example.com"]
    assert "directory_profile" not in entry.changes


def test_a_sign_in_is_in_the_trail_as_the_person_who_signed_in(
    client: TestClient, session: Session, hr: Actor
) -> None:
    _sign_in(client, session, hr)
    entry = session.exec(select(AuditEntry).where(AuditEntry.record_kind == "web_session")).one()
    assert (entry.actor, entry.action) == (f"user:{hr.user.id}", "create")
    assert entry.changes["user_id"] == [None, hr.user.id]
    assert not {"token_hash", "csrf_secret"} & set(entry.changes)
