"""Time off from .ics files: all-day and timed absences, preview, no duplicates."""

from sqlmodel import select

from app.people.models import TimeOff
from tests.factories import make_employee

ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Other calendar//EN
BEGIN:VEVENT
UID:a
DTSTART;VALUE=DATE:20270705
DTEND;VALUE=DATE:20270710
SUMMARY:Summer holiday
END:VEVENT
BEGIN:VEVENT
UID:b
DTSTART:20270802T220000Z
DTEND:20270804T060000Z
SUMMARY:Doctor
END:VEVENT
BEGIN:VEVENT
UID:c
DTSTART;VALUE=DATE:20270901
SUMMARY:Focus day
TRANSP:TRANSPARENT
END:VEVENT
BEGIN:VEVENT
UID:d
DTSTART;VALUE=DATE:20271001
DTEND;VALUE=DATE:20271002
STATUS:CANCELLED
SUMMARY:Trip (cancelled)
END:VEVENT
END:VCALENDAR
"""


def post(client, actor, body, **params):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/v1/time-off/import-ics",
        content=body.encode(),
        params=params,
        headers=actor.headers | {"Content-Type": "text/calendar"},
    )


def test_preview_then_import_once(client, hr, session):
    person = make_employee(session, timezone="Europe/Berlin")
    preview = post(client, hr, ICS, employee_id=person.id).json()
    assert preview["dry_run"] is True and preview["added"] == 0
    spans = [(a["first_day"], a["last_day"], a["status"]) for a in preview["absences"]]
    # the all-day range ends the day before DTEND; 22:00Z is midnight in Berlin, so the
    # timed absence covers 3 and 4 August local time (it ends at 08:00 there)
    assert spans == [("2027-07-05", "2027-07-09", "new"), ("2027-08-03", "2027-08-04", "new")]
    assert len(preview["skipped"]) == 2
    assert session.exec(select(TimeOff)).all() == []
    done = post(client, hr, ICS, employee_id=person.id, dry_run="false").json()
    assert done["added"] == 2
    again = post(client, hr, ICS, employee_id=person.id, dry_run="false").json()
    assert again["added"] == 0
    assert {a["status"] for a in again["absences"]} == {"already there"}
    assert len(session.exec(select(TimeOff)).all()) == 2


def test_attendee_picks_the_employee_for_hr_exports(client, hr, session):
    person = make_employee(session, email="ada@example.com")
    body = ICS.replace("UID:a\n", "UID:a\nATTENDEE:mailto:ADA@example.com\n")
    result = post(client, hr, body, dry_run="false").json()
    assert result["added"] == 1
    assert session.exec(select(TimeOff)).one().employee_id == person.id


def test_employees_import_only_their_own_and_bad_files_are_422(client, staff, session):
    other = make_employee(session)
    assert post(client, staff, ICS, employee_id=other.id).status_code == 403
    own = post(client, staff, ICS, dry_run="false")
    assert own.json()["added"] == 2
    bad = post(client, staff, "this is not a calendar")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "file"
