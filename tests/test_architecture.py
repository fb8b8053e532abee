"""docs/architecture.md stays a map of the tree: every package it lists exists, every package
exists in it, and its event table names every subscription in the code."""

import importlib
import re
from pathlib import Path

import app.subscribers  # noqa: F401  (registers the answers, as every entry point does)
from app.hooks import Objections, Question

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "architecture.md").read_text()


def _layout() -> str:
    return DOC.split("## Layout", 1)[1].split("```", 2)[1]


def _listed() -> dict[str, set[str]]:
    """Top-level folders of the layout, each with the packages listed under it."""
    listed: dict[str, set[str]] = {}
    top = ""
    for line in _layout().splitlines():
        if found := re.match(r"^([a-z_]+)/", line):
            top = found.group(1)
            listed[top] = set()
        elif found := re.match(r"^  ([a-z_]+)/", line):
            listed[top].add(found.group(1))
    return listed


def _packages(top: str) -> set[str]:
    return {p.parent.name for p in (ROOT / top).glob("*/__init__.py")}


def test_every_package_is_on_the_map_and_every_listed_one_exists() -> None:
    listed = _listed()
    for top in ("app", "solver", "staffing_math"):
        assert _packages(top) == listed[top] - {"migrations"}, f"{top}/ vs docs/architecture.md"
    assert all((ROOT / name).is_dir() for name in listed)
    assert {"app", "solver", "staffing_math", "templates", "tests"} <= set(listed)


def test_the_event_table_names_every_subscription() -> None:
    table = DOC.split("## Events", 1)[1].split("## ", 1)[0]
    rows = dict(re.findall(r"^\| `(\w+)` \| [^|]+ \| ([^|]+) \|$", table, re.M))
    code: dict[str, set[str]] = {}
    for path in (ROOT / "app").rglob("*.py"):
        for event in re.findall(r"^@on\((\w+)\)", path.read_text(), re.M):
            code.setdefault(event, set()).add(path.parent.name)
    assert set(rows) == set(code), "events in docs/architecture.md vs @on(...) in app/"
    for event, packages in code.items():
        for package in packages:
            assert package in rows[event], f"{event}: {package} subscribes, the table omits it"


def test_every_question_a_lower_layer_asks_is_answered() -> None:
    """Each `@asked` question in a domain's questions.py has its answer registered once the
    entry points' registrations are imported; an unanswered one would fail on first use."""
    found = {}
    for path in (ROOT / "app").glob("*/questions.py"):
        module = importlib.import_module(f"app.{path.parent.name}.questions")
        found |= {
            f"{module.__name__}.{name}": value
            for name, value in vars(module).items()
            if isinstance(value, Question)
        }
    assert len(found) == 5
    assert [name for name, q in found.items() if not q.answered] == []


def test_every_objection_point_has_a_domain_that_objects() -> None:
    points = [
        value
        for path in (ROOT / "app").glob("*/questions.py")
        for value in vars(importlib.import_module(f"app.{path.parent.name}.questions")).values()
        if isinstance(value, Objections)
    ]
    assert [p.what for p in points] == ["app.people.questions.against_deleting_department"]
    assert all(p.registered for p in points)
