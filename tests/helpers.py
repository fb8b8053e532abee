"""Helpers the tests of several domains share."""

import re
from typing import Any

from fastapi.testclient import TestClient


def login_form_token(client: TestClient) -> str:
    """The token the sign-in forms carry (the client keeps its cookie)."""
    page = client.get("/login").text
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None, "the sign-in form carries no csrf_token"
    return found.group(1)


def publish(client: TestClient, hr: Any, schedule_id: int, **params: str) -> dict[str, Any]:
    """Publish through the API and return the finished publish job (the test queue runs it
    before the answer)."""
    queued = client.post(
        f"/api/v1/schedules/{schedule_id}/publish", params=params, headers=hr.headers
    )
    assert queued.status_code == 202, queued.text
    assert queued.json()["kind"] == "publish"
    job = client.get(f"/api/v1/jobs/{queued.json()['id']}", headers=hr.headers).json()
    assert job["status"] == "succeeded", job
    return job
