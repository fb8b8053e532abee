"""Where the templates and static files are: top-level folders in a checkout, carried inside
the `app` package by an installed wheel (pyproject's package-dir maps them there)."""

from pathlib import Path

_APP = Path(__file__).resolve().parent


def _folder(name: str) -> Path:
    installed = _APP / name
    return installed if installed.is_dir() else _APP.parent / name


TEMPLATES = _folder("templates")
STATIC = _folder("static")
