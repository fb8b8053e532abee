"""Security, round two: bounded bodies, credentials that end with their reason, one email
normalisation, and malformed input answered 4xx with the field named."""

from collections.abc import Iterator

from app.limits import JSON_MAX_BYTES


def _chunks(total: int, size: int = 64_000) -> Iterator[bytes]:
    yield b'{"name": "'
    sent = 0
    while sent < total:
        yield b"x" * size
        sent += size
    yield b'"}'


def test_a_chunked_body_is_refused_at_the_limit_before_authentication(client):
    response = client.post(
        "/api/v1/departments",
        content=_chunks(3_000_000),  # no Content-Length: sent chunked
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == f"Send at most {JSON_MAX_BYTES} bytes."


def test_a_wrong_method_says_which_are_allowed(client, hr):
    response = client.put("/api/v1/departments", json={}, headers=hr.headers)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
