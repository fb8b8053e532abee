"""Web: sign in, sign out, and the start page for each role."""

import secrets
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.auth import sessions
from app.config import get_settings
from app.db import SessionDep
from app.errors import AppError
from app.web.deps import FormViewer, redirect
from app.web.templating import render

router = APIRouter(include_in_schema=False)
LOGIN_CSRF = "rota_login_csrf"


def safe_next(target: str | None) -> str:
    """Only same-site paths, so the login form cannot bounce people to another site."""
    # Browsers read a backslash as a slash, so "/\\evil" would leave the site too.
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else "/"


def login_csrf(request: Request) -> str:
    """The token the sign-in forms carry before anyone is signed in (login CSRF): a cookie
    set with the form, echoed by the form, compared on submit."""
    return request.cookies.get(LOGIN_CSRF) or secrets.token_urlsafe(16)


def with_login_csrf(response: HTMLResponse, token: str) -> HTMLResponse:
    response.set_cookie(
        LOGIN_CSRF,
        token,
        httponly=True,
        samesite="strict",
        secure=get_settings().cookies_secure,
        path="/login",
    )
    return response


def login_csrf_ok(request: Request, submitted: str) -> bool:
    expected = request.cookies.get(LOGIN_CSRF, "")
    return bool(expected) and secrets.compare_digest(expected, submitted)


def _login_page(request: Request, status: int = 200, **context: object) -> HTMLResponse:
    token = login_csrf(request)
    settings = get_settings()
    context.setdefault("errors", {})
    context.setdefault("email", "")
    context.setdefault("message", "")
    context["provider"] = settings.oidc_name if settings.oidc_enabled else ""
    context["password_login"] = settings.password_login
    response = render(request, "auth/login.html", status=status, login_csrf=token, **context)
    return with_login_csrf(response, token)


@router.get("/login")
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return _login_page(request, next=safe_next(next))


@router.post("/login")
def login(
    request: Request,
    session: SessionDep,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=500)] = "/",
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    target = safe_next(next)
    if not get_settings().password_login:
        return _login_page(
            request, 403, next=target, message="Password sign-in is turned off here."
        )
    if not login_csrf_ok(request, csrf_token):
        return _login_page(
            request, 403, next=target, email=email, message="The form expired; try again."
        )
    client = request.client.host if request.client else "unknown"
    try:
        _user, token = sessions.login(
            session=session, email=email, password=password, client=client
        )
    except AppError as exc:
        # The failed attempt is recorded even though the page reports an error.
        session.commit()
        return _login_page(
            request, exc.status, next=target, email=email, errors={"password": exc.detail}
        )
    return signed_in(token, target)


def signed_in(token: str, target: str, flash: str | None = None) -> RedirectResponse:
    """The answer to any successful sign-in: the session cookie, then the page asked for."""
    response = redirect(target, flash)
    response.set_cookie(
        sessions.COOKIE,
        token,
        max_age=sessions.SESSION_DAYS * 86400,
        httponly=True,
        samesite="lax",
        secure=get_settings().cookies_secure,
        path="/",
    )
    response.delete_cookie(LOGIN_CSRF, path="/login")
    return response


@router.post("/logout")
def logout(request: Request, session: SessionDep, _viewer: FormViewer) -> Response:
    sessions.logout(session=session, token=request.cookies.get(sessions.COOKIE))
    response = redirect("/login", "You are signed out.")
    response.delete_cookie(sessions.COOKIE, path="/")
    return response


@router.get("/")
def start(request: Request, session: SessionDep) -> Response:
    found = sessions.resolve(session=session, token=request.cookies.get(sessions.COOKIE))
    if found is None:
        return RedirectResponse("/login", status_code=303)
    user, _ = found
    return RedirectResponse("/dashboard" if user.role in ("hr", "admin") else "/me", 303)
