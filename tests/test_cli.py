"""The `rota` command end to end on a fresh SQLite file."""

import os
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient


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
    admin_line = next(line for line in result.stdout.splitlines() if "admin@example.com" in line)
    token = admin_line.split("token ")[1].strip()

    from app.config import get_settings
    from app.db import get_engine
    from app.main import create_app

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
                params={"hired_after": str(__import__("datetime").date.today())},
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
            assert published["status"] == "published" and published["weeks"] == 4
            assert published["turns"] > 0
            zones = {
                e["timezone"]
                for e in client.get(
                    "/api/v1/employees", headers=headers, params={"limit": 500}
                ).json()["items"]
            }
            assert len(zones) >= 3
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
