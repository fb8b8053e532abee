"""Every page a person can reach, in Chromium, as HR and as an employee: every page answers
200, axe-core finds no accessibility violation, nothing scrolls sideways on a
390 px phone, and a screenshot of each page at both sizes is kept in test-artifacts.

The walk follows the links each page shows (same site, no downloads, no sign-out), so a page
that gains a link is walked too. It runs once, on the SQLite pass: pages are the same on
either database and the walk is the suite's slowest browser test."""

import json
import os
import re
from collections import deque
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import ARTIFACTS, sign_in

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# Sign-out, files, and e-mail bodies (shown as a mail client would, not as a page).
SKIP = re.compile(
    r"^/(logout|login)|\.(ics|csv|json|png|svg)$|/download|/export|/static/|/api/|/html$"
)
# The innermost element that reaches past the screen's right edge, to name in the failure.
WIDEST = """() => {
  const over = [...document.querySelectorAll('body *')].filter(
    e => e.getBoundingClientRect().right > window.innerWidth + 0.5 && !e.closest('.table-wrap'));
  const inner = over.filter(e => !over.some(o => o !== e && e.contains(o)));
  return inner.slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
    + ' ' + Math.round(e.getBoundingClientRect().right) + 'px').join(', ');
}"""
LIMIT = 90  # pages per person; the walk stops there and says so

pytestmark = [
    pytest.mark.sqlite_only,
    pytest.mark.skipif(
        bool(os.environ.get("ROTA_TEST_DATABASE_URL")), reason="the walk runs on the SQLite pass"
    ),
]


def _links(page: Any) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if parts.netloc == urlsplit(page.url).netloc and not SKIP.search(parts.path):
            found.append(path)
    return found


def _template(path: str) -> str:
    """Pages that differ only by ids or query values are one template: walk one of each
    (`/rules/new` and `/rules/new?preset=…` are two)."""
    route, _, query = path.partition("?")
    keys = sorted({pair.split("=")[0] for pair in query.split("&") if pair})
    return re.sub(r"\d+", "N", route) + ("?" + "&".join(keys) if keys else "")


def _walk(page: Any, start: str, who: str) -> dict[str, Any]:
    script = AXE.read_text()
    seen_templates: set[str] = set()
    queue, walked, problems = deque([start]), [], []
    while queue and len(walked) < LIMIT:
        path = queue.popleft()
        if _template(path) in seen_templates:
            continue
        seen_templates.add(_template(path))
        page.set_viewport_size(DESKTOP)
        response = page.goto(path)
        walked.append(path)
        status = response.status if response else 0
        if status != 200:  # every link a page shows leads somewhere that works
            problems.append(f"{path}: HTTP {status}")
            continue
        page.evaluate(script)  # not a script tag: the page's CSP allows none inline
        found = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => v.id + ' (' + v.nodes.length + '): ' + v.nodes[0].target.join(' '))"
        )
        problems += [f"{path}: axe {v}" for v in found]
        name = f"{who}-{re.sub(r'[^A-Za-z0-9]+', '-', _template(path)).strip('-') or 'home'}"
        page.screenshot(path=str(ARTIFACTS / f"{name}-desktop.png"), full_page=True)
        page.set_viewport_size(PHONE)
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > PHONE["width"]:
            widest = page.evaluate(WIDEST)
            problems.append(f"{path}: {wide} px wide on a 390 px phone ({widest})")
        page.screenshot(path=str(ARTIFACTS / f"{name}-phone.png"), full_page=True)
        queue.extend(p for p in _links(page) if _template(p) not in seen_templates)
    return {"walked": walked, "problems": problems, "left": len(queue)}


@pytest.mark.parametrize(("who", "email", "start", "least"), [
    ("hr", "hr@example.com", "/dashboard", 30),
    ("employee", "erin@example.com", "/me", 5),
])  # fmt: skip
def test_every_page_answers_and_is_accessible(page, server, who, email, start, least) -> None:
    assert AXE.exists(), "run scripts/setup '[test]': it installs axe-core for these checks"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    sign_in(page, email)
    result = _walk(page, start, who)
    (ARTIFACTS.parent / f"page-walk-{who}.json").write_text(json.dumps(result, indent=1))
    assert result["problems"] == [], "\n".join(result["problems"])
    assert len(result["walked"]) >= least, result["walked"]
    assert len(result["walked"]) < LIMIT, "raise LIMIT: the walk stopped before the end"
