"""Request size limits: a JSON body larger than any form needs is refused before it is read."""

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.responses import Response

from app.config import get_settings
from app.errors import problem

JSON_MAX_BYTES = 1_000_000  # the largest JSON a client sends is far below this


def install(app: FastAPI) -> None:
    @app.middleware("http")
    async def body_limit(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        length = request.headers.get("content-length")
        if length is not None and length.isdigit():
            upload = request.headers.get("content-type", "").startswith(
                ("multipart/form-data", "text/csv", "text/calendar", "application/octet-stream")
            )
            limit = get_settings().upload_max_bytes if upload else JSON_MAX_BYTES
            if int(length) > limit + 64_000:  # room for multipart framing
                return problem(413, "Payload too large", f"Send at most {limit} bytes.")
        return await call_next(request)
