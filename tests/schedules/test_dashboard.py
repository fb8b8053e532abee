"""The dashboard answers "what needs me now": the first week with people on the line when
this week has none, open gaps by kind and week, overdue apart from not yet planned, and swaps
waiting for approval."""

from datetime import date, timedelta

from sqlmodel import Session, select

from app import clock
from app.schedules import views
from app.schedules.models import ScheduleGap, ScheduleTurn
from app.swaps.models import SwapRequest
from tests.factories import make_line, make_need
from tests.helpers import publish
from tests.schedules.test_loop import START, generate


def _published_short_line(client, hr, session: Session) -> tuple[int, date]:  # type: ignore[no-untyped-def]
    """A published two-week plan of a line that needs more people than it has: gaps."""
    line = make_line(session)
    make_need(session, min_people=9, max_people=9, shift_template_id=line["shift"].id)
    session.commit()
    schedule_id = generate(client, hr, weeks=2)
    publish(client, hr, schedule_id)
    return schedule_id, date.fromisoformat(START)


def test_the_dashboard_shows_what_needs_hr_now(client, hr, session: Session, monkeypatch) -> None:
    schedule_id, first = _published_short_line(client, hr, session)
    monkeypatch.setattr(clock, "today", lambda: first - timedelta(days=5))  # the week before

    turn = session.exec(select(ScheduleTurn).where(ScheduleTurn.schedule_id == schedule_id)).first()
    session.add(
        SwapRequest(
            schedule_id=schedule_id, turn_id=turn.id, offered_by=turn.employee_id, status="pending"
        )
    )
    session.commit()
    found = views.dashboard(session=session, today=clock.today())

    assert (found["this_week"], found["week"]) == (first - timedelta(weeks=1), first)
    assert {t.week_start for _e, t in found["on_line"]} == {first}
    assert found["approvals"] == 1
    gaps = session.exec(select(ScheduleGap).where(ScheduleGap.schedule_id == schedule_id)).all()
    assert len(found["gaps"]) == len(gaps) > 0
    summary = found["gap_summary"]
    assert sum(row["gaps"] for row in summary) == len(gaps)
    keys = [(row["week"] or date.min, row["label"]) for row in summary]
    assert keys == sorted(set(keys))  # one line per kind and week, in week order
    seats = [row for row in summary if row["label"] == "Seats short"]
    assert {row["week"] for row in seats} == {first, first + timedelta(weeks=1)}
    assert found["overdue"] == [h for h in found["due"]["new_hires"] if h["status"] == "overdue"]


def test_a_whole_kind_and_week_of_gaps_is_acknowledged_at_once(client, hr, session) -> None:
    line = make_line(session)
    make_need(session, min_people=9, max_people=9, shift_template_id=line["shift"].id)
    session.commit()
    schedule_id = generate(client, hr, weeks=2)
    gaps = client.get(f"/api/v1/schedules/{schedule_id}/gaps", headers=hr.headers).json()
    first = date.fromisoformat(START)
    group = [g for g in gaps if g["week_start"] == START and g["kind"] == gaps[0]["kind"]]
    assert group and gaps[0]["week_start"] == START
    done = client.post(
        f"/api/v1/schedules/{schedule_id}/gaps/acknowledge",
        json={"kinds": [gaps[0]["kind"]], "week": str(first), "note": "Known: hiring in March"},
        headers=hr.headers,
    )
    assert done.json() == {"acknowledged": len(group)}
    after = client.get(f"/api/v1/schedules/{schedule_id}/gaps", headers=hr.headers).json()
    acknowledged = {g["id"] for g in after if g["acknowledged"]}
    assert acknowledged == {g["id"] for g in group}
    assert {g["acknowledged_note"] for g in after if g["acknowledged"]} == {
        "Known: hiring in March"
    }
    again = client.post(
        f"/api/v1/schedules/{schedule_id}/gaps/acknowledge",
        json={"kinds": [gaps[0]["kind"]], "week": str(first)},
        headers=hr.headers,
    )
    assert again.json() == {"acknowledged": 0}  # nothing open is left in that line


def test_the_dashboard_counts_only_gaps_nobody_acknowledged(client, hr, session, monkeypatch):
    schedule_id, first = _published_short_line(client, hr, session)
    monkeypatch.setattr(clock, "today", lambda: first)
    before = views.dashboard(session=session, today=clock.today())
    kind = before["gaps"][0].kind
    group = [g for g in before["gaps"] if g.kind == kind and g.week_start == first]
    client.post(
        f"/api/v1/schedules/{schedule_id}/gaps/acknowledge",
        json={"kinds": [kind], "week": str(first)},
        headers=hr.headers,
    ).raise_for_status()

    after = views.dashboard(session=session, today=clock.today())
    assert len(after["gaps"]) == len(before["gaps"]) - len(group) > 0
    assert (kind, first) not in {(g.kind, g.week_start) for g in after["gaps"]}
    assert sum(row["short"] for row in after["gap_summary"]) == sum(g.short for g in after["gaps"])
