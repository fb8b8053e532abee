"""A real server (`rota serve`, with its solve worker) on a seeded database, driven by Debian's
Chromium through Playwright. On the PostgreSQL pass the server uses a database of its own."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import Session

from app.auth.models import Role, UserCreate
from app.auth.service import create_user
from app.coverage.models import Channel, CoverageNeed, ShiftTemplate
from app.db import make_engine
from app.demand.demo_history import seed_history
from app.migrate import upgrade
from app.people.models import Department, Employee
from app.rules.models import RotationRule, RotationSettings
from app.schedules.planning import plan_now
from app.schedules.publishing import publish
from tests import databases
from tests.browser import identity_provider as identity_provider_module

CHROMIUM = os.environ.get("ROTA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PASSWORD = "browser-test-2026"
ARTIFACTS = Path(os.environ.get("ROTA_ARTIFACTS", "test-artifacts")) / "screenshots"
WEEKDAYS = [0, 1, 2, 3, 4]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _database(tmp: Path, name: str = "rota_browser") -> str:
    if not databases.ON_POSTGRES:
        return f"sqlite:///{tmp / 'browser.db'}"
    return databases.fresh_database(name)


def _seed(url: str) -> dict[str, Any]:
    """A small company with a published schedule in which every engineer has a turn."""
    engine = make_engine(url)
    upgrade(engine, url)
    with Session(engine, expire_on_commit=False) as session:
        support = Department(name="Support", is_support=True, max_away_fraction=0.0)
        eng = Department(name="Engineering", max_away_fraction=0.5)
        sales = Department(name="Sales", max_away_fraction=0.5)
        session.add_all([support, eng, sales])
        session.flush()
        people = []
        for dept, label, count in (
            (support, "Support", 3),
            (eng, "Engineer", 8),
            (sales, "Sales", 4),
        ):
            for i in range(count):
                people.append(
                    Employee(
                        name=f"{label} Person{i}",
                        email=f"{label.lower()}{i}@example.com",
                        department_id=dept.id,  # type: ignore[arg-type]
                        hire_date=date(2022, 1, 3),
                        timezone="America/New_York",
                    )
                )
        erin = Employee(
            name="Erin Example",
            email="erin@example.com",
            department_id=eng.id,  # type: ignore[arg-type]
            hire_date=date(2021, 6, 1),
            timezone="America/New_York",
        )
        session.add_all([*people, erin])
        phone, chat = Channel(name="phone"), Channel(name="chat")
        morning = ShiftTemplate(
            name="Morning", start_time=clock(9), end_time=clock(13), weekdays=WEEKDAYS
        )
        afternoon = ShiftTemplate(
            name="Afternoon", start_time=clock(13), end_time=clock(17), weekdays=WEEKDAYS
        )
        session.add_all([phone, chat, morning, afternoon])
        session.flush()
        session.add_all(
            [
                CoverageNeed(
                    channel_id=phone.id, shift_template_id=morning.id, min_people=2, max_people=4
                ),  # type: ignore[arg-type]
                CoverageNeed(
                    channel_id=chat.id, shift_template_id=afternoon.id, min_people=1, max_people=3
                ),  # type: ignore[arg-type]
                RotationRule(name="Fortnightly week", applies_to="everyone", cycle_weeks=2),
                RotationSettings(holiday_country=None, swaps_need_approval=True),
            ]
        )
        hr = create_user(
            session=session,
            data=UserCreate(
                email="hr@example.com", name="Hana HR", role=Role.hr, password=PASSWORD
            ),
        )
        create_user(
            session=session,
            data=UserCreate(
                email="erin@example.com",
                name="Erin Example",
                role=Role.employee,
                employee_id=erin.id,
                password=PASSWORD,
            ),
        )
        session.commit()
        today = date.today()
        start = today + timedelta(days=7 - today.weekday())
        schedule = plan_now(session=session, start=start, weeks=4, time_limit_s=20)
        publish(session=session, schedule_id=schedule.id, actor=hr)  # type: ignore[arg-type]
        session.commit()
        seed_history(session, today, per_weekday=12)  # so the demand pages have data to show
        session.commit()
    engine.dispose()
    return {"start": start}


@pytest.fixture(scope="session")
def identity_provider() -> Iterator[dict[str, Any]]:
    with identity_provider_module.running() as (issuer, tamper):
        yield {"issuer": issuer, "tamper": tamper}


@pytest.fixture
def provider(identity_provider: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The provider, honest again after each test."""
    yield identity_provider
    identity_provider["tamper"].mode = None


@pytest.fixture(scope="session")
def server(
    tmp_path_factory: pytest.TempPathFactory, identity_provider: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("browser")
    url = _database(tmp)
    seeded = _seed(url)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "ROTA_DATABASE_URL": url,
        "ROTA_AUTO_MIGRATE": "false",
        "ROTA_QUEUE_PATH": str(tmp / "queue.db"),
        "ROTA_BASE_URL": base,
        "ROTA_SOLVE_WORKERS": "1",
        "ROTA_LOG_LEVEL": "warning",
        "ROTA_OIDC_ISSUER": identity_provider["issuer"],
        "ROTA_OIDC_CLIENT_ID": identity_provider_module.CLIENT_ID,
        "ROTA_OIDC_CLIENT_SECRET": identity_provider_module.CLIENT_SECRET,
        "ROTA_OIDC_PROVIDER_NAME": "Example SSO",
        "ROTA_OIDC_HR_GROUPS": "rota-hr",
        "ROTA_OIDC_ADMIN_GROUPS": "rota-admins",
    }
    env.pop("ROTA_REDIS_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise RuntimeError("the server did not start")
        time.sleep(0.2)
    yield {"base": base, **seeded}
    os.killpg(process.pid, 15)
    process.wait(timeout=30)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import expect, sync_playwright

    # Two cores shared by the browser, the server and its solver: allow for a busy machine.
    expect.set_options(timeout=15_000)

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, server: dict[str, Any]) -> Iterator[Any]:
    context = browser.new_context(base_url=server["base"], viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server["base"])
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def shot(page: Any, name: str) -> None:
    """Keep a screenshot of a main page as a test artifact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in(page: Any, email: str) -> None:
    page.goto("/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
