"""Sign-in links: made by HR, shown for copying, single use, expiring, throttled, stored
only as a hash; a link can set a password that then works on the sign-in form."""

import re
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlmodel import Session, select

from app.auth.models import SignInLink, User
from app.auth.service import hash_token
from app.notifications import secret_links
from app.notifications.models import Notification
from app.people.models import utcnow
from tests.factories import make_employee
from tests.helpers import login_form_token

ROW_INSERTS = ("INSERT INTO employee ", "INSERT INTO sign_in_link ")


def _token(link: str) -> str:
    return link.rsplit("/", 1)[1]


def test_hr_invites_and_the_link_works_once(client: TestClient, session: Session, hr) -> None:
    erin = make_employee(session, name="Erin Invite", email="erin.invite@example.com")
    made = client.post("/api/v1/invitations", json={"employee_ids": [erin.id]}, headers=hr.headers)
    assert made.status_code == 201
    link = made.json()[0]["link"]
    token = _token(link)
    mail = session.exec(select(Notification).where(Notification.address == erin.email)).one()
    # The outbox keeps a placeholder; the working link goes in only when the mail is sent.
    assert (mail.subject, link in mail.text) == ("Your sign-in link for Rota", False)
    assert link in secret_links.fill(session, mail.text)
    row = session.exec(select(SignInLink).where(SignInLink.employee_id == erin.id)).one()
    assert (row.token_hash, token in row.model_dump_json()) == (hash_token(token), False)

    opened = client.get(f"/login/link/{token}")
    assert "Welcome, Erin Invite" in opened.text  # opening it signs nobody in
    assert session.exec(select(User).where(User.employee_id == erin.id)).first() is None
    used = client.post(
        f"/login/link/{token}",
        data={"password": "erin-pass-2027", "csrf_token": login_form_token(client)},
        follow_redirects=False,
    )
    assert used.status_code == 303
    assert client.get("/me", follow_redirects=False).status_code == 200
    login = session.exec(select(User).where(User.employee_id == erin.id)).one()
    assert (login.email, login.role) == ("erin.invite@example.com", "employee")

    client.cookies.clear()
    again = client.post(
        f"/login/link/{token}",
        data={"csrf_token": login_form_token(client)},
        follow_redirects=False,
    )
    assert again.status_code == 422
    assert "not valid any more" in again.text
    # The password chosen on the way works on the sign-in form.
    form = client.get("/login").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    signed = client.post(
        "/login",
        data={"email": "erin.invite@example.com", "password": "erin-pass-2027", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert signed.status_code == 303
    states = client.get("/api/v1/invitations", headers=hr.headers).json()
    assert [i["status"] for i in states] == ["used"]


def test_a_new_invitation_replaces_the_old_and_links_expire(client, session, hr) -> None:
    erin = make_employee(session)
    first = client.post(
        "/api/v1/invitations", json={"employee_ids": [erin.id]}, headers=hr.headers
    ).json()[0]
    second = client.post(
        "/api/v1/invitations", json={"employee_ids": [erin.id]}, headers=hr.headers
    ).json()[0]
    csrf = {"csrf_token": login_form_token(client)}
    assert client.post(f"/login/link/{_token(first['link'])}", data=csrf).status_code == 422
    row = session.get(SignInLink, second["id"])
    row.expires_at = utcnow() - timedelta(minutes=1)  # type: ignore[union-attr]
    session.add(row)
    session.commit()
    assert client.post(f"/login/link/{_token(second['link'])}", data=csrf).status_code == 422
    statuses = [i["status"] for i in client.get("/api/v1/invitations", headers=hr.headers).json()]
    assert statuses == ["expired", "revoked"]


def test_guessing_links_is_throttled(client: TestClient) -> None:
    answers = [client.get(f"/login/link/{'0' * 64}").status_code for _ in range(6)]
    assert answers == [422] * 5 + [429]


def test_only_hr_invites_and_unknown_people_are_named(client, session, hr, staff) -> None:
    refused = client.post("/api/v1/invitations", json={}, headers=staff.headers)
    assert refused.status_code == 403
    unknown = client.post(
        "/api/v1/invitations", json={"employee_ids": [999999]}, headers=hr.headers
    )
    assert (unknown.status_code, unknown.json()["errors"][0]["field"]) == (422, "employee_ids")


def test_new_employees_get_a_link_for_hr_to_pass_on(client, session, hr) -> None:
    department = client.post("/api/v1/departments", json={"name": "Ops"}, headers=hr.headers)
    body = {
        "name": "Nia New",
        "email": "nia@example.com",
        "department_id": department.json()["id"],
        "hire_date": "2027-01-04",
    }
    assert client.post("/api/v1/employees", json=body, headers=hr.headers).status_code == 201
    pending = client.get("/api/v1/invitations?status=pending", headers=hr.headers).json()
    assert [(i["email"], i["link"] is not None) for i in pending] == [("nia@example.com", True)]


def test_a_link_posted_without_the_form_token_signs_nobody_in(client, session, hr) -> None:
    # Login CSRF: another site posting the link would sign this browser in as someone else.
    erin = make_employee(session)
    made = client.post("/api/v1/invitations", json={"employee_ids": [erin.id]}, headers=hr.headers)
    token = _token(made.json()[0]["link"])
    forged = client.post(f"/login/link/{token}", data={"password": ""}, follow_redirects=False)
    assert forged.status_code == 403
    assert "The form expired; open the link again." in forged.text
    assert "rota_session" not in forged.cookies
    states = client.get("/api/v1/invitations", headers=hr.headers).json()
    assert [i["status"] for i in states] == ["pending"]  # the link still works for Erin


def test_a_company_brought_in_at_once_waits_for_hr_to_invite_it(client, session, hr) -> None:
    """Only new hires get a link when they are created; staff already here when the file (or
    the directory) first brings them in are invited when HR chooses."""
    client.post("/api/v1/departments", json={"name": "Ops"}, headers=hr.headers)
    lines = ["name,email,department,hire_date"] + [
        f"Old Hand{i},old{i}@example.com,Ops,2019-03-0{i + 1}" for i in range(3)
    ]
    lines += [
        "Nia New,nia.new@example.com,Ops,2026-11-30",
        "Sam Soon,sam@example.com,Ops,2027-01-04",
    ]
    imported = client.post(
        "/api/v1/employees/import",
        content="\n".join(lines),
        headers=hr.headers | {"Content-Type": "text/csv"},
    )
    assert imported.status_code == 200, imported.text
    pending = client.get("/api/v1/invitations?status=pending", headers=hr.headers).json()
    assert sorted(i["email"] for i in pending) == ["nia.new@example.com", "sam@example.com"]

    everyone = client.post(
        "/api/v1/invitations", json={"only_without_login": True}, headers=hr.headers
    )
    assert everyone.status_code == 201
    pending = client.get("/api/v1/invitations?status=pending", headers=hr.headers).json()
    assert sorted(i["email"] for i in pending) == sorted(
        [f"old{i}@example.com" for i in range(3)] + ["nia.new@example.com", "sam@example.com"]
    )


def test_a_file_of_new_hires_is_invited_together(client, session, hr) -> None:
    """The links and their mails for a file's new hires are made together: importing forty
    takes as many statements as importing four (it took four more a person), besides the
    rows themselves (one INSERT each on SQLite, batched on PostgreSQL); each new hire has a
    pending link and a queued mail."""
    client.post("/api/v1/departments", json={"name": "Ops"}, headers=hr.headers)
    engine = session.get_bind()

    def statements_to_import(first: int, count: int) -> int:
        lines = ["name,email,department,hire_date"] + [
            f"New Hire{i},new{i}@example.com,Ops,2027-01-04" for i in range(first, first + count)
        ]
        seen: list[str] = []

        def count_statement(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
            if not statement.startswith(ROW_INSERTS):
                seen.append(statement)

        event.listen(engine, "before_cursor_execute", count_statement)
        try:
            imported = client.post(
                "/api/v1/employees/import",
                content="\n".join(lines),
                headers=hr.headers | {"Content-Type": "text/csv"},
            )
        finally:
            event.remove(engine, "before_cursor_execute", count_statement)
        assert imported.status_code == 200, imported.text
        return len(seen)

    assert statements_to_import(0, 4) == statements_to_import(4, 40)
    pending = client.get("/api/v1/invitations?status=pending", headers=hr.headers).json()
    assert sorted(i["email"] for i in pending) == sorted(f"new{i}@example.com" for i in range(44))
    mails = session.exec(select(Notification).where(Notification.category == "welcome")).all()
    assert sorted(m.address for m in mails) == sorted(f"new{i}@example.com" for i in range(44))
