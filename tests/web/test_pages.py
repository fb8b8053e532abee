"""Web pages over HTTP: sign-in, sessions, CSRF, roles, headers, errors beside fields."""

import re
from datetime import date, timedelta

from app import clock
from app.auth.service import hash_password
from app.people.models import NEW_HIRE_DAYS, is_new_hire
from tests.factories import make_actor, make_department
from tests.learning.conftest import publish_weeks

PASSWORD = "correct horse battery"


def _login_form(client):
    page = client.get("/login")
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def sign_in(client, email, password=PASSWORD, next_url="/"):
    token = _login_form(client)
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token, "next": next_url},
        follow_redirects=False,
    )


def sign_in_as(client, session, actor):  # type: ignore[no-untyped-def]
    """Give a test actor's login the test password and sign it in on the pages."""
    actor.user.password_hash = hash_password(PASSWORD)
    session.add(actor.user)
    session.commit()
    return sign_in(client, actor.user.email)


def _csrf(client, path):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def _user(session, role):
    return make_actor(session, role=role, password_hash=hash_password(PASSWORD))


def test_pages_need_sign_in_and_come_back_after(client, session):
    hr = _user(session, "hr")
    response = client.get("/employees?q=a", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/employees%3Fq%3Da"
    signed = sign_in(client, hr.user.email, next_url="/employees?q=a")
    assert signed.status_code == 303 and signed.headers["location"] == "/employees?q=a"
    cookie = signed.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert client.get("/employees").status_code == 200


def test_sign_in_never_redirects_off_site(client, session):
    hr = _user(session, "hr")
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil"):
        response = sign_in(client, hr.user.email, next_url=target)
        assert response.headers["location"] == "/"


def test_wrong_password_then_rate_limited(client, session):
    hr = _user(session, "hr")
    for _ in range(5):
        response = sign_in(client, hr.user.email, password="wrong password")
        assert response.status_code == 422
        assert "do not match an active account" in response.text
    limited = sign_in(client, hr.user.email)  # even the right password waits now
    assert limited.status_code == 429
    assert "Too many failed sign-ins" in limited.text


def test_login_form_needs_its_csrf_token(client, session):
    hr = _user(session, "hr")
    client.get("/login")
    response = client.post(
        "/login", data={"email": hr.user.email, "password": PASSWORD, "csrf_token": "forged"}
    )
    assert response.status_code == 403 and "rota_session" not in response.headers.get(
        "set-cookie", ""
    )


def test_forms_refuse_a_missing_or_forged_csrf_token(client, session):
    hr = _user(session, "hr")
    sign_in(client, hr.user.email)
    for token in (None, "forged", _csrf(client, "/departments/new") + "x"):
        data = {"name": "Legal", "max_away_fraction": "0.2"}
        if token:
            data["csrf_token"] = token
        response = client.post("/departments/new", data=data, follow_redirects=False)
        assert response.status_code == 403
    listing = client.get("/departments")
    assert "Legal" not in listing.text


def test_roles_on_pages(client, session):
    staff = _user(session, "employee")
    sign_in(client, staff.user.email)
    assert client.get("/me").status_code == 200
    for path in ("/dashboard", "/employees", "/rules", "/schedules", "/reports", "/insights"):
        response = client.get(path)
        assert response.status_code == 403, path
        assert "text/html" in response.headers["content-type"]


def test_form_error_keeps_values_and_writes_nothing(client, session):
    hr = _user(session, "hr")
    make_department(session, name="Legal")
    sign_in(client, hr.user.email)
    token = _csrf(client, "/departments/new")
    response = client.post(
        "/departments/new",
        data={"csrf_token": token, "name": "legal", "max_away_fraction": "1.5"},
    )
    assert response.status_code == 422
    assert 'id="error-max_away_fraction"' in response.text
    assert 'value="legal"' in response.text and 'value="1.5"' in response.text
    clash = client.post(
        "/departments/new", data={"csrf_token": token, "name": "legal", "max_away_fraction": "0.3"}
    )
    assert clash.status_code == 409
    assert 'id="error-name"' in clash.text and "already exists" in clash.text
    assert client.get("/departments").text.count(">Legal<") == 1


def test_sign_out_ends_the_session(client, session):
    hr = _user(session, "hr")
    sign_in(client, hr.user.email)
    cookie = client.cookies.get("rota_session")
    response = client.post(
        "/logout", data={"csrf_token": _csrf(client, "/dashboard")}, follow_redirects=False
    )
    assert response.status_code == 303
    client.cookies.set("rota_session", cookie)
    assert client.get("/dashboard", follow_redirects=False).status_code == 303


def test_security_headers(client, session):
    page = client.get("/login")
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["cache-control"] == "no-store"
    api = client.get("/api/v1/me")
    assert api.headers["x-content-type-options"] == "nosniff"
    assert api.headers["content-type"] == "application/problem+json"


def test_names_are_escaped_on_pages(client, session):
    hr = _user(session, "hr")
    make_department(session, name="<script>alert(1)</script>")
    sign_in(client, hr.user.email)
    body = client.get("/departments").text
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_cancel_button_stops_a_waiting_solve(client, session):
    from datetime import date

    from app.schedules.models import SolveJob

    hr = _user(session, "hr")
    job = SolveJob(start=date(2030, 1, 7), weeks=4, status="queued", active_key="2030-01-07:4")
    session.add(job)
    session.commit()
    sign_in(client, hr.user.email)
    page = client.get(f"/jobs/{job.id}")
    assert f'data-url="/jobs/{job.id}/progress"' in page.text and ">Cancel</button>" in page.text
    assert client.get(f"/jobs/{job.id}/progress").json()["finished"] is False
    token = _csrf(client, f"/jobs/{job.id}")
    response = client.post(f"/jobs/{job.id}/cancel", data={"csrf_token": token})
    assert response.status_code == 200 and "Cancel requested." in response.text
    progress = client.get(f"/jobs/{job.id}/progress").json()
    assert progress["finished"] is True and progress["status"] == "cancelled"


def test_my_rotation_reminds_to_log_a_learning(client, session, monkeypatch):
    staff = _user(session, "employee")
    publish_weeks(session, {staff.employee.id: [date(2027, 1, 4), date(2027, 1, 11)]})
    monkeypatch.setattr(clock, "today", lambda: date(2027, 1, 27))
    sign_in(client, staff.user.email)
    page = client.get("/me").text
    assert "weeks of Mon 04 Jan to Mon 11 Jan is over" in page
    link = f"/learnings/new?turn=turn-{staff.employee.id}-20270111%40rota"
    assert link in page
    form = client.get(link).text
    assert f'value="turn-{staff.employee.id}-20270111@rota" selected' in form


def test_second_editor_does_not_overwrite_the_first(client, session):
    from fastapi.testclient import TestClient

    from app.main import create_app

    first = _user(session, "hr")
    second = _user(session, "hr")
    dept = make_department(session, name="Legal")
    sign_in(client, first.user.email)
    with TestClient(create_app()) as other:
        sign_in(other, second.user.email)
        url = f"/departments/{dept.id}/edit"
        mine = client.get(url).text
        theirs = other.get(url).text

        def post(c, page, share):
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
            tag = re.search(r'name="record_tag" value="([^"]+)"', page).group(1)
            data = {
                "csrf_token": csrf,
                "record_tag": tag,
                "name": "Legal",
                "max_away_fraction": share,
            }
            return c.post(url, data=data, follow_redirects=False)

        assert post(client, mine, "0.3").status_code == 303
        stale = post(other, theirs, "0.4")
        assert stale.status_code == 409
        assert "Someone else changed this record" in stale.text
        assert 'value="0.4"' in stale.text  # what they typed is still there
        again = post(other, stale.text, "0.4")  # saving again, knowingly, goes through
        assert again.status_code == 303
    session.expire_all()
    assert session.get(type(dept), dept.id).max_away_fraction == 0.4


def test_small_defaults_say_one_thing_everywhere(client, session):
    """The icon, "Choose…" for where a learning goes, one time limit, one "new hire"."""
    hr = _user(session, "hr")
    make_department(session, name="Billing")
    sign_in(client, hr.user.email)
    icon = client.get("/favicon.ico", follow_redirects=False)
    assert (icon.status_code, icon.headers["location"]) == (301, "/static/favicon.svg")
    assert client.get("/static/favicon.svg").headers["content-type"] == "image/svg+xml"
    assert '<link rel="icon" href="/static/favicon.svg"' in client.get("/").text

    learning = client.get("/learnings/new").text
    department = learning.split('id="f-department_id"')[1].split("</select>")[0]
    assert '<option value="" disabled selected>Choose…</option>' in department

    generate = client.get("/schedules").text
    assert re.search(r'name="time_limit_s"[^>]*value="60"', generate)

    today = date(2027, 5, 3)
    assert is_new_hire(today - timedelta(days=NEW_HIRE_DAYS - 1), today)
    assert not is_new_hire(today - timedelta(days=NEW_HIRE_DAYS), today)
    assert not is_new_hire(today + timedelta(days=1), today)  # not started yet
