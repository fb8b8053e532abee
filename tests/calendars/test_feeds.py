"""Feeds read by an independent RFC 5545 parser (vobject), not the library that wrote them."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import vobject

from app import clock
from tests.factories import make_actor, make_line
from tests.schedules.test_loop import generate, turns


def publish_line(client, hr, session):  # type: ignore[no-untyped-def]
    line = make_line(session)
    schedule_id = generate(client, hr)
    client.post(f"/api/v1/schedules/{schedule_id}/publish", headers=hr.headers)
    return line, schedule_id


def login_for(session, employee_id):  # type: ignore[no-untyped-def]
    actor = make_actor(session, "employee")
    actor.user.employee_id = employee_id
    session.add(actor.user)
    session.commit()
    return actor


def parse(body: bytes):  # type: ignore[no-untyped-def]
    # vobject keeps every VTIMEZONE it has seen by TZID; start each feed from a clean slate.
    vobject.icalendar.__dict__["__tzidMap"].clear()
    return vobject.readOne(body.decode("utf-8"))


def fetch(client, url):  # type: ignore[no-untyped-def]
    path = url.split("://", 1)[1].split("/", 1)[1]
    return client.get("/" + path)


def test_personal_feed_has_blocks_and_shifts_in_the_right_time_zones(client, hr, session):
    line, schedule_id = publish_line(client, hr, session)
    berlin_id = line["eng"][0].id
    client.patch(
        f"/api/v1/employees/{berlin_id}",
        json={"timezone": "Europe/Berlin", "work_start": "12:00", "work_end": "20:00"},
        headers=hr.headers,
    )
    person = login_for(session, berlin_id)
    feed = client.get("/api/v1/calendars/feed", headers=person.headers).json()
    assert feed["webcal_url"].startswith("webcal://") and feed["url"].endswith(".ics")
    response = fetch(client, feed["url"])
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar = parse(response.content)
    assert calendar.contents["refresh-interval"][0].value in ("PT4H", timedelta(hours=4))
    assert "x-published-ttl" in calendar.contents
    events = calendar.vevent_list
    blocks = [e for e in events if not isinstance(e.dtstart.value, datetime)]
    shifts = [e for e in events if isinstance(e.dtstart.value, datetime)]
    assert len(blocks) == 1 and len(shifts) == 5
    assert blocks[0].summary.value == "Support rotation — the week"
    assert blocks[0].transp.value == "TRANSPARENT" and shifts[0].transp.value == "OPAQUE"
    assert blocks[0].dtend.value - blocks[0].dtstart.value == timedelta(days=5)
    start = shifts[0].dtstart.value
    assert start.utcoffset() is not None
    # 09:00 in New York is 15:00 in Berlin in January
    assert start.astimezone(ZoneInfo("Europe/Berlin")).hour == 15
    assert "Log what you learned" in blocks[0].description.value
    assert "please log what you learned" in shifts[-1].description.value
    assert schedule_id


def test_dst_gap_between_new_york_and_berlin(client, hr, session, monkeypatch):

    make_line(session)
    monkeypatch.setattr(clock, "today", lambda: date(2027, 3, 3))
    response = client.post(
        "/api/v1/schedules",
        json={"start": "2027-03-08", "weeks": 4, "time_limit_s": 10},
        headers=hr.headers,
    )
    job = client.get(f"/api/v1/jobs/{response.json()['id']}", headers=hr.headers).json()
    client.post(f"/api/v1/schedules/{job['schedule_id']}/publish", headers=hr.headers)
    line_feed = client.get(
        "/api/v1/calendars/feed", params={"kind": "line"}, headers=hr.headers
    ).json()
    events = parse(fetch(client, line_feed["url"]).content).vevent_list
    berlin = ZoneInfo("Europe/Berlin")
    by_day = {e.dtstart.value.date(): e.dtstart.value.astimezone(berlin).hour for e in events}
    assert by_day[date(2027, 3, 12)] == 15  # both on winter time
    assert by_day[date(2027, 3, 15)] == 14  # New York already on summer time
    assert by_day[date(2027, 3, 29)] == 15  # both on summer time


def test_conditional_requests_answer_304(client, hr, session):
    line, _ = publish_line(client, hr, session)
    person = login_for(session, line["sales"][0].id)
    url = client.get("/api/v1/calendars/feed", headers=person.headers).json()["url"]
    first = fetch(client, url)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert "private" in first.headers["cache-control"]
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    since = client.get(path, headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    stale = client.get(path, headers={"If-None-Match": '"something-else"'})
    assert stale.status_code == 200


def test_uids_stay_sequence_rises_and_removed_turns_are_cancelled(client, hr, session):
    line, first = publish_line(client, hr, session)
    all_turns = turns(client, hr, first)
    sales = {e.id for e in line["sales"]}
    mover = next(
        t for t in all_turns if t["week_start"] > "2027-01-11" and t["employee_id"] in sales
    )
    person = login_for(session, mover["employee_id"])
    url = client.get("/api/v1/calendars/feed", headers=person.headers).json()["url"]
    before = {e.uid.value: e for e in parse(fetch(client, url).content).vevent_list}
    old_uid = mover["uid"]
    assert old_uid in before and before[old_uid].sequence.value == "0"
    etag = fetch(client, url).headers["etag"]
    # HR moves the turn to another week by hand
    week_people = {}
    for t in all_turns:
        week_people.setdefault(t["week_start"], set()).add(t["employee_id"])
    target = next(
        w
        for w, people in sorted(week_people.items())
        if mover["employee_id"] not in people
        and w != mover["week_start"]
        and len(people & sales) < 2
    )
    moved = client.post(
        f"/api/v1/schedules/{first}/moves",
        json={
            "employee_id": mover["employee_id"],
            "from_week": mover["week_start"],
            "to_week": target,
            "reason": "conference",
        },
        headers=hr.headers,
    )
    assert moved.status_code == 200, moved.text
    response = fetch(client, url)
    assert response.headers["etag"] != etag
    after = {e.uid.value: e for e in parse(response.content).vevent_list}
    assert after[old_uid].status.value == "CANCELLED"
    assert int(after[old_uid].sequence.value) == 1
    assert moved.json()["uid"] in after and after[moved.json()["uid"]].status.value == "CONFIRMED"
    untouched = [u for u in before if u in after and u != old_uid and not u.startswith("shift-")]
    assert all(after[u].sequence.value == before[u].sequence.value for u in untouched)
    # a re-plan that keeps the turn keeps its UID and does not bump it
    job = client.post("/api/v1/schedules/replan", json={}, headers=hr.headers).json()
    second = client.get(f"/api/v1/jobs/{job['id']}", headers=hr.headers).json()["schedule_id"]
    client.post(f"/api/v1/schedules/{second}/publish", headers=hr.headers)
    final = {e.uid.value: e for e in parse(fetch(client, url).content).vevent_list}
    assert final[moved.json()["uid"]].status.value == "CONFIRMED"
    a_, f_ = after[moved.json()["uid"]], final[moved.json()["uid"]]
    assert f_.sequence.value == a_.sequence.value


def test_drafts_never_reach_feeds(client, hr, session):
    line = make_line(session)
    generate(client, hr)  # a draft only
    person = login_for(session, line["eng"][0].id)
    url = client.get("/api/v1/calendars/feed", headers=person.headers).json()["url"]
    assert parse(fetch(client, url).content).contents.get("vevent") is None


def test_department_feed_names_people_and_tokens_can_be_revoked(client, hr, session):
    line, _ = publish_line(client, hr, session)
    dept = line["departments"]["sales"]
    feed = client.get(
        "/api/v1/calendars/feed",
        params={"kind": "department", "owner_id": dept.id},
        headers=hr.headers,
    ).json()
    events = parse(fetch(client, feed["url"]).content).vevent_list
    assert len(events) == 4
    assert all(e.summary.value.startswith("Sol Sales") for e in events)
    new = client.post(
        "/api/v1/calendars/feed/reissue",
        json={"kind": "department", "owner_id": dept.id},
        headers=hr.headers,
    )
    assert new.status_code == 201
    assert fetch(client, feed["url"]).status_code == 404
    assert fetch(client, new.json()["url"]).status_code == 200
    client.delete(f"/api/v1/calendars/feed/{new.json()['id']}", headers=hr.headers)
    assert fetch(client, new.json()["url"]).status_code == 404
    forged = feed["url"].rsplit("-", 1)[0] + "-AAAA.ics"
    assert fetch(client, forged).status_code == 404


def test_employees_manage_only_their_own_feed(client, hr, session):
    line, _ = publish_line(client, hr, session)
    person = login_for(session, line["eng"][0].id)
    other = client.get(
        "/api/v1/calendars/feed", params={"owner_id": line["eng"][1].id}, headers=person.headers
    )
    assert other.status_code == 403
    line_feed = client.get(
        "/api/v1/calendars/feed", params={"kind": "line"}, headers=person.headers
    )
    assert line_feed.status_code == 403


def test_single_turn_download(client, hr, session):
    line, first = publish_line(client, hr, session)
    turn = next(t for t in turns(client, hr, first) if t["employee_id"] == line["eng"][0].id)
    person = login_for(session, line["eng"][0].id)
    response = client.get(f"/api/v1/turns/{turn['id']}.ics", headers=person.headers)
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    events = parse(response.content).vevent_list
    assert len(events) == 6  # the block and its five shifts
    stranger = login_for(session, line["eng"][1].id)
    assert (
        client.get(f"/api/v1/turns/{turn['id']}.ics", headers=stranger.headers).status_code == 403
    )


def test_names_with_commas_and_semicolons_are_escaped(client, hr, session):
    line, _ = publish_line(client, hr, session)
    renamed = client.patch(
        f"/api/v1/employees/{line['eng'][0].id}",
        json={"name": "Eve, Jr.; the One"},
        headers=hr.headers,
    )
    assert renamed.status_code == 200
    feed = client.get("/api/v1/calendars/feed", params={"kind": "line"}, headers=hr.headers).json()
    body = fetch(client, feed["url"]).content
    unfolded = body.replace(b"\r\n ", b"")
    assert b"Eve\\, Jr.\\; the One" in unfolded
    descriptions = [e.description.value for e in parse(body).vevent_list]
    assert any("Eve, Jr.; the One" in d for d in descriptions)
