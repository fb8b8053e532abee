"""Staffing from demand, end to end: a known contact history gives the forecast it should,
the advice per shift is the Erlang C answer for the half hours each shift covers, the diff
is applied once (all or none, refused when stale), and shift hours are placed on their
actual dates in their own zones."""

import io
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app import clock
from app.auth.service import hash_password
from app.coverage.models import CoverageNeed, ShiftTemplate
from app.demand.contacts_import import import_contacts
from app.demand.forecasting import local_slot
from app.rules.models import RotationSettings
from app.staffing.models import ChannelTarget
from app.staffing.recommend import occurrence_slots
from staffing_math.erlang import agents_for
from staffing_math.erlang_a import agents_for_abandoning
from staffing_math.shift_cover import cover
from tests.factories import make_channel, make_need, make_shift

NEW_YORK = ZoneInfo("America/New_York")
TODAY = date(2027, 3, 3)  # a Wednesday; the horizon runs over the US clock change (Mar 14)
CALLS = 60  # per busy half hour


def _history(customers: str = "America/New_York") -> io.StringIO:
    """12 weeks to TODAY: each weekday, 60 calls at 10:00 and at 14:00 the customers' time."""
    rows = ["id,channel,created_at,customer_timezone"]
    day, n = TODAY - timedelta(weeks=12), 0
    while day < TODAY:
        if day.weekday() < 5:
            for hour in (10, 14):
                start = datetime.combine(day, time(hour), ZoneInfo(customers))
                for i in range(CALLS):
                    moment = start + timedelta(seconds=29 * i)
                    rows.append(f"c{n},phone,{moment.isoformat()},{customers}")
                    n += 1
        day += timedelta(days=1)
    return io.StringIO("\n".join(rows) + "\n")


@pytest.fixture
def line(session: Session, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    session.add(RotationSettings(holiday_country=None, support_timezone="America/New_York"))
    phone = make_channel(session, name="phone")
    morning = make_shift(session, name="Morning", start_time=time(9), end_time=time(13))
    afternoon = make_shift(session, name="Afternoon", start_time=time(13), end_time=time(17))
    make_need(
        session, channel_id=phone.id, shift_template_id=morning.id, min_people=1, max_people=3
    )
    import_contacts(session, _history())
    session.commit()
    return {"phone": phone.id, "morning": morning.id, "afternoon": afternoon.id}


def _erlang(aht: int = 300) -> int:
    return agents_for(CALLS, 1800, aht, 0.8, 20, 0.85).agents


def test_the_advice_is_the_erlang_answer_and_applies_once(client: TestClient, hr, line) -> None:
    auth = {"Authorization": f"Bearer {hr.token}"}
    forecast = client.get("/api/v1/demand/forecast?weeks=4", headers=auth).json()
    assert forecast["horizon"][0] == "2027-03-08"
    phone = forecast["channels"]["phone"]
    assert [w["contacts"] for w in phone["weeks"]] == [600.0] * 4
    assert phone["weeks"][0]["days"]["2027-03-08"] == 120.0
    assert phone["held_back"]["weekly_error"] == 0.0

    advice = client.get("/api/v1/staffing/recommendation?weeks=4", headers=auth).json()
    agents = _erlang()
    assert agents == 14  # 10 Erlangs, 80 % within 20 s
    assert [
        (c["shift"], c["current_min_people"], c["recommended_min_people"])
        for c in advice["changes"]
    ] == [("Morning", 1, agents), ("Afternoon", None, agents)]
    channel = advice["channels"][0]
    monday_10 = 20  # Monday 10:00–10:30 in the line's zone
    assert (channel["need_by_half_hour"][monday_10], channel["seats_by_half_hour"][monday_10]) == (
        agents,
        1,
    )
    assert channel["uncovered"] == []
    assert channel["peak_agents_by_week"] == {
        "2027-03-08": agents,
        "2027-03-15": agents,
        "2027-03-22": agents,
        "2027-03-29": agents,
    }

    stale = client.post(
        "/api/v1/staffing/recommendation/apply", json={"tag": "0" * 16, "weeks": 4}, headers=auth
    )
    assert (stale.status_code, stale.json()["errors"][0]["field"]) == (409, "tag")
    applied = client.post(
        "/api/v1/staffing/recommendation/apply",
        json={"tag": advice["tag"], "weeks": 4},
        headers=auth,
    )
    assert applied.json() == {"created": 1, "updated": 1}
    # The audit trail names HR for each need written: one created, one changed.
    trail = client.get(
        "/api/v1/audit", params={"record_kind": "coverage_need"}, headers=auth
    ).json()
    by_people = [e for e in trail if e["actor"] != "system"]  # the fixture's need is the system's
    assert sorted((e["action"], e["actor"]) for e in by_people) == [
        ("create", f"user:{hr.user.id}"),
        ("update", f"user:{hr.user.id}"),
    ]
    needs = client.get("/api/v1/coverage-needs", headers=auth).json()["items"]
    assert sorted((n["shift_template_id"], n["min_people"], n["max_people"]) for n in needs) == [
        (line["morning"], agents, agents),
        (line["afternoon"], agents, agents),
    ]
    again = client.get("/api/v1/staffing/recommendation?weeks=4", headers=auth).json()
    assert again["changes"] == []
    assert again["channels"][0]["seats_by_half_hour"][monday_10] == agents


def test_a_channel_target_changes_the_advice(client: TestClient, hr, line) -> None:
    auth = {"Authorization": f"Bearer {hr.token}"}
    target = {"model": "erlang_c", "aht_seconds": 600, "target": 0.8, "within_seconds": 20}
    saved = client.put(f"/api/v1/staffing/targets/{line['phone']}", json=target, headers=auth)
    assert (saved.status_code, saved.json()["configured"]) == (200, True)
    advice = client.get("/api/v1/staffing/recommendation?weeks=2", headers=auth).json()
    assert {c["recommended_min_people"] for c in advice["changes"]} == {_erlang(600)}
    backlog = target | {"model": "backlog", "within_seconds": 600}
    refused = client.put(f"/api/v1/staffing/targets/{line['phone']}", json=backlog, headers=auth)
    assert (refused.status_code, refused.json()["errors"][0]["field"]) == (422, "within_seconds")


def test_customers_who_hang_up_are_staffed_by_erlang_a(client: TestClient, hr, line) -> None:
    auth = hr.headers
    target = {"model": "erlang_a", "aht_seconds": 600, "target": 0.8, "within_seconds": 20}
    url = f"/api/v1/staffing/targets/{line['phone']}"
    refused = client.put(url, json=target, headers=auth)
    assert (refused.status_code, refused.json()["errors"][0]["field"]) == (422, "patience_seconds")
    saved = client.put(url, json=target | {"patience_seconds": 60}, headers=auth)
    assert (saved.status_code, saved.json()["patience_seconds"]) == (200, 60)
    advice = client.get("/api/v1/staffing/recommendation?weeks=2", headers=auth).json()
    patient = agents_for(CALLS, 1800, 600, 0.8, 20, 0.85).agents
    hanging_up = agents_for_abandoning(CALLS, 1800, 600, 60, 0.8, 20, 0.85).agents
    assert hanging_up < patient
    assert {c["recommended_min_people"] for c in advice["changes"]} == {hanging_up}


def test_a_target_no_staffing_meets_is_refused_and_an_old_one_never_breaks_the_advice(
    client: TestClient, session: Session, hr, line
) -> None:
    target = {"model": "erlang_c", "aht_seconds": 300, "max_occupancy": 1e-6}
    refused = client.put(
        f"/api/v1/staffing/targets/{line['phone']}", json=target, headers=hr.headers
    )
    assert (refused.status_code, refused.json()["errors"][0]["field"]) == (422, "max_occupancy")
    # A target stored past the edge's checks (the migration to 0014 clamps those saved under
    # the old ones): the advice names what no staffing meets instead of failing.
    session.add(ChannelTarget(channel_id=line["phone"], max_occupancy=1e-6))
    session.commit()
    advice = client.get("/api/v1/staffing/recommendation?weeks=2", headers=hr.headers)
    assert advice.status_code == 200
    [phone] = advice.json()["channels"]
    assert phone["problem"].startswith("No staffing meets the phone targets: an occupancy of 1e-06")
    assert (phone["peak_agents"], advice.json()["changes"]) == (0, [])


def test_contacts_move_into_the_line_zone_on_their_own_dates() -> None:
    # 13:00 UTC is 08:00 in New York before the US clock change and 09:00 after it.
    before, after = date(2027, 3, 8), date(2027, 3, 15)
    tuesday_13 = 1 * 48 + 26
    assert local_slot(before, tuesday_13, NEW_YORK) == (before, 1 * 48 + 16)
    assert local_slot(after, tuesday_13, NEW_YORK) == (after, 1 * 48 + 18)
    # Monday 02:00 UTC is still Sunday evening in New York: the week before.
    assert local_slot(after, 4, NEW_YORK) == (after - timedelta(weeks=1), 6 * 48 + 44)


def test_a_berlin_shift_lands_where_it_falls_in_a_new_york_week() -> None:
    berlin = ShiftTemplate(
        name="Berlin",
        start_time=time(15),
        end_time=time(19),
        weekdays=[0],
        timezone="Europe/Berlin",
    )
    # Between the US (Mar 14) and EU (Mar 28) clock changes Berlin is 5 hours ahead, else 6.
    assert occurrence_slots(berlin, 0, date(2027, 3, 1), NEW_YORK) == list(range(18, 26))
    assert occurrence_slots(berlin, 0, date(2027, 3, 15), NEW_YORK) == list(range(20, 28))
    assert occurrence_slots(berlin, 0, date(2027, 4, 5), NEW_YORK) == list(range(18, 26))


def test_the_cover_staffs_each_half_hour_with_the_fewest_hours() -> None:
    need = [0] * 4 + [2] * 4 + [5] * 4 + [0] * 4
    found = cover(need, {"early": range(4, 12), "late": range(8, 14), "none": range(14, 16)})
    assert found.people == {"early": 2, "late": 3, "none": 0}
    assert found.shortfall == [0] * 16 and found.optimal
    unreachable = cover([3, 0, 1], {"middle": [1]})
    assert (unreachable.people, unreachable.shortfall) == ({"middle": 0}, [3, 0, 1])


def _sign_in(client: TestClient, session: Session, hr) -> str:
    hr.user.password_hash = hash_password("staffing-password-1")
    session.add(hr.user)
    session.commit()
    login = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)
    client.post(
        "/login",
        data={"email": hr.user.email, "password": "staffing-password-1", "csrf_token": token},
    )
    page = client.get("/demand/staffing")
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def test_the_pages_show_the_forecast_apply_the_diff_and_suggest_shifts(
    client: TestClient, session: Session, hr, line
) -> None:
    csrf = _sign_in(client, session, hr)
    forecast = client.get("/demand/forecast?weeks=4").text
    assert "Level: <strong>600</strong> contacts a week (from 11 weeks of history)" in forecast
    assert 'stroke-dasharray="6 4"' in forecast  # the forecast line

    staffing = client.get("/demand/staffing?weeks=4").text
    assert "Apply these 2 changes to the coverage needs" in staffing
    tag = re.search(r'name="tag" value="([^"]+)"', staffing).group(1)
    applied = client.post(
        "/demand/staffing/apply",
        data={"csrf_token": csrf, "tag": tag, "weeks": "4"},
        follow_redirects=False,
    )
    assert (applied.status_code, applied.headers["location"]) == (303, "/coverage")
    minimums = session.exec(select(CoverageNeed.min_people)).all()
    assert sorted(minimums) == [_erlang(), _erlang()]
    assert "The coverage needs already match the demand." in client.get("/demand/staffing").text

    # The same tickets again, now from Tokyo's customers in their morning and afternoon:
    # 20:00 and midnight in New York, when no shift is on the line.
    import_contacts(session, _history("Asia/Tokyo"))
    session.commit()
    zones = client.get("/demand/zones").text
    assert '<th scope="row">Asia/Tokyo</th>' in zones
    assert '<span class="badge bad">0 %</span>' in zones  # in staffed hours
    assert "09:00–17:00 Asia/Tokyo, Mon–Fri, would catch 100 % of their weekday contacts" in zones
    assert "Mon 20:00–20:30: up to 14 agents missing" in client.get("/demand/staffing").text
    created = client.post(
        "/demand/zones/shift",
        data={
            "csrf_token": csrf,
            "name": "Tokyo day",
            "start": "09:00",
            "end": "17:00",
            "timezone": "Asia/Tokyo",
        },
        follow_redirects=False,
    )
    assert created.status_code == 303
    shift = session.exec(select(ShiftTemplate).where(ShiftTemplate.name == "Tokyo day")).one()
    assert (shift.start_time, shift.timezone, shift.weekdays) == (
        time(9),
        "Asia/Tokyo",
        [0, 1, 2, 3, 4],
    )


def test_the_zone_report_is_typed_and_adds_up(client: TestClient, hr, line) -> None:
    answer = client.get("/api/v1/demand/zones?weeks=2", headers=hr.headers)
    assert answer.status_code == 200
    report = answer.json()
    [zone] = report["zones"]
    assert (report["line_zone"], zone["zone"], zone["share"]) == (
        "America/New_York",
        "America/New_York",
        1.0,
    )
    assert zone["contacts"] == report["contacts"] > 0
    assert len(zone["per_week_by_line_hour"]) == 24
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert set(schema["ZoneReportPublic"]["properties"]) == {
        "line_zone",
        "weeks",
        "contacts",
        "zones",
    }
