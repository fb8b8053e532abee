"""Web: the other ways in. Single sign-on (GET /login/oidc starts it, the provider returns to
/login/oidc/callback) and one-time sign-in links from invitations."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from app.auth import sessions
from app.config import get_settings
from app.db import SessionDep
from app.errors import AppError
from app.identity import invitations, oidc
from app.identity.logins import Identity, SignInRefused, sign_in_identity
from app.identity.pages import login_csrf, login_csrf_ok, safe_next, signed_in, with_login_csrf
from app.people.models import Employee
from app.web.templating import render

router = APIRouter(include_in_schema=False)


def _refused(request: Request, message: str, status: int = 403) -> HTMLResponse:
    settings = get_settings()
    return render(
        request,
        "auth/refused.html",
        status=status,
        message=message,
        provider=settings.oidc_name if settings.oidc_enabled else "",
        password_login=settings.password_login,
    )


@router.get("/login/oidc")
async def oidc_start(request: Request) -> Response:
    if not get_settings().oidc_enabled:
        return _refused(request, "Single sign-on is not set up on this Rota.", 404)
    request.session["next"] = safe_next(request.query_params.get("next"))
    try:
        return await oidc.start(request)
    except oidc.SignInFailed as exc:
        return _refused(request, str(exc), 502)


async def provider_answer(request: Request) -> Identity | oidc.SignInFailed | None:
    """The provider's answer, fetched before the handler runs: the network wait stays async
    and the handler's database work runs in the thread pool. None when SSO is off."""
    if not get_settings().oidc_enabled:
        return None
    try:
        return await oidc.finish(request)
    except oidc.SignInFailed as exc:
        return exc


ProviderAnswer = Annotated[Identity | oidc.SignInFailed | None, Depends(provider_answer)]


@router.get("/login/oidc/callback")
def oidc_callback(request: Request, answer: ProviderAnswer, session: SessionDep) -> Response:
    if answer is None:
        return _refused(request, "Single sign-on is not set up on this Rota.", 404)
    if isinstance(answer, oidc.SignInFailed):
        return _refused(request, str(answer))
    try:
        user = sign_in_identity(session, answer)
    except SignInRefused as exc:
        return _refused(request, exc.detail)
    target = safe_next(request.session.pop("next", "/"))
    return signed_in(sessions.open_session(session=session, user=user), target)


@router.get("/login/link/{token}")
def link_form(request: Request, token: str, session: SessionDep) -> HTMLResponse:
    # Opening the link signs nobody in: mail scanners fetch links, people press the button.
    client = request.client.host if request.client else "unknown"
    try:
        _link, employee = invitations.pending(session, token, client)
    except AppError as exc:
        session.commit()  # the failure counts towards the throttle
        return _refused(request, exc.detail, exc.status)
    return _link_page(request, token, employee, {})


def _link_page(
    request: Request, token: str, employee: Employee, errors: dict[str, str], status: int = 200
) -> HTMLResponse:
    csrf = login_csrf(request)
    page = render(
        request,
        "auth/link.html",
        status=status,
        token=token,
        employee=employee,
        errors=errors,
        login_csrf=csrf,
    )
    return with_login_csrf(page, csrf)


@router.post("/login/link/{token}")
def link_sign_in(
    request: Request,
    token: str,
    session: SessionDep,
    password: Annotated[str, Form(max_length=200)] = "",
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    client = request.client.host if request.client else "unknown"
    if not login_csrf_ok(request, csrf_token):
        # Another site posting the link would sign this browser in as someone else.
        return _refused(request, "The form expired; open the link again.")
    try:
        user, cookie = invitations.redeem(session, token, client, password or None)
    except SignInRefused as exc:
        return _refused(request, exc.detail)
    except AppError as exc:
        if exc.errors and exc.errors[0].get("field") == "password":
            _link, employee = invitations.pending(session, token, client)
            return _link_page(request, token, employee, {"password": exc.detail}, exc.status)
        session.commit()
        return _refused(request, exc.detail, exc.status)
    return signed_in(cookie, "/", "Welcome to Rota." if user.password_hash else None)
