"""Changes by hand go through the one hard-rule checker, and the gaps of the weeks they touch
are diagnosed again."""

from datetime import time

from sqlmodel import select

from app.coverage.models import CoverageNeed
from app.rules.models import RotationSettings
from tests.factories import make_line, make_need, make_shift
from tests.schedules.test_loop import generate
from tests.web.test_pages import _user, sign_in


def shifts_of(client, hr, schedule_id):  # type: ignore[no-untyped-def]
    return client.get(
        f"/api/v1/schedules/{schedule_id}/shifts", params={"limit": 500}, headers=hr.headers
    ).json()["items"]


def coverage_gaps(client, hr, schedule_id):  # type: ignore[no-untyped-def]
    gaps = client.get(f"/api/v1/schedules/{schedule_id}/gaps", headers=hr.headers).json()
    return [g for g in gaps if g["kind"] == "coverage"]


def line_with_afternoon(session, shifts_per_day=1):  # type: ignore[no-untyped-def]
    line = make_line(session)
    need = session.exec(select(CoverageNeed)).one()
    need.max_people = 4  # exactly the minimum: a seat taken away opens a gap
    afternoon = make_shift(session, name="Afternoon", start_time=time(13), end_time=time(17))
    make_need(
        session,
        channel_id=line["channel"].id,
        shift_template_id=afternoon.id,
        min_people=0,
        max_people=8,
    )
    settings = session.exec(select(RotationSettings)).one()
    settings.max_shifts_per_day = shifts_per_day
    session.add_all([need, settings])
    session.commit()
    return line, afternoon


def test_a_second_channel_on_the_same_shift_is_refused_even_with_two_shifts_a_day(
    client, hr, session
):
    line, _ = line_with_afternoon(session, shifts_per_day=2)
    email = make_need(session, shift_template_id=line["shift"].id, min_people=0, max_people=2)
    schedule = generate(client, hr, weeks=1)
    seats = shifts_of(client, hr, schedule)
    person = seats[0]["employee_id"]
    mine = sorted((s for s in seats if s["employee_id"] == person), key=lambda s: s["day"])
    first, second = mine[0], mine[1]
    channel = client.get(f"/api/v1/channels/{email.channel_id}", headers=hr.headers).json()
    moved = client.patch(
        f"/api/v1/schedules/{schedule}/shifts/{second['id']}",
        json={"day": first["day"], "channel": channel["name"], "reason": "both channels"},
        headers=hr.headers,
    )
    assert moved.status_code == 409
    name = next(
        e.name for group in ("support", "eng", "sales") for e in line[group] if e.id == person
    )
    assert moved.json()["detail"] == (
        f"One place at a time: {name} already works Morning on {first['day']}, "
        "which overlaps this shift."
    )
    assert moved.json()["errors"][0]["field"] == "shift_template_id"


def test_gaps_open_and_close_with_a_moved_shift(client, hr, session):
    line, afternoon = line_with_afternoon(session)
    schedule = generate(client, hr, weeks=1)
    assert coverage_gaps(client, hr, schedule) == []
    support_ids = {e.id for e in line["support"]}
    seat = next(s for s in shifts_of(client, hr, schedule) if s["employee_id"] in support_ids)
    away = client.patch(
        f"/api/v1/schedules/{schedule}/shifts/{seat['id']}",
        json={"shift_template_id": afternoon.id, "reason": "cover the afternoon"},
        headers=hr.headers,
    )
    assert away.status_code == 200, away.text
    (gap,) = coverage_gaps(client, hr, schedule)
    assert (gap["day"], gap["shift_template_id"], gap["short"]) == (
        seat["day"],
        seat["shift_template_id"],
        1,
    )
    kinds = {c["kind"] for c in gap["causes"]}
    assert "day_limit" in kinds  # the one who moved works the afternoon that day
    assert all(c["people"] > 0 for c in gap["causes"])
    back = client.patch(
        f"/api/v1/schedules/{schedule}/shifts/{seat['id']}",
        json={"shift_template_id": line["shift"].id, "reason": "back"},
        headers=hr.headers,
    )
    assert back.status_code == 200, back.text
    assert coverage_gaps(client, hr, schedule) == []


def test_the_draft_page_shows_needs_no_plan_can_meet(client, hr, session):
    line = make_line(session)
    make_need(
        session,
        shift_template_id=line["shift"].id,
        min_people=1,
        max_people=2,
        skill="fi",
        skill_min=1,
    )
    schedule = generate(client, hr, weeks=1)
    warning = "Nobody has skill 'fi'; the channel"
    body = client.get(f"/api/v1/schedules/{schedule}", headers=hr.headers).json()
    (text,) = body["stats"]["warnings"]
    assert text.startswith(warning) and text.endswith("asks for 1 on every shift.")
    viewer = _user(session, "hr")
    sign_in(client, viewer.user.email)
    page = client.get(f"/schedules/{schedule}")
    assert page.status_code == 200
    assert "Needs no plan can meet" in page.text and "skill &#39;fi&#39;" in page.text
