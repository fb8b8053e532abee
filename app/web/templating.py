"""Jinja2 templates and the one render() every page uses."""

from datetime import date
from typing import Any
from urllib.parse import unquote

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from app.assets import TEMPLATES

templates = Jinja2Templates(directory=str(TEMPLATES))
FLASH_COOKIE = "rota_flash"


def _weekday(day: date | str) -> str:
    """ "Mon 07 Dec", from a date or from an ISO date as the reports give it."""
    return (date.fromisoformat(day) if isinstance(day, str) else day).strftime("%a %d %b")


templates.env.filters["day"] = _weekday


def add_globals(**values: Any) -> None:
    """What a domain's pages offer every template (people: is_new_hire; learning: labels)."""
    templates.env.globals.update(values)


def is_page(request: Request) -> bool:
    """Requests that a person's browser makes (not the API, feeds or health checks)."""
    return is_page_path(request.url.path)


def is_page_path(path: str) -> bool:
    return not path.startswith(("/api/", "/calendars/", "/healthz", "/docs", "/static/"))


def render(request: Request, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    viewer = getattr(request.state, "viewer", None)
    flash = unquote(request.cookies.get(FLASH_COOKIE, "")) or None
    response = templates.TemplateResponse(
        request,
        template,
        {"viewer": viewer, "flash": flash, **context},
        status_code=status,
    )
    if flash:
        response.delete_cookie(FLASH_COOKIE, path="/")
    return response


def error_page(request: Request, status: int, title: str, detail: str) -> HTMLResponse:
    return render(request, "error.html", status=status, title=title, detail=detail)
