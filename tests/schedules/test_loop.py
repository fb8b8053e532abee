"""The whole loop through the API: generate → poll → draft → publish → new time off →
re-plan → manual move → swap → reports."""

from datetime import date, timedelta

import pytest
from sqlmodel import col, select

from app.coverage.models import CoverageNeed
from app.rules.service import preset_rule
from app.schedules.models import Schedule, ScheduleGap, ScheduleShift, ScheduleTurn
from tests.factories import make_actor, make_line
from tests.helpers import publish
from tests.schedules.conftest import START

pytestmark = pytest.mark.slow  # plans, publishes and re-plans


def generate(client, hr, weeks=4):
    response = client.post(
        "/api/v1/schedules",
        json={"start": START, "weeks": weeks, "time_limit_s": 10},
        headers=hr.headers,
    )
    assert response.status_code == 202, response.text
    job = client.get(f"/api/v1/jobs/{response.json()['id']}", headers=hr.headers).json()
    assert job["status"] == "succeeded", job
    assert job["progress"]["stage"] == "done"
    return job["schedule_id"]


def replanned(client, hr, reason: str) -> dict:  # type: ignore[no-untyped-def]
    """A re-plan of the published schedule, run to its end (the test queue runs it at once)."""
    job = client.post(
        "/api/v1/schedules/replan",
        json={"reason": reason, "time_limit_s": 10},
        headers=hr.headers,
    ).json()
    done = client.get(f"/api/v1/jobs/{job['id']}", headers=hr.headers).json()
    assert done["status"] == "succeeded" and done["kind"] == "replan"
    return done


def turns(client, hr, schedule_id):
    body = client.get(
        f"/api/v1/schedules/{schedule_id}/turns", params={"limit": 500}, headers=hr.headers
    ).json()
    return body["items"]


def test_generate_review_publish(client, hr, session):
    line = make_line(session)
    schedule_id = generate(client, hr)
    draft = client.get(f"/api/v1/schedules/{schedule_id}", headers=hr.headers).json()
    assert draft["status"] == "draft" and draft["turns"] == 10
    assert draft["stats"]["obligations_met"] == draft["stats"]["obligations"] == 10
    week_people = {}
    for t in turns(client, hr, schedule_id):
        week_people.setdefault(t["week_start"], []).append(t["employee_id"])
    assert sorted(week_people) == ["2027-01-11", "2027-01-18", "2027-01-25", "2027-02-01"]
    eng_ids = {e.id for e in line["eng"]}
    for people in week_people.values():  # the 34 % cap lets two engineers go at once
        assert len(eng_ids & set(people)) <= 2
    shifts = client.get(
        f"/api/v1/schedules/{schedule_id}/shifts", params={"limit": 500}, headers=hr.headers
    ).json()
    assert shifts["total"] > 0
    job = publish(client, hr, schedule_id)
    assert job["schedule_id"] == schedule_id
    again = client.post(f"/api/v1/schedules/{schedule_id}/publish", headers=hr.headers)
    assert again.status_code == 409
    assert client.get("/api/v1/schedules/published", headers=hr.headers).json()["id"] == schedule_id


def test_second_request_for_a_running_horizon_is_409(client, hr, session):
    from app.schedules.models import SolveJob

    make_line(session)
    session.add(
        SolveJob(start=date(2027, 1, 11), weeks=4, status="running", active_key="2027-01-11:4")
    )
    session.commit()
    response = client.post(
        "/api/v1/schedules", json={"start": START, "weeks": 4}, headers=hr.headers
    )
    assert response.status_code == 409
    assert "already running for this horizon" in response.json()["detail"]


def test_horizon_must_start_on_monday(client, hr, session):
    make_line(session)
    response = client.post(
        "/api/v1/schedules", json={"start": "2027-01-12", "weeks": 4}, headers=hr.headers
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "start"


def test_replan_after_new_time_off_moves_only_that_person(client, hr, session):
    make_line(session)
    first = generate(client, hr)
    client.post(f"/api/v1/schedules/{first}/publish", headers=hr.headers)
    # someone rotating in week 3 (outside the one-week freeze) goes on leave that week
    victim = next(t for t in turns(client, hr, first) if t["week_start"] == "2027-01-25")
    leave = client.post(
        "/api/v1/time-off",
        json={
            "employee_id": victim["employee_id"],
            "first_day": "2027-01-25",
            "last_day": "2027-01-29",
            "reason": "Vacation",
        },
        headers=hr.headers,
    )
    assert leave.status_code == 201
    done = replanned(client, hr, "new leave")
    diff = client.get(f"/api/v1/schedules/{done['schedule_id']}/compare", headers=hr.headers).json()
    assert [m["employee_id"] for m in diff["moves"]] == [victim["employee_id"]]
    (move,) = diff["moves"]
    assert move["removed_weeks"] == ["2027-01-25"]
    assert "time off 2027-01-25–2027-01-29" in move["why"]
    # Each week's seating fingerprint is stored; only the weeks the move reached have new
    # ones (the others kept their seats as they were).
    before = session.get(Schedule, first).seat_fingerprints
    after = session.get(Schedule, done["schedule_id"]).seat_fingerprints
    assert sorted(before) == sorted(after) == [START, "2027-01-18", "2027-01-25", "2027-02-01"]
    reached = {"2027-01-25", *move["added_weeks"]}
    assert {week for week in after if after[week] != before[week]} == reached
    # Each week's diagnosis fingerprint too: the weeks the move reached and those either
    # side, and the week before the leave (a seat of its Sunday may fall on the Monday),
    # are diagnosed again; every other week keeps its gaps as they were.
    near = {
        str(date.fromisoformat(week) + timedelta(weeks=k)) for week in reached for k in (-1, 0, 1)
    }
    old_marks = session.get(Schedule, first).gap_fingerprints
    new_marks = session.get(Schedule, done["schedule_id"]).gap_fingerprints
    assert sorted(old_marks) == sorted(new_marks) == sorted(before)
    changed = {week for week in new_marks if new_marks[week] != old_marks[week]}
    assert changed == (near | {"2027-01-18"}) & set(new_marks)
    kept = sorted(set(new_marks) - changed)
    assert _gaps_of(session, done["schedule_id"], kept) == _gaps_of(session, first, kept)


def _gaps_of(session, schedule_id: int, weeks: list[str]) -> list[tuple]:  # type: ignore[no-untyped-def]
    rows = session.exec(
        select(ScheduleGap)
        .where(ScheduleGap.schedule_id == schedule_id)
        .order_by(col(ScheduleGap.id))
    ).all()
    return [
        (g.kind, g.message, g.week_start, g.causes, g.fingerprint)
        for g in rows
        if g.week_start is not None and str(g.week_start) in weeks
    ]


def test_a_week_past_the_freeze_moves_the_person_on_leave(client, hr, session):
    make_line(session)
    first = generate(client, hr)
    client.post(f"/api/v1/schedules/{first}/publish", headers=hr.headers)
    week1 = {t["employee_id"] for t in turns(client, hr, first) if t["week_start"] == START}
    victim = next(iter(week1))
    client.post(
        "/api/v1/time-off",
        json={"employee_id": victim, "first_day": START, "last_day": "2027-01-15"},
        headers=hr.headers,
    )
    job = client.post("/api/v1/schedules/replan", json={}, headers=hr.headers).json()
    second = client.get(f"/api/v1/jobs/{job['id']}", headers=hr.headers).json()["schedule_id"]
    # the freeze (one week from today, 2027-01-06) keeps the week of 2027-01-04 only; the
    # horizon starts 2027-01-11, so nothing is frozen and the person on leave moves
    assert victim not in {
        t["employee_id"] for t in turns(client, hr, second) if t["week_start"] == START
    }


def test_manual_move_is_checked_recorded_and_survives_a_replan(client, hr, session):
    line = make_line(session)
    first = generate(client, hr)
    client.post(f"/api/v1/schedules/{first}/publish", headers=hr.headers)
    all_turns = turns(client, hr, first)
    eng_ids = {e.id for e in line["eng"]}
    by_week = {}
    for t in all_turns:
        by_week.setdefault(t["week_start"], []).append(t["employee_id"])
    mover = next(t for t in all_turns if t["employee_id"] in eng_ids)
    # Six engineers, at most two a week (the 34 % cap), over four weeks: at least two weeks
    # hold two, so one of them is not the mover's own.
    full = next(
        w
        for w, people in by_week.items()
        if len(eng_ids & set(people)) == 2 and w != mover["week_start"]
    )
    blocked = client.post(
        f"/api/v1/schedules/{first}/moves",
        json={
            "employee_id": mover["employee_id"],
            "from_week": mover["week_start"],
            "to_week": full,
            "reason": "wants that week",
        },
        headers=hr.headers,
    )
    assert blocked.status_code == 409
    assert "Department cap: Engineering" in blocked.json()["detail"]
    target = next(
        w
        for w, people in by_week.items()
        if len(eng_ids & set(people)) < 2 and w != mover["week_start"]
    )
    moved = client.post(
        f"/api/v1/schedules/{first}/moves",
        json={
            "employee_id": mover["employee_id"],
            "from_week": mover["week_start"],
            "to_week": target,
            "reason": "conference the other week",
        },
        headers=hr.headers,
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["week_start"] == target and moved.json()["source"] == "manual"
    history = client.get(f"/api/v1/schedules/{first}/history", headers=hr.headers).json()
    assert [h["kind"] for h in history] == ["published", "week_moved"]
    assert history[1]["reason"] == "conference the other week" and history[1]["actor_id"]
    shifts = client.get(
        f"/api/v1/schedules/{first}/shifts",
        params={"employee_id": mover["employee_id"]},
        headers=hr.headers,
    ).json()
    assert {s["day"][:10] >= target for s in shifts["items"]} == {True}
    job = client.post("/api/v1/schedules/replan", json={}, headers=hr.headers).json()
    second = client.get(f"/api/v1/jobs/{job['id']}", headers=hr.headers).json()["schedule_id"]
    kept = [t for t in turns(client, hr, second) if t["employee_id"] == mover["employee_id"]]
    assert [(t["week_start"], t["source"]) for t in kept] == [(target, "manual")]


def test_swap_offer_take_approve_undo(client, hr, session):
    line = make_line(session)
    first = generate(client, hr)
    client.post(f"/api/v1/schedules/{first}/publish", headers=hr.headers)
    all_turns = turns(client, hr, first)
    sales_ids = [e.id for e in line["sales"]]
    offered = next(
        t for t in all_turns if t["employee_id"] == sales_ids[0] and t["week_start"] > "2027-01-06"
    )
    taker_id = next(
        i
        for i in sales_ids
        if not any(
            t["employee_id"] == i and t["week_start"] == offered["week_start"] for t in all_turns
        )
    )
    offerer = make_actor(session, "employee")
    offerer.user.employee_id = sales_ids[0]
    taker = make_actor(session, "employee")
    taker.user.employee_id = taker_id
    session.add(offerer.user)
    session.add(taker.user)
    session.commit()

    swap = client.post(
        "/api/v1/swaps", json={"turn_id": offered["id"], "note": "wedding"}, headers=offerer.headers
    )
    assert swap.status_code == 201, swap.text
    swap_id = swap.json()["id"]
    assert (
        client.post(
            "/api/v1/swaps", json={"turn_id": offered["id"]}, headers=offerer.headers
        ).status_code
        == 409
    )
    stolen = client.post("/api/v1/swaps", json={"turn_id": offered["id"]}, headers=taker.headers)
    assert stolen.status_code == 403  # not their turn: refused before its state is told
    taken = client.post(f"/api/v1/swaps/{swap_id}/take", json={}, headers=taker.headers)
    assert taken.json()["status"] == "pending"
    assert client.post(f"/api/v1/swaps/{swap_id}/approve", headers=taker.headers).status_code == 403
    approved = client.post(f"/api/v1/swaps/{swap_id}/approve", headers=hr.headers)
    assert approved.json()["status"] == "done"
    turn = session.get(ScheduleTurn, offered["id"])
    session.refresh(turn)
    assert turn.employee_id == taker_id and turn.source == "swap"
    taker_shifts = client.get(
        f"/api/v1/schedules/{first}/shifts", params={"employee_id": taker_id}, headers=hr.headers
    ).json()
    assert any(s["day"].startswith(offered["week_start"][:8]) for s in taker_shifts["items"])
    undone = client.post(f"/api/v1/swaps/{swap_id}/undo", headers=offerer.headers)
    assert undone.json()["status"] == "undone"
    session.refresh(turn)
    assert turn.employee_id == sales_ids[0]
    kinds = [
        h["kind"]
        for h in client.get(f"/api/v1/schedules/{first}/history", headers=hr.headers).json()
    ]
    assert kinds == ["published", "swap_done", "swap_undone"]


def test_swap_into_a_week_already_on_the_line_is_409(client, hr, session):
    make_line(session)
    first = generate(client, hr)
    client.post(f"/api/v1/schedules/{first}/publish", headers=hr.headers)
    all_turns = turns(client, hr, first)
    offered = next(t for t in all_turns if t["week_start"] > "2027-01-06")
    busy = next(
        t
        for t in all_turns
        if t["week_start"] == offered["week_start"] and t["employee_id"] != offered["employee_id"]
    )
    offerer = make_actor(session, "employee")
    offerer.user.employee_id = offered["employee_id"]
    taker = make_actor(session, "employee")
    taker.user.employee_id = busy["employee_id"]
    session.add_all([offerer.user, taker.user])
    session.commit()
    swap_id = client.post(
        "/api/v1/swaps", json={"turn_id": offered["id"]}, headers=offerer.headers
    ).json()["id"]
    response = client.post(f"/api/v1/swaps/{swap_id}/take", json={}, headers=taker.headers)
    assert response.status_code == 409
    assert response.json()["detail"].startswith("One turn per week")


def test_reports(client, hr, session):
    line = make_line(session)
    first = generate(client, hr)
    client.post(f"/api/v1/schedules/{first}/publish", headers=hr.headers)
    report = client.get(
        "/api/v1/reports/coverage",
        params={"start": "2027-01-11", "end": "2027-01-15"},
        headers=hr.headers,
    ).json()
    assert len(report["slots"]) == 5
    assert report["needed"] == 20
    assert report["staffed"] + report["gap"] == report["needed"]
    assert all(s["staffed"] >= s["needed"] for s in report["slots"])
    bad = client.get(
        "/api/v1/reports/coverage",
        params={"start": "2027-01-15", "end": "2027-01-11"},
        headers=hr.headers,
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "end"
    participation = client.get("/api/v1/reports/participation", headers=hr.headers).json()
    assert participation["not_rotated"] == []
    fairness = client.get("/api/v1/reports/fairness", headers=hr.headers).json()
    assert sum(p["weeks"] for p in fairness["people"]) == 10
    assert {d["name"]: d["weeks"] for d in fairness["departments"]} == {
        "Engineering": 6,
        "Sales": 4,
    }
    person = make_actor(session, "employee")
    person.user.employee_id = line["eng"][0].id
    line["eng"][0].timezone = "Europe/Berlin"
    session.add_all([person.user, line["eng"][0]])
    session.commit()
    mine = client.get("/api/v1/reports/upcoming", headers=person.headers).json()
    assert len(mine) == 1 and len(mine[0]["shifts"]) == 5
    # The Morning shift (09:00–13:00 in New York) in the person's own zone, weekday named.
    first = mine[0]["shifts"][0]
    assert (first["day"], first["weekday"]) == ("2027-01-11", "Monday")
    assert first["when"] == "Mon 11 Jan, 15:00–19:00"
    assert first["shift_time"] == "Mon 11 Jan, 09:00–13:00 America/New_York"
    other = client.get(
        "/api/v1/reports/upcoming",
        params={"employee_id": line["eng"][1].id},
        headers=person.headers,
    )
    assert other.status_code == 403
    assert (
        client.get(
            "/api/v1/reports/coverage",
            params={"start": "2027-01-11", "end": "2027-01-12"},
            headers=person.headers,
        ).status_code
        == 403
    )


def test_acknowledged_gaps_stop_counting_as_open(client, hr, session):
    from tests.factories import make_need

    line = make_line(session)
    make_need(session, min_people=9, max_people=9, shift_template_id=line["shift"].id)
    first = generate(client, hr, weeks=1)
    gaps = client.get(f"/api/v1/schedules/{first}/gaps", headers=hr.headers).json()
    assert gaps and all(not g["acknowledged"] for g in gaps)
    assert "short" in gaps[0]["message"]
    ack = client.post(
        f"/api/v1/schedules/{first}/gaps/{gaps[0]['id']}/acknowledge",
        json={"note": "known, hiring"},
        headers=hr.headers,
    )
    assert ack.json()["acknowledged"] is True
    open_gaps = client.get(
        f"/api/v1/schedules/{first}/gaps", params={"open_only": True}, headers=hr.headers
    ).json()
    assert len(open_gaps) == len(gaps) - 1
    # the same gap in a later plan stays acknowledged
    client.post(f"/api/v1/schedules/{first}/publish", headers=hr.headers)
    job = client.post("/api/v1/schedules/replan", json={}, headers=hr.headers).json()
    second = client.get(f"/api/v1/jobs/{job['id']}", headers=hr.headers).json()["schedule_id"]
    summary = client.get(f"/api/v1/schedules/{second}", headers=hr.headers).json()
    assert summary["open_gaps"] == summary["gaps"] - 1


def test_frozen_weeks_are_pinned_in_a_replan(client, hr, session):
    make_line(session)
    client.patch("/api/v1/settings", json={"freeze_weeks": 2}, headers=hr.headers)
    first = generate(client, hr)
    client.post(f"/api/v1/schedules/{first}/publish", headers=hr.headers)
    before = turns(client, hr, first)
    week1 = sorted(t["employee_id"] for t in before if t["week_start"] == START)
    client.post(
        "/api/v1/time-off",
        json={"employee_id": week1[0], "first_day": START, "last_day": "2027-01-15"},
        headers=hr.headers,
    )
    job = client.post("/api/v1/schedules/replan", json={}, headers=hr.headers).json()
    second = client.get(f"/api/v1/jobs/{job['id']}", headers=hr.headers).json()["schedule_id"]
    after = turns(client, hr, second)
    # today is 2027-01-06, two frozen weeks reach 2027-01-18: the week of START stays as it was
    assert sorted(t["employee_id"] for t in after if t["week_start"] == START) == week1
    old_shifts = client.get(
        f"/api/v1/schedules/{first}/shifts",
        params={"end": "2027-01-15", "limit": 500},
        headers=hr.headers,
    )
    new_shifts = client.get(
        f"/api/v1/schedules/{second}/shifts",
        params={"end": "2027-01-15", "limit": 500},
        headers=hr.headers,
    )

    def key(s):  # type: ignore[no-untyped-def]
        return (s["employee_id"], s["day"], s["shift_template_id"], s["channel"])

    assert sorted(map(key, old_shifts.json()["items"])) == sorted(
        map(key, new_shifts.json()["items"])
    )


def test_shift_moves_are_checked(client, hr, session):
    make_line(session)
    first = generate(client, hr, weeks=1)
    shifts = client.get(
        f"/api/v1/schedules/{first}/shifts", params={"limit": 500}, headers=hr.headers
    ).json()["items"]
    rotator = next(s for s in shifts if s["role"] == "rotator")
    saturday = "2027-01-16"
    closed = client.patch(
        f"/api/v1/schedules/{first}/shifts/{rotator['id']}",
        json={"day": saturday, "reason": "weekend"},
        headers=hr.headers,
    )
    assert closed.status_code == 409
    assert closed.json()["detail"] == (
        "Morning does not run on 2027-01-16 (weekday or public holiday of its calendar)."
    )
    next_week = client.patch(
        f"/api/v1/schedules/{first}/shifts/{rotator['id']}",
        json={"day": "2027-01-18", "reason": "later"},
        headers=hr.headers,
    )
    assert next_week.status_code == 409
    unknown = client.patch(
        f"/api/v1/schedules/{first}/shifts/{rotator['id']}",
        json={"channel": "fax", "reason": "x"},
        headers=hr.headers,
    )
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "channel"
    own_days = {s["day"] for s in shifts if s["employee_id"] == rotator["employee_id"]}
    assert len(own_days) == 5  # a full week: no free day to move to, so ask for a clash
    other_day = next(d for d in sorted(own_days) if d != rotator["day"])
    clash = client.patch(
        f"/api/v1/schedules/{first}/shifts/{rotator['id']}",
        json={"day": other_day, "reason": "swap days"},
        headers=hr.headers,
    )
    assert clash.status_code == 409 and clash.json()["detail"].startswith("One place at a time")


def test_trade_offer_accept_and_approve(client, hr, session):
    line = make_line(session)
    first = generate(client, hr)
    client.post(f"/api/v1/schedules/{first}/publish", headers=hr.headers)
    all_turns = [t for t in turns(client, hr, first) if t["week_start"] > "2027-01-11"]
    sales = {e.id for e in line["sales"]}
    a = next(t for t in all_turns if t["employee_id"] in sales)
    b = next(
        t for t in all_turns if t["employee_id"] in sales and t["week_start"] != a["week_start"]
    )
    offerer, trader = make_actor(session, "employee"), make_actor(session, "employee")
    offerer.user.employee_id, trader.user.employee_id = a["employee_id"], b["employee_id"]
    session.add_all([offerer.user, trader.user])
    session.commit()
    swap_id = client.post(
        "/api/v1/swaps", json={"turn_id": a["id"]}, headers=offerer.headers
    ).json()["id"]
    proposed = client.post(
        f"/api/v1/swaps/{swap_id}/take", json={"trade_turn_id": b["id"]}, headers=trader.headers
    )
    assert proposed.json()["status"] == "proposed"
    accepted = client.post(f"/api/v1/swaps/{swap_id}/accept", headers=offerer.headers)
    assert accepted.json()["status"] == "pending"
    done = client.post(f"/api/v1/swaps/{swap_id}/approve", headers=hr.headers).json()
    assert done["status"] == "done"
    now = {t["id"]: t["employee_id"] for t in turns(client, hr, first)}
    assert now[a["id"]] == b["employee_id"] and now[b["id"]] == a["employee_id"]


def test_each_move_names_its_own_reason(client, hr, session):
    line = make_line(session)
    first = generate(client, hr)
    client.post(f"/api/v1/schedules/{first}/publish", headers=hr.headers)
    hired = client.post(
        "/api/v1/employees",
        json={
            "name": "Nia Newcomer",
            "email": "nia@example.com",
            "department_id": line["departments"]["eng"].id,
            "hire_date": "2027-01-11",
            "timezone": "America/New_York",
        },
        headers=hr.headers,
    )
    assert hired.status_code == 201, hired.text
    rule = preset_rule("onboarding_fortnight").model_dump(mode="json")
    assert client.post("/api/v1/rules", json=rule, headers=hr.headers).status_code == 201
    job = client.post("/api/v1/schedules/replan", json={}, headers=hr.headers).json()
    draft = client.get(f"/api/v1/jobs/{job['id']}", headers=hr.headers).json()["schedule_id"]
    diff = client.get(f"/api/v1/schedules/{draft}/compare", headers=hr.headers).json()
    nia = next(m for m in diff["moves"] if m["employee_id"] == hired.json()["id"])
    assert nia["removed_weeks"] == []
    assert nia["why"] == "a new hire (starts 2027-01-11): onboarding under “Onboarding fortnight”"
    generic = [m for m in diff["moves"] if m["why"].startswith("moved along with other changes")]
    assert len(generic) < len(diff["moves"])  # the generic sentence is the exception


def test_renaming_a_channel_keeps_its_seats(client, hr, session):
    """Seats refer to their channel by id: after a rename the coverage report still counts
    them, and the seats (the API, the feeds, the next re-plan) carry the new name."""
    make_line(session)
    first = generate(client, hr)
    client.post(f"/api/v1/schedules/{first}/publish", headers=hr.headers)
    week = {"start": "2027-01-11", "end": "2027-01-15"}
    before = client.get("/api/v1/reports/coverage", params=week, headers=hr.headers).json()
    channel = client.get("/api/v1/channels", headers=hr.headers).json()["items"][0]
    renamed = client.patch(
        f"/api/v1/channels/{channel['id']}", json={"name": "Live chat"}, headers=hr.headers
    )
    assert renamed.status_code == 200, renamed.text

    after = client.get("/api/v1/reports/coverage", params=week, headers=hr.headers).json()
    assert before["staffed"] == 20
    assert (after["staffed"], after["gap"]) == (20, 0)
    assert {s["channel"] for s in after["slots"]} == {"live chat"}
    seats = client.get(
        f"/api/v1/schedules/{first}/shifts", params={"limit": 500}, headers=hr.headers
    ).json()["items"]
    assert {(s["channel_id"], s["channel"]) for s in seats} == {(channel["id"], "live chat")}


def test_an_unchanged_replan_keeps_every_gap_as_it_was(client, hr, session):
    make_line(session)
    need = session.exec(select(CoverageNeed)).one()
    need.min_people = need.max_people = 8  # more than are ever on the line: gaps every day
    session.add(need)
    session.commit()
    first = generate(client, hr)
    client.post(f"/api/v1/schedules/{first}/publish", headers=hr.headers)
    done = replanned(client, hr, "nothing new")
    draft = session.get(Schedule, done["schedule_id"])
    base = session.get(Schedule, first)
    assert draft.gap_fingerprints == base.gap_fingerprints
    weeks = sorted(base.gap_fingerprints)
    kept = _gaps_of(session, done["schedule_id"], weeks)
    assert {(kind, week) for kind, _, week, _, _ in kept} == {
        ("coverage", date.fromisoformat(week)) for week in weeks
    }
    assert kept == _gaps_of(session, first, weeks)  # read back and stored as they were


def _seats_of(session, schedule_id: int) -> list[tuple]:  # type: ignore[no-untyped-def]
    rows = session.exec(select(ScheduleShift).where(ScheduleShift.schedule_id == schedule_id))
    return sorted(
        (s.employee_id, s.day, s.shift_template_id, s.channel, s.role, s.mentor_id) for s in rows
    )


def test_a_replan_holds_the_seats_it_kept_without_those_of_someone_who_left(client, hr, session):
    line = make_line(session)
    first = generate(client, hr)
    client.post(f"/api/v1/schedules/{first}/publish", headers=hr.headers)
    leaving = line["eng"][0]
    on_turn = {t["week_start"] for t in turns(client, hr, first) if t["employee_id"] == leaving.id}
    other_week = next(
        date.fromisoformat(t["week_start"])
        for t in turns(client, hr, first)
        if t["week_start"] not in on_turn
    )
    # A seat given by hand in a week without their turn; then they leave the company.
    session.add(
        ScheduleShift(
            schedule_id=first,
            employee_id=leaving.id,
            day=other_week + timedelta(days=2),
            shift_template_id=line["shift"].id,
            channel="phone",
            role="rotator",
            source="manual",
        )
    )
    leaving.active = False
    session.add(leaving)
    session.commit()
    before = _seats_of(session, first)

    done = replanned(client, hr, "someone left")
    after = _seats_of(session, done["schedule_id"])
    assert leaving.id not in {seat[0] for seat in after}
    # The draft starts from the base's turns: theirs are not among the plan's.
    assert on_turn and leaving.id not in {
        t["employee_id"] for t in turns(client, hr, done["schedule_id"])
    }
    in_week = [s for s in before if other_week <= s[1] < other_week + timedelta(days=7)]
    assert [s for s in after if s in in_week] == [s for s in in_week if s[0] != leaving.id]
