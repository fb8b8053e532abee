"""Wires the web pages: every domain's page router, static files, sign-in redirects, headers."""

from collections.abc import Awaitable, Callable
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from app.auth.access_pages import router as access_pages
from app.auth.pages import router as auth_pages
from app.auth.sign_in_pages import router as sign_in_pages
from app.coverage.pages import router as coverage_pages
from app.demand.forecast_pages import router as forecast_pages
from app.demand.pages import router as demand_pages
from app.learning.pages import router as learning_pages
from app.notifications.pages import router as notification_pages
from app.people.pages import router as people_pages
from app.people.time_off_pages import router as time_off_pages
from app.rules.pages import router as rules_pages
from app.schedules.gap_pages import router as gap_pages
from app.schedules.grid_pages import router as grid_pages
from app.schedules.pages import router as schedule_pages
from app.schedules.swap_pages import router as swap_pages
from app.schedules.timeline_pages import router as timeline_pages
from app.staffing.pages import router as staffing_pages
from app.web.deps import LoginRequired
from app.web.me import router as me_pages
from app.web.templating import is_page

PAGES = [
    auth_pages,
    sign_in_pages,
    access_pages,
    people_pages,
    time_off_pages,
    coverage_pages,
    demand_pages,
    forecast_pages,
    staffing_pages,
    rules_pages,
    schedule_pages,
    gap_pages,
    grid_pages,
    swap_pages,
    timeline_pages,
    learning_pages,
    notification_pages,
    me_pages,
]

# Pages load only their own scripts and styles; nothing may frame them.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


def install_page_handling(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(_request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(f"/login?next={quote(exc.next_url)}", status_code=303)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        if is_page(request):
            headers.setdefault("Content-Security-Policy", PAGE_CSP)
        if is_page(request) or request.url.path.startswith(("/api/", "/scim/")):
            # Answers hold personal data and secrets (tokens, sign-in and feed links): no
            # browser or proxy keeps them. Feeds and static files set their own caching.
            headers.setdefault("Cache-Control", "no-store")
        return response
