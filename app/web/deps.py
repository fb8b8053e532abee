"""The signed-in viewer of a page, role checks, and CSRF on every form."""

from dataclasses import dataclass, field
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData

from app import audit
from app.auth import sessions
from app.auth.deps import is_hr
from app.auth.models import User, WebSession
from app.config import get_settings
from app.db import SessionDep
from app.errors import Forbidden
from app.web import chrome
from app.web.templating import FLASH_COOKIE


class LoginRequired(Exception):
    def __init__(self, next_url: str) -> None:
        self.next_url = next_url


@dataclass
class Viewer:
    """The signed-in person. What pages show is copied out at sign-in, so an error page can
    still render after the request's transaction has been rolled back."""

    user: User
    web_session: WebSession
    name: str = ""
    employee_id: int | None = None
    is_hr: bool = False
    csrf: str = ""
    counts: dict[str, int] = field(default_factory=dict)  # for the menu: app/web/chrome.py

    def __post_init__(self) -> None:
        self.name = self.user.name or self.user.email
        self.employee_id = self.user.employee_id
        self.is_hr = is_hr(self.user)
        self.csrf = sessions.csrf_token(self.web_session)


def viewer(request: Request, session: SessionDep) -> Viewer:
    found = sessions.resolve(session=session, token=request.cookies.get(sessions.COOKIE))
    if found is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target)
    current = Viewer(*found)
    audit.act_as(session, audit.actor_of(current.user.id))
    current.counts = chrome.counts(session, current.user)
    request.state.viewer = current
    return current


def hr_viewer(current: Annotated[Viewer, Depends(viewer)]) -> Viewer:
    if not current.is_hr:
        raise Forbidden("This page is for HR.")
    return current


async def csrf_checked(request: Request, current: Annotated[Viewer, Depends(viewer)]) -> Viewer:
    """Every form POST carries the session's CSRF token; a forged form is refused."""
    form = await request.form()
    token = form.get("csrf_token")
    if not sessions.csrf_valid(current.web_session, token if isinstance(token, str) else None):
        raise Forbidden("This form has expired or did not come from Rota. Reload and try again.")
    return current


async def hr_csrf_checked(current: Annotated[Viewer, Depends(csrf_checked)]) -> Viewer:
    if not current.is_hr:
        raise Forbidden("This page is for HR.")
    return current


async def posted_form(request: Request) -> FormData:
    """The posted form, read before the handler runs: handlers stay plain functions that run
    in the thread pool, so their database work never holds up the event loop."""
    return await request.form()


PostedForm = Annotated[FormData, Depends(posted_form)]
PageViewer = Annotated[Viewer, Depends(viewer)]
HRPage = Annotated[Viewer, Depends(hr_viewer)]
FormViewer = Annotated[Viewer, Depends(csrf_checked)]
HRForm = Annotated[Viewer, Depends(hr_csrf_checked)]


def redirect(url: str, flash: str | None = None) -> RedirectResponse:
    """After a successful POST: see-other to the next page, with a one-time message."""
    response = RedirectResponse(url, status_code=303)
    if flash:
        response.set_cookie(
            FLASH_COOKIE,
            quote(flash[:200]),
            path="/",
            httponly=True,
            samesite="lax",
            secure=get_settings().cookies_secure,
        )
    return response
