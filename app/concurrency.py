"""Optimistic concurrency for the API: every JSON GET carries an ETag, and a write that sends
If-Match is refused with 409 when the record changed since that ETag was read."""

import hashlib

from fastapi import FastAPI
from fastapi.responses import Response
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import problem

WRITES = {"POST", "PATCH", "PUT", "DELETE"}


def etag_for(body: bytes) -> str:
    return 'W/"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _matches(header: str, current: str) -> bool:
    wanted = [tag.strip() for tag in header.split(",")]
    # Weak comparison (RFC 9110 8.8.3.2): W/ prefixes do not matter.
    return "*" in wanted or current.removeprefix("W/") in [t.removeprefix("W/") for t in wanted]


async def _read_as_caller(scope: Scope) -> tuple[int, bytes]:
    """GET the same path through the whole app, as this caller, and return what they would see."""
    headers = [
        (k, v)
        for k, v in scope["headers"]
        if k not in (b"if-match", b"content-length", b"content-type")
    ]
    get = dict(scope, method="GET", query_string=b"", headers=headers)
    get.pop("state", None)
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    await scope["app"](get, receive, send)
    status = next((m["status"] for m in sent if m["type"] == "http.response.start"), 500)
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body


async def _precondition(scope: Scope, if_match: str) -> Response | None:
    """The refusal of a write whose If-Match does not hold, or None to go ahead."""
    status, body = await _read_as_caller(scope)
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
    return None


def install(app: FastAPI) -> None:
    app.add_middleware(ApiEtags)


class ApiEtags:
    """ETags and If-Match for the API only; other paths (pages, feeds) pass straight through.
    Plain ASGI: a JSON answer to a GET is held until its last chunk, then sent with its tag;
    every other answer passes as it comes."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if_match = Headers(scope=scope).get("if-match")
        if method in WRITES and if_match:
            refused = await _precondition(scope, if_match)
            if refused is not None:
                await refused(scope, receive, send)
                return
        await self.app(scope, receive, _Tagged(send) if method == "GET" else send)


class _Tagged:
    """Sends a 200 JSON answer with its ETag once its whole body is known."""

    def __init__(self, send: Send) -> None:
        self.send = send
        self.start: Message | None = None
        self.chunks: list[bytes] = []

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            content_type = Headers(raw=message["headers"]).get("content-type", "")
            if message["status"] == 200 and content_type.startswith("application/json"):
                self.start = message
                return
        elif message["type"] == "http.response.body" and self.start is not None:
            self.chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(self.chunks)
            headers = MutableHeaders(scope=self.start)
            headers["etag"] = etag_for(body)
            headers["content-length"] = str(len(body))
            await self.send(self.start)
            await self.send({"type": "http.response.body", "body": body, "more_body": False})
            return
        await self.send(message)
