"""Contact history: every help-desk format reads, bad rows fail the whole file with every
problem named, re-imports update in place, and reports match the contacts."""

import io
import re
import statistics
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from app.auth.service import hash_password
from app.demand import outcomes
from app.demand.contacts_import import import_contacts
from app.demand.models import Contact
from app.errors import Invalid
from tests.factories import make_department, make_employee

GENERIC = (
    "id,channel,created_at,first_response_at,solved_at,reopened,customer_country,"
    "assignee_email,satisfaction,tags\n"
)


def _csv(rows: list[str], header: str = GENERIC) -> io.StringIO:
    return io.StringIO(header + "\n".join(rows) + "\n")


def test_each_format_reads_its_own_columns(session: Session) -> None:
    files = {
        "zendesk": "Id,Via,Created at,First reply time in minutes,"
        "Full resolution time in minutes,Reopens,Satisfaction Score,Tags\n"
        "101,Voice,2027-03-01 09:00:00 +0100,2,90,1,Good,billing refund\n",
        "freshdesk": "Ticket ID,Source,Created time,First response time (in hrs),"
        "Resolution time (in hrs),Customer Satisfaction,Country\n"
        "7,Chat,2027-03-01T08:00:00Z,0.5,4,4,DE\n",
        "helpscout": "Conversation ID,Type,Created At,First Response At,Closed At,Customer Rating\n"
        "c-9,email,2027-03-01T10:00:00+00:00,2027-03-01T11:00:00+00:00,"
        "2027-03-02T10:00:00+00:00,Not Good\n",
        "intercom": "Conversation ID,Channel,Created at,First response at,Closed at,"
        "Conversation rating,User timezone\n"
        "i-1,Messenger,2027-03-01T10:00:00-05:00,2027-03-01T10:00:30-05:00,"
        "2027-03-01T10:20:00-05:00,5,America/New_York\n",
    }
    for kind, text in files.items():
        report = import_contacts(session, io.StringIO(text), kind)
        assert (report.rows, report.created) == (1, 1), kind
    rows = {c.source: c for c in session.exec(select(Contact)).all()}
    zendesk = rows["zendesk"]
    assert (zendesk.channel, zendesk.first_response_s, zendesk.resolution_s) == ("phone", 120, 5400)
    assert zendesk.created_at == datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
    assert (zendesk.reopened, zendesk.satisfaction, zendesk.tags) == (True, 1.0, "billing refund")
    assert (rows["freshdesk"].satisfaction, rows["freshdesk"].customer_country) == (0.75, "DE")
    assert (rows["freshdesk"].first_response_s, rows["freshdesk"].week) == (1800, date(2027, 3, 1))
    assert (rows["helpscout"].channel, rows["helpscout"].satisfaction) == ("email", 0.0)
    intercom = rows["intercom"]
    assert (intercom.channel, intercom.first_response_s, intercom.satisfaction) == ("chat", 30, 1.0)


def test_bad_rows_fail_the_file_and_name_every_problem(session: Session) -> None:
    rows = [
        "1,phone,2027-03-01T09:00:00+01:00,,,,,,,",
        "2,phone,2027-03-01T09:00:00,,,,,,,",
        "3,chat,2027-03-01T09:00:00Z,2027-03-01T08:00:00Z,,,,,,",
        "4,chat,2027-03-01T09:00:00Z,,,,Germany,,9,",
    ]
    with pytest.raises(Invalid) as refused:
        import_contacts(session, _csv(rows))
    listed = [(e["field"], e["message"]) for e in refused.value.errors]
    assert listed == [
        (
            "line 3: created_at",
            "'2027-03-01T09:00:00' needs a UTC offset, such as 2027-03-01T09:30:00+01:00",
        ),
        ("line 4: first_response_at", "is before created_at"),
        ("line 5: customer_country", "must be a two-letter ISO country code"),
    ]
    session.rollback()
    assert session.exec(select(func.count()).select_from(Contact)).one() == 0


def test_reimport_updates_by_id_and_resolves_assignees(session: Session) -> None:
    agent = make_employee(session, email="agent@example.com")
    first = ["1,phone,2027-03-01T09:00:00Z,2027-03-01T09:01:00Z,,,,agent@example.com,,"]
    assert import_contacts(session, _csv(first)).created == 1
    again = [
        "1,phone,2027-03-01T09:00:00Z,2027-03-01T09:02:00Z,,,,AGENT@example.com,,",
        "2,email,2027-03-02T09:00:00Z,,,,,,,",
    ]
    report = import_contacts(session, _csv(again))
    assert (report.created, report.updated, report.channels) == (1, 1, {"phone": 1, "email": 1})
    one = session.exec(select(Contact).where(Contact.external_id == "1")).one()
    session.refresh(one)
    assert (one.first_response_s, one.assignee_id) == (120, agent.id)
    # The help desk corrected a date: the contact's counts move to its new week.
    moved = ["1,phone,2027-03-09T09:00:00Z,2027-03-09T09:02:00Z,,,,,,"]
    assert import_contacts(session, _csv(moved)).updated == 1
    weeks = outcomes.report(session, date(2027, 3, 1), date(2027, 3, 8))
    assert weeks["weekly"][(date(2027, 3, 1), "email")]["contacts"] == 1
    assert (date(2027, 3, 1), "phone") not in weeks["weekly"]
    assert weeks["weekly"][(date(2027, 3, 8), "phone")]["contacts"] == 1


def test_outcomes_match_the_contacts_within_a_bucket(session: Session) -> None:
    support = make_department(session, name="Support", is_support=True)
    agent = make_employee(session, email="s@example.com", department_id=support.id)
    start = datetime(2027, 3, 1, 9, tzinfo=UTC)
    waits = [5, 25, 44, 70, 130, 200, 610, 900, 1500, 4000]
    rows = [
        f"{n},phone,{start + timedelta(hours=n):%Y-%m-%dT%H:%M:%S}Z,"
        f"{start + timedelta(hours=n, seconds=w):%Y-%m-%dT%H:%M:%S}Z,,{'yes' if n < 3 else 'no'},,"
        f"{'s@example.com' if n % 2 else ''},{1 if n % 4 else 5},"
        for n, w in enumerate(waits)
    ]
    import_contacts(session, _csv(rows))
    found = outcomes.report(session, date(2027, 3, 1), date(2027, 3, 1))
    week = found["weekly"][(date(2027, 3, 1), "phone")]
    assert (week["contacts"], week["reopen_rate"]) == (10, 0.3)
    assert abs(week["first_response_median_s"] - statistics.median(waits)) <= 60
    assert week["first_response_p90_s"] == pytest.approx(1500, abs=60)  # the 9th of 10, one step
    assert week["satisfaction"] == pytest.approx(sum(0.0 if n % 4 else 1.0 for n in range(10)) / 10)
    by_support = found["groups"][("phone", "support")]
    assert by_support["contacts"] == 5 and agent.id is not None
    assert found["groups"][("phone", "other")]["contacts"] == 5


def test_the_api_imports_a_streamed_body(client: TestClient, hr) -> None:
    body = GENERIC + "x-1,chat,2027-03-01T09:00:00Z,,,,,,,\n"
    answer = client.post(
        "/api/v1/contacts/import?format=generic",
        content=body.encode(),
        headers=hr.headers | {"Content-Type": "text/csv"},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "rows": 1,
        "created": 1,
        "updated": 0,
        "channels": {"chat": 1},
        "dry_run": False,
    }
    bad = client.post(
        "/api/v1/contacts/import",
        content=b"id,channel\n1,phone\n",
        headers=hr.headers | {"Content-Type": "text/csv"},
    )
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "file")


def test_the_demand_page_imports_charts_and_calculates(
    client: TestClient, session: Session, hr
) -> None:

    hr.user.password_hash = hash_password("demand-password-1")
    session.add(hr.user)
    session.commit()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    client.post(
        "/login",
        data={"email": hr.user.email, "password": "demand-password-1", "csrf_token": token},
    )
    page = client.get("/demand")
    assert "No contacts yet" in page.text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    body = GENERIC + "\n".join(
        f"p{n},phone,2027-03-0{1 + n % 5}T09:00:00Z,2027-03-0{1 + n % 5}T09:0{n % 9}:00Z,,,,,,"
        for n in range(20)
    )
    done = client.post(
        "/demand/import",
        data={"csrf_token": csrf, "format": "generic"},
        files={"file": ("contacts.csv", body.encode(), "text/csv")},
        follow_redirects=False,
    )
    assert done.status_code == 303
    shown = client.get("/demand?weeks=4").text
    assert '<svg viewBox="0 0 720 260"' in shown and '<th scope="row">phone</th>' in shown
    calc = client.get(
        "/demand?calls=100&interval_minutes=30&aht_seconds=180&target=80"
        "&within_seconds=20&concurrency=1"
    ).text
    assert "<strong>14 people</strong> answer 88.8 % in time" in calc


@pytest.mark.parametrize(
    ("body", "status", "line", "field", "says"),
    [
        (
            "id,channel,created_at,subject\nc1,phone,2027-01-04T09:00:00Z,Caf\xe9 order\n".encode(
                "latin-1"
            ),
            422,
            2,
            "subject",
            "not UTF-8 (the file looks like Latin-1",
        ),
        (
            "id,channel,created_at\nc1,phone,2027-01-04T09:00:00Z\n".encode("utf-16"),
            422,
            None,
            "file",
            "The file is UTF-16",
        ),
        (
            b"id,channel,created_at,tags\nc1,phone,2027-01-04T09:00:00Z," + b"x" * 20_000 + b"\n",
            422,
            2,
            "tags",
            "is longer than 10,000 characters",
        ),
        (
            b'id,channel,created_at,subject\nc1,phone,2027-01-04T09:00:00Z,"' + b"y" * 200_000,
            422,
            2,
            "file",
            "the CSV cannot be read (field larger than field limit",
        ),
        (
            b"id,channel,created_at\nc1,\xff\xfephone,2027-01-04T09:00:00Z\n",
            422,
            2,
            "channel",
            "bytes b'\\xff' are not UTF-8",
        ),
    ],
)
def test_an_unreadable_export_is_a_clear_422(
    client: TestClient, hr, body: bytes, status: int, line: int | None, field: str, says: str
) -> None:
    answer = client.post(
        "/api/v1/contacts/import",
        content=body,
        headers=hr.headers | {"content-type": "text/csv"},
    )
    assert answer.status_code == status, answer.text
    problem = answer.json()
    [error] = problem["errors"]
    assert error["field"] == (f"line {line}: {field}" if line else field)
    assert says in problem["detail"] + error["message"]
