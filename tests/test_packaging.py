"""The wheel carries everything a server needs: every package, the migrations, and the
top-level templates and static files, found by the installed code without the checkout."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    left_before = (ROOT / "build").exists()
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
        + ["-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    if not left_before:  # setuptools builds in the checkout; leave it as it was
        shutil.rmtree(ROOT / "build", ignore_errors=True)
    (built,) = out.glob("rota-*.whl")
    return zipfile.ZipFile(built)


def _files(folder: str) -> set[str]:
    base = ROOT / folder
    return {p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file()}


def test_the_wheel_carries_every_package_and_migration(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    sources = {
        p.relative_to(ROOT).as_posix()
        for top in ("app", "solver", "staffing_math")
        for p in (ROOT / top).rglob("*.py")
        if "__pycache__" not in p.parts
    }
    assert sources - names == set()


def test_the_wheel_carries_templates_and_static_files_inside_the_package(
    wheel: zipfile.ZipFile,
) -> None:
    names = set(wheel.namelist())
    assert {f"app/templates/{f}" for f in _files("templates")} - names == set()
    assert {f"app/static/{f}" for f in _files("static")} - names == set()


def test_installed_code_finds_its_own_templates(wheel: zipfile.ZipFile, tmp_path: Path) -> None:
    wheel.extractall(tmp_path)
    probe = (
        "from app.assets import STATIC, TEMPLATES; "
        "print(TEMPLATES); print(STATIC); print((TEMPLATES / 'base.html').is_file())"
    )
    # -S: without site-packages, where the editable install would point at the checkout.
    shown = subprocess.run(
        [sys.executable, "-S", "-c", probe], cwd=tmp_path, capture_output=True, text=True
    )
    assert shown.stdout.split() == [
        str(tmp_path / "app" / "templates"),
        str(tmp_path / "app" / "static"),
        "True",
    ], shown.stderr
