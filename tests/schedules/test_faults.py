"""A solve that runs into its time limit ends in a clear state: a complete draft, its stats
saying how far from proven it is, and nothing half-written."""

from sqlmodel import func, select

from app.schedules.models import Schedule, ScheduleTurn
from tests.factories import make_line
from tests.schedules.conftest import START


def test_a_solve_at_its_time_limit_still_leaves_a_whole_draft(client, hr, session):
    make_line(session)
    response = client.post(
        "/api/v1/schedules",
        json={"start": START, "weeks": 52, "time_limit_s": 1},
        headers=hr.headers,
    )
    assert response.status_code == 202
    job = client.get(f"/api/v1/jobs/{response.json()['id']}", headers=hr.headers).json()
    assert job["status"] == "succeeded", job
    schedule = client.get(f"/api/v1/schedules/{job['schedule_id']}", headers=hr.headers).json()
    assert schedule["status"] == "draft" and schedule["weeks"] == 52
    stats = schedule["stats"]
    assert stats["obligations_met"] == stats["obligations"]  # every turn placed
    assert stats["status"] in {"OPTIMAL", "FEASIBLE", "WARM_START"}
    assert stats["gap_pct"] is None or stats["gap_pct"] >= 0
    stored = session.exec(
        select(func.count())
        .select_from(ScheduleTurn)
        .where(ScheduleTurn.schedule_id == job["schedule_id"])
    ).one()
    assert stored == schedule["turns"] > 0
    assert session.exec(select(func.count()).select_from(Schedule)).one() == 1
