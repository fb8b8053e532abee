"""Insights over a known set of learnings: every aggregate checked against hand-counted numbers."""

import csv
import io
from datetime import UTC, date, datetime

from app.learning.models import Learning
from tests.factories import make_department, make_employee
from tests.learning.conftest import publish_weeks


def _seed(session):
    ux = make_department(session, name="UX")
    billing = make_department(session, name="Billing")
    e1, e2, e3 = (make_employee(session, department_id=ux.id) for _ in range(3))

    def add(day, category, area, dept, customers, status, who, week=None, **extra):
        row = Learning(
            summary=extra.pop("summary", f"{category} in {area or 'general'}"),
            category=category,
            product_area=area,
            department_id=dept.id,
            customers_affected=customers,
            status=status,
            employee_id=who.id,
            week_start=week,
            created_at=datetime(*day, 12, 0, tzinfo=UTC),
            **extra,
        )
        session.add(row)
        session.flush()
        return row

    first = add((2027, 1, 15), "pain_point", "search", ux, 10, "new", e1, date(2027, 1, 4))
    add((2027, 1, 20), "pain_point", "search", ux, 4, "new", e2, merged_into_id=first.id)
    add((2027, 2, 3), "pain_point", "billing", billing, 7, "done", e2)
    add((2027, 2, 10), "bug", "billing", billing, 2, "acknowledged", e3)
    add((2027, 3, 1), "praise", "", ux, 1, "new", e1, summary="=HYPERLINK(1)")
    session.commit()
    # e1 did a two-week block in January, e2 one week in February; e3 is on the line this week.
    publish_weeks(
        session,
        {
            e1.id: [date(2027, 1, 4), date(2027, 1, 11)],
            e2.id: [date(2027, 2, 1)],
            e3.id: [date(2027, 3, 8)],
        },
    )
    return first


def test_aggregates(client, session, hr):
    first = _seed(session)
    result = client.get("/api/v1/learnings/insights", headers=hr.headers).json()
    assert result["total_learnings"] == 5 and result["total_insights"] == 4
    assert result["customers"] == 24
    top = [(p["id"], p["customers"], p["learnings"]) for p in result["top_pain_points"]]
    assert top[0] == (first.id, 14, 2)
    assert [p["customers"] for p in result["top_pain_points"]] == [14, 7]
    ux, billing = result["by_department"]
    assert ux == {
        "name": "UX",
        "insights": 2,
        "learnings": 3,
        "customers": 15,
        "open": 2,
        "oldest_open_days": 54,  # 15 January to 10 March, at noon both
        "median_open_days": 31.5,  # 54 and 9 days
    }
    assert billing["name"] == "Billing" and billing["customers"] == 9
    assert (billing["open"], billing["oldest_open_days"]) == (1, 28)
    areas = {
        r["name"]: (r["insights"], r["learnings"], r["customers"])
        for r in result["by_product_area"]
    }
    assert areas == {"search": (1, 2, 14), "billing": (2, 2, 9), "(none)": (1, 1, 1)}
    assert result["by_month"] == [
        {"month": "2027-01", "learnings": 2, "customers": 14},
        {"month": "2027-02", "learnings": 2, "customers": 9},
        {"month": "2027-03", "learnings": 1, "customers": 1},
    ]
    # e1's January block has a learning, e2's February week has none, e3's week is not over.
    assert result["rotations"] == {"finished": 2, "with_learning": 1, "share": 0.5}


def test_insights_are_for_hr_and_leads(client, session, staff):
    _seed(session)
    assert client.get("/api/v1/learnings/insights", headers=staff.headers).status_code == 403


def test_csv_export(client, session, hr):
    _seed(session)
    response = client.get("/api/v1/learnings/export.csv", headers=hr.headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 5
    assert {r["department"] for r in rows} == {"UX", "Billing"}
    assert sum(int(r["customers_affected"]) for r in rows) == 24
    praise = next(r for r in rows if r["category"] == "Praise")
    # A cell that a spreadsheet would run as a formula is kept as text.
    assert praise["summary"] == "'=HYPERLINK(1)"
