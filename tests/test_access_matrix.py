"""Every API route × every role: anonymous, an employee, another employee, HR, admin.

Each route is listed with who may use it; a test checks the list covers every route, so a new
route must say who it is for. Every id in a path names a row that exists, and requests act on
the owner's records (their employee row, time off, learning, feed, turn, swap), so "another
employee" is always reaching for someone else's data. The answers are exact: 401 without a
token, 403 for a role or person without the right; never a 404 standing in for a refusal."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import select

from app import clock
from app.auth.models import ApiToken
from app.calendars.models import FeedToken
from app.calendars.time_off_feed_models import TimeOffFeed
from app.cover.models import CoverRequest
from app.demand.models import DemandEvent
from app.identity import invitations
from app.learning.models import Learning
from app.main import create_app
from app.notifications.models import ChatWebhook, Notification
from app.rules.mentor_pairs import MentorPair
from app.rules.mentor_pool import MentorPoolEntry
from app.rules.models import RotationRule
from app.schedules.models import Schedule, ScheduleGap, ScheduleShift, ScheduleTurn, SolveJob
from app.schedules.store import turn_uid
from app.swaps.models import SwapRequest
from tests.factories import make_actor, make_department, make_need, make_time_off

pytestmark = pytest.mark.slow  # every route for five callers

# who: "any" signed-in user, "staff" (anyone with an employee record), "hr" (HR and admin),
# "admin", "own" (the owner and HR), "public".
ROUTES: dict[str, str] = {
    "GET /api/v1/me": "any",
    "GET /api/v1/users": "admin",
    "POST /api/v1/users": "admin",
    "GET /api/v1/users/{user_id}": "admin",
    "PATCH /api/v1/users/{user_id}": "admin",
    "GET /api/v1/audit": "hr",
    "GET /api/v1/audit.csv": "hr",
    "GET /api/v1/audit.jsonl": "hr",
    "GET /api/v1/employees/{employee_id}/export": "own",
    "POST /api/v1/employees/{employee_id}/erase": "hr",
    "GET /api/v1/tokens": "any",
    "POST /api/v1/tokens": "any",
    "DELETE /api/v1/tokens/{token_id}": "own",
    "GET /api/v1/invitations": "hr",
    "POST /api/v1/invitations": "hr",
    "DELETE /api/v1/invitations/{invitation_id}": "hr",
    "GET /api/v1/notifications": "hr",
    "POST /api/v1/notifications/{notification_id}/retry": "hr",
    "GET /api/v1/notifications/previews/{template}": "hr",
    "GET /api/v1/me/notification-preferences": "any",
    "PATCH /api/v1/me/notification-preferences": "any",
    "GET /api/v1/chat-webhooks": "admin",
    "POST /api/v1/chat-webhooks": "admin",
    "DELETE /api/v1/chat-webhooks/{webhook_id}": "admin",
    "GET /api/v1/staffing/erlang": "any",
    "POST /api/v1/contacts/import": "hr",
    "POST /api/v1/schedules/{schedule_id}/gaps/acknowledge": "hr",
    "GET /api/v1/demand/forecast": "hr",
    "GET /api/v1/demand/zones": "hr",
    "GET /api/v1/demand/forecast.csv": "hr",
    "GET /api/v1/demand/events": "hr",
    "POST /api/v1/demand/events": "hr",
    "DELETE /api/v1/demand/events/{event_id}": "hr",
    "GET /api/v1/time-off-feeds": "hr",
    "GET /api/v1/impact": "hr",
    "GET /api/v1/impact.csv": "hr",
    "GET /api/v1/product-areas": "hr",
    "PUT /api/v1/product-areas": "hr",
    "GET /api/v1/learnings/{learning_id}/impact": "own",
    "POST /api/v1/time-off-feeds": "hr",
    "POST /api/v1/time-off-feeds/{time_off_feed_id}/poll": "hr",
    "DELETE /api/v1/time-off-feeds/{time_off_feed_id}": "hr",
    "GET /api/v1/staffing/targets": "hr",
    "PUT /api/v1/staffing/targets/{channel_id}": "hr",
    "GET /api/v1/staffing/recommendation": "hr",
    "POST /api/v1/staffing/recommendation/apply": "hr",
    "GET /api/v1/scim-tokens": "admin",
    "POST /api/v1/scim-tokens": "admin",
    "DELETE /api/v1/scim-tokens/{token_id}": "admin",
    "GET /api/v1/departments": "any",
    "POST /api/v1/departments": "hr",
    "GET /api/v1/departments/{department_id}": "any",
    "PATCH /api/v1/departments/{department_id}": "hr",
    "DELETE /api/v1/departments/{department_id}": "hr",
    "GET /api/v1/employees": "hr",
    "POST /api/v1/employees": "hr",
    "POST /api/v1/employees/import": "hr",
    "GET /api/v1/employees/{employee_id}": "own",
    "PATCH /api/v1/employees/{employee_id}": "hr",
    "DELETE /api/v1/employees/{employee_id}": "hr",
    "GET /api/v1/employees/{employee_id}/growth": "own",
    "GET /api/v1/employees/{employee_id}/week-preferences": "own",
    "PUT /api/v1/employees/{employee_id}/week-preferences/{week_start}": "own",
    "DELETE /api/v1/employees/{employee_id}/week-preferences/{week_start}": "own",
    "GET /api/v1/employees/{employee_id}/hour-preferences": "own",
    "PUT /api/v1/employees/{employee_id}/hour-preferences": "own",
    "GET /api/v1/time-off": "any",
    "POST /api/v1/time-off": "own",
    "GET /api/v1/time-off/{time_off_id}": "own",
    "PATCH /api/v1/time-off/{time_off_id}": "own",
    "DELETE /api/v1/time-off/{time_off_id}": "own",
    "POST /api/v1/time-off/import-ics": "own",
    "GET /api/v1/channels": "any",
    "POST /api/v1/channels": "hr",
    "GET /api/v1/channels/{channel_id}": "any",
    "PATCH /api/v1/channels/{channel_id}": "hr",
    "DELETE /api/v1/channels/{channel_id}": "hr",
    "GET /api/v1/shift-templates": "any",
    "POST /api/v1/shift-templates": "hr",
    "GET /api/v1/shift-templates/{shift_template_id}": "any",
    "PATCH /api/v1/shift-templates/{shift_template_id}": "hr",
    "DELETE /api/v1/shift-templates/{shift_template_id}": "hr",
    "GET /api/v1/coverage-needs": "any",
    "POST /api/v1/coverage-needs": "hr",
    "GET /api/v1/coverage-needs/{need_id}": "any",
    "PATCH /api/v1/coverage-needs/{need_id}": "hr",
    "DELETE /api/v1/coverage-needs/{need_id}": "hr",
    "GET /api/v1/rules/presets": "any",
    "GET /api/v1/rules": "any",
    "POST /api/v1/rules": "hr",
    "POST /api/v1/rules/from-preset/{preset}": "hr",
    "GET /api/v1/rules/{rule_id}": "any",
    "PATCH /api/v1/rules/{rule_id}": "hr",
    "DELETE /api/v1/rules/{rule_id}": "hr",
    "GET /api/v1/settings": "any",
    "PATCH /api/v1/settings": "hr",
    "POST /api/v1/schedules": "hr",
    "GET /api/v1/schedules": "hr",
    "POST /api/v1/schedules/replan": "hr",
    "GET /api/v1/jobs": "hr",
    "GET /api/v1/jobs/{job_id}": "hr",
    "POST /api/v1/jobs/{job_id}/cancel": "hr",
    "GET /api/v1/schedules/{schedule}": "any",
    "GET /api/v1/schedules/{schedule}/turns": "any",
    "GET /api/v1/schedules/{schedule}/shifts": "any",
    "GET /api/v1/schedules/{schedule}/gaps": "hr",
    "POST /api/v1/schedules/{schedule_id}/gaps/{gap_id}/acknowledge": "hr",
    "GET /api/v1/schedules/{schedule}/compare": "hr",
    "POST /api/v1/schedules/{schedule_id}/publish": "hr",
    "POST /api/v1/schedules/{schedule_id}/moves": "hr",
    "PATCH /api/v1/schedules/{schedule_id}/shifts/{shift_id}": "hr",
    "GET /api/v1/schedules/{schedule_id}/history": "hr",
    "GET /api/v1/swaps": "any",
    "POST /api/v1/swaps": "own",
    "GET /api/v1/swaps/{swap_id}": "any",
    "POST /api/v1/swaps/{swap_id}/take": "staff",
    "POST /api/v1/swaps/{swap_id}/accept": "own",
    "POST /api/v1/swaps/{swap_id}/approve": "hr",
    "POST /api/v1/swaps/{swap_id}/reject": "hr",
    "POST /api/v1/swaps/{swap_id}/cancel": "own",
    "POST /api/v1/swaps/{swap_id}/undo": "own",
    "GET /api/v1/mentor-pairs": "hr",
    "POST /api/v1/mentor-pairs": "hr",
    "DELETE /api/v1/mentor-pairs/{pair_id}": "hr",
    "GET /api/v1/mentor-pool": "hr",
    "POST /api/v1/mentor-pool": "hr",
    "DELETE /api/v1/mentor-pool/{entry_id}": "hr",
    "GET /api/v1/cover": "any",
    "POST /api/v1/cover": "own",
    "GET /api/v1/cover/{request_id}": "own",
    "POST /api/v1/cover/{request_id}/take": "staff",
    "POST /api/v1/cover/{request_id}/approve": "hr",
    "POST /api/v1/cover/{request_id}/reject": "hr",
    "POST /api/v1/cover/{request_id}/give-back": "own",
    "POST /api/v1/cover/{request_id}/accept-trade": "own",
    "POST /api/v1/cover/{request_id}/decline-trade": "own",
    "POST /api/v1/cover/{request_id}/cancel": "own",
    "GET /api/v1/reports/coverage": "hr",
    "GET /api/v1/reports/upcoming": "own",
    "GET /api/v1/reports/participation": "hr",
    "GET /api/v1/reports/fairness": "hr",
    "GET /api/v1/calendars/feed": "own",
    "POST /api/v1/calendars/feed/reissue": "own",
    "DELETE /api/v1/calendars/feed/{feed_id}": "own",
    "GET /api/v1/turns/{turn_ref}.ics": "own",
    "GET /api/v1/learnings": "any",
    "POST /api/v1/learnings": "own",
    "GET /api/v1/learnings/insights": "hr",
    "GET /api/v1/learnings/export.csv": "any",
    "GET /api/v1/learnings/{learning_id}": "own",
    "PATCH /api/v1/learnings/{learning_id}": "own",
    "DELETE /api/v1/learnings/{learning_id}": "own",
    "POST /api/v1/learnings/{learning_id}/status": "hr",
    "GET /api/v1/learnings/{learning_id}/history": "own",
    "POST /api/v1/learnings/{learning_id}/merge": "hr",
    "POST /api/v1/learnings/{learning_id}/unmerge": "hr",
    "GET /calendars/{token}.ics": "public",
    "HEAD /calendars/{token}.ics": "public",
    "GET /healthz": "public",
}


def test_every_route_is_in_the_matrix():
    schema = create_app().openapi()
    routes = {f"{m.upper()} {p}" for p, ops in schema["paths"].items() for m in ops}
    assert routes == set(ROUTES), (routes - set(ROUTES), set(ROUTES) - routes)


@pytest.fixture
def world(session, admin, hr):
    owner = make_actor(session, role="employee")
    other = make_actor(session, role="employee")
    dept = make_department(session, name="Matrix")
    time_off = make_time_off(session, employee_id=owner.employee.id)
    schedule = Schedule(
        status="published",
        start=date(2030, 1, 7),
        weeks=2,
        published_at=datetime(2029, 12, 1, tzinfo=UTC),
    )
    session.add(schedule)
    session.flush()
    turn = ScheduleTurn(
        schedule_id=schedule.id,
        employee_id=owner.employee.id,
        week_start=date(2030, 1, 7),
        days=5,
        uid=turn_uid(owner.employee.id, date(2030, 1, 7)),
    )
    session.add(turn)
    session.flush()
    swap = SwapRequest(schedule_id=schedule.id, turn_id=turn.id, offered_by=owner.employee.id)
    learning = Learning(
        summary="Owner's private learning",
        category="bug",
        department_id=dept.id,
        employee_id=owner.employee.id,
    )
    feed = FeedToken(kind="employee", owner_id=owner.employee.id, nonce="n" * 32)
    need = make_need(session)
    rule = RotationRule(name="Matrix week", applies_to="everyone")
    job = SolveJob(start=date(2030, 1, 7), weeks=2, status="succeeded", schedule_id=schedule.id)
    gap = ScheduleGap(
        schedule_id=schedule.id, kind="coverage", message="Short", fingerprint="matrix"
    )
    seat = ScheduleShift(
        schedule_id=schedule.id,
        employee_id=owner.employee.id,
        day=date(2030, 1, 7),
        shift_template_id=need.shift_template_id,
        channel="phone",
    )
    # The owner's turn, asked to cover; "taken" by the owner too, so "own" covers give-back.
    cover = CoverRequest(
        schedule_id=schedule.id,
        turn_id=turn.id,
        employee_id=owner.employee.id,
        week_start=turn.week_start,
        taken_by=owner.employee.id,
    )
    pair = MentorPair(mentee_id=owner.employee.id, mentor_id=other.employee.id, prefer=False)
    pool = MentorPoolEntry(employee_id=other.employee.id, member=False)
    session.add_all([swap, learning, feed, rule, job, gap, seat, cover, pair, pool])
    [(invitation, _)] = invitations.invite(session, [owner.employee], actor=None)
    dead = Notification(
        key="matrix",
        category="turns",
        address=owner.employee.email,
        subject="s",
        text="t",
        status="dead",
    )
    hook = ChatWebhook(name="Matrix", url="json://127.0.0.1:9/x", categories=["turns"])
    hr_calendar = TimeOffFeed(name="Matrix", url="https://example.com/cal.ics")
    launch = DemandEvent(
        name="Launch", first_day=date(2030, 1, 7), last_day=date(2030, 1, 20), lift_percent=40
    )
    session.add_all([dead, hook, launch, hr_calendar])
    session.flush()
    session.commit()
    token_id = session.exec(select(ApiToken).where(ApiToken.user_id == owner.user.id)).one().id
    ids = {
        "user_id": owner.user.id,
        "token_id": token_id,
        "department_id": dept.id,
        "employee_id": owner.employee.id,
        "week_start": str(clock.monday(clock.today()) + timedelta(weeks=4)),
        "time_off_id": time_off.id,
        "channel_id": need.channel_id,
        "shift_template_id": need.shift_template_id,
        "need_id": need.id,
        "preset": "executive_day",
        "rule_id": rule.id,
        "job_id": job.id,
        "schedule": schedule.id,
        "schedule_id": schedule.id,
        "gap_id": gap.id,
        "shift_id": seat.id,
        "swap_id": swap.id,
        "request_id": cover.id,
        "pair_id": pair.id,
        "entry_id": pool.id,
        "feed_id": feed.id,
        "turn_id": turn.id,
        "turn_ref": turn.id,
        "learning_id": learning.id,
        "token": "1-forged",
        "invitation_id": invitation.id,
        "notification_id": dead.id,
        "template": "turns",
        "webhook_id": hook.id,
        "event_id": launch.id,
        "time_off_feed_id": hr_calendar.id,
    }
    return {"owner": owner, "other": other, "hr": hr, "admin": admin, "ids": ids}


def _call(client, route: str, ids: dict[str, Any], headers: dict[str, str], owner_employee: int):
    method, path = route.split(" ", 1)
    url = path.format(**ids)
    params = {}
    body: dict[str, Any] = {}
    if route in ("POST /api/v1/time-off", "POST /api/v1/learnings"):
        body = {
            "employee_id": owner_employee,
            "first_day": "2030-02-01",
            "last_day": "2030-02-02",
            "summary": "x" * 5,
            "category": "bug",
            "department_id": ids["department_id"],
        }
    if route in ("POST /api/v1/swaps", "POST /api/v1/cover"):
        body = {"turn_id": ids["turn_id"]}
    if route == "PUT /api/v1/employees/{employee_id}/week-preferences/{week_start}":
        body = {"wish": "avoid", "note": "school holidays"}
    if route == "PUT /api/v1/employees/{employee_id}/hour-preferences":
        body = {"avoided_hours": "Fri 15:00-18:00"}
    if route == "POST /api/v1/learnings/{learning_id}/status":
        body = {"status": "done"}
    if route == "POST /api/v1/learnings/{learning_id}/merge":
        body = {"learning_ids": [ids["learning_id"] + 1000]}
    if route in ("GET /api/v1/reports/upcoming", "POST /api/v1/time-off/import-ics"):
        params = {"employee_id": owner_employee}
    if route == "GET /api/v1/calendars/feed":
        params = {"owner_id": owner_employee}
    if route == "POST /api/v1/calendars/feed/reissue":
        body = {"kind": "employee", "owner_id": owner_employee}
    return client.request(
        method, url, params=params, json=body if method != "GET" else None, headers=headers
    )


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_access(client, world, route):
    ids, who = world["ids"], ROUTES[route]
    owner_employee = world["owner"].employee.id

    def status(actor):
        headers = actor.headers if actor else {}
        return _call(client, route, ids, headers, owner_employee)

    anonymous = status(None)
    if who == "public":
        assert anonymous.status_code not in (401, 403), anonymous.text
        return
    assert anonymous.status_code == 401, (route, anonymous.status_code)
    if who == "own":  # the owner goes first: later calls may revoke or delete the record
        other = status(world["other"])
        assert other.status_code == 403, (route, "another employee", other.status_code)
        assert "Owner's private learning" not in other.text
        owner = status(world["owner"])
        assert owner.status_code not in (401, 403), (route, "owner", owner.text)

    admin = status(world["admin"])
    if who == "staff":  # admin and HR here have no employee record
        assert admin.status_code == 403, (route, "admin", admin.text)
        other = status(world["other"])
        assert other.status_code not in (401, 403), (route, "employee", other.text)
        return
    assert admin.status_code not in (401, 403), (route, "admin", admin.text)
    hr = status(world["hr"])
    other = status(world["other"])
    if who == "admin":
        assert hr.status_code == 403, (route, "hr", hr.status_code)
        assert other.status_code == 403, (route, "employee", other.status_code)
    elif who == "hr":
        assert hr.status_code not in (401, 403), (route, "hr", hr.text)
        assert other.status_code == 403, (route, "employee", other.status_code)
    elif who == "any":
        assert hr.status_code not in (401, 403), (route, "hr", hr.text)
        assert other.status_code not in (401, 403), (route, "employee", other.text)
    elif who == "own" and not route.startswith(("DELETE /api/v1/tokens", "POST /api/v1/swaps/")):
        assert hr.status_code not in (401, 403), (route, "hr", hr.text)


def test_secrets_are_never_returned(client, world):
    admin = world["admin"]
    for path in (
        "/api/v1/me",
        "/api/v1/users",
        "/api/v1/tokens",
        f"/api/v1/users/{world['ids']['user_id']}",
    ):
        body = client.get(path, headers=admin.headers).text
        assert "password" not in body and "token_hash" not in body and admin.token not in body
    issued = client.post("/api/v1/tokens", json={"name": "ci"}, headers=admin.headers).json()
    listed = client.get("/api/v1/tokens", headers=admin.headers).text
    assert issued["token"] not in listed and issued["prefix"] in listed
