"""A directory carries each person's zone and working week (a Sydney part-timer, a Dubai
Sunday-to-Thursday week, Saturday hours, a leaving date): Rota's employee follows, a bad value
is a 400 naming the attribute with nothing written, and an attribute the directory stops
sending goes back to the default."""

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.people.models import Department
from tests.factories import Actor

ROTA = "urn:ietf:params:scim:schemas:extension:rota:2.0:User"
CORE = "urn:ietf:params:scim:schemas:core:2.0:User"


def _user(**rota: str) -> dict:
    return {
        "schemas": [CORE, ROTA],
        "userName": "sam@example.com",
        "name": {"givenName": "Sam", "familyName": "Sydney"},
        "emails": [{"value": "sam@example.com", "type": "work", "primary": True}],
        "timezone": "Australia/Sydney",
        ROTA: rota,
    }


def test_the_directory_sets_and_clears_a_working_week(
    client: TestClient, scim_token: str, hr: Actor
) -> None:
    scim = {"Authorization": f"Bearer {scim_token}"}
    sent = _user(workdays="Sun-Thu", workStart="08:00", workEnd="16:00",
                 dayHours="Sun 10:00-14:00", lastDay="2027-06-30", holidayCountry="AE")  # fmt: skip
    created = client.post("/scim/v2/Users", json=sent, headers=scim)
    assert created.status_code == 201, created.text
    user_id = created.json()["id"]
    employee = client.get(f"/api/v1/employees/{user_id}", headers=hr.headers).json()
    assert {k: employee[k] for k in ("timezone", "workdays", "work_start", "work_end",
                                     "day_hours", "last_day", "holiday_country")} == {
        "timezone": "Australia/Sydney", "workdays": [0, 1, 2, 3, 6], "work_start": "08:00:00",
        "work_end": "16:00:00", "day_hours": {"6": "10:00-14:00"}, "last_day": "2027-06-30",
        "holiday_country": "AE",
    }  # fmt: skip
    # Taken in, not shown: the published schema does not list them.
    shown = client.get(f"/scim/v2/Users/{user_id}", headers=scim).json()
    assert "timezone" not in shown and "workdays" not in shown.get(ROTA, {})

    # The directory stops sending the hours and the leaving date: back to the defaults.
    again = client.put(f"/scim/v2/Users/{user_id}", json=_user(workdays="Mon-Wed"), headers=scim)
    assert again.status_code == 200, again.text
    employee = client.get(f"/api/v1/employees/{user_id}", headers=hr.headers).json()
    assert (employee["workdays"], employee["work_start"], employee["work_end"]) == (
        [0, 1, 2], "09:00:00", "17:00:00"
    )  # fmt: skip
    assert (employee["day_hours"], employee["last_day"], employee["holiday_country"]) == (
        {}, None, None
    )  # fmt: skip
    assert employee["timezone"] == "Australia/Sydney"  # still sent


def test_a_bad_working_week_names_the_attribute_and_writes_nothing(
    client: TestClient, scim_token: str, hr: Actor
) -> None:
    scim = {"Authorization": f"Bearer {scim_token}"}
    for rota, core, named in (
        ({"workdays": "Funday"}, {}, "workdays"),
        ({"workStart": "25:00"}, {}, "work_start"),
        ({}, {"timezone": "Mars/Olympus"}, "timezone"),
        ({"lastDay": "someday"}, {}, "last_day"),
    ):
        answer = client.post("/scim/v2/Users", json=_user(**rota) | core, headers=scim)
        assert answer.status_code == 400, (rota, core, answer.text)
        assert answer.json()["scimType"] == "invalidValue"
        assert named in answer.json()["detail"], answer.text
    people = client.get("/api/v1/employees", headers=hr.headers).json()["items"]
    assert [p["email"] for p in people if p["email"] == "sam@example.com"] == []


def test_hr_clears_a_leaving_date_that_was_called_off(
    client: TestClient, scim_token: str, hr: Actor
) -> None:
    scim = {"Authorization": f"Bearer {scim_token}"}
    created = client.post("/scim/v2/Users", json=_user(lastDay="2027-06-30"), headers=scim)
    user_id = created.json()["id"]
    cleared = client.patch(
        f"/api/v1/employees/{user_id}", json={"last_day": None}, headers=hr.headers
    )
    assert (cleared.status_code, cleared.json()["last_day"]) == (200, None)


def test_the_directory_records_and_withdraws_a_move(
    client: TestClient, hr: Actor, session: Session, scim_token: str
) -> None:
    scim = {"Authorization": f"Bearer {scim_token}"}
    user = {
        "schemas": [CORE, ROTA],
        "userName": "dee@example.com",
        "emails": [{"value": "dee@example.com", "type": "work", "primary": True}],
        ROTA: {"moveDepartment": "Customer Support", "moveOn": "2027-04-01"},
    }
    created = client.post("/scim/v2/Users", json=user, headers=scim)
    assert created.status_code == 201, created.text
    employee = client.get(f"/api/v1/employees/{created.json()['id']}", headers=hr.headers).json()
    target = session.exec(select(Department).where(Department.name == "Customer Support")).one()
    assert (employee["moves_to_department_id"], employee["moves_on"]) == (target.id, "2027-04-01")
    user[ROTA] = {}
    again = client.put(f"/scim/v2/Users/{created.json()['id']}", json=user, headers=scim)
    assert again.status_code == 200, again.text
    employee = client.get(f"/api/v1/employees/{created.json()['id']}", headers=hr.headers).json()
    assert (employee["moves_to_department_id"], employee["moves_on"]) == (None, None)
