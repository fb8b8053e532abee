"""Optimistic concurrency for the API: every JSON GET carries an ETag, and a write that sends
If-Match is refused with 409 when the record changed since that ETag was read."""

import hashlib
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import problem

WRITES = {"POST", "PATCH", "PUT", "DELETE"}


def etag_for(body: bytes) -> str:
    return 'W/"' + hashlib.sha256(body).hexdigest()[:32] + '"'


async def _body(response: Response) -> bytes:
    chunks = [chunk async for chunk in response.body_iterator]  # type: ignore[attr-defined]
    return b"".join(c if isinstance(c, bytes) else c.encode() for c in chunks)


def _matches(header: str, current: str) -> bool:
    wanted = [tag.strip() for tag in header.split(",")]
    # Weak comparison (RFC 9110 8.8.3.2): W/ prefixes do not matter.
    return "*" in wanted or current.removeprefix("W/") in [t.removeprefix("W/") for t in wanted]


async def _read_as_caller(request: Request) -> tuple[int, bytes]:
    """GET the same path through the whole app, as this caller, and return what they would see."""
    headers = [
        (k, v)
        for k, v in request.scope["headers"]
        if k not in (b"if-match", b"content-length", b"content-type")
    ]
    scope = dict(request.scope, method="GET", query_string=b"", headers=headers)
    scope.pop("state", None)
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    await request.app(scope, receive, send)
    status = next((m["status"] for m in sent if m["type"] == "http.response.start"), 500)
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body


def install(app: FastAPI) -> None:
    app.add_middleware(ApiEtags)


class ApiEtags:
    """ETags and If-Match for the API only: other paths (pages, feeds) pass straight
    through, without the request-as-a-task machinery the API's checks need."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.api = BaseHTTPMiddleware(app, dispatch=_etags)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/api/"):
            await self.api(scope, receive, send)
        else:
            await self.app(scope, receive, send)


async def _etags(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    if_match = request.headers.get("if-match")
    if request.method in WRITES and if_match:
        status, body = await _read_as_caller(request)
        if status != 200:
            # Nothing at this address has an ETag, so no If-Match can hold (RFC 9110 13.1.1):
            # refusing beats silently writing past the client's precondition.
            return problem(
                412,
                "Precondition failed",
                "If-Match needs a record to compare with, and this address has none to "
                "read. Send If-Match on the record's own address, or leave it out.",
                [{"field": "If-Match", "message": "no current representation"}],
            )
        tag = etag_for(body)
        if not _matches(if_match, tag):
            return problem(
                409,
                "Conflict",
                "This record changed since you read it. Reload it and apply your change again.",
                [{"field": "If-Match", "message": f"the record is now at {tag}"}],
            )
    response = await call_next(request)
    if (
        request.method == "GET"
        and response.status_code == 200
        and response.headers.get("content-type", "").startswith("application/json")
    ):
        body = await _body(response)
        tag = etag_for(body)
        headers = dict(response.headers)
        headers["etag"] = tag
        headers.pop("content-length", None)
        return Response(body, status_code=200, headers=headers)
    return response
