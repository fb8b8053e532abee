"""Every error becomes one answer: problem+json for the API, an HTML page for a browser.
Wired once by create_app(); it sits above the domains and the page templates it uses."""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.exc import DataError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.body_limit import MAX_BODY_SIZE_SCOPE_KEY
from starlette.routing import Match

from app.errors import AppError, problem
from app.scim import errors as scim
from app.web.templating import error_page, is_page


def _field_path(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header"}:
        parts = parts[1:] if len(parts) > 1 else parts
    return ".".join(parts)


def install_error_handlers(app: FastAPI) -> None:
    """problem+json for the API; the same errors as an HTML page for a person's browser."""

    @app.exception_handler(scim.ScimError)
    async def scim_error(_request: Request, exc: scim.ScimError) -> Response:
        return scim.response(exc)

    @app.exception_handler(AppError)
    async def app_error(request: Request, exc: AppError) -> Response:
        return _answer(request, exc.status, exc.title, exc.detail, errors=exc.errors)

    @app.exception_handler(RequestValidationError)
    # A model a handler builds from what was sent (a form's values, say) refused them: the
    # same bad input, answered the same way, never a 500.
    @app.exception_handler(ValidationError)
    async def validation_error(
        request: Request, exc: RequestValidationError | ValidationError
    ) -> Response:
        errors = [
            {"field": _field_path(tuple(e.get("loc", ()))), "message": e.get("msg", "invalid")}
            for e in exc.errors()
        ]
        fields = ", ".join(e["field"] for e in errors if e["field"]) or "the request"
        return _answer(
            request,
            422,
            "Invalid input",
            f"Please correct: {fields}.",
            errors=errors,
            scim_status=400,
            scim_type="invalidValue",
        )

    @app.exception_handler(OverflowError)
    @app.exception_handler(DataError)
    async def out_of_range(request: Request, _exc: Exception) -> Response:
        # An id or number beyond what the database stores (2**63 and up): bad input, not a 500.
        detail = "A number in the request is out of range."
        return _answer(
            request, 422, "Invalid input", detail, scim_status=400, scim_type="invalidValue"
        )

    @app.exception_handler(IntegrityError)
    async def still_referenced(request: Request, _exc: Exception) -> Response:
        # A safety net: services check references first, the database has the last word.
        detail = "Other records still refer to this one, or it already exists."
        return _answer(request, 409, "Conflict", detail, scim_type="uniqueness")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        title = {404: "Not found", 405: "Method not allowed", 413: "Payload too large"}.get(
            exc.status_code, "Error"
        )
        headers = dict(exc.headers or {})
        detail = str(exc.detail)
        if exc.status_code == 405:  # a 405 names every method the path answers (Allow)
            headers["Allow"] = ", ".join(allowed_methods(request))
        if exc.status_code == 413 and MAX_BODY_SIZE_SCOPE_KEY in request.scope:
            detail = f"Send at most {request.scope[MAX_BODY_SIZE_SCOPE_KEY]} bytes."
        return _answer(request, exc.status_code, title, detail, headers=headers)


def _answer(
    request: Request,
    status: int,
    title: str,
    detail: str,
    *,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
    scim_status: int | None = None,
    scim_type: str | None = None,
) -> Response:
    """The one place that picks the form of an error: SCIM's for /scim/, a page for a
    browser, problem+json for the API."""
    if _is_scim(request):
        answer: Response = scim.response(scim.ScimError(scim_status or status, detail, scim_type))
    elif is_page(request):
        answer = error_page(request, status, title, detail)
    else:
        return problem(status, title, detail, errors, headers=headers)
    answer.headers.update(headers or {})
    return answer


def _is_scim(request: Request) -> bool:
    return request.url.path.startswith("/scim/")


def allowed_methods(request: Request) -> list[str]:
    """Starlette's 405 names only the first route on the path; a path has one per method, so
    ask the router which methods would match it."""
    routes = request.app.router.routes
    allowed = [
        method
        for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
        if any(r.matches({**request.scope, "method": method})[0] == Match.FULL for r in routes)
    ]
    return allowed
