"""Every answer gives its database connection back. A response that streams after the
request's session closed once read through that session again: each audit export began a
transaction nobody ended, holding a pooled connection and a lock on the trail until the
process exited (a migration or TRUNCATE then waited forever; thirty exports emptied the pool)."""

import pytest
from sqlalchemy.engine import Engine

from tests.factories import make_department, make_employee


@pytest.fixture
def trail(client, admin, session) -> None:
    """Entries enough for a few pages of export."""
    department = make_department(session, name="Traced")
    for n in range(3):
        make_employee(session, department_id=department.id, name=f"Tess Trace{n}")
    session.commit()
    for n in range(3):
        answer = client.patch(
            f"/api/v1/departments/{department.id}",
            json={"max_away_fraction": 0.1 * (n + 1)},
            headers=admin.headers,
        )
        assert answer.status_code == 200, answer.text
    session.close()  # the test's own session holds no connection either


@pytest.mark.parametrize("path", ["/api/v1/audit.csv", "/api/v1/audit.jsonl"])
def test_a_streamed_export_ends_its_transactions(client, admin, engine: Engine, trail, path):
    before = engine.pool.checkedout()
    answer = client.get(path, headers=admin.headers)
    assert answer.status_code == 200, answer.text
    assert "department" in answer.text
    assert engine.pool.checkedout() == before
