"""Input limits, secrets kept out of logs, and the service riding out a database restart."""

import logging

import pytest
from sqlalchemy import text

from app.logs import RedactFeedLinks
from tests import databases
from tests.factories import make_department


def test_oversized_json_is_refused_before_reading(client, hr):
    body = b'{"name": "' + b"x" * 1_200_000 + b'"}'
    response = client.post(
        "/api/v1/departments",
        content=body,
        headers=hr.headers | {"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


def test_long_text_fields_name_the_field(client, hr):
    response = client.post("/api/v1/departments", json={"name": "x" * 121}, headers=hr.headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "name"


def test_feed_links_never_reach_the_access_log():
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/calendars/12-AbC_def-123.ics?x=1", "1.1", 200),
        None,
    )
    RedactFeedLinks().filter(record)
    line = record.getMessage()
    assert "AbC_def-123" not in line and "/calendars/12-…" in line


@pytest.mark.postgres_only
@pytest.mark.skipif(
    not databases.ON_POSTGRES,
    reason="restarting the database server is a PostgreSQL scenario",
)
def test_requests_recover_after_the_database_drops_connections(client, hr, session, engine):
    make_department(session, name="Before")
    assert client.get("/api/v1/departments", headers=hr.headers).status_code == 200
    session.commit()
    session.close()  # the test's own connection would die with the others
    # What a database restart does to the pool: every server-side connection is gone.
    with engine.connect() as connection:
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
        connection.commit()
    response = client.get("/api/v1/departments", headers=hr.headers)
    assert response.status_code == 200
    assert [d["name"] for d in response.json()["items"]] == ["Before"]
    created = client.post("/api/v1/departments", json={"name": "After"}, headers=hr.headers)
    assert created.status_code == 201
