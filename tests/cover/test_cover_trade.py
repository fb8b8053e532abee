"""A cover taken in return for a turn of the taker's: the asker accepts or declines, both
turns move together (and back together on a give-back), and a trade nobody could make is
refused with the field that says why."""

from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from app.audit import AuditEntry
from app.auth.models import User
from app.cover import follow_up
from app.cover.models import CoverRequest
from app.notifications.models import Notification
from app.people.models import Employee
from app.rules.models import RotationSettings
from app.schedules import questions
from app.schedules.models import ScheduleShift, ScheduleTurn
from tests.cover.conftest import WEEK, login


def _no_approval(session: Session) -> None:
    settings = session.exec(select(RotationSettings)).one()
    settings.swaps_need_approval = False
    session.add(settings)
    session.commit()


def _trader(session: Session, plan: dict[str, Any]) -> tuple[Employee, ScheduleTurn]:
    """A colleague on the line in another week who is free in the asker's week, and whose
    week the asker is free in."""
    owner = plan["turn"].employee_id
    support = {e.id for e in plan["line"]["support"]}
    turns = session.exec(
        select(ScheduleTurn)
        .where(ScheduleTurn.schedule_id == plan["schedule"].id)
        .order_by(col(ScheduleTurn.id))
    ).all()
    weeks: dict[int, set[date]] = {}
    for t in turns:
        weeks.setdefault(t.employee_id, set()).add(t.week_start)
    for t in turns:
        if (
            t.employee_id not in (owner, *support)
            and t.week_start != WEEK
            and WEEK not in weeks[t.employee_id]
            and t.week_start not in weeks[owner]
        ):
            return session.get_one(Employee, t.employee_id), t
    raise AssertionError("the plan has no one to trade with")


def _asked(client, session: Session, plan: dict[str, Any]):  # type: ignore[no-untyped-def]
    """The owner asks for cover of the whole turn; a colleague who could trade is found."""
    owner = session.get_one(Employee, plan["turn"].employee_id)
    taker, theirs = _trader(session, plan)
    asked = client.post(
        "/api/v1/cover", json={"turn_id": plan["turn"].id}, headers=login(session, owner)
    ).json()
    return owner, taker, theirs, asked


def _proposed(client, session: Session, plan: dict[str, Any]):  # type: ignore[no-untyped-def]
    """As _asked, and the colleague takes it in return for their own turn."""
    owner, taker, theirs, asked = _asked(client, session, plan)
    client.post(
        f"/api/v1/cover/{asked['id']}/take",
        json={"trade_turn_id": theirs.id},
        headers=login(session, taker),
    )
    return owner, taker, theirs, asked


def _seat_weeks(session: Session, schedule_id: int, employee_id: int) -> set[date]:
    days = session.exec(
        select(ScheduleShift.day).where(
            ScheduleShift.schedule_id == schedule_id, ScheduleShift.employee_id == employee_id
        )
    ).all()
    return {d.fromordinal(d.toordinal() - d.weekday()) for d in days}


def _one_entry_by(
    session: Session, person: Employee, request_id: int, before: str, after: str
) -> None:
    """The audit trail holds the answer to the trade once, naming who gave it."""
    user = session.exec(select(User).where(User.employee_id == person.id)).one()
    entries = session.exec(
        select(AuditEntry).where(
            AuditEntry.record_kind == "cover_request",
            AuditEntry.record_id == request_id,
            AuditEntry.actor == f"user:{user.id}",
        )
    ).all()
    answers = [e for e in entries if e.changes.get("status") == [before, after]]
    assert len(answers) == 1, [e.changes for e in entries]


def test_a_trade_waits_for_the_asker_then_both_turns_move_and_move_back(
    client, session: Session, plan
) -> None:
    _no_approval(session)
    owner, taker, theirs, asked = _asked(client, session, plan)
    took = client.post(
        f"/api/v1/cover/{asked['id']}/take",
        json={"trade_turn_id": theirs.id},
        headers=login(session, taker),
    )
    assert took.status_code == 200, took.text
    assert (took.json()["status"], took.json()["trade_turn_id"]) == ("proposed", theirs.id)
    told = session.exec(
        select(Notification.subject).where(Notification.employee_id == owner.id)
    ).all()
    assert any("accept or decline" in subject for subject in told)
    # Only the asker (or HR) answers the trade; nothing has moved yet.
    wrong = client.post(f"/api/v1/cover/{asked['id']}/accept-trade", headers=login(session, taker))
    assert wrong.status_code == 403
    session.expire_all()
    assert session.get_one(ScheduleTurn, theirs.id).employee_id == taker.id
    accepted = client.post(
        f"/api/v1/cover/{asked['id']}/accept-trade", headers=login(session, owner)
    )
    assert (accepted.status_code, accepted.json()["status"]) == (200, "covered")
    session.expire_all()
    _one_entry_by(session, owner, asked["id"], "proposed", "covered")
    schedule = plan["schedule"].id
    assert session.get_one(ScheduleTurn, plan["turn"].id).employee_id == taker.id
    assert session.get_one(ScheduleTurn, theirs.id).employee_id == owner.id
    assert _seat_weeks(session, schedule, owner.id) == {theirs.week_start}
    assert WEEK in _seat_weeks(session, schedule, taker.id)
    assert theirs.week_start not in _seat_weeks(session, schedule, taker.id)
    back = client.post(f"/api/v1/cover/{asked['id']}/give-back", headers=login(session, taker))
    assert (back.json()["status"], back.json()["trade_turn_id"]) == ("open", None)
    session.expire_all()
    assert session.get_one(ScheduleTurn, plan["turn"].id).employee_id == owner.id
    assert session.get_one(ScheduleTurn, theirs.id).employee_id == taker.id
    assert _seat_weeks(session, schedule, owner.id) == {WEEK}


def test_a_declined_trade_opens_the_request_again_and_tells_the_colleague(
    client, session: Session, plan
) -> None:
    owner, taker, theirs, asked = _proposed(client, session, plan)
    declined = client.post(
        f"/api/v1/cover/{asked['id']}/decline-trade", headers=login(session, owner)
    )
    assert declined.status_code == 200
    assert (declined.json()["status"], declined.json()["taken_by"]) == ("open", None)
    session.expire_all()
    _one_entry_by(session, owner, asked["id"], "proposed", "open")
    assert session.get_one(ScheduleTurn, plan["turn"].id).employee_id == owner.id
    assert session.get_one(ScheduleTurn, theirs.id).employee_id == taker.id
    heard = session.exec(
        select(Notification.subject).where(Notification.employee_id == taker.id)
    ).all()
    assert any("trade declined" in subject for subject in heard)
    twice = client.post(f"/api/v1/cover/{asked['id']}/decline-trade", headers=login(session, owner))
    assert (twice.status_code, twice.json()["errors"][0]["field"]) == (409, "status")


def test_a_trade_nobody_could_make_is_refused(client, session: Session, plan) -> None:
    owner, taker, theirs, asked = _asked(client, session, plan)
    take = f"/api/v1/cover/{asked['id']}/take"
    headers = login(session, taker)
    someone_elses = client.post(take, json={"trade_turn_id": plan["turn"].id}, headers=headers)
    assert someone_elses.status_code == 403
    missing = client.post(take, json={"trade_turn_id": 999_999}, headers=headers)
    assert missing.status_code == 404
    busy = client.post("/api/v1/cover", json={"turn_id": theirs.id}, headers=login(session, taker))
    assert busy.status_code == 201
    offered = client.post(take, json={"trade_turn_id": theirs.id}, headers=headers)
    assert (offered.status_code, offered.json()["errors"][0]["field"]) == (409, "trade_turn_id")
    assert session.get_one(CoverRequest, asked["id"]).status == "open"


def test_a_trade_unanswered_when_the_turn_begins_closes(
    client, session: Session, plan, today
) -> None:
    owner, taker, theirs, asked = _proposed(client, session, plan)
    assert questions.cover_requests_waiting(session)["proposed"] == 1
    today["day"] = WEEK
    follow_up.due(session, WEEK)
    session.commit()
    request = session.get_one(CoverRequest, asked["id"])
    assert (request.status, request.closed_reason) == (
        "closed",
        "The turn began before the trade was answered.",
    )
    assert session.get_one(ScheduleTurn, theirs.id).employee_id == taker.id
