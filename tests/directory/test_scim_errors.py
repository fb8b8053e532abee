"""Bad directory input gets a SCIM error naming what is wrong, and changes nothing."""

from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from app.people.models import Employee
from tests.factories import make_employee

USER = "urn:ietf:params:scim:schemas:core:2.0:User"


def _user(name: str) -> dict:
    return {"schemas": [USER], "userName": name, "emails": [{"value": name, "primary": True}]}


def test_no_token_is_a_scim_401(client: TestClient) -> None:
    answer = client.get("/scim/v2/Users")
    assert answer.status_code == 401
    assert answer.headers["content-type"] == "application/scim+json"
    assert answer.headers["WWW-Authenticate"] == 'Bearer realm="scim"'
    assert answer.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]


def test_an_api_token_does_not_open_scim(client: TestClient, admin) -> None:
    assert client.get("/scim/v2/Users", headers=admin.headers).status_code == 401


def test_a_revoked_scim_token_stops_working(client: TestClient, admin, scim_token) -> None:
    scim = {"Authorization": f"Bearer {scim_token}"}
    assert client.get("/scim/v2/Users", headers=scim).status_code == 200
    listed = client.get("/api/v1/scim-tokens", headers=admin.headers).json()
    client.delete(f"/api/v1/scim-tokens/{listed[0]['id']}", headers=admin.headers)
    assert client.get("/scim/v2/Users", headers=scim).status_code == 401


def test_bad_input_names_its_scim_type(client: TestClient, scim_token, session: Session) -> None:
    scim = {"Authorization": f"Bearer {scim_token}", "Content-Type": "application/scim+json"}
    assert client.post("/scim/v2/Users", json=_user("ann@example.com"), headers=scim).is_success
    cases = [
        (client.get("/scim/v2/Users?filter=userName eq", headers=scim), 400, "invalidFilter"),
        (client.post("/scim/v2/Users", content=b"{not json", headers=scim), 400, "invalidSyntax"),
        (
            client.post("/scim/v2/Users", json=_user("ANN@example.com"), headers=scim),
            409,
            "uniqueness",
        ),
        (
            client.post(
                "/scim/v2/Users", json={"schemas": [USER], "userName": "no-mail"}, headers=scim
            ),
            400,
            "invalidValue",
        ),
    ]
    for answer, status, scim_type in cases:
        assert (answer.status_code, answer.json()["scimType"]) == (status, scim_type)
    assert session.exec(select(func.count()).select_from(Employee)).one() == 1


def test_a_stale_etag_is_refused(client: TestClient, scim_token) -> None:
    scim = {"Authorization": f"Bearer {scim_token}"}
    made = client.post("/scim/v2/Users", json=_user("bo@example.com"), headers=scim).json()
    patch = {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "title", "value": "Engineer"}],
    }
    url = f"/scim/v2/Users/{made['id']}"
    first = client.patch(url, json=patch, headers=scim | {"If-Match": made["meta"]["version"]})
    assert first.status_code == 200
    stale = client.patch(url, json=patch, headers=scim | {"If-Match": made["meta"]["version"]})
    assert stale.status_code == 412
    fresh = client.get(url, headers=scim | {"If-None-Match": first.headers["ETag"]})
    assert fresh.status_code == 304


def test_filters_find_by_user_name_and_external_id(client: TestClient, scim_token) -> None:
    scim = {"Authorization": f"Bearer {scim_token}"}
    client.post(
        "/scim/v2/Users", json=_user("cy@example.com") | {"externalId": "ext-9"}, headers=scim
    )
    client.post("/scim/v2/Users", json=_user("di@example.com"), headers=scim)
    by_name = client.get('/scim/v2/Users?filter=userName eq "CY@example.com"', headers=scim)
    by_external = client.get('/scim/v2/Users?filter=externalId eq "ext-9"', headers=scim)
    everyone = client.get("/scim/v2/Users?startIndex=2&count=1", headers=scim).json()
    assert [u["userName"] for u in by_name.json()["Resources"]] == ["cy@example.com"]
    assert [u["userName"] for u in by_external.json()["Resources"]] == ["cy@example.com"]
    assert (everyone["totalResults"], everyone["startIndex"], everyone["itemsPerPage"]) == (2, 2, 1)
    assert [u["userName"] for u in everyone["Resources"]] == ["di@example.com"]


def test_a_huge_filter_is_refused_before_it_runs(client, scim_token) -> None:
    headers = {"Authorization": f"Bearer {scim_token}"}
    many = " or ".join(f'userName eq "u{i}@example.com"' for i in range(2000))
    body = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "filter": many}
    answer = client.post("/scim/v2/Users/.search", json=body, headers=headers)
    assert (answer.status_code, answer.json()["scimType"]) == (400, "invalidFilter")
    assert "longer than 4000 characters" in answer.json()["detail"]
    fifty_one = " or ".join(f'userName eq "u{i}"' for i in range(51))
    answer = client.get("/scim/v2/Users", params={"filter": fifty_one}, headers=headers)
    assert (answer.status_code, answer.json()["scimType"]) == (400, "invalidFilter")
    assert "more than 50 comparisons" in answer.json()["detail"]


def test_filters_on_stored_columns_page_in_sql(client, session, scim_token) -> None:
    headers = {"Authorization": f"Bearer {scim_token}"}
    for n in range(7):
        make_employee(session, email=f"pager{n}@example.com")
    make_employee(session, email="other@example.com")
    wanted = 'userName sw "pager" and not (userName eq "pager3@example.com")'
    answer = client.get(
        "/scim/v2/Users", params={"filter": wanted, "startIndex": 2, "count": 3}, headers=headers
    ).json()
    names = [r["userName"] for r in answer["Resources"]]
    assert (answer["totalResults"], names) == (
        6,
        ["pager1@example.com", "pager2@example.com", "pager4@example.com"],
    )
