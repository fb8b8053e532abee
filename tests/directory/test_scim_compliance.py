"""scim2-tester's compliance checks against /scim/v2 over real HTTP: every one passes."""

from collections import Counter

import httpx2
import pytest
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server

pytestmark = pytest.mark.slow  # scim2-tester against a served Rota


def test_every_compliance_check_passes(live_base: str, scim_token: str) -> None:
    http = httpx2.Client(
        base_url=f"{live_base}/scim/v2/", headers={"Authorization": f"Bearer {scim_token}"}
    )
    results = check_server(SyncSCIMClient(http))
    counts = Counter(result.status.name for result in results)
    failed = [
        f"{r.title} [{r.resource_type}]: {r.reason}"
        for r in results
        if r.status not in (Status.SUCCESS, Status.SKIPPED)
    ]
    print(dict(counts))
    assert failed == []
    assert counts["SUCCESS"] >= 40
