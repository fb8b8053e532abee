"""What every page shares: sign-in redirects and the security headers of each answer."""

from collections.abc import Awaitable, Callable
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from app.web.deps import LoginRequired
from app.web.templating import is_page

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
