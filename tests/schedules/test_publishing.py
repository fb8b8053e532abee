"""Publishing keeps what lies outside the draft, ends a plan early only when asked by name,
and swap offers follow their turns."""

from datetime import date

from sqlmodel import select

from app import clock
from app.schedules.models import ChangeLog
from tests.calendars.test_feeds import fetch, login_for, parse
from tests.factories import make_actor, make_line
from tests.helpers import publish
from tests.schedules.test_loop import generate, turns


def _publish(client, hr, schedule_id, **params):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/schedules/{schedule_id}/publish", params=params, headers=hr.headers
    )


def test_a_shorter_draft_is_refused_unless_ending_early_is_named(client, hr, session):
    make_line(session)
    first = generate(client, hr, weeks=4)
    publish(client, hr, first)
    later = [t for t in turns(client, hr, first) if t["week_start"] >= "2027-01-25"]
    short = generate(client, hr, weeks=2)
    review = client.get(f"/api/v1/schedules/{short}/compare", headers=hr.headers).json()
    assert (review["from"], review["to"]) == ("2027-01-11", "2027-02-08")
    ends = review["ends_early"]
    assert ends["after"] == "2027-01-25"
    assert len(ends["turns"]) == len(later) and ends["people"] == len(
        {t["employee_id"] for t in later}
    )
    refused = _publish(client, hr, short)
    assert refused.status_code == 409
    assert refused.json()["errors"][0]["field"] == "end_early"
    assert f"cancel {len(later)} turns" in refused.json()["detail"]
    assert client.get("/api/v1/schedules/published", headers=hr.headers).json()["id"] == first
    ended = publish(client, hr, short, end_early="true")
    assert ended["end_early"] is True
    assert {t["week_start"] for t in turns(client, hr, short)} == {"2027-01-11", "2027-01-18"}
    log = session.exec(
        select(ChangeLog).where(ChangeLog.schedule_id == short, ChangeLog.kind == "published")
    ).one()
    assert log.details["ended_early"] is True and len(log.details["dropped_turns"]) == len(later)


def test_weeks_before_a_replan_stay_published_and_in_feeds(client, hr, session, monkeypatch):
    make_line(session)
    first = generate(client, hr, weeks=4)
    _publish(client, hr, first)
    week_one = [t for t in turns(client, hr, first) if t["week_start"] == "2027-01-11"]
    monkeypatch.setattr(clock, "today", lambda: date(2027, 1, 20))
    job = client.post("/api/v1/schedules/replan", json={}, headers=hr.headers).json()
    second = client.get(f"/api/v1/jobs/{job['id']}", headers=hr.headers).json()["schedule_id"]
    draft = client.get(f"/api/v1/schedules/{second}", headers=hr.headers).json()
    assert draft["start"] == "2027-01-18"
    publish(client, hr, second)
    now = client.get("/api/v1/schedules/published", headers=hr.headers).json()
    assert (now["id"], now["start"], now["weeks"]) == (second, "2027-01-11", 4)
    kept = [t for t in turns(client, hr, second) if t["week_start"] == "2027-01-11"]
    assert sorted((t["employee_id"], t["uid"]) for t in kept) == sorted(
        (t["employee_id"], t["uid"]) for t in week_one
    )
    person = login_for(session, week_one[0]["employee_id"])
    url = client.get("/api/v1/calendars/feed", headers=person.headers).json()["url"]
    blocks = [e for e in parse(fetch(client, url).content).vevent_list if "turn-" in e.uid.value]
    first_week = next(e for e in blocks if e.uid.value == week_one[0]["uid"])
    assert first_week.status.value == "CONFIRMED" and first_week.sequence.value == "0"


def _offer(client, session, turn):  # type: ignore[no-untyped-def]
    offerer = make_actor(session, "employee")
    offerer.user.employee_id = turn["employee_id"]
    session.add(offerer.user)
    session.commit()
    swap = client.post("/api/v1/swaps", json={"turn_id": turn["id"]}, headers=offerer.headers)
    assert swap.status_code == 201, swap.text
    return swap.json()["id"]


def test_an_offer_closes_when_its_turn_leaves_the_plan_and_follows_it_otherwise(
    client, hr, session
):
    make_line(session)
    first = generate(client, hr, weeks=4)
    _publish(client, hr, first)
    all_turns = turns(client, hr, first)
    late = next(t for t in all_turns if t["week_start"] == "2027-02-01")
    early = next(t for t in all_turns if t["week_start"] == "2027-01-18")
    late_swap, early_swap = _offer(client, session, late), _offer(client, session, early)
    short = generate(client, hr, weeks=3)
    _publish(client, hr, short, end_early="true")
    closed = client.get(f"/api/v1/swaps/{late_swap}", headers=hr.headers).json()
    assert closed["status"] == "closed"
    assert closed["closed_reason"] == (
        "The turn in the week of 2027-02-01 is no longer in the published schedule."
    )
    kept = client.get(f"/api/v1/swaps/{early_swap}", headers=hr.headers).json()
    assert kept["status"] == "open" and kept["schedule_id"] == short
    same = next(
        t for t in turns(client, hr, short) if t["uid"] == early["uid"]
    )  # the same turn, re-published under a new id
    assert kept["turn_id"] == same["id"] != early["id"]
