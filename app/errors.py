"""Domain errors carry their HTTP status; app.error_handlers answers them (RFC 9457)."""

from typing import Any

from fastapi.responses import JSONResponse
from pydantic import BaseModel

PROBLEM = "application/problem+json"


class AppError(Exception):
    status = 400
    title = "Bad request"

    def __init__(
        self, detail: str, *, field: str | None = None, errors: list[dict[str, Any]] | None = None
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or ([{"field": field, "message": detail}] if field else [])


class NotFound(AppError):
    status = 404
    title = "Not found"


class Conflict(AppError):
    status = 409
    title = "Conflict"


class Invalid(AppError):
    status = 422
    title = "Invalid input"


class Unauthorized(AppError):
    status = 401
    title = "Not authenticated"


class Forbidden(AppError):
    status = 403
    title = "Forbidden"


class TooLarge(AppError):
    status = 413
    title = "Payload too large"


class FieldError(BaseModel):
    field: str
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details, with the fields at fault."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[FieldError] = []


def _documented(status: int, description: str) -> dict[str, Any]:
    return {
        "model": Problem,
        "description": description,
        "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


# Every API route may answer with these; documenting them keeps the schema honest.
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: _documented(401, "No valid bearer token"),
    403: _documented(403, "The token's role may not do this"),
    404: _documented(404, "No such resource"),
    409: _documented(409, "Conflicts with the current state"),
    412: _documented(412, "If-Match sent where there is nothing to compare"),
    413: _documented(413, "Upload too large"),
    422: _documented(422, "Invalid input, with the fields at fault"),
    429: _documented(429, "Too many requests"),
}


def problem(
    status: int,
    title: str,
    detail: str,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    body["detail"] = detail
    if errors:
        body["errors"] = errors
    headers = dict(headers or {})
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)
