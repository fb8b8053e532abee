"""Schemathesis over the OpenAPI schema with an admin token: no 5xx, no response that
contradicts the schema. The number of generated cases is written to test-artifacts/."""

import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from app.main import create_app
from tests.factories import make_line

CASES: Counter[str] = Counter()
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
    summary = {"operations": len(CASES), "cases": sum(CASES.values()), "by_operation": CASES}
    (out / "schemathesis.json").write_text(json.dumps(summary, indent=1, sort_keys=True))


# Reading the schema touches no database; requests run once the test database is set up.
APP = create_app()
schema = schemathesis.openapi.from_dict(APP.openapi())
schema.app = APP


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_holds_its_schema(case, admin, line):  # type: ignore[no-untyped-def]
    CASES[case.operation.label] += 1
    case.call_and_validate(
        headers={"Authorization": f"Bearer {admin.token}"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )
