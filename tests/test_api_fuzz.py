"""Schemathesis over the OpenAPI schema with an admin token: valid data never gets a 5xx or
a response that contradicts the schema; invalid data is refused with a 4xx; a wrong or
missing token is refused; and a stateful phase chains calls through the links Schemathesis
infers (create, then read, change and delete what was created). Seeds are fixed. The number
of generated cases and the slowest calls are written to test-artifacts/.

These tests judge answers, not speed (bench/ measures speed): each call may take up to
REQUEST_TIMEOUT_S, since a shared 2-core machine has stalled single calls past Schemathesis's
default of 10 s."""

import heapq
import json
import os
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    response_schema_conformance,
)
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.main import create_app
from app.models import metadata
from tests.factories import make_actor, make_line

pytestmark = pytest.mark.slow  # schemathesis over every route

CASES: Counter[str] = Counter()
SLOWEST: list[tuple[float, str]] = []  # a min-heap of the 10 slowest calls
REQUEST_TIMEOUT_S = 60
EXAMPLES = int(os.environ.get("ROTA_FUZZ_EXAMPLES", "12"))


@pytest.fixture
def line(engine, session):  # type: ignore[no-untyped-def]
    make_line(session)  # real rows, so ids in paths sometimes exist
    session.commit()


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    yield
    out = Path(os.environ.get("ROTA_ARTIFACTS", "test-artifacts"))
    out.mkdir(parents=True, exist_ok=True)
    summary = {
        "operations": len(CASES),
        "cases": sum(CASES.values()),
        "slowest_calls_s": {call: round(s, 3) for s, call in sorted(SLOWEST, reverse=True)},
        "by_operation": CASES,
    }
    (out / "schemathesis.json").write_text(json.dumps(summary, indent=1, sort_keys=True))


# Reading the schema touches no database; requests run once the test database is set up.
APP = create_app()
schema = schemathesis.openapi.from_dict(APP.openapi())
schema.app = APP
schema.config.update(request_timeout=REQUEST_TIMEOUT_S)
negative = schemathesis.openapi.from_dict(APP.openapi())
negative.app = APP
negative.config.update(request_timeout=REQUEST_TIMEOUT_S)
negative.config.generation.update(modes=[GenerationMode.NEGATIVE])
NEGATIVE_EXAMPLES = int(os.environ.get("ROTA_FUZZ_NEGATIVE_EXAMPLES", "6"))
STATEFUL_EXAMPLES = int(os.environ.get("ROTA_FUZZ_STATEFUL_EXAMPLES", "50"))


def _timed_call(case: schemathesis.Case, headers: dict[str, str], checks: list[Any]) -> None:
    started = time.perf_counter()
    try:
        case.call_and_validate(headers=headers, checks=checks)
    finally:
        entry = (time.perf_counter() - started, f"{case.method} {case.formatted_path}")
        if len(SLOWEST) < 10:
            heapq.heappush(SLOWEST, entry)
        else:
            heapq.heappushpop(SLOWEST, entry)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_holds_its_schema(case, admin, line):  # type: ignore[no-untyped-def]
    CASES[case.operation.label] += 1
    _timed_call(
        case,
        headers={"Authorization": f"Bearer {admin.token}"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )


@negative.parametrize()
@settings(
    max_examples=NEGATIVE_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_refuses_invalid_data(case, admin, line):  # type: ignore[no-untyped-def]
    CASES["negative " + case.operation.label] += 1
    # A case made invalid in its headers dropped or broke the bearer token: sending the
    # admin's token over it would send a valid request and call its acceptance a failure.
    components = case.meta.components if case.meta is not None else {}
    header_negative = any(
        location == ParameterLocation.HEADER and info.mode.is_negative
        for location, info in components.items()
    )
    _timed_call(
        case,
        headers={} if header_negative else {"Authorization": f"Bearer {admin.token}"},
        checks=[not_a_server_error, negative_data_rejection, content_type_conformance],
    )


@schema.parametrize()
@settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_refuses_missing_and_wrong_tokens(case, admin, line):  # type: ignore[no-untyped-def]
    CASES["auth " + case.operation.label] += 1
    _timed_call(
        case,
        headers={"Authorization": f"Bearer {admin.token}"},
        checks=[not_a_server_error, ignored_auth],
    )


def _fresh_company(engine: Engine) -> str:
    """Empty every table (ids from 1 again) and seed the same company: each call sequence
    starts from one state, so a replayed sequence sees the same answers."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(metadata.sorted_tables):
                connection.execute(table.delete())
    with Session(engine, expire_on_commit=False) as session:
        admin = make_actor(session, role="admin")
        make_line(session)
        return admin.token


def test_api_holds_up_in_call_sequences(engine):  # type: ignore[no-untyped-def]
    token: dict[str, str] = {}

    class Workflow(schema.as_state_machine()):  # type: ignore[misc]
        def setup(self) -> None:
            token["admin"] = _fresh_company(engine)

        def get_call_kwargs(self, case):  # type: ignore[no-untyped-def]
            return {"headers": {"Authorization": f"Bearer {token['admin']}"}}

        def validate_response(self, response, case, **kwargs):  # type: ignore[no-untyped-def]
            CASES["stateful " + case.operation.label] += 1
            case.validate_response(
                response,
                checks=[not_a_server_error, response_schema_conformance],
            )

    Workflow.run(
        settings=settings(
            max_examples=STATEFUL_EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            stateful_step_count=6,
        )
    )
