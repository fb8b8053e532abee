"""Request size limits, enforced by Starlette's body limit as the body streams in (chunked or
not, before parsing or authentication): JSON and forms app-wide, uploads on their routes."""

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from app.config import get_settings
from app.errors import problem

JSON_MAX_BYTES = 1_000_000  # the largest JSON or form a client sends is far below this
FRAMING = 64_000  # room for multipart boundaries and headers around an upload


def upload_body_max() -> int:
    """The body limit of a route that takes a file (its content keeps its own limit too)."""
    return get_settings().upload_max_bytes + FRAMING


# Routes that stream large files to disk, with their own (larger) limit.
LARGE_UPLOADS = ("/api/v1/contacts/import", "/demand/import")


def large_upload_max() -> int:
    return get_settings().contacts_upload_max_bytes + FRAMING


UPLOAD_TYPES = ("multipart/form-data", "text/csv", "text/calendar", "application/octet-stream")


class DeclaredLengthLimit:
    """A body whose Content-Length already says it is too large is refused before a byte is
    read, as problem+json (Starlette's own refusal of it is plain text). Bodies without a
    length, or that lie about it, are cut off by the streaming limit."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = Headers(scope=scope)
            length = headers.get("content-length", "")
            upload = headers.get("content-type", "").lower().startswith(UPLOAD_TYPES)
            limit = upload_body_max() if upload else JSON_MAX_BYTES
            if scope["path"] in LARGE_UPLOADS:
                limit = large_upload_max()
            if length.isascii() and length.isdigit() and int(length) > limit:
                response = problem(413, "Payload too large", too_large(limit))
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def too_large(limit: int) -> str:
    return f"Send at most {limit} bytes."
