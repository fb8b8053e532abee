"""The `rota` command end to end on a fresh SQLite file."""

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import date, timedelta

import httpx
import pytest
from fastapi.testclient import TestClient

from app import clock
from app.config import get_settings
from app.db import get_engine
from app.main import create_app

pytestmark = pytest.mark.slow  # the command line in subprocesses, the demo included


@pytest.fixture
def fresh_db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    return url


def run_rota(url, *args):
    env = os.environ | {"ROTA_DATABASE_URL": url, "ROTA_AUTO_MIGRATE": "true"}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_demo_then_api_lists_the_demo_company(fresh_db, monkeypatch):
    result = run_rota(fresh_db, "demo", "--weeks", "4")
    assert result.returncode == 0, result.stderr
    assert "published" in result.stdout
    colleagues = next(line for line in result.stdout.splitlines() if "Colleagues" in line)
    assert colleagues.count("@") == 4
    admin_line = next(line for line in result.stdout.splitlines() if "admin@example.com" in line)
    employee_line = next(line for line in result.stdout.splitlines() if "  employee " in line)
    employee_email = employee_line.split()[1]
    token = admin_line.split("token ")[1].strip()

    monkeypatch.setenv("ROTA_DATABASE_URL", fresh_db)
    get_settings.cache_clear()
    get_engine.cache_clear()
    try:
        with TestClient(create_app()) as client:
            headers = {"Authorization": f"Bearer {token}"}
            departments = client.get("/api/v1/departments", headers=headers).json()
            names = {d["name"] for d in departments["items"]}
            assert names == {
                "Support",
                "Engineering",
                "Product",
                "Design",
                "Marketing",
                "Sales",
                "Finance",
                "Fulfillment",
                "Executive",
            }
            people = client.get("/api/v1/employees", headers=headers, params={"limit": 1}).json()
            assert 190 <= people["total"] <= 230
            new_hires = client.get(
                "/api/v1/employees",
                headers=headers,
                params={"hired_after": str(date.today())},
            ).json()
            assert new_hires["total"] >= 10
            rules = client.get("/api/v1/rules", headers=headers).json()
            assert {r["preset"] for r in rules["items"]} == {
                "onboarding_fortnight",
                "annual_support_week",
                "executive_day",
            }
            channels = client.get("/api/v1/channels", headers=headers).json()
            assert {c["name"] for c in channels["items"]} == {"phone", "chat", "email"}
            published = client.get("/api/v1/schedules/published", headers=headers).json()
            # The past year (up to this week) carried over into the next four weeks' plan.
            this_monday = clock.monday(date.today())
            assert published["status"] == "published" and published["weeks"] == 52 + 1 + 3
            assert published["start"] == str(this_monday - timedelta(weeks=51))
            schedules = client.get("/api/v1/schedules", headers=headers).json()["items"]
            assert sorted(s["status"] for s in schedules) == ["published", "superseded"]
            worker = client.get(
                "/api/v1/employees", headers=headers, params={"q": employee_email}
            ).json()["items"][0]
            weeks = sorted(
                date.fromisoformat(t["week_start"])
                for t in client.get(
                    f"/api/v1/schedules/{published['id']}/turns",
                    headers=headers,
                    params={"limit": 500, "employee_id": worker["id"]},
                ).json()["items"]
                if date.fromisoformat(t["week_start"]) < this_monday
            )
            runs = 1 + sum(
                1 for a, b in zip(weeks, weeks[1:], strict=False) if b - a > timedelta(days=7)
            )
            growth = client.get(f"/api/v1/employees/{worker['id']}/growth", headers=headers)
            # The annual week puts everyone on the line once in the past year.
            assert weeks and growth.json()["rotations_done"] == runs
            zones = {
                e["timezone"]
                for e in client.get(
                    "/api/v1/employees", headers=headers, params={"limit": 500}
                ).json()["items"]
            }
            assert len(zones) >= 3
            learnings = client.get("/api/v1/learnings", headers=headers).json()
            assert len(learnings["items"]) == 14
            assert {item["status"] for item in learnings["items"]} == {
                "new",
                "acknowledged",
                "planned",
                "done",
            }
            users = client.get("/api/v1/users", headers=headers, params={"limit": 50}).json()
            employees_with_login = [u for u in users["items"] if u["role"] == "employee"]
            assert len(employees_with_login) == 5  # someone to take a swap
    finally:
        get_settings.cache_clear()
        get_engine.cache_clear()

    again = run_rota(fresh_db, "demo", "--weeks", "0")
    assert again.returncode == 1 and "already has employees" in again.stdout


def test_create_admin_and_import(fresh_db, tmp_path):
    created = run_rota(fresh_db, "create-admin", "--email", "boss@example.com")
    assert created.returncode == 0 and created.stdout.strip().splitlines()[-1].startswith("rota_")
    csv_file = tmp_path / "people.csv"
    csv_file.write_text("name,email,department,hire_date\nA,a@example.com,Ops,2025-01-06\n")
    imported = run_rota(fresh_db, "import", str(csv_file))
    assert imported.returncode == 0 and "1 created" in imported.stdout
    csv_file.write_text("name,email,department,hire_date\nA,a@example.com,Ops,not-a-date\n")
    failed = run_rota(fresh_db, "import", str(csv_file))
    assert failed.returncode == 1 and "line 2: hire_date" in failed.stderr


def test_out_of_date_schema_message(fresh_db):
    env_url = fresh_db
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "serve", "--port", "0"],
        capture_output=True,
        text=True,
        env=os.environ | {"ROTA_DATABASE_URL": env_url, "ROTA_AUTO_MIGRATE": "false"},
        timeout=60,
    )
    assert result.returncode == 2
    assert "Run `rota db upgrade` first" in result.stderr


def _without_key() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "ROTA_SECRET_KEY"}


def test_serve_refuses_the_default_secret_key(fresh_db, tmp_path):
    env = _without_key() | {"ROTA_DATABASE_URL": fresh_db, "ROTA_AUTO_MIGRATE": "true"}
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "serve", "--port", "1"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Set it to a long random value" in result.stderr
    assert "ROTA_SECRET_KEY_FILE" in result.stderr


def test_the_demo_makes_a_key_once_and_keeps_it(fresh_db, tmp_path):
    key_file = tmp_path / "demo.secret"
    env = _without_key() | {
        "ROTA_DATABASE_URL": fresh_db,
        "ROTA_AUTO_MIGRATE": "true",
        "ROTA_SECRET_KEY_FILE": str(key_file),
    }
    command = [sys.executable, "-m", "app.cli", "demo", "--weeks", "0", "--history-weeks", "0"]
    first = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert first.returncode == 0, first.stderr
    key = key_file.read_text().strip()
    assert len(key) >= 60 and (key_file.stat().st_mode & 0o777) == 0o600
    subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert key_file.read_text().strip() == key


def _children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as handle:
        return [int(p) for p in handle.read().split()]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False


def test_sigterm_to_serve_stops_its_worker(fresh_db, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = os.environ | {
        "ROTA_DATABASE_URL": fresh_db,
        "ROTA_AUTO_MIGRATE": "true",
        "ROTA_QUEUE_PATH": str(tmp_path / "queue.db"),
        "ROTA_LOG_LEVEL": "warning",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port)], env=env
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        workers = _children(server.pid)
        assert len(workers) == 1  # the solve worker beside the web server
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        deadline = time.monotonic() + 10
        while _alive(workers[0]) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(workers[0])
    finally:
        if server.poll() is None:
            server.kill()


def test_scim_token_prints_a_working_token_last(fresh_db, monkeypatch):
    made = run_rota(fresh_db, "scim-token", "--name", "okta")
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip().splitlines()[-1]
    assert token.startswith("rota_scim_")
    monkeypatch.setenv("ROTA_DATABASE_URL", fresh_db)
    get_settings.cache_clear()
    get_engine.cache_clear()
    try:
        with TestClient(create_app()) as client:
            listed = client.get("/scim/v2/Users", headers={"Authorization": f"Bearer {token}"})
            assert (listed.status_code, listed.json()["totalResults"]) == (200, 0)
    finally:
        get_engine().dispose()
        get_settings.cache_clear()
        get_engine.cache_clear()
