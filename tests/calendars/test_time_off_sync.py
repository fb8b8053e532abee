"""Time off from a subscribed calendar, against a real HTTP server on loopback whose .ics
changes between polls: new, moved and cancelled absences follow; an unreachable poll and a
malformed file keep the last good state; an unchanged calendar (304) changes nothing; the
person whose published turn an absence meets is told once; nothing is duplicated."""

import threading
from collections.abc import Iterator
from datetime import date, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlmodel import Session, col, select

from app.audit import AuditEntry
from app.calendars import time_off_sync
from app.calendars.time_off_feed_models import TimeOffFeed
from app.config import get_settings
from app.notifications.models import Notification
from app.people.models import TimeOff
from app.schedules.models import Schedule, ScheduleShift
from tests.factories import make_employee, make_shift


class Calendar:
    def __init__(self) -> None:
        self.body = b""
        self.etag = '"v0"'
        self.status = 200
        self.requests: list[dict[str, str]] = []


@pytest.fixture
def served() -> Iterator[tuple[Calendar, str]]:
    calendar = Calendar()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            calendar.requests.append(dict(self.headers))
            if calendar.status != 200:
                self.send_response(calendar.status)
                self.end_headers()
                return
            if self.headers.get("If-None-Match") == calendar.etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar")
            self.send_header("ETag", calendar.etag)
            self.end_headers()
            self.wfile.write(calendar.body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    get_settings().webhook_allow_private = True
    yield calendar, f"http://127.0.0.1:{server.server_address[1]}/company.ics"
    server.shutdown()
    get_settings().webhook_allow_private = False


def _ics(*events: str) -> bytes:
    body = "\r\n".join(
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//HR//EN", *events, "END:VCALENDAR"]
    )
    return (body + "\r\n").encode()


def _event(uid: str, summary: str, start: str, end: str, *extra: str) -> str:
    return "\r\n".join(
        ["BEGIN:VEVENT", f"UID:{uid}", f"SUMMARY:{summary}", start, end, *extra, "END:VEVENT"]
    )


ADA_HOLIDAY = _event(
    "ada-1",
    "Ada Lovelace (ada@example.com) - Vacation",
    "DTSTART;VALUE=DATE:20270309",
    "DTEND;VALUE=DATE:20270311",
)
ADA_MOVED = _event(
    "ada-1",
    "Ada Lovelace (ada@example.com) - Vacation",
    "DTSTART;VALUE=DATE:20270316",
    "DTEND;VALUE=DATE:20270318",
)
BOB_DOCTOR = _event(
    "bob-1",
    "Doctor",
    "DTSTART;TZID=Europe/Berlin:20270311T100000",
    "DTEND;TZID=Europe/Berlin:20270311T120000",
    "ATTENDEE:mailto:bob@example.com",
)
BOB_CANCELLED = BOB_DOCTOR.replace("END:VEVENT", "STATUS:CANCELLED\r\nEND:VEVENT")
STRANGER = _event(
    "x-1",
    "Someone (nobody@example.com)",
    "DTSTART;VALUE=DATE:20270310",
    "DTEND;VALUE=DATE:20270311",
)


def _rows(session: Session) -> list[tuple]:
    session.expire_all()
    rows = session.exec(select(TimeOff).order_by(col(TimeOff.employee_id))).all()
    return [(r.employee_id, r.first_day, r.last_day, r.from_time, r.to_time) for r in rows]


def test_absences_follow_the_calendar_and_the_person_is_told_once(
    client, hr, session: Session, served
) -> None:
    calendar, url = served
    ada = make_employee(session, email="ada@example.com", timezone="Europe/London")
    bob = make_employee(session, email="bob@example.com", timezone="Europe/Berlin")
    shift = make_shift(session)
    published = Schedule(status="published", start=date(2027, 3, 15), weeks=2)
    session.add(published)
    session.flush()
    session.add(
        ScheduleShift(
            schedule_id=published.id,
            employee_id=ada.id,
            day=date(2027, 3, 17),
            shift_template_id=shift.id,
            channel="phone",
        )
    )
    session.commit()
    calendar.body = _ics(ADA_HOLIDAY, BOB_DOCTOR, STRANGER)

    added = client.post(
        "/api/v1/time-off-feeds", json={"name": "BambooHR", "url": url}, headers=hr.headers
    )
    assert added.status_code == 201, added.text
    assert added.json()["host"] == "127.0.0.1"
    assert url not in added.text  # the address is a secret
    feed_id = added.json()["id"]
    entry = session.exec(select(AuditEntry).where(AuditEntry.record_kind == "time_off_feed")).one()
    assert (entry.actor, entry.action, entry.record_id) == (f"user:{hr.user.id}", "create", feed_id)
    assert entry.changes["name"] == [None, "BambooHR"] and "url" not in entry.changes
    assert _rows(session) == [
        (ada.id, date(2027, 3, 9), date(2027, 3, 10), None, None),
        (bob.id, date(2027, 3, 11), date(2027, 3, 11), time(10), time(12)),
    ]
    state = client.get("/api/v1/time-off-feeds", headers=hr.headers).json()
    assert (state[0]["absences"], state[0]["error"]) == (2, None)
    assert session.exec(select(Notification)).all() == []  # no published turn met yet

    # Moved onto Ada's published seat, Bob's appointment cancelled.
    calendar.body, calendar.etag = _ics(ADA_MOVED, BOB_CANCELLED), '"v1"'
    report = time_off_sync.sync(session, feed_id)
    session.commit()
    assert (report.added, report.moved, report.removed) == (0, 1, 1)
    assert _rows(session) == [(ada.id, date(2027, 3, 16), date(2027, 3, 17), None, None)]
    told = session.exec(select(Notification)).all()
    assert sorted(n.address for n in told) == sorted({"ada@example.com", hr.user.email})
    assert "Time off meets" in told[0].subject

    # Unchanged: the server answers 304 to the ETag it gave; nothing moves, nobody is told again.
    again = time_off_sync.sync(session, feed_id)
    session.commit()
    assert again.fetched is False
    assert calendar.requests[-1]["If-None-Match"] == '"v1"'
    assert len(session.exec(select(Notification)).all()) == len(told)

    # Unreachable, then garbage: the last good state stays, the error shows.
    calendar.status = 503
    down = time_off_sync.sync(session, feed_id)
    session.commit()
    assert "HTTP 503" in (down.error or "")
    calendar.status, calendar.body, calendar.etag = 200, b"<html>login</html>", '"v2"'
    garbage = time_off_sync.sync(session, feed_id)
    session.commit()
    assert "not an iCalendar file" in (garbage.error or "")
    assert _rows(session) == [(ada.id, date(2027, 3, 16), date(2027, 3, 17), None, None)]
    session.expire_all()
    assert "not an iCalendar" in (session.get(TimeOffFeed, feed_id).error or "")

    changes = session.exec(
        select(AuditEntry.actor, AuditEntry.action).where(AuditEntry.record_kind == "time_off")
    ).all()
    assert sorted(changes) == [
        ("system", "create"),
        ("system", "create"),
        ("system", "delete"),
        ("system", "update"),
    ]


def test_a_calendar_on_an_internal_address_is_refused(client, hr) -> None:
    get_settings().webhook_allow_private = False
    refused = client.post(
        "/api/v1/time-off-feeds",
        json={"name": "Inside", "url": "http://127.0.0.1:9/cal.ics"},
        headers=hr.headers,
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "url"
    assert "loopback" in refused.json()["errors"][0]["message"]
