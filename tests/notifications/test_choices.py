"""People's choices: categories off, email off, quiet hours in their own zone, and the
one-click unsubscribe link in every mail (RFC 8058)."""

from datetime import UTC, datetime, time

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.notifications.models import Category, Notification, Preference
from app.notifications.outbox import (
    Recipient,
    after_quiet_hours,
    queue_email,
    render,
    unsubscribe_url,
)
from app.people.models import utcnow


def _queue(session: Session, key: str, email: str, category=Category.reminders) -> bool:
    message = render("summary", monday=utcnow().date(), on_line=[], gaps=[])
    return queue_email(
        session, key=key, category=category, to=Recipient(email, "Pat"), message=message
    )


def test_quiet_hours_hold_messages_until_they_end_in_the_persons_zone() -> None:
    pref = Preference(
        email="pat@example.com", quiet_start=time(21), quiet_end=time(8), timezone="Asia/Tokyo"
    )
    late = datetime(2027, 3, 1, 13, 30, tzinfo=UTC)  # 22:30 in Tokyo
    assert after_quiet_hours(pref, late, "UTC") == datetime(2027, 3, 1, 23, 0, tzinfo=UTC)
    early = datetime(2027, 3, 1, 20, 0, tzinfo=UTC)  # 05:00 the next day in Tokyo
    assert after_quiet_hours(pref, early, "UTC") == datetime(2027, 3, 1, 23, 0, tzinfo=UTC)
    noon = datetime(2027, 3, 1, 3, 0, tzinfo=UTC)  # 12:00 in Tokyo
    assert after_quiet_hours(pref, noon, "UTC") == noon
    # Across New York's spring change the end is 08:00 local on that day (EDT, UTC-4).
    ny = Preference(
        email="n@example.com", quiet_start=time(22), quiet_end=time(8), timezone="America/New_York"
    )
    night = datetime(2027, 3, 14, 5, 0, tzinfo=UTC)  # 00:00 EST, the night clocks go forward
    assert after_quiet_hours(ny, night, "UTC") == datetime(2027, 3, 14, 12, 0, tzinfo=UTC)


def test_choices_are_respected_when_queueing(session: Session) -> None:
    session.add(Preference(email="pat@example.com", categories_off=["reminders"]))
    session.add(Preference(email="off@example.com", email_on=False))
    session.commit()
    assert _queue(session, "a", "pat@example.com") is False
    assert _queue(session, "b", "pat@example.com", Category.swaps) is True
    assert _queue(session, "c", "off@example.com", Category.swaps) is False
    assert _queue(session, "d", "new@example.com") is True
    session.commit()
    keys = sorted(session.exec(select(Notification.key)).all())
    assert keys == ["b", "d"]


def test_one_click_unsubscribe_turns_the_category_off(client: TestClient, session: Session) -> None:
    path = unsubscribe_url("Pat@Example.com", "reminders").split("8000", 1)[1]
    page = client.get(path)
    assert "Stop “Reminders before a turn” messages to pat@example.com?" in page.text
    done = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert session.get(Preference, "pat@example.com").categories_off == ["reminders"]
    assert client.post(path[:-3] + "xyz").status_code == 404


def test_preferences_through_the_api(client: TestClient, staff) -> None:
    url = "/api/v1/me/notification-preferences"
    mine = client.get(url, headers=staff.headers).json()
    assert (mine["email_on"], mine["categories_off"], mine["timezone"]) == (
        True,
        [],
        "America/New_York",
    )
    saved = client.patch(
        url,
        json={
            "categories_off": ["swaps", "reminders"],
            "quiet_start": "22:00",
            "quiet_end": "07:00",
        },
        headers=staff.headers,
    )
    assert saved.status_code == 200
    assert saved.json()["categories_off"] == ["reminders", "swaps"]
    half = client.patch(url, json={"quiet_end": None}, headers=staff.headers)
    assert (half.status_code, half.json()["errors"][0]["field"]) == (422, "quiet_end")
    bad = client.patch(url, json={"categories_off": ["spam"]}, headers=staff.headers)
    assert bad.status_code == 422
    assert client.get(url, headers=staff.headers).json()["quiet_start"] == "22:00:00"
