"""Weeks a person would rather avoid or would like: kept through the API and the page, and
weighed by the next plan."""

import re
from datetime import date, timedelta

import pytest

from app import clock
from app.auth.service import hash_password
from tests.factories import make_actor, make_line
from tests.schedules.conftest import START, TODAY
from tests.schedules.test_loop import generate, turns
from tests.web.test_pages import PASSWORD, _csrf, sign_in

MONDAY = date.fromisoformat(START)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def _url(employee_id: int, week: date | str = "") -> str:
    return f"/api/v1/employees/{employee_id}/week-preferences" + (f"/{week}" if week else "")


def _signed_in_staff(client, session) -> str:  # type: ignore[no-untyped-def]
    """An employee signed in to their pages; the form token of "My rotation"."""
    staff = make_actor(session, "employee", password_hash=hash_password(PASSWORD))
    sign_in(client, staff.user.email)
    return _csrf(client, "/me")


def test_wishes_are_kept_changed_and_removed(client, hr, session) -> None:
    staff = make_actor(session, "employee")
    me = staff.employee.id
    put = client.put(
        _url(me, MONDAY), json={"wish": "avoid", "note": "school holidays"}, headers=staff.headers
    )
    assert put.status_code == 200
    assert put.json() == {
        "employee_id": me,
        "week_start": START,
        "wish": "avoid",
        "note": "school holidays",
    }
    again = client.put(_url(me, MONDAY), json={"wish": "want"}, headers=staff.headers)
    assert again.json()["wish"] == "want" and again.json()["note"] == ""
    listed = client.get(_url(me), headers=hr.headers).json()
    assert [(w["week_start"], w["wish"]) for w in listed] == [(START, "want")]

    tuesday = client.put(
        _url(me, MONDAY + timedelta(days=1)), json={"wish": "avoid"}, headers=staff.headers
    )
    assert tuesday.status_code == 422
    assert tuesday.json()["errors"][0]["field"] == "week_start"
    past = client.put(_url(me, "2026-01-05"), json={"wish": "avoid"}, headers=staff.headers)
    assert past.status_code == 422
    assert past.json()["detail"] == "The week of 2026-01-05 is over."
    unknown = client.put(_url(me, MONDAY), json={"wish": "maybe"}, headers=staff.headers)
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "wish"

    assert client.delete(_url(me, MONDAY), headers=staff.headers).status_code == 204
    assert client.get(_url(me), headers=staff.headers).json() == []
    assert client.delete(_url(me, MONDAY), headers=staff.headers).status_code == 404


def test_the_plan_gives_a_person_the_week_they_want_and_keeps_them_out_of_the_rest(
    client, hr, session
) -> None:
    line = make_line(session)
    person = line["eng"][0].id
    weeks = [MONDAY + timedelta(weeks=k) for k in range(4)]
    for week in weeks[:3]:
        client.put(_url(person, week), json={"wish": "avoid"}, headers=hr.headers)
    client.put(_url(person, weeks[3]), json={"wish": "want"}, headers=hr.headers)
    schedule = generate(client, hr, weeks=4)
    mine = [t["week_start"] for t in turns(client, hr, schedule) if t["employee_id"] == person]
    assert mine == [str(weeks[3])]


def test_my_rotation_lists_and_takes_wishes(client, session) -> None:
    token = _signed_in_staff(client, session)
    added = client.post(
        "/me/week-preferences",
        data={"csrf_token": token, "week_start": START, "wish": "avoid", "note": "moving house"},
        follow_redirects=False,
    )
    assert added.status_code == 303 and added.headers["location"] == "/me#wishes"
    page = client.get("/me").text
    assert (
        "<strong>Mon 11 Jan</strong> — rather not on the line <small>(moving house)</small>" in page
    )
    refused = client.post(
        "/me/week-preferences",
        data={"csrf_token": token, "week_start": "2027-01-12", "wish": "want", "note": ""},
    )
    assert refused.status_code == 422
    assert "2027-01-12 is not a Monday; give the week&#39;s Monday." in refused.text
    assert re.search(r'<input id="wish-week"[^>]*value="2027-01-12"', refused.text)
    assert '<option value="want" selected>' in refused.text
    removed = client.post(
        f"/me/week-preferences/{START}/delete", data={"csrf_token": token}, follow_redirects=False
    )
    assert removed.status_code == 303
    assert "No wishes for the coming weeks." in client.get("/me").text


def test_people_set_their_own_hours_and_hr_sets_anyones(client, hr, session) -> None:
    staff = make_actor(session, "employee")
    other = make_actor(session, "employee")
    url = f"/api/v1/employees/{staff.employee.id}/hour-preferences"
    put = client.put(
        url, json={"preferred_hours": "Mon 13:00-18:00", "avoided_hours": {"4": "15:00-18:00"}},
        headers=staff.headers,
    )  # fmt: skip
    assert put.status_code == 200, put.text
    assert put.json() == {
        "preferred_hours": {"0": "13:00-18:00"},
        "avoided_hours": {"4": "15:00-18:00"},
    }
    assert client.get(url, headers=hr.headers).json() == put.json()
    theirs = client.put(url, json={"avoided_hours": "Mon 09:00-10:00"}, headers=other.headers)
    assert theirs.status_code == 403
    bad = client.put(url, json={"preferred_hours": "Mon 13:00-13:00"}, headers=staff.headers)
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "preferred_hours")
    cleared = client.put(url, json={}, headers=hr.headers)
    assert cleared.json() == {"preferred_hours": {}, "avoided_hours": {}}


def test_my_rotation_takes_the_hours_i_prefer(client, session) -> None:
    token = _signed_in_staff(client, session)
    saved = client.post(
        "/me/hour-preferences",
        data={"csrf_token": token, "preferred_hours": "Tue 12:00-16:00", "avoided_hours": ""},
        follow_redirects=False,
    )
    assert saved.status_code == 303 and saved.headers["location"] == "/me#hours"
    assert 'value="Tue 12:00-16:00"' in client.get("/me").text
    refused = client.post(
        "/me/hour-preferences",
        data={"csrf_token": token, "preferred_hours": "", "avoided_hours": "Fri late"},
    )
    assert refused.status_code == 422
    assert "Hours to avoid: write them like Mon 13:00-18:00" in refused.text
