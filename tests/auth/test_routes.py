from sqlmodel import select

from app.auth.models import ApiToken
from tests.factories import make_employee


def test_me(client, hr):
    me = client.get("/api/v1/me", headers=hr.headers).json()
    assert me["role"] == "hr" and "password_hash" not in me


def test_bad_token_is_401(client, engine):
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer rota_nope"})
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


def test_tokens_are_stored_hashed_and_revocable(client, staff, session):
    issued = client.post("/api/v1/tokens", json={"name": "laptop"}, headers=staff.headers)
    assert issued.status_code == 201
    token = issued.json()["token"]
    assert token.startswith("rota_")
    stored = session.exec(select(ApiToken).where(ApiToken.id == issued.json()["id"])).one()
    assert token not in (stored.token_hash, stored.prefix) and len(stored.token_hash) == 64
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    listed = client.get("/api/v1/tokens", headers=staff.headers).json()
    assert all("token" not in t and "token_hash" not in t for t in listed)
    revoked = client.delete(f"/api/v1/tokens/{issued.json()['id']}", headers=staff.headers)
    assert revoked.json()["revoked_at"] is not None
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_cannot_revoke_someone_elses_token(client, staff, hr):
    issued = client.post("/api/v1/tokens", json={}, headers=hr.headers).json()
    response = client.delete(f"/api/v1/tokens/{issued['id']}", headers=staff.headers)
    assert response.status_code == 403


def test_admin_manages_users(client, admin, session):
    person = make_employee(session)
    created = client.post(
        "/api/v1/users",
        json={
            "email": "New.HR@example.com",
            "role": "hr",
            "password": "long-enough-pw",
            "employee_id": person.id,
        },
        headers=admin.headers,
    )
    assert created.status_code == 201
    body = created.json()
    assert body["email"] == "new.hr@example.com" and "password" not in body
    twice = client.post(
        "/api/v1/users", json={"email": "new.hr@example.com"}, headers=admin.headers
    )
    assert twice.status_code == 409
    linked = client.post(
        "/api/v1/users",
        json={"email": "x@example.com", "employee_id": person.id},
        headers=admin.headers,
    )
    assert linked.status_code == 409 and linked.json()["errors"][0]["field"] == "employee_id"
    short = client.post(
        "/api/v1/users", json={"email": "y@example.com", "password": "short"}, headers=admin.headers
    )
    assert short.status_code == 422
    patched = client.patch(
        f"/api/v1/users/{body['id']}",
        json={"role": "employee", "active": False},
        headers=admin.headers,
    )
    assert patched.json()["role"] == "employee" and patched.json()["active"] is False
    assert client.get("/api/v1/users", headers=admin.headers).json()["total"] >= 2
    assert client.get(f"/api/v1/users/{body['id']}", headers=admin.headers).status_code == 200


def test_admin_issues_token_for_another_user(client, admin, staff):
    issued = client.post(
        "/api/v1/tokens", json={"name": "sync", "user_id": staff.user.id}, headers=admin.headers
    )
    assert issued.status_code == 201
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {issued.json()['token']}"})
    assert me.json()["id"] == staff.user.id


def test_non_admin_cannot_manage_users_or_others_tokens(client, hr, staff):
    assert client.get("/api/v1/users", headers=hr.headers).status_code == 403
    response = client.post("/api/v1/tokens", json={"user_id": hr.user.id}, headers=staff.headers)
    assert response.status_code == 403


def test_disabled_user_is_401(client, admin, staff):
    client.patch(f"/api/v1/users/{staff.user.id}", json={"active": False}, headers=admin.headers)
    assert client.get("/api/v1/me", headers=staff.headers).status_code == 401
