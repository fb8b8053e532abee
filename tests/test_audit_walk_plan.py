"""The write routes that act on a published plan, walked in the order people use them (a swap
offered, taken with a trade, accepted, approved, undone; one rejected; a week moved and a
shift moved by hand; cover asked, taken, rejected, taken, approved, given back, withdrawn;
gaps acknowledged; a re-plan): each call leaves exactly one entry of its kind, naming the
login that called and a field it changed."""

from datetime import time, timedelta
from typing import Any

from sqlmodel import Session, col, select

from app.audit import AuditEntry
from app.people.models import Employee
from app.schedules.models import ScheduleGap, ScheduleShift
from tests.cover.conftest import WEEK, login, plan, today, turns_in  # noqa: F401  (fixtures)
from tests.factories import make_employee, make_need, make_shift

# Walked here rather than in tests/test_audit_walk.py (whose world has no solved plan).
ON_A_PLAN = {
    "POST /api/v1/swaps/{swap_id}/take",
    "POST /api/v1/swaps/{swap_id}/accept",
    "POST /api/v1/swaps/{swap_id}/approve",
    "POST /api/v1/swaps/{swap_id}/reject",
    "POST /api/v1/swaps/{swap_id}/undo",
    "POST /api/v1/schedules/{schedule_id}/moves",
    "PATCH /api/v1/schedules/{schedule_id}/shifts/{shift_id}",
    "POST /api/v1/cover",
    "POST /api/v1/cover/{request_id}/take",
    "POST /api/v1/cover/{request_id}/approve",
    "POST /api/v1/cover/{request_id}/reject",
    "POST /api/v1/cover/{request_id}/give-back",
    "POST /api/v1/cover/{request_id}/cancel",
    "POST /api/v1/schedules/{schedule_id}/gaps/acknowledge",
    "POST /api/v1/schedules/replan",
}


class Walk:
    def __init__(self, client, session: Session) -> None:  # type: ignore[no-untyped-def]
        self.client, self.session = client, session
        self.walked: set[str] = set()

    def call(
        self,
        route: str,
        headers: dict[str, str],
        expected: tuple[str, str, str],
        json: Any = None,
        **ids: int,
    ) -> dict[str, Any]:
        """Call the route; exactly one new entry of the expected kind and action names the
        caller and the field."""
        method, path = route.split(" ", 1)
        self.session.expire_all()
        last = self.session.exec(select(AuditEntry.id).order_by(col(AuditEntry.id).desc())).first()
        answer = self.client.request(method, path.format(**ids), json=json, headers=headers)
        assert answer.status_code < 300, (route, answer.text)
        self.session.expire_all()
        new = self.session.exec(select(AuditEntry).where(col(AuditEntry.id) > (last or 0))).all()
        kind, action, field = expected
        mine = [e for e in new if (e.record_kind, e.action) == (kind, action)]
        caller = self._caller(headers)
        assert [e.actor for e in mine] == [f"user:{caller}"], (
            route,
            [(e.record_kind, e.action, e.actor, e.changes) for e in new],
        )
        assert field in mine[0].changes, (route, mine[0].changes)
        self.walked.add(route)
        return answer.json()

    def _caller(self, headers: dict[str, str]) -> int:
        answer = self.client.get("/api/v1/me", headers=headers)
        assert answer.status_code == 200, answer.text
        return int(answer.json()["id"])


def test_every_write_on_a_plan_leaves_one_entry(client, session: Session, plan) -> None:  # noqa: F811
    walk = Walk(client, session)
    schedule, turn, hr = plan["schedule"].id, plan["turn"], plan["hr"].headers
    owner = session.get(Employee, turn.employee_id)
    assert owner is not None
    later = WEEK + timedelta(weeks=1)
    now_on, then_on = turns_in(session, schedule, WEEK), turns_in(session, schedule, later)
    trade = next(t for e, t in then_on.items() if e not in now_on and owner.id not in then_on)
    colleague = session.get(Employee, trade.employee_id)
    assert colleague is not None
    mine, theirs = login(session, owner), login(session, colleague)

    # A swap with a trade: taken, accepted by the owner, approved by HR, undone by HR.
    swap = client.post("/api/v1/swaps", json={"turn_id": turn.id}, headers=mine).json()
    status = ("swap_request", "update", "status")
    walk.call("POST /api/v1/swaps/{swap_id}/take", theirs, status,
              json={"trade_turn_id": trade.id}, swap_id=swap["id"])  # fmt: skip
    walk.call("POST /api/v1/swaps/{swap_id}/accept", mine, status, swap_id=swap["id"])
    walk.call("POST /api/v1/swaps/{swap_id}/approve", hr, status, swap_id=swap["id"])
    walk.call("POST /api/v1/swaps/{swap_id}/undo", hr, status, swap_id=swap["id"])
    # One taken and rejected.
    swap = client.post("/api/v1/swaps", json={"turn_id": turn.id}, headers=mine).json()
    walk.call("POST /api/v1/swaps/{swap_id}/take", theirs, status, json={}, swap_id=swap["id"])
    walk.call("POST /api/v1/swaps/{swap_id}/reject", hr, status, swap_id=swap["id"])

    # HR moves the colleague's later turn to the owner's week, and a shift by hand.
    earlier = WEEK
    walk.call("POST /api/v1/schedules/{schedule_id}/moves", hr,
              ("schedule_turn", "update", "week_start"),
              json={"employee_id": colleague.id, "from_week": str(later),
                    "to_week": str(earlier), "reason": "walk"},
              schedule_id=schedule)  # fmt: skip
    seats = session.exec(
        select(ScheduleShift)
        .where(
            ScheduleShift.schedule_id == schedule,
            ScheduleShift.employee_id == colleague.id,
            col(ScheduleShift.day) >= earlier,
            col(ScheduleShift.day) < later,
        )
        .order_by(col(ScheduleShift.day))
    ).all()
    late = make_shift(session, name="Late", start_time=time(13), end_time=time(17))
    make_need(session, channel_id=plan["line"]["channel"].id, shift_template_id=late.id)
    session.commit()
    walk.call("PATCH /api/v1/schedules/{schedule_id}/shifts/{shift_id}", hr,
              ("schedule_shift", "update", "shift_template_id"),
              json={"shift_template_id": late.id, "reason": "walk"},
              schedule_id=schedule, shift_id=seats[0].id)  # fmt: skip

    # Cover for the owner's turn: taken, rejected, taken again, approved, given back, withdrawn.
    helper = make_employee(session, department_id=plan["line"]["departments"]["eng"].id,
                           name="Hal Helper", workdays=list(range(7)),
                           work_start=time(0), work_end=time(0))  # fmt: skip
    session.commit()
    helps = login(session, helper)
    cover = walk.call("POST /api/v1/cover", mine, ("cover_request", "create", "turn_id"),
                      json={"turn_id": turn.id})  # fmt: skip
    status = ("cover_request", "update", "status")
    walk.call("POST /api/v1/cover/{request_id}/take", helps, status, json={},
              request_id=cover["id"])  # fmt: skip
    walk.call("POST /api/v1/cover/{request_id}/reject", hr, status, request_id=cover["id"])
    walk.call("POST /api/v1/cover/{request_id}/take", helps, status, json={},
              request_id=cover["id"])  # fmt: skip
    walk.call("POST /api/v1/cover/{request_id}/approve", hr, status, request_id=cover["id"])
    walk.call("POST /api/v1/cover/{request_id}/give-back", helps, status, request_id=cover["id"])
    walk.call("POST /api/v1/cover/{request_id}/cancel", mine, status, request_id=cover["id"])

    # HR acknowledges the plan's open gaps of a kind at once, then asks for a re-plan.
    session.add(ScheduleGap(schedule_id=schedule, kind="seats", message="Short", fingerprint="w"))
    session.commit()
    walk.call("POST /api/v1/schedules/{schedule_id}/gaps/acknowledge", hr,
              ("gap_acknowledgement", "create", "fingerprint"),
              json={"kinds": ["seats"], "note": "known"}, schedule_id=schedule)  # fmt: skip
    walk.call("POST /api/v1/schedules/replan", hr, ("solve_job", "create", "kind"),
              json={"reason": "walk", "time_limit_s": 5})  # fmt: skip
    assert walk.walked == ON_A_PLAN
