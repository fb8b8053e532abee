"""Single sign-on end to end: Chromium, Rota and a real OpenID provider on loopback."""

import re
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect


def _person(provider: dict[str, Any], sub: str, email: str, groups: list[str]) -> None:
    claims = {"email": email, "email_verified": True, "name": sub, "groups": groups}
    httpx.put(f"{provider['issuer']}/users/{sub}", json=claims).raise_for_status()


def _sign_in_as(page: Any, sub: str) -> None:
    page.goto("/login")
    page.get_by_role("link", name="Sign in with Example SSO").click()
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()


def test_an_employee_signs_in_and_gets_their_login(page, server, provider) -> None:
    _person(provider, "sso-sales1", "sales1@example.com", [])
    _sign_in_as(page, "sso-sales1")
    expect(page).to_have_url(re.compile(r"/me$"))
    expect(page.get_by_role("heading", name="My rotation")).to_be_visible()
    expect(page.locator(".who")).to_have_text("Sales Person1")


def test_the_hr_group_gives_the_hr_role(page, server, provider) -> None:
    _person(provider, "sso-sales2", "sales2@example.com", ["rota-hr", "everyone"])
    _sign_in_as(page, "sso-sales2")
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()


def test_an_unknown_email_is_refused_with_a_clear_page(page, server, provider) -> None:
    _person(provider, "sso-stranger", "stranger@elsewhere.example", [])
    _sign_in_as(page, "sso-stranger")
    expect(page.get_by_role("alert")).to_contain_text(
        "There is no employee with the email stranger@elsewhere.example in Rota."
    )
    assert "rota_session" not in {c["name"] for c in page.context.cookies(server["base"])}


# A token for another client names it in aud; Authlib refuses it as lacking an authorized
# party (azp) for Rota, which OpenID Connect requires when Rota is not the audience.
@pytest.mark.parametrize(
    ("mode", "claim"), [("issuer", "iss"), ("audience", "azp"), ("nonce", "nonce")]
)
def test_a_token_for_another_issuer_audience_or_nonce_is_refused(
    page, server, provider, mode, claim
) -> None:
    _person(provider, "sso-sales3", "sales3@example.com", [])
    provider["tamper"].mode = mode
    _sign_in_as(page, "sso-sales3")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("failed its checks")
    expect(alert).to_contain_text(f"'{claim}'")
    assert "rota_session" not in {c["name"] for c in page.context.cookies(server["base"])}
