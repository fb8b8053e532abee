"""Every page handler answers a signed-in person without a server error: each GET route of
every page router is requested here with ids of real rows, and a new route without an entry
fails the first test, so no page goes untested."""

import re

import pytest
from sqlmodel import select

from app.auth.service import hash_password
from app.coverage.models import CoverageNeed
from app.learning.models import Learning
from app.main import PAGES
from app.notifications.models import Notification
from app.rules.models import RotationRule
from tests.factories import make_actor, make_line
from tests.schedules.conftest import START
from tests.schedules.test_loop import generate
from tests.web.test_pages import PASSWORD, sign_in

# Route → (who asks, expected status). Paths with {…} are filled from the rows made below.
EXPECTED = {
    "/": ("hr", 303),
    "/access": ("hr", 200),
    "/coverage": ("hr", 200),
    "/coverage/{slug}/new": ("hr", 200),
    "/coverage/{slug}/{row_id}/edit": ("hr", 200),
    "/dashboard": ("hr", 200),
    "/demand": ("hr", 200),
    "/time-off/calendars": ("hr", 200),
    "/impact": ("hr", 200),
    "/audit": ("hr", 200),
    "/demand/forecast": ("hr", 200),
    "/demand/staffing": ("hr", 200),
    "/demand/zones": ("hr", 200),
    "/departments": ("hr", 200),
    "/departments/new": ("hr", 200),
    "/departments/{department_id}/edit": ("hr", 200),
    "/employees": ("hr", 200),
    "/employees/import": ("hr", 200),
    "/employees/new": ("hr", 200),
    "/employees/{employee_id}/edit": ("hr", 200),
    "/employees/{employee_id}/privacy": ("hr", 200),
    "/employees/{employee_id}/privacy/export.json": ("hr", 200),
    "/insights": ("hr", 200),
    "/insights/export.csv": ("hr", 200),
    "/jobs/{job_id}": ("hr", 200),
    "/jobs/{job_id}/progress": ("hr", 200),
    "/learnings": ("hr", 200),
    "/learnings/new": ("employee", 200),
    "/learnings/{learning_id}": ("hr", 200),
    "/login": ("nobody", 200),
    "/login/oidc": ("nobody", 404),  # no provider configured: sign-in by password only
    "/login/oidc/callback": ("nobody", 404),
    "/me": ("employee", 200),
    "/me/notifications": ("employee", 200),
    "/notifications": ("hr", 200),
    "/notifications/preview/{template}": ("hr", 200),
    "/notifications/{notification_id}": ("hr", 200),
    "/notifications/{notification_id}/html": ("hr", 200),
    "/people/{employee_id}": ("hr", 200),
    "/reports": ("hr", 200),
    "/rules": ("hr", 200),
    "/rules/new": ("hr", 200),
    "/rules/{rule_id}/edit": ("hr", 200),
    "/schedules": ("hr", 200),
    "/schedules/{schedule_id}": ("hr", 200),
    "/schedules/{schedule_id}/coverage": ("hr", 200),
    "/schedules/{schedule_id}/grid": ("hr", 200),
    "/schedules/{schedule_id}/grid.csv": ("hr", 200),
    "/schedules/{schedule_id}/weeks/{week}": ("hr", 200),
    "/settings": ("hr", 200),
    "/swaps": ("employee", 200),
    "/swaps/new": ("employee", 200),
    "/cover": ("employee", 200),
    "/mentor-pairs": ("hr", 200),
    "/time-off": ("hr", 200),
    "/time-off/calendar": ("hr", 200),
    "/time-off/new": ("hr", 200),
    "/timeline": ("employee", 200),
}
# Routes whose path needs a one-time secret; each has its own test, named here.
ELSEWHERE = {
    "/login/link/{token}": "tests/auth/test_invitations.py",
    "/cover/accept/{token}": "tests/cover/test_cover_flow.py",
    "/notifications/unsubscribe/{token}": "tests/notifications/test_publish_messages.py",
}


def _page_routes() -> set[str]:
    return {r.path for router in PAGES for r in router.routes if "GET" in r.methods}


def test_every_get_page_route_has_an_expectation() -> None:
    assert _page_routes() - set(EXPECTED) - set(ELSEWHERE) == set()
    assert (set(EXPECTED) | set(ELSEWHERE)) - _page_routes() == set()  # none left behind


@pytest.mark.parametrize(("route", "test_file"), sorted(ELSEWHERE.items()))
def test_routes_with_secrets_are_tested_where_named(route: str, test_file: str) -> None:
    prefix = route.split("{", 1)[0]
    with open(test_file) as source:
        assert prefix in source.read()


def test_every_page_answers_without_a_server_error(client, hr, session) -> None:
    line = make_line(session)
    worker = line["eng"][0]
    employee = make_actor(session, "employee", password_hash=hash_password(PASSWORD))
    employee.user.employee_id = worker.id
    hr.user.password_hash = hash_password(PASSWORD)
    session.add_all([employee.user, hr.user])
    session.commit()
    schedule_id = generate(client, hr, weeks=2)
    assert client.post(f"/api/v1/schedules/{schedule_id}/publish", headers=hr.headers).is_success
    job_id = client.get("/api/v1/jobs", headers=hr.headers).json()["items"][0]["id"]
    learning = Learning(
        summary="Customers cannot find the export button",
        category="pain_point",
        department_id=line["departments"]["eng"].id,
        employee_id=worker.id,
    )
    session.add(learning)
    session.commit()
    notification = session.exec(select(Notification)).first()  # the publish told people
    ids = {
        "employee_id": worker.id,
        "department_id": line["departments"]["eng"].id,
        "job_id": job_id,
        "learning_id": learning.id,
        "notification_id": notification.id,
        "template": "turns",
        "rule_id": session.exec(select(RotationRule.id)).one(),
        "schedule_id": schedule_id,
        "week": START,
    }
    coverage_rows = {
        "needs": session.exec(select(CoverageNeed.id)).one(),
        "shifts": line["shift"].id,
        "channels": line["channel"].id,
    }
    answers = {}
    for who in ("nobody", "employee", "hr"):
        client.cookies.clear()
        if who != "nobody":
            sign_in(client, (hr if who == "hr" else employee).user.email)
        for route, (asker, _) in EXPECTED.items():
            if asker != who:
                continue
            paths = [route]
            if "{slug}" in route:
                paths = [
                    route.replace("{slug}", slug).replace("{row_id}", str(row))
                    for slug, row in coverage_rows.items()
                ]
            for path in paths:
                filled = re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), path)
                answers[path] = client.get(filled, follow_redirects=False).status_code
    expected = {}
    for route, (_, status) in EXPECTED.items():
        if "{slug}" in route:
            for slug, row in coverage_rows.items():
                expected[route.replace("{slug}", slug).replace("{row_id}", str(row))] = status
        else:
            expected[route] = status
    assert len(answers) == len(EXPECTED) + 4  # three coverage slugs for each of two routes
    assert answers == expected
