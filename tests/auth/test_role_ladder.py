"""Nobody climbs a role. A Hypothesis state machine plays an HR user with the directory's
SCIM token and an account of their own at the identity provider: it creates and edits
employees, provisions, replaces and patches them over SCIM, issues, lists and opens sign-in
links, and signs in with single sign-on against a real OpenID provider on loopback. After
every step, no session or token the attacker holds may carry more than the HR role, and the
admin's password stays theirs."""

import re
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.auth import scim_tokens, sessions
from app.auth.ladder import rank
from app.auth.models import ApiToken, User
from app.auth.service import hash_password, verify_password
from app.config import get_settings
from app.main import create_app
from app.models import metadata
from tests.browser import identity_provider as idp
from tests.factories import make_actor, make_department, make_employee
from tests.helpers import login_form_token

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
BOSS, PEER, MALLORY = "boss@example.com", "peer@example.com", "mallory@example.com"
BOSS_PASSWORD = "boss-password-2027"
# Emails the attacker may type; the last two are also accounts of theirs at the provider.
EMAILS = [BOSS, PEER, "newcomer@example.com", MALLORY, "mallory.alt@example.com"]
OWN_AT_PROVIDER = [MALLORY, "mallory.alt@example.com"]


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    with idp.running() as (issuer, _tamper):
        yield issuer


@pytest.fixture
def sso_settings(provider: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("ROTA_OIDC_ISSUER", provider)
    monkeypatch.setenv("ROTA_OIDC_CLIENT_ID", idp.CLIENT_ID)
    monkeypatch.setenv("ROTA_OIDC_CLIENT_SECRET", idp.CLIENT_SECRET)
    monkeypatch.setenv("ROTA_OIDC_HR_GROUPS", "rota-hr")
    monkeypatch.setenv("ROTA_OIDC_ADMIN_GROUPS", "rota-admins")
    # New hires get a link even with single sign-on on: the path an attacker would use.
    monkeypatch.setenv("ROTA_INVITE_NEW_HIRES", "true")
    get_settings.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


def _scim_user(email: str, department: str = "Sales") -> dict[str, Any]:
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
        "userName": email,
        "emails": [{"value": email, "type": "work", "primary": True}],
        "name": {"givenName": "Dir", "familyName": email.split("@")[0]},
        "active": True,
        ENTERPRISE: {"department": department},
    }


class Attacker(RuleBasedStateMachine):
    """HR plus the directory, trying every door towards the admin's login."""

    engine: Engine
    provider: str

    employees = Bundle("employees")
    links = Bundle("links")

    def __init__(self) -> None:
        super().__init__()
        with self.engine.begin() as connection:
            for table in reversed(metadata.sorted_tables):
                connection.execute(table.delete())
        self.client = TestClient(create_app())
        self.client.__enter__()
        self.held_sessions: list[str] = []
        self.subjects = 0
        with Session(self.engine, expire_on_commit=False) as db:
            self.department = make_department(db, name="Sales").id
            boss = make_employee(db, name="The Boss", email=BOSS)
            peer = make_employee(db, name="Peer HR", email=PEER)
            self.admin_id = make_actor(
                db,
                role="admin",
                email=BOSS,
                employee_id=boss.id,
                password_hash=hash_password(BOSS_PASSWORD),
            ).user.id
            make_actor(db, role="hr", email=PEER, employee_id=peer.id)
            self.hr = make_actor(db, role="hr", email=MALLORY)
            self.scim = {"Authorization": f"Bearer {scim_tokens.issue(db, 'd', None).token}"}
            db.commit()
            self.start_ids = [boss.id, peer.id]

    def teardown(self) -> None:
        self.client.__exit__(None, None, None)

    @initialize(target=employees)
    def known_people(self) -> Any:
        return multiple(*self.start_ids)  # the admin's and the peer's own records

    # --- HR's own powers --------------------------------------------------------------------

    @rule(target=employees, email=st.sampled_from(EMAILS))
    def create_employee(self, email: str) -> Any:
        answer = self.client.post(
            "/api/v1/employees",
            headers=self.hr.headers,
            json={
                "name": "Made by HR",
                "email": email,
                "department_id": self.department,
                "hire_date": str(date(2026, 11, 2)),
            },
        )
        assert answer.status_code < 500, answer.text
        return answer.json().get("id", self.start_ids[0])

    @rule(employee=employees, email=st.sampled_from(EMAILS))
    def edit_employee(self, employee: int, email: str) -> None:
        answer = self.client.patch(
            f"/api/v1/employees/{employee}", headers=self.hr.headers, json={"email": email}
        )
        assert answer.status_code < 500, answer.text

    # --- The directory ----------------------------------------------------------------------

    @rule(target=employees, email=st.sampled_from(EMAILS))
    def scim_create(self, email: str) -> Any:
        answer = self.client.post("/scim/v2/Users", headers=self.scim, json=_scim_user(email))
        assert answer.status_code < 500, answer.text
        return int(answer.json().get("id", self.start_ids[0]))

    @rule(employee=employees, email=st.sampled_from(EMAILS))
    def scim_replace(self, employee: int, email: str) -> None:
        answer = self.client.put(
            f"/scim/v2/Users/{employee}", headers=self.scim, json=_scim_user(email)
        )
        assert answer.status_code < 500, answer.text

    @rule(employee=employees, email=st.sampled_from(EMAILS))
    def scim_patch(self, employee: int, email: str) -> None:
        operation = {
            "op": "replace",
            "path": "emails",
            "value": [{"value": email, "primary": True}],
        }
        body = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}
        answer = self.client.patch(
            f"/scim/v2/Users/{employee}", headers=self.scim, json=body | {"Operations": [operation]}
        )
        assert answer.status_code < 500, answer.text

    # --- Sign-in links ----------------------------------------------------------------------

    @rule(employee=employees)
    def issue_link(self, employee: int) -> None:
        answer = self.client.post(
            "/api/v1/invitations", headers=self.hr.headers, json={"employee_ids": [employee]}
        )
        assert answer.status_code < 500, answer.text

    @rule(target=links)
    def list_links(self) -> Any:
        listed = self.client.get("/api/v1/invitations", headers=self.hr.headers)
        assert listed.status_code == 200, listed.text
        shown = [i["link"] for i in listed.json() if i["link"]]
        return shown[0] if shown else "http://testserver/login/link/" + "0" * 64

    @rule(link=links, password=st.sampled_from(["", "mallory-chose-this"]))
    def open_link(self, link: str, password: str) -> None:
        self.client.cookies.clear()
        form = {"password": password, "csrf_token": login_form_token(self.client)}
        answer = self.client.post(urlsplit(link).path, data=form, follow_redirects=False)
        self._keep_session(answer)

    # --- Single sign-on, as the attacker's own account at the provider ----------------------

    @rule(email=st.sampled_from(OWN_AT_PROVIDER))
    def sso_first_sign_in(self, email: str) -> None:
        self.subjects += 1
        sub = f"mallory-{self.subjects}"
        claims = {"email": email, "email_verified": True, "name": "Mallory", "groups": []}
        httpx.put(f"{self.provider}/users/{sub}", json=claims).raise_for_status()
        self.client.cookies.clear()
        start = self.client.get("/login/oidc", follow_redirects=False)
        assert start.status_code == 302, start.text  # Authlib sends the browser on with 302
        authorized = httpx.post(start.headers["location"], data={"sub": sub})
        back = urlsplit(authorized.headers["location"])
        answer = self.client.get(f"{back.path}?{back.query}", follow_redirects=False)
        self._keep_session(answer)

    def _keep_session(self, answer: httpx.Response) -> None:
        cookie = answer.cookies.get(sessions.COOKIE)
        if cookie:
            self.held_sessions.append(cookie)

    # --- What must hold after every step ----------------------------------------------------

    @invariant()
    def nobody_climbs(self) -> None:
        with Session(self.engine) as db:
            for cookie in self.held_sessions:
                found = sessions.resolve(session=db, token=cookie)
                if found is not None:
                    user, _ = found
                    assert rank(user.role) <= rank("hr"), f"a session of {user.email} ({user.role})"
            mine = db.exec(select(ApiToken).where(ApiToken.user_id == self.hr.user.id)).one()
            assert rank(db.get(User, mine.user_id).role) <= rank("hr")  # type: ignore[union-attr]
            boss = db.get(User, self.admin_id)
            assert boss is not None and boss.role == "admin"
            assert boss.oidc_subject is None, "the admin's login answers to another account"
            assert verify_password(BOSS_PASSWORD, boss.password_hash), "the admin's password"
            for login in db.exec(select(User).where(col(User.oidc_subject).is_not(None))):
                assert login.role == "employee", f"single sign-on reached {login.email}"


@pytest.mark.slow
def test_hr_and_the_directory_never_climb_a_role(
    engine: Engine, provider: str, sso_settings: None
) -> None:
    Attacker.engine = engine
    Attacker.provider = provider
    run_state_machine_as_test(
        Attacker,
        settings=settings(
            max_examples=15,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )


def test_a_link_for_an_admin_record_is_refused_to_hr(client, session, hr) -> None:
    boss = make_employee(session, email="chief@example.com")
    make_actor(session, role="admin", email="chief@example.com", employee_id=boss.id)
    answer = client.post(
        "/api/v1/invitations", json={"employee_ids": [boss.id]}, headers=hr.headers
    )
    assert answer.status_code == 403
    assert answer.json()["errors"][0]["field"] == "employee_ids"


def test_an_admin_email_cannot_go_to_another_record(client, session, hr) -> None:
    make_actor(session, role="admin", email="chief@example.com")
    department = make_department(session)
    body = {
        "name": "Not the chief",
        "email": "chief@example.com",
        "department_id": department.id,
        "hire_date": "2026-11-02",
    }
    answer = client.post("/api/v1/employees", json=body, headers=hr.headers)
    assert answer.status_code == 409
    assert answer.json()["errors"][0]["field"] == "email"
    scim = {"Authorization": f"Bearer {scim_tokens.issue(session, 'd', None).token}"}
    session.commit()
    over_scim = client.post("/scim/v2/Users", json=_scim_user("chief@example.com"), headers=scim)
    assert over_scim.status_code == 409


def test_an_admin_may_link_their_own_record_and_the_role_change_is_audited(
    client, session, admin
) -> None:
    person = make_actor(session, role="employee")
    answer = client.patch(
        f"/api/v1/users/{person.user.id}", json={"role": "hr"}, headers=admin.headers
    )
    assert answer.status_code == 200
    trail = client.get(
        "/api/v1/audit", params={"record_kind": "app_user"}, headers=admin.headers
    ).json()
    changed = [e for e in trail if e["action"] == "update" and e["record_id"] == person.user.id]
    assert [(e["actor"], e["changes"]) for e in changed] == [
        (f"user:{admin.user.id}", {"role": ["employee", "hr"]})
    ]


def test_a_null_name_on_a_login_is_a_422(client, admin) -> None:
    answer = client.patch(
        f"/api/v1/users/{admin.user.id}", json={"name": None}, headers=admin.headers
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "name"


def test_invitation_answers_are_not_cached(client, session, hr) -> None:
    erin = make_employee(session)
    made = client.post("/api/v1/invitations", json={"employee_ids": [erin.id]}, headers=hr.headers)
    listed = client.get("/api/v1/invitations", headers=hr.headers)
    assert (made.headers["cache-control"], listed.headers["cache-control"]) == ("no-store",) * 2
    assert re.search(r"/login/link/[0-9a-f]{64}$", made.json()[0]["link"])


def test_hr_sees_no_working_link_for_a_login_above_them(client, session, hr, admin) -> None:
    boss = make_employee(session, email="chief@example.com")
    make_actor(session, role="admin", email="chief@example.com", employee_id=boss.id)
    made = client.post(
        "/api/v1/invitations", json={"employee_ids": [boss.id]}, headers=admin.headers
    )
    assert made.status_code == 201 and made.json()[0]["link"]  # the admin may, and sees it
    listed = client.get("/api/v1/invitations", headers=hr.headers).json()
    assert [(i["employee_id"], i["status"], i["link"]) for i in listed] == [
        (boss.id, "pending", None)
    ]
