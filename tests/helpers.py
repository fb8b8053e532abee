"""Helpers the tests of several domains share."""

import re

from fastapi.testclient import TestClient


def login_form_token(client: TestClient) -> str:
    """The token the sign-in forms carry (the client keeps its cookie)."""
    page = client.get("/login").text
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None, "the sign-in form carries no csrf_token"
    return found.group(1)
