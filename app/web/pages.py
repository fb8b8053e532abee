"""What every page shares: sign-in redirects and the security headers of each answer."""

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.web.deps import LoginRequired
from app.web.templating import is_page_path

# Pages load only their own scripts and styles; nothing may frame them.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


def install_page_handling(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(_request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(f"/login?next={quote(exc.next_url)}", status_code=303)

    app.add_middleware(SecurityHeaders)


class SecurityHeaders:
    """The security headers of every answer, added as its headers go out (plain ASGI: no
    task or body copy per request, which matters for feeds polled all day)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        page = is_page_path(path)
        private = page or path.startswith(("/api/", "/scim/"))

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "same-origin")
                headers.setdefault("X-Frame-Options", "DENY")
                if page:
                    headers.setdefault("Content-Security-Policy", PAGE_CSP)
                if private:
                    # Answers hold personal data and secrets (tokens, sign-in and feed
                    # links): no browser or proxy keeps them. Feeds and static files set
                    # their own caching.
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, with_headers)
