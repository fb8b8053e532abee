"""The timeline shows who is on the line per channel and shift, each day, with the shift's
hours in the viewer's own zone on that date, and today marked."""

from datetime import date

from sqlmodel import select

from app import clock
from app.auth.service import hash_password
from app.schedules.models import ScheduleShift
from tests.factories import make_actor, make_line
from tests.schedules.test_loop import START, generate
from tests.web.test_pages import PASSWORD, sign_in


def test_the_timeline_in_the_viewers_zone(client, hr, session, monkeypatch) -> None:
    line = make_line(session)
    schedule_id = generate(client, hr, weeks=2)
    client.post(f"/api/v1/schedules/{schedule_id}/publish", headers=hr.headers)
    berliner = line["eng"][0]
    berliner.timezone = "Europe/Berlin"
    viewer = make_actor(session, "employee", password_hash=hash_password(PASSWORD))
    viewer.user.employee_id = berliner.id
    session.add_all([berliner, viewer.user])
    session.commit()
    sign_in(client, viewer.user.email)

    page = client.get(f"/timeline?from={START}").text
    assert "Hours are in your zone (Europe/Berlin)." in page
    assert "phone · Morning<small>09:00–13:00 America/New_York</small>" in page
    assert '<small class="hours">15:00–19:00</small>' in page  # 09:00 in New York, in Berlin
    seated = session.exec(
        select(ScheduleShift).where(
            ScheduleShift.schedule_id == schedule_id,
            ScheduleShift.day == date.fromisoformat(START),
        )
    ).all()
    names = {e.id: e.name for group in ("support", "eng", "sales") for e in line[group]}
    assert seated and all(f"<li>{names[s.employee_id]}" in page for s in seated)

    upcoming = client.get("/timeline").text  # the plan starts next week: its first week shows
    assert '<small class="hours">15:00–19:00</small>' in upcoming
    monkeypatch.setattr(clock, "today", lambda: date(2027, 1, 13))
    this_week = client.get("/timeline").text
    assert "<strong>Today</strong><br>Wed 13 Jan" in this_week
    assert client.get("/timeline?range=month").status_code == 200
    assert client.get("/timeline?range=year").status_code == 422
