"""Learnings tied to demand through the service: an import keeps contacts per week and tag,
a learning names its tags (or its product area, or its tickets), and once its fix ships the
change against the line is measured; the quarter's report adds it up."""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, col, select

from app import clock
from app.demand.contacts_import import import_contacts
from app.demand.models import ContactTagWeek
from app.notifications import impact_messages
from app.notifications.models import Notification
from tests.factories import make_department

TODAY = date(2027, 6, 30)
FIX = date(2027, 3, 17)  # a Wednesday, 15 weeks before today
FIRST = date(2026, 12, 7)
HEADER = "id,channel,created_at,first_response_at,solved_at,reopened,tags\n"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def _history(session: Session) -> None:
    """Each week 60 contacts about other things; "refund" 20 a week before the fix week and
    8 a week after it (the fix week itself 14)."""
    rows, n = [], 0
    fix_week = FIX - timedelta(days=FIX.weekday())
    week = FIRST
    while week < date(2027, 6, 28):
        refunds = 20 if week < fix_week else 14 if week == fix_week else 8
        for k in range(60 + refunds):
            n += 1
            at = datetime.combine(week, datetime.min.time(), UTC) + timedelta(hours=9 + k % 40)
            tags = "refund billing" if k < refunds else "login"
            answered = at + timedelta(minutes=30)
            rows.append(
                f"c{n},email,{at.isoformat()},{answered.isoformat()},"
                f"{(at + timedelta(hours=5)).isoformat()},0,{tags}"
            )
        week += timedelta(weeks=1)
    import_contacts(session, io.StringIO(HEADER + "\n".join(rows) + "\n"), "generic")
    session.commit()


def _learning(client, staff, department_id: int, **extra) -> int:
    body = {
        "summary": "Refunds take too long to show",
        "category": "bug",
        "department_id": department_id,
    } | extra
    made = client.post("/api/v1/learnings", json=body, headers=staff.headers)
    assert made.status_code == 201, made.text
    return made.json()["id"]


def test_a_fix_that_halved_its_contacts_is_measured_against_the_line(
    client, hr, staff, session: Session
) -> None:
    _history(session)
    counted = session.exec(
        select(ContactTagWeek).where(ContactTagWeek.tag == "refund", ContactTagWeek.week == FIRST)
    ).one()
    assert (counted.contacts, counted.relief_n) == (20, 20)
    billing = make_department(session, name="Billing")
    session.commit()
    learning = _learning(client, staff, billing.id, tags=["Refund"])
    early = client.get(f"/api/v1/learnings/{learning}/impact", headers=staff.headers).json()
    assert (early["tags"], early["impact"]) == (["refund"], None)  # not done yet

    done = client.post(
        f"/api/v1/learnings/{learning}/status",
        json={"status": "done", "fixed_on": str(FIX)},
        headers=hr.headers,
    )
    assert done.status_code == 200, done.text
    found = client.get(f"/api/v1/learnings/{learning}/impact", headers=staff.headers).json()
    impact = found["impact"]
    assert (impact["weeks_before"], impact["weeks_after"]) == (12, 12)
    assert (impact["per_week_before"], impact["per_week_after"]) == (20.0, 8.0)
    # Shares 20/80 → 8/68 of the line: −52.9 %, with no weekly noise the interval is exact.
    assert impact["change"] == pytest.approx(8 / 68 / (20 / 80) - 1, abs=1e-4)
    assert impact["verdict"] == "helped"
    assert impact["resolution_before_s"] == impact["resolution_after_s"] == 5 * 3600

    report = client.get("/api/v1/impact", params={"quarter": "2027-Q1"}, headers=hr.headers).json()
    (row,) = [r for r in report["departments"] if r["department"] == "Billing"]
    assert (row["raised"], row["done"]) == (0, 1)  # raised today, in Q2
    assert row["avoided_per_week"] == pytest.approx((20 / 80 - 8 / 68) * 68, abs=0.1)
    table = client.get("/api/v1/impact.csv", params={"quarter": "2027-Q1"}, headers=hr.headers)
    lines = list(csv.reader(io.StringIO(table.text)))
    assert lines[1][:4] == ["Refunds take too long to show", "Billing", str(FIX), "helped"]
    bad = client.get("/api/v1/impact", params={"quarter": "2027-5"}, headers=hr.headers)
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "quarter")

    # Back to the person who raised it: once when it was done, once with the numbers.
    told = session.exec(select(Notification).where(Notification.address == staff.employee.email))
    assert [n.subject for n in told] == ["Fixed: Refunds take too long to show"]
    impact_messages.measured(session)
    session.commit()
    impact_messages.measured(session)  # the next hourly sweep: the outbox keeps one per key
    session.commit()
    numbers = session.exec(
        select(Notification).where(col(Notification.key).startswith("learning-impact:"))
    ).one()
    assert "20 before: -53 %" in numbers.text and "no longer need to ask" in numbers.text


def test_a_product_area_names_its_tags_and_a_recent_fix_is_too_early(
    client, hr, staff, session: Session
) -> None:
    _history(session)
    billing = make_department(session, name="Billing")
    session.commit()
    mapped = client.put(
        "/api/v1/product-areas", json=[{"tag": "Billing", "area": "Payments"}], headers=hr.headers
    )
    assert mapped.json() == [{"tag": "billing", "area": "Payments"}]
    learning = _learning(client, staff, billing.id, product_area="payments")
    recent = TODAY - timedelta(weeks=4)
    client.post(
        f"/api/v1/learnings/{learning}/status",
        json={"status": "done", "fixed_on": str(recent)},
        headers=hr.headers,
    )
    found = client.get(f"/api/v1/learnings/{learning}/impact", headers=staff.headers).json()
    assert found["tags"] == ["billing"]
    assert (found["impact"]["verdict"], found["impact"]["change"]) == ("too early", None)
    twice = client.put(
        "/api/v1/product-areas",
        json=[{"tag": "a", "area": "x"}, {"tag": "A", "area": "y"}],
        headers=hr.headers,
    )
    assert (twice.status_code, twice.json()["errors"][0]["field"]) == (422, "tag")


def test_a_fix_date_goes_only_with_done(client, hr, staff, session: Session) -> None:
    dept = make_department(session)
    session.commit()
    learning = _learning(client, staff, dept.id)
    wrong = client.post(
        f"/api/v1/learnings/{learning}/status",
        json={"status": "planned", "fixed_on": "2027-03-01"},
        headers=hr.headers,
    )
    assert (wrong.status_code, wrong.json()["errors"][0]["field"]) == (422, "fixed_on")
