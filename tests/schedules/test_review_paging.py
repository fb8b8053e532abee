"""The review lists everything: gaps and changes page by page, each page saying where it is."""

import re
from datetime import date, timedelta

from app.people.models import utcnow
from app.schedules.models import ChangeLog, Schedule, ScheduleGap
from tests.web.test_pages import _user, sign_in


def test_gaps_and_changes_are_complete_page_by_page(client, session) -> None:
    hr = _user(session, "hr")
    schedule = Schedule(start=date(2027, 1, 11), weeks=4)
    session.add(schedule)
    session.commit()
    session.add_all(
        ScheduleGap(
            schedule_id=schedule.id,
            kind="coverage",
            message=f"Gap number {n:03d}",
            week_start=date(2027, 1, 11),
            short=1,
            fingerprint=f"gap-{n}",
        )
        for n in range(130)
    )
    start = utcnow()
    session.add_all(
        ChangeLog(
            schedule_id=schedule.id,
            kind="week_moved",
            reason=f"change {n:03d}",
            at=start + timedelta(minutes=n),
        )
        for n in range(105)
    )
    session.commit()
    sign_in(client, hr.user.email)

    first = client.get(f"/schedules/{schedule.id}").text
    assert "<span>1–100 of 130</span>" in first and "<span>1–100 of 105</span>" in first
    assert "Changes (105), newest first" in first
    changes = re.findall(r"week_moved: change (\d+)", first)
    assert changes == [f"{n:03d}" for n in range(104, 4, -1)]
    second = client.get(f"/schedules/{schedule.id}?gaps_offset=100&changes_offset=100").text
    assert "<span>101–130 of 130</span>" in second and "<span>101–105 of 105</span>" in second
    assert re.findall(r"week_moved: change (\d+)", second) == ["004", "003", "002", "001", "000"]
    shown = set(re.findall(r"Gap number (\d+)", first)) | set(
        re.findall(r"Gap number (\d+)", second)
    )
    assert shown == {f"{n:03d}" for n in range(130)}
