"""Who a verified identity signs in as, and the settings around it (the flow itself runs
against a real provider in tests/browser/test_single_sign_on.py)."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.auth.models import User
from app.auth.service import hash_password
from app.config import get_settings
from app.identity.logins import Identity, SignInRefused, sign_in_identity
from app.identity.oidc import identity_from
from tests.factories import make_employee


@pytest.fixture
def sso(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ROTA_OIDC_ISSUER", "https://idp.example.com")
    monkeypatch.setenv("ROTA_OIDC_CLIENT_ID", "rota")
    monkeypatch.setenv("ROTA_OIDC_HR_GROUPS", "hr-team")
    monkeypatch.setenv("ROTA_OIDC_ADMIN_GROUPS", "it-admins")
    monkeypatch.setenv("ROTA_OIDC_ALLOWED_DOMAINS", "example.com")
    get_settings.cache_clear()
    yield get_settings()
    monkeypatch.undo()
    get_settings.cache_clear()


def _who(email: str, sub: str = "sub-1", groups: frozenset[str] = frozenset(), verified=True):
    return Identity(subject=sub, email=email, email_verified=verified, name="", groups=groups)


def test_claims_are_read_leniently_where_providers_differ(sso) -> None:
    claims = {"sub": 7, "email": "a@example.com", "email_verified": "true", "groups": "hr-team"}
    found = identity_from(claims, sso)
    assert found == Identity("7", "a@example.com", True, "", frozenset({"hr-team"}))


def test_first_sign_in_makes_the_login_and_groups_give_the_role(session: Session, sso) -> None:
    person = make_employee(session, email="ana@example.com")
    user = sign_in_identity(session, _who("Ana@Example.com", groups=frozenset({"it-admins"})))
    assert (user.employee_id, user.role, user.oidc_subject) == (person.id, "admin", "sub-1")
    # The directory drops her from the admin group: the next sign-in makes her an employee.
    again = sign_in_identity(session, _who("ana.renamed@example.com"))
    assert (again.id, again.role) == (user.id, "employee")
    assert len(session.exec(select(User)).all()) == 1


@pytest.mark.parametrize(
    ("identity", "reason"),
    [
        (_who("ana@example.com", verified=False), "did not vouch for your email"),
        (_who("ana@elsewhere.org"), "Accounts of elsewhere.org cannot sign in here."),
        (_who("nobody@example.com"), "There is no employee with the email nobody@example.com"),
    ],
)
def test_sign_in_is_refused_with_the_reason(session: Session, sso, identity, reason) -> None:
    make_employee(session, email="ana@example.com")
    with pytest.raises(SignInRefused) as refused:
        sign_in_identity(session, identity)
    assert reason in refused.value.detail


def test_a_leaver_cannot_sign_in(session: Session, sso) -> None:
    make_employee(session, email="leo@example.com", active=False)
    with pytest.raises(SignInRefused) as refused:
        sign_in_identity(session, _who("leo@example.com"))
    assert refused.value.detail == "Your access to Rota has ended. Ask HR if this is a mistake."


def test_password_sign_in_can_be_turned_off(
    client: TestClient, session: Session, hr, monkeypatch
) -> None:
    hr.user.password_hash = hash_password("hr-password-2027")
    session.add(hr.user)
    session.commit()
    monkeypatch.setenv("ROTA_PASSWORD_LOGIN", "false")
    get_settings.cache_clear()
    try:
        page = client.get("/login")
        assert 'name="password"' not in page.text
        refused = client.post(
            "/login",
            data={"email": hr.user.email, "password": "hr-password-2027", "csrf_token": "x"},
            follow_redirects=False,
        )
        assert refused.status_code == 403
        assert "Password sign-in is turned off here." in refused.text
        assert client.get("/login/oidc").status_code == 404
    finally:
        monkeypatch.delenv("ROTA_PASSWORD_LOGIN")
        get_settings.cache_clear()
    assert re.search(r'name="password"', client.get("/login").text)
