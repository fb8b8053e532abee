"""A refused move says which day fails for what, and names the weeks that would work."""

from datetime import date, timedelta

import holidays

from tests.factories import make_line, make_time_off
from tests.schedules.conftest import START
from tests.schedules.test_loop import generate, turns


def _week_of(all_turns, eng_ids):  # type: ignore[no-untyped-def]
    """Engineers on the line in each of the six weeks."""
    mondays = [date.fromisoformat(START) + timedelta(weeks=k) for k in range(6)]
    load = {str(m): 0 for m in mondays}
    for t in all_turns:
        load[t["week_start"]] += t["employee_id"] in eng_ids
    return load


def _planned(client, hr, session):  # type: ignore[no-untyped-def]
    """Six weeks planned for the small line; an engineer with a turn, and each week's load."""
    line = make_line(session)
    schedule = generate(client, hr, weeks=6)
    all_turns = turns(client, hr, schedule)
    eng_ids = {e.id for e in line["eng"]}
    mover = next(t for t in all_turns if t["employee_id"] in eng_ids)
    name = next(e.name for e in line["eng"] if e.id == mover["employee_id"])
    return schedule, mover, name, _week_of(all_turns, eng_ids)


def _move(client, hr, schedule, mover, to_week):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/schedules/{schedule}/moves",
        json={
            "employee_id": mover["employee_id"],
            "from_week": mover["week_start"],
            "to_week": to_week,
            "reason": "asked for it",
        },
        headers=hr.headers,
    )


def _weeks_with_room(load, *taken):  # type: ignore[no-untyped-def]
    """Weeks under the cap, outside `taken`, with five working days (no US public holiday)."""
    us = holidays.US(years=2027)
    return [
        f"{date.fromisoformat(w):%a %d %b %Y}"
        for w, n in load.items()
        if n < 2
        and w not in taken
        and not any(date.fromisoformat(w) + timedelta(days=k) in us for k in range(5))
    ][:3]


def test_a_move_into_a_full_week_names_the_weeks_with_room(client, hr, session) -> None:
    schedule, mover, _, load = _planned(client, hr, session)
    full = next(w for w, n in load.items() if n == 2 and w != mover["week_start"])
    room = _weeks_with_room(load, mover["week_start"])
    assert room  # six engineers, up to two a week, six weeks: some weeks have room
    refused = _move(client, hr, schedule, mover, full)
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        f"Department cap: Engineering already has 2 of its 2 allowed on the line the week of "
        f"{full}. Weeks that would work: {', '.join(room)}."
    )
    assert refused.json()["errors"] == [{"field": "to_week", "message": refused.json()["detail"]}]


def test_a_move_onto_days_off_names_each_day_and_why(client, hr, session) -> None:
    schedule, mover, name, load = _planned(client, hr, session)
    target = next(w for w, n in load.items() if n < 2 and w != mover["week_start"])
    monday = date.fromisoformat(target)
    tuesday, wednesday = monday + timedelta(days=1), monday + timedelta(days=2)
    make_time_off(session, employee_id=mover["employee_id"], first_day=tuesday, last_day=wednesday)
    refused = _move(client, hr, schedule, mover, target)
    assert refused.status_code == 409
    room = _weeks_with_room(load, target, mover["week_start"])
    assert refused.json()["detail"] == (
        f"Only 3 of 5 days fit {name} the week of {target}: "
        f"{tuesday:%a %d %b} time off; {wednesday:%a %d %b} time off. "
        f"Weeks that would work: {', '.join(room)}."
    )
