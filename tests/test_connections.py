"""Every answer gives its database connection back. A response that streams after the
request's session closed once read through that session again: each audit export began a
transaction nobody ended, holding a pooled connection and a lock on the trail until the
process exited (a migration or TRUNCATE then waited forever; thirty exports emptied the pool)."""

import pytest
from sqlalchemy.engine import Engine

from app.validation import ascii_id
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


@pytest.mark.parametrize("path", ["/api/v1/audit.csv", "/api/v1/audit.jsonl"])
def test_a_streamed_export_refuses_an_id_no_column_holds_before_it_starts(client, admin, path):
    """Found by the API fuzzer on PostgreSQL: record_id 2147483648 passed validation, the
    database refused it once the stream had begun, and the answer broke off mid-response."""
    answer = client.get(path, params={"record_id": 2_147_483_648}, headers=admin.headers)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "record_id"
    fits = client.get(path, params={"record_id": 2_147_483_647}, headers=admin.headers)
    assert fits.status_code == 200


def test_a_reference_no_column_holds_is_no_id():
    assert ascii_id("2147483647") == 2_147_483_647
    assert ascii_id("2147483648") is None  # a turn named so is looked up by its UID instead
