"""Security, round two: bounded bodies, credentials that end with their reason, one email
normalisation, and malformed input answered 4xx with the field named."""

from collections.abc import Iterator

from app.limits import JSON_MAX_BYTES
from tests.calendars.test_feeds import fetch, publish_line
from tests.factories import make_actor
from tests.web.test_pages import _user, sign_in


def _chunks(total: int, size: int = 64_000) -> Iterator[bytes]:
    yield b'{"name": "'
    sent = 0
    while sent < total:
        yield b"x" * size
        sent += size
    yield b'"}'


def test_a_chunked_body_is_refused_at_the_limit_before_authentication(client):
    response = client.post(
        "/api/v1/departments",
        content=_chunks(3_000_000),  # no Content-Length: sent chunked
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == f"Send at most {JSON_MAX_BYTES} bytes."


def test_a_wrong_method_says_which_are_allowed(client, hr):
    response = client.put("/api/v1/departments", json={}, headers=hr.headers)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"


def _signed_in(client, session, role="employee"):  # type: ignore[no-untyped-def]
    actor = _user(session, role)
    assert sign_in(client, actor.user.email).status_code == 303
    return actor


def test_a_new_password_ends_sessions_and_tokens(client, session, admin):
    person = _signed_in(client, session)
    assert client.get("/me", follow_redirects=False).status_code == 200
    changed = client.patch(
        f"/api/v1/users/{person.user.id}",
        json={"password": "a-new-password-1"},
        headers=admin.headers,
    )
    assert changed.status_code == 200
    assert client.get("/me", follow_redirects=False).status_code == 303  # back to sign-in
    assert client.get("/api/v1/me", headers=person.headers).status_code == 401
    assert client.get("/api/v1/me", headers=admin.headers).status_code == 200


def test_a_role_change_ends_sessions_and_tokens(client, session, admin):
    person = _signed_in(client, session, role="hr")
    client.patch(
        f"/api/v1/users/{person.user.id}", json={"role": "employee"}, headers=admin.headers
    )
    assert client.get("/employees", follow_redirects=False).status_code == 303
    assert client.get("/api/v1/me", headers=person.headers).status_code == 401


def test_an_admin_changing_their_own_password_keeps_the_token_in_use(client, admin):
    changed = client.patch(
        f"/api/v1/users/{admin.user.id}", json={"password": "another-pass-1"}, headers=admin.headers
    )
    assert changed.status_code == 200
    assert client.get("/api/v1/me", headers=admin.headers).status_code == 200


def test_null_fields_on_a_user_are_422(client, session, admin):
    person = make_actor(session, "employee")
    response = client.patch(
        f"/api/v1/users/{person.user.id}", json={"role": None}, headers=admin.headers
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "role"


def test_a_leaver_loses_sessions_tokens_and_feed_at_once(client, session, hr):
    person = _signed_in(client, session)
    feed = client.get("/api/v1/calendars/feed", headers=person.headers).json()["url"]
    assert fetch(client, feed).status_code == 200
    gone = client.delete(f"/api/v1/employees/{person.employee.id}", headers=hr.headers)
    assert gone.status_code == 200, gone.text
    assert client.get("/me", follow_redirects=False).status_code == 303
    assert client.get("/api/v1/me", headers=person.headers).status_code == 401
    learning = client.post(
        "/api/v1/learnings",
        json={"summary": "still here?", "category": "bug", "department_id": 1},
        headers=person.headers,
    )
    assert learning.status_code == 401
    assert fetch(client, feed).status_code == 404
    again = sign_in(client, person.user.email)
    assert again.status_code == 422


def test_the_throttle_and_the_lookup_read_one_email(client, session):
    person = _user(session, "employee")
    for _ in range(5):
        assert sign_in(client, person.user.email, password="wrong-password").status_code == 422
    for variant in (
        f" {person.user.email}",
        f"{person.user.email} ",
        f"\t{person.user.email}",
        f"\u00a0{person.user.email}",
        person.user.email.upper(),
    ):
        assert sign_in(client, variant).status_code == 429, repr(variant)


def test_unknown_and_known_emails_cost_one_hash_check_each(client, session, monkeypatch):
    from app.auth import service

    person = _user(session, "employee")
    checks: list[str] = []
    real = service._hasher

    class Counting:
        def verify(self, hash_: str, password: str) -> bool:
            checks.append("dummy" if hash_ == service._DUMMY_HASH else "real")
            return real.verify(hash_, password)

    monkeypatch.setattr(service, "_hasher", Counting())
    assert sign_in(client, "nobody@example.com", password="wrong-password").status_code == 422
    assert sign_in(client, person.user.email, password="wrong-password").status_code == 422
    assert checks == ["dummy", "real"]


def test_an_employee_login_without_an_employee_record_sees_no_ones_turns(client, session, hr):
    publish_line(client, hr, session)
    nobody = make_actor(session, "employee")
    nobody.user.employee_id = None
    session.add(nobody.user)
    session.commit()
    seen = client.get("/api/v1/schedules/published/turns", headers=nobody.headers).json()
    assert seen["total"] == 0 and seen["items"] == []
    shifts = client.get("/api/v1/schedules/published/shifts", headers=nobody.headers).json()
    assert shifts["total"] == 0


MALFORMED = [
    ("PATCH", "/api/v1/employees/{employee}", {"work_end": 0}, 422, "work_end"),
    ("PATCH", "/api/v1/employees/{employee}", {"work_start": "09:00+02:00"}, 422, "work_start"),
    ("PATCH", "/api/v1/employees/{employee}", {"work_end": "18:00:00Z"}, 422, "work_end"),
    ("PATCH", "/api/v1/shift-templates/{shift}", {"start_time": "09:00+02:00"}, 422, "start_time"),
    ("PATCH", "/api/v1/shift-templates/{shift}", {"end_time": 0}, 422, "end_time"),
    (
        "POST",
        "/api/v1/tokens",
        {"name": "x", "expires_at": "2030-01-01T00:00:00"},
        422,
        "expires_at",
    ),
    ("GET", "/api/v1/employees/\u00b2", None, 422, "employee_id"),
    ("GET", "/api/v1/employees/\u2460", None, 422, "employee_id"),
    ("GET", "/api/v1/employees/" + "9" * 5000, None, 422, "employee_id"),
    ("GET", "/api/v1/employees?department_id=\u00b2", None, 422, "department_id"),
    ("GET", "/api/v1/schedules/\u00b2", None, 422, "schedule"),
    ("GET", "/api/v1/schedules/" + "9" * 5000, None, 422, "schedule"),
    ("GET", "/api/v1/turns/" + "9" * 5000 + ".ics", None, 404, None),
    ("GET", "/calendars/" + "9" * 5000 + "-x.ics", None, 404, None),
]


def test_malformed_input_is_a_4xx_naming_the_field(client, session, hr):
    from tests.factories import make_line

    line = make_line(session)
    ids = {"employee": line["eng"][0].id, "shift": line["shift"].id}
    for method, path, body, status, field in MALFORMED:
        response = client.request(method, path.format(**ids), json=body, headers=hr.headers)
        assert response.status_code == status, (method, path[:60], body, response.text[:200])
        assert response.headers["content-type"] == "application/problem+json"
        if field is not None:
            assert response.json()["errors"][0]["field"] == field, (path[:60], body)


ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\n{lines}"
    "SUMMARY:Away\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def _import_ics(client, hr, employee_id, lines, dry_run=False):  # type: ignore[no-untyped-def]
    response = client.post(
        "/api/v1/time-off/import-ics",
        params={"employee_id": employee_id, "dry_run": str(dry_run).lower()},
        content=ICS.format(lines=lines).encode(),
        headers=hr.headers | {"Content-Type": "text/calendar"},
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_ics_imports_that_cannot_be_read_or_break_a_rule_are_skipped(client, session, hr):
    from tests.factories import make_employee

    person = make_employee(session)
    cases = {
        "DTSTART:notadate\r\n": "its start or end cannot be read",
        "DTSTART;VALUE=DATE:20270101\r\nDTEND;VALUE=DATE:20320101\r\n": (
            "Time off longer than a year"
        ),
    }
    for lines, reason in cases.items():
        body = _import_ics(client, hr, person.id, lines)
        assert body["added"] == 0 and body["absences"] == []
        (skipped,) = body["skipped"]
        assert skipped.startswith("Away: ") and reason in skipped
    mixed = _import_ics(
        client, hr, person.id, "DTSTART;VALUE=DATE:20270104\r\nDTEND:20270106T100000Z\r\n"
    )
    assert [(a["first_day"], a["last_day"]) for a in mixed["absences"]] == [
        ("2027-01-04", "2027-01-05")
    ]
    period = _import_ics(
        client,
        hr,
        person.id,
        "DTSTART;VALUE=PERIOD:20270201T000000Z/20270203T000000Z\r\n",
        dry_run=True,
    )
    assert [a["first_day"] for a in period["absences"]] == ["2027-01-31"]


CSV_HEADER = "name,email,department,hire_date\r\n"


def test_csv_imports_go_through_the_api_schemas(client, hr):
    long_name = CSV_HEADER + f"Ann,ann@example.com,{'D' * 300},2026-01-05\r\n"
    response = client.post(
        "/api/v1/employees/import",
        params={"dry_run": "false"},
        content=long_name.encode(),
        headers=hr.headers | {"Content-Type": "text/csv"},
    )
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert (error["row"], error["field"]) == (2, "department")
    assert client.get("/api/v1/departments", headers=hr.headers).json()["total"] == 0
    huge = CSV_HEADER + f"Ann,ann@example.com,Ops,2026-01-05,{'x' * 140_000}\r\n"
    response = client.post(
        "/api/v1/employees/import",
        content=huge.encode(),
        headers=hr.headers | {"Content-Type": "text/csv"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "file"


def test_a_search_for_percent_finds_only_percent(client, session, hr):
    from tests.factories import make_employee

    make_employee(session, name="Plain Name")
    make_employee(session, name="Top 5% Seller")
    found = client.get("/api/v1/employees", params={"q": "%"}, headers=hr.headers).json()
    assert [e["name"] for e in found["items"]] == ["Top 5% Seller"]
    under = client.get("/api/v1/employees", params={"q": "_"}, headers=hr.headers).json()
    assert under["total"] == 0


def test_feed_secrets_are_redacted_from_odd_paths_too():
    from app.logs import redact

    for path in (
        "/calendars/12-S3cretMac_value-x.ics",
        "/calendars/12-S3cretMac_value-x",
        "/calendars//12-S3cretMac_value-x.ics/",
        "/calendars/12%2DS3cretMac_value-x.ics",
        "/calendars/S3cretMac_value-x.ics",
    ):
        line = redact(f'127.0.0.1:5000 - "GET {path}?x=1 HTTP/1.1" 404')
        assert "S3cretMac" not in line, line
        assert "/calendars/" in line and "?x=1" in line


def test_if_match_where_nothing_can_be_compared_is_412(client, session, hr):
    from tests.factories import make_line

    make_line(session)
    from tests.schedules.test_loop import generate

    schedule = generate(client, hr, weeks=1)
    refused = client.post(
        f"/api/v1/schedules/{schedule}/publish", headers=hr.headers | {"If-Match": 'W/"abc"'}
    )
    assert refused.status_code == 412
    assert refused.json()["errors"][0]["field"] == "If-Match"
    draft = client.get(f"/api/v1/schedules/{schedule}", headers=hr.headers).json()
    assert draft["status"] == "draft"


def test_the_flash_cookie_is_secure_behind_https(monkeypatch):
    from app.config import get_settings
    from app.web.deps import redirect

    assert "secure" not in redirect("/x", "Saved.").headers["set-cookie"].lower()
    monkeypatch.setenv("ROTA_BASE_URL", "https://rota.example.com")
    get_settings.cache_clear()
    try:
        cookie = redirect("/x", "Saved.").headers["set-cookie"]
        assert cookie.startswith("rota_flash=") and "Secure" in cookie
    finally:
        get_settings.cache_clear()


def test_old_failed_sign_ins_and_expired_sessions_are_purged(session):
    from datetime import timedelta

    from sqlmodel import select

    from app.auth.models import LoginAttempt, WebSession
    from app.auth.sessions import purge_expired
    from app.people.models import utcnow

    person = make_actor(session, "employee")
    now = utcnow()
    session.add_all(
        [
            LoginAttempt(key="old", at=now - timedelta(hours=1)),
            LoginAttempt(key="new", at=now - timedelta(minutes=1)),
            WebSession(
                token_hash="a" * 64,
                user_id=person.user.id,
                csrf_secret="x",
                expires_at=now - timedelta(days=1),
            ),
            WebSession(
                token_hash="b" * 64,
                user_id=person.user.id,
                csrf_secret="x",
                expires_at=now + timedelta(days=1),
            ),
        ]
    )
    session.commit()
    assert purge_expired(session=session) == (1, 1)
    session.commit()
    assert [a.key for a in session.exec(select(LoginAttempt)).all()] == ["new"]
    assert [s.token_hash[0] for s in session.exec(select(WebSession)).all()] == ["b"]
