"""Feeds follow every change to the schedule or to what it shows, and answer HTTP properly.
Read back with vobject (an independent parser) and with raw bytes where the format matters."""

from datetime import date, time, timedelta

from icalendar import Calendar
from sqlmodel import select

from app.calendars import sync
from app.rules.models import RotationRule
from app.rules.service import preset_rule
from app.schedules.models import ScheduleShift
from tests.calendars.test_feeds import fetch, login_for, parse, publish_line
from tests.factories import make_employee, make_line
from tests.helpers import publish
from tests.schedules.conftest import START
from tests.schedules.test_loop import generate, turns


def _feed(client, headers, **params):  # type: ignore[no-untyped-def]
    return client.get("/api/v1/calendars/feed", params=params, headers=headers).json()["url"]


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_a_person_moved_to_another_department_moves_between_department_feeds(client, hr, session):
    line, _ = publish_line(client, hr, session)
    mover = line["sales"][0]
    sales, eng = line["departments"]["sales"], line["departments"]["eng"]
    sales_url = _feed(client, hr.headers, kind="department", owner_id=sales.id)
    eng_url = _feed(client, hr.headers, kind="department", owner_id=eng.id)
    before = len(parse(fetch(client, eng_url).content).vevent_list)
    moved = client.patch(
        f"/api/v1/employees/{mover.id}", json={"department_id": eng.id}, headers=hr.headers
    )
    assert moved.status_code == 200
    sales_events = parse(fetch(client, sales_url).content).vevent_list
    eng_events = parse(fetch(client, eng_url).content).vevent_list
    assert [e for e in sales_events if e.summary.value.startswith(mover.name)] == []
    assert len(eng_events) == before + 1
    assert any(e.summary.value.startswith(f"{mover.name}: ") for e in eng_events)


def test_new_shift_hours_reach_the_feed_with_a_new_etag_and_sequence(client, hr, session):
    line, _ = publish_line(client, hr, session)
    person = login_for(session, line["eng"][0].id)
    url = _feed(client, person.headers)
    first = fetch(client, url)
    shift_events = [
        e for e in Calendar.from_ical(first.content).walk("VEVENT") if "shift" in str(e["UID"])
    ]
    assert {e.decoded("DTSTART").time() for e in shift_events} == {time(9)}
    changed = client.patch(
        f"/api/v1/shift-templates/{line['shift'].id}",
        json={"start_time": "08:00:00", "end_time": "12:00:00"},
        headers=hr.headers,
    )
    assert changed.status_code == 200, changed.text
    again = client.get(_path(url), headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 200
    assert again.headers["etag"] != first.headers["etag"]
    shifts = [
        e for e in Calendar.from_ical(again.content).walk("VEVENT") if "shift" in str(e["UID"])
    ]
    assert {e.decoded("DTSTART").time() for e in shifts} == {time(8)}
    assert {int(e["SEQUENCE"]) for e in shifts} == {1}


def test_a_rename_reaches_the_title_the_etag_and_the_line_feed(client, hr, session):
    line, _ = publish_line(client, hr, session)
    eve = line["eng"][0]
    person = login_for(session, eve.id)
    url = _feed(client, person.headers)
    line_url = _feed(client, hr.headers, kind="line")
    first = fetch(client, url)
    client.patch(f"/api/v1/employees/{eve.id}", json={"name": "Eve Renamed"}, headers=hr.headers)
    again = client.get(_path(url), headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 200
    assert parse(again.content).contents["x-wr-calname"][0].value == (
        "Support rotation — Eve Renamed"
    )
    descriptions = " ".join(
        e.description.value for e in parse(fetch(client, line_url).content).vevent_list
    )
    assert "Eve Renamed" in descriptions and eve.name not in descriptions


def test_the_turn_download_keeps_working_after_a_replan(client, hr, session):
    line, first = publish_line(client, hr, session)
    turn = next(t for t in turns(client, hr, first) if t["employee_id"] == line["eng"][0].id)
    job = client.post("/api/v1/schedules/replan", json={}, headers=hr.headers).json()
    second = client.get(f"/api/v1/jobs/{job['id']}", headers=hr.headers).json()["schedule_id"]
    publish(client, hr, second)
    person = login_for(session, line["eng"][0].id)
    by_old_id = client.get(f"/api/v1/turns/{turn['id']}.ics", headers=person.headers)
    assert by_old_id.status_code == 200
    assert len(parse(by_old_id.content).vevent_list) == 6
    by_uid = client.get(f"/api/v1/turns/{turn['uid']}.ics", headers=person.headers)
    assert by_uid.content == by_old_id.content


def test_feed_format_and_http(client, hr, session):
    line, _ = publish_line(client, hr, session)
    renamed = client.patch(
        f"/api/v1/departments/{line['departments']['sales'].id}",
        json={"name": "Sales, EMEA; North"},
        headers=hr.headers,
    )
    assert renamed.status_code == 200
    url = _feed(client, hr.headers, kind="department", owner_id=line["departments"]["sales"].id)
    body = fetch(client, url)
    unfolded = body.content.replace(b"\r\n ", b"")
    assert b"\r\nX-PUBLISHED-TTL:PT4H\r\n" in unfolded
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT4H\r\n" in unfolded
    assert b"\r\nX-WR-CALNAME:Support rotation \xe2\x80\x94 Sales\\, EMEA\\; North\r\n" in unfolded
    weak = client.get(_path(url), headers={"If-None-Match": "W/" + body.headers["etag"]})
    assert weak.status_code == 304
    head = client.head(_path(url))
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == body.headers["etag"]
    assert int(head.headers["content-length"]) == len(body.content)
    feed_id, mac = _path(url)[len("/calendars/") : -len(".ics")].split("-", 1)
    for bad in (f"{feed_id}\u00b2-{mac}", f"{'9' * 5000}-{mac}", f"\u0661-{mac}", "x"):
        assert client.get(f"/calendars/{bad}.ics").status_code == 404, bad


def test_control_characters_are_refused_in_names(client, hr, session):
    line, _ = publish_line(client, hr, session)
    for bad in ("Eve\nOne", "Eve\rOne", "Eve\x00", "Eve\u2028One"):
        response = client.patch(
            f"/api/v1/employees/{line['eng'][0].id}", json={"name": bad}, headers=hr.headers
        )
        assert response.status_code == 422, bad
        assert response.json()["errors"][0]["field"] == "name"
    department = client.post("/api/v1/departments", json={"name": "Ops\tTeam"}, headers=hr.headers)
    assert department.status_code == 422


def test_an_edit_of_people_derives_only_their_events_and_leaves_what_a_full_sync_would(
    client, hr, session
):
    """sync_people derives a narrow scope (the person's events, their mentoring partners'
    shifts, the line's slots they sit in); a full derivation afterwards finds nothing left
    to change, whoever was edited and however."""
    line = make_line(session)
    session.add(RotationRule(**preset_rule("onboarding_fortnight").model_dump()))
    newcomer = make_employee(
        session,
        department_id=line["departments"]["eng"].id,
        name="Nia Newhire",
        hire_date=date.fromisoformat(START) - timedelta(days=7),
    )
    session.commit()
    schedule_id = generate(client, hr)
    publish(client, hr, schedule_id)
    seats = session.exec(
        select(ScheduleShift).where(ScheduleShift.schedule_id == schedule_id)
    ).all()
    mentors = {s.mentor_id for s in seats if s.employee_id == newcomer.id and s.mentor_id}
    assert mentors  # the newcomer sits beside a mentor: their names cross into others' events
    edits = [
        (next(iter(mentors)), {"name": "Morgan Mentor"}),
        (newcomer.id, {"name": "Nia Renamed"}),
        (line["support"][0].id, {"name": "Sam Everyweek"}),
        (line["sales"][1].id, {"department_id": line["departments"]["eng"].id}),
    ]
    for employee_id, change in edits:
        answer = client.patch(f"/api/v1/employees/{employee_id}", json=change, headers=hr.headers)
        assert answer.status_code == 200, answer.text
        session.expire_all()
        assert sync.sync_events(session=session, weeks=None) == 0, change
        session.rollback()


def test_an_edit_no_event_shows_derives_nothing(client, hr, session, monkeypatch):
    """A title or an email is in no stored event: editing it derives nothing; a name is."""
    line, _ = publish_line(client, hr, session)
    person = line["support"][0]
    asked: list[frozenset[int]] = []
    derive = sync.sync_people
    monkeypatch.setattr(
        sync, "sync_people", lambda **kw: (asked.append(kw["employee_ids"]), derive(**kw))[1]
    )
    for change in ({"title": "Lead"}, {"email": "sam.new@example.com"}, {"name": "Sam Renamed"}):
        answer = client.patch(f"/api/v1/employees/{person.id}", json=change, headers=hr.headers)
        assert answer.status_code == 200, answer.text
    assert asked == [frozenset({person.id})]
