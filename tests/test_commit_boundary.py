"""Every write is committed before its answer leaves: a reader on another connection that
looks at the moment the response starts already sees the change."""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine

from app.main import create_app
from tests.factories import make_actor
from tests.schedules.test_changes import line_with_afternoon, shifts_of
from tests.schedules.test_loop import generate, turns


class ReadAtResponseStart:
    """ASGI wrapper: runs a probe on its own connection when a response starts to go out."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.probe: Callable[[], Any] | None = None
        self.seen: list[Any] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or self.probe is None:
            await self.app(scope, receive, send)
            return

        async def watched(message: Any) -> None:
            if message["type"] == "http.response.start" and self.probe is not None:
                self.seen.append(self.probe())
            await send(message)

        await self.app(scope, receive, watched)


@pytest.fixture
def watched(engine: Engine):  # type: ignore[no-untyped-def]
    wrapper = ReadAtResponseStart(create_app())
    with TestClient(wrapper) as client:
        yield client, wrapper


def _value(engine: Engine, sql: str, **params: Any) -> Any:
    with engine.connect() as connection:
        return connection.execute(text(sql), params).scalar()


def _write(
    wrapper: ReadAtResponseStart,
    probe: Callable[[], Any],
    call: Callable[[], Any],
    status: int = 200,
) -> Any:
    wrapper.probe, wrapper.seen = probe, []
    response = call()
    wrapper.probe = None
    assert response.status_code == status, response.text
    (seen,) = wrapper.seen
    return seen


def test_writes_are_visible_when_their_answer_starts(watched, engine, session, hr):  # type: ignore[no-untyped-def]
    client, wrapper = watched
    line, afternoon = line_with_afternoon(session)
    person = line["eng"][0]
    seen = _write(
        wrapper,
        lambda: _value(engine, "SELECT name FROM employee WHERE id = :id", id=person.id),
        lambda: client.patch(
            f"/api/v1/employees/{person.id}", json={"name": "Eve Committed"}, headers=hr.headers
        ),
    )
    assert seen == "Eve Committed"

    schedule = generate(client, hr, weeks=4)
    seen = _write(
        wrapper,
        lambda: _value(engine, "SELECT status FROM schedule WHERE id = :id", id=schedule),
        lambda: client.post(f"/api/v1/schedules/{schedule}/publish", headers=hr.headers),
        status=202,  # the publish job, queued after the commit (run inline by the test queue)
    )
    assert seen == "published"

    support = {e.id for e in line["support"]}
    seat = next(s for s in shifts_of(client, hr, schedule) if s["employee_id"] in support)
    seen = _write(
        wrapper,
        lambda: _value(
            engine, "SELECT shift_template_id FROM schedule_shift WHERE id = :id", id=seat["id"]
        ),
        lambda: client.patch(
            f"/api/v1/schedules/{schedule}/shifts/{seat['id']}",
            json={"shift_template_id": afternoon.id, "reason": "cover the afternoon"},
            headers=hr.headers,
        ),
    )
    assert seen == afternoon.id

    turn = next(t for t in turns(client, hr, schedule) if t["week_start"] == "2027-01-25")
    offerer = make_actor(session, "employee")
    offerer.user.employee_id = turn["employee_id"]
    session.add(offerer.user)
    session.commit()
    wrapper.probe, wrapper.seen = (
        lambda: _value(engine, "SELECT count(*) FROM swap_request"),
        [],
    )
    offered = client.post("/api/v1/swaps", json={"turn_id": turn["id"]}, headers=offerer.headers)
    assert offered.status_code == 201 and wrapper.seen == [1]
    swap_id = offered.json()["id"]
    seen = _write(
        wrapper,
        lambda: _value(engine, "SELECT status FROM swap_request WHERE id = :id", id=swap_id),
        lambda: client.post(f"/api/v1/swaps/{swap_id}/cancel", headers=offerer.headers),
    )
    assert seen == "cancelled"
