"""Database work never runs on the event loop. A handler written `async def` runs on the loop,
so one slow import or publish there would hold up every other request (calendar feeds, the
API, pages). Handlers and dependencies that take the request's session are plain functions,
which FastAPI runs in its thread pool; bodies and forms are read by async dependencies."""

import gc
import inspect
from collections.abc import Iterator
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from app.db import SessionDep, get_session
from app.main import create_app


def _api_routes(routes: list[Any]) -> Iterator[APIRoute]:
    """Every route, through included routers (kept as branches, not copied in)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):
            yield from _api_routes(route.original_router.routes)


def _with_children(dependant: Dependant) -> Iterator[Dependant]:
    yield dependant
    for child in dependant.dependencies:
        yield from _with_children(child)


def _takes_session(dependant: Dependant) -> bool:
    return any(child.call is get_session for child in dependant.dependencies)


def test_nothing_that_takes_the_session_runs_on_the_event_loop() -> None:
    app = create_app()
    on_the_loop = sorted(
        {
            f"{route.path} {dependant.call.__module__}.{dependant.call.__qualname__}"
            for route in _api_routes(app.routes)
            for dependant in _with_children(route.dependant)
            if _takes_session(dependant) and inspect.iscoroutinefunction(dependant.call)
        }
    )
    assert on_the_loop == []
    assert len(list(_api_routes(app.routes))) > 200  # the walk reaches the included routers


def test_the_check_sees_an_async_handler_that_takes_the_session() -> None:
    app = create_app()

    @app.get("/probe")
    async def probe(session: SessionDep) -> None:
        return None

    route = next(r for r in _api_routes(app.routes) if r.path == "/probe")
    assert [d.call for d in _with_children(route.dependant) if _takes_session(d)] == [probe]


def test_the_app_s_own_objects_are_left_out_of_collections_while_it_serves(engine, _app):  # type: ignore[no-untyped-def]
    """A full collection that walks the app's ~400,000 long-lived objects stalls every request
    in flight for ~200 ms; they are frozen out of collections for the server's life."""
    assert gc.get_freeze_count() == 0
    with TestClient(_app) as client:
        assert client.get("/healthz").status_code == 200
        assert gc.get_freeze_count() > 100_000
    assert gc.get_freeze_count() == 0  # and given back when it stops
