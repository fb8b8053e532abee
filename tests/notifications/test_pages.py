"""HR reads the outbox and previews every template with real data; a person reads their
own messages and nobody else's."""

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app import clock
from app.auth.service import hash_password
from app.calendars.tokens import personal_feed, urls
from app.notifications import secret_links
from app.notifications.models import Notification
from app.notifications.previews import TEMPLATES
from app.schedules.planning import plan_now
from app.schedules.publishing import publish
from tests.factories import make_actor, make_line

PASSWORD = "pages-password-2027"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: date(2027, 1, 6))


def _sign_in(client: TestClient, session: Session, actor) -> str:
    actor.user.password_hash = hash_password(PASSWORD)
    session.add(actor.user)
    session.commit()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    client.post(
        "/login", data={"email": actor.user.email, "password": PASSWORD, "csrf_token": token}
    )
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/me").text).group(1)


def test_outbox_previews_and_retry(client: TestClient, session: Session) -> None:
    make_line(session)
    hr = make_actor(session, role="hr")
    draft = plan_now(session=session, start=date(2027, 1, 11), weeks=4, time_limit_s=10)
    publish(session=session, schedule_id=draft.id, actor=hr.user)  # type: ignore[arg-type]
    session.commit()
    csrf = _sign_in(client, session, hr)
    page = client.get("/notifications")
    assert "No mail server is configured" in page.text
    queued = session.exec(select(Notification)).all()
    assert f"queued: {len(queued)}" in page.text
    for name, label in TEMPLATES.items():
        preview = client.get(f"/notifications/preview/{name}")
        assert preview.status_code == 200, name
        assert f"<h1>{label}</h1>" in preview.text
    turns = client.get("/notifications/preview/turns").text
    assert "Your support rotation changed" in turns and "/swaps/new?turn=" in turns
    row = queued[0]
    row.status, row.last_error = "dead", "SMTPRecipientsRefused: 550 no such mailbox"
    session.add(row)
    session.commit()
    assert "550 no such mailbox" in client.get("/notifications?status=dead").text
    retried = client.post(
        f"/notifications/{row.id}/retry", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert retried.status_code == 303
    session.refresh(row)
    assert (row.status, row.attempts) == ("queued", 0)


def test_people_read_only_their_own_messages(client: TestClient, session: Session) -> None:
    staff = make_actor(session, role="employee")
    other = Notification(
        key="k1", category="turns", address="someone@example.com", subject="Not yours", text="x"
    )
    mine = Notification(
        key="k2",
        category="turns",
        address=staff.user.email,
        subject="Yours",
        text="Hello you",
        html="<p>Hello you</p>",
    )
    session.add_all([other, mine])
    session.commit()
    _sign_in(client, session, staff)
    assert "Yours" in client.get("/me/notifications").text
    assert "Hello you" in client.get(f"/notifications/{mine.id}").text
    html = client.get(f"/notifications/{mine.id}/html")
    assert html.headers["content-security-policy"].startswith("default-src 'none'")
    assert client.get(f"/notifications/{other.id}").status_code == 403
    assert client.get("/notifications").status_code == 403


def test_the_recipient_sees_their_feed_link_and_hr_only_where_it_goes(
    client: TestClient, session: Session
) -> None:
    staff = make_actor(session, role="employee")
    hr = make_actor(session, role="hr")
    row = Notification(
        key="k3",
        category="turns",
        address=staff.user.email,
        employee_id=staff.employee.id,  # type: ignore[union-attr]
        subject="Your turns",
        text=f"Subscribe: {secret_links.feed(staff.employee.id)}",  # type: ignore[union-attr]
    )
    session.add(row)
    session.commit()
    feed_url, _ = urls(personal_feed(session=session, employee_id=staff.employee.id))  # type: ignore[union-attr]
    session.commit()
    _sign_in(client, session, hr)
    shown_to_hr = client.get(f"/notifications/{row.id}").text
    assert "Subscribe: [your personal calendar link]" in shown_to_hr
    assert feed_url not in shown_to_hr
    client.cookies.clear()
    _sign_in(client, session, staff)
    assert f"Subscribe: {feed_url}" in client.get(f"/notifications/{row.id}").text
