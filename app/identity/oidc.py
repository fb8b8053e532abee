"""Single sign-on over OpenID Connect, through Authlib: discovery from the issuer, the
authorization code flow with PKCE, state and nonce, and ID token checks (signature, issuer,
audience, nonce, expiry). Rota adds only what to read from the verified claims."""

from functools import lru_cache
from typing import Any

from authlib.integrations.starlette_client import OAuth, OAuthError, StarletteOAuth2App
from fastapi import Request
from fastapi.responses import RedirectResponse
from httpx import HTTPError
from joserfc.errors import JoseError

from app.config import Settings, get_settings
from app.identity.logins import Identity

STATE_COOKIE = "rota_oidc"  # holds state, nonce and PKCE verifier between the two legs


class SignInFailed(Exception):
    """The provider's answer could not be trusted or used; the message is for the person."""


@lru_cache
def _client(issuer: str, client_id: str) -> StarletteOAuth2App:
    settings = get_settings()
    oauth = OAuth()
    return oauth.register(
        "rota",
        client_id=client_id,
        client_secret=settings.oidc_client_secret or None,
        server_metadata_url=issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": settings.oidc_scopes, "code_challenge_method": "S256"},
    )


def client(settings: Settings) -> StarletteOAuth2App:
    return _client(settings.oidc_issuer, settings.oidc_client_id)


async def start(request: Request) -> RedirectResponse:
    """Send the browser to the provider; Authlib keeps state, nonce and verifier."""
    settings = get_settings()
    try:
        return await client(settings).authorize_redirect(request, settings.oidc_redirect_uri)
    except (HTTPError, OAuthError, ValueError) as exc:
        raise SignInFailed(
            f"{settings.oidc_name} could not be reached ({exc}). Try again in a minute."
        ) from exc


async def finish(request: Request) -> Identity:
    """Check the provider's answer and return who signed in."""
    settings = get_settings()
    try:
        token = await client(settings).authorize_access_token(
            request,
            # The configured issuer, not only whatever the discovery document claims.
            claims_options={"iss": {"essential": True, "value": settings.oidc_issuer}},
        )
    except OAuthError as exc:
        raise SignInFailed(_explain(exc)) from exc
    except JoseError as exc:
        raise SignInFailed(
            f"The sign-in token from {settings.oidc_name} failed its checks ({exc.error}: "
            f"{exc.description or 'rejected'}); nobody was signed in."
        ) from exc
    except HTTPError as exc:
        raise SignInFailed(f"{settings.oidc_name} could not be reached ({exc}).") from exc
    claims: dict[str, Any] = dict(token.get("userinfo") or {})
    if not claims.get("sub"):
        raise SignInFailed(f"{settings.oidc_name} sent no ID token; nobody was signed in.")
    return identity_from(claims, settings)


def identity_from(claims: dict[str, Any], settings: Settings) -> Identity:
    groups = claims.get(settings.oidc_groups_claim) or []
    if isinstance(groups, str):
        groups = [groups]
    verified = claims.get("email_verified")
    return Identity(
        subject=str(claims["sub"]),
        email=str(claims.get("email") or ""),
        # Some providers send "true" as a string.
        email_verified=verified is True or str(verified).lower() == "true",
        name=str(claims.get("name") or ""),
        groups=frozenset(str(g) for g in groups),
    )


def _explain(exc: OAuthError) -> str:
    if exc.error == "mismatching_state":
        return (
            "This sign-in was started in another tab or too long ago (its state does not "
            "match). Start again."
        )
    if exc.error == "access_denied":
        return "Sign-in was cancelled at the identity provider."
    return f"The identity provider refused the sign-in ({exc.error}: {exc.description})."
