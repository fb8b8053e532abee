"""The forecast through the API: half hours from a chosen Monday (JSON and CSV), the model
used with every model's backtest, events HR marks, whole edge weeks kept, and bad input
named by field."""

import csv
import io
from datetime import date, datetime, timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.demand.models import ContactSlot
from tests.factories import Actor

FIRST = date(2026, 6, 1)  # a Monday; the history is whole weeks, UTC
WEEKS = 20
BUSY = [d * 48 + h for d in range(5) for h in range(28, 44)]  # Mon–Fri 14:00–22:00 UTC


def _history(session: Session, channel: str = "phone", weeks: int = WEEKS) -> None:
    rows = [
        ContactSlot(week=FIRST + timedelta(weeks=w), channel=channel, slot=slot, contacts=10)
        for w in range(weeks)
        for slot in BUSY
    ]
    session.add_all(rows)
    session.commit()


def _forecast(client: TestClient, hr: Actor, **params: object) -> dict:
    answer = client.get("/api/v1/demand/forecast", params=params, headers=hr.headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_half_hours_from_a_chosen_monday_with_the_model_used(
    client: TestClient, session: Session, hr: Actor
) -> None:
    _history(session)
    start = FIRST + timedelta(weeks=WEEKS)
    found = _forecast(client, hr, start=str(start), weeks=2, intervals="true")
    phone = found["channels"]["phone"]
    # 9:00–17:00 in New York, 16 half hours × 5 days × 10 contacts; both edge weeks are whole
    # (the line's zone moves them by hours, all inside the UTC weeks imported).
    assert [w["contacts"] for w in phone["weeks"]] == [800.0, 800.0]
    assert phone["model"] == "rota"
    assert {b["model"] for b in phone["backtests"]} >= {"rota", "four-week mean", "autoets"}
    assert phone["held_back"]["weekly_error"] == 0.0
    intervals = phone["intervals"]
    assert len(intervals) == 2 * 336
    first = datetime.fromisoformat(intervals[0]["start"])
    assert (first.date(), first.hour, first.utcoffset()) == (start, 0, timedelta(hours=-4))
    busy = [i for i in intervals if i["contacts"] > 0]
    assert len(busy) == 2 * len(BUSY)
    assert datetime.fromisoformat(busy[0]["start"]).hour == 10  # 14:00 UTC is 10:00 EDT


def test_a_start_in_the_past_forecasts_from_the_weeks_before_it(
    client: TestClient, session: Session, hr: Actor
) -> None:
    _history(session)
    found = _forecast(client, hr, start=str(FIRST + timedelta(weeks=12)), weeks=1)
    assert found["channels"]["phone"]["history_weeks"] == 12  # the 12 weeks before, whole


def test_a_start_that_is_not_a_monday_is_named(
    client: TestClient, session: Session, hr: Actor
) -> None:
    answer = client.get(
        "/api/v1/demand/forecast", params={"start": "2027-01-06"}, headers=hr.headers
    )
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["errors"] == [
        {"field": "start", "message": "2027-01-06 is a Wednesday; the forecast starts on a Monday."}
    ]


def test_the_csv_has_every_half_hour_and_keeps_cells_text(
    client: TestClient, session: Session, hr: Actor
) -> None:
    _history(session, channel="=HYPERLINK()")
    start = FIRST + timedelta(weeks=WEEKS)
    answer = client.get(
        "/api/v1/demand/forecast.csv", params={"start": str(start), "weeks": 1}, headers=hr.headers
    )
    assert answer.status_code == 200
    rows = list(csv.reader(io.StringIO(answer.text)))
    assert rows[0] == ["channel", "interval_start", "contacts", "model"]
    assert len(rows) == 1 + 336
    assert rows[1] == ["'=HYPERLINK()", f"{start}T00:00:00-04:00", "0.00", "rota"]
    assert sum(float(r[2]) for r in rows[1:]) == 800.0


def test_an_event_lifts_its_days_and_can_be_removed(
    client: TestClient, session: Session, hr: Actor
) -> None:
    _history(session)
    start = FIRST + timedelta(weeks=WEEKS)
    launch = {
        "name": "Launch",
        "channel": "phone",
        "first_day": str(start),
        "last_day": str(start + timedelta(days=6)),
        "lift_percent": 40,
    }
    made = client.post("/api/v1/demand/events", json=launch, headers=hr.headers)
    assert made.status_code == 201, made.text
    found = _forecast(client, hr, start=str(start), weeks=2)["channels"]["phone"]
    assert [w["contacts"] for w in found["weeks"]] == [1120.0, 800.0]
    assert found["events"] == [
        {
            "name": "Launch",
            "first_day": str(start),
            "last_day": launch["last_day"],
            "lift_percent": 40.0,
        }
    ]
    gone = client.delete(f"/api/v1/demand/events/{made.json()['id']}", headers=hr.headers)
    assert gone.status_code == 204
    again = _forecast(client, hr, start=str(start), weeks=1)["channels"]["phone"]
    assert again["weeks"][0]["contacts"] == 800.0
    missing = client.delete(f"/api/v1/demand/events/{made.json()['id']}", headers=hr.headers)
    assert missing.status_code == 404


def test_an_event_that_ends_before_it_starts_is_named(client: TestClient, hr: Actor) -> None:
    backwards = {
        "name": "Campaign",
        "first_day": "2027-03-10",
        "last_day": "2027-03-01",
        "lift_percent": 20,
    }
    answer = client.post("/api/v1/demand/events", json=backwards, headers=hr.headers)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "last_day"
    assert client.get("/api/v1/demand/events", headers=hr.headers).json() == []


def test_a_partial_last_week_is_left_out_and_a_whole_one_kept(
    client: TestClient, session: Session, hr: Actor
) -> None:
    _history(session)
    start = FIRST + timedelta(weeks=WEEKS + 1)
    whole = _forecast(client, hr, start=str(start), weeks=1)["channels"]["phone"]
    # Mon–Fri 14:00–22:00 UTC sits inside New York's week: every week is whole.
    assert whole["history_weeks"] == WEEKS
    cut = FIRST + timedelta(weeks=WEEKS)  # an export that ends on Wednesday
    session.add_all(
        ContactSlot(week=cut, channel="phone", slot=slot, contacts=10)
        for slot in BUSY
        if slot < 3 * 48
    )
    session.commit()
    partial = _forecast(client, hr, start=str(start), weeks=1)["channels"]["phone"]
    assert partial["history_weeks"] == WEEKS
    assert partial["weeks"][0]["contacts"] == 800.0  # the half week does not read as a dip
