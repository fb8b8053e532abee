"""What a newcomer does first, against a running server: wait for /healthz, sign in as HR
with the demo password, open the dashboard, then fetch an employee's calendar feed.

Standard library only, so it runs beside an environment that holds Rota's runtime
dependencies and nothing else. Exits non-zero with the step that failed.

    python scripts/smoke_check.py BASE_URL DEMO_OUTPUT_FILE SERVER_PID
"""

import http.cookiejar
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

READY_WITHIN_S = 300


def fail(step: str, detail: object) -> None:
    print(f"smoke: {step} failed: {detail}", file=sys.stderr)
    sys.exit(1)


def wait_healthy(opener: urllib.request.OpenerDirector, base: str, pid: int) -> float:
    started = time.monotonic()
    while time.monotonic() - started < READY_WITHIN_S:
        if not os.path.exists(f"/proc/{pid}"):
            fail("start", "the command ended before the server answered")
        try:
            with opener.open(f"{base}/healthz", timeout=5) as answer:
                if answer.status == 200:
                    return time.monotonic() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    fail("healthz", f"no answer within {READY_WITHIN_S} s")
    return 0.0


def sign_in(opener: urllib.request.OpenerDirector, base: str, email: str, password: str) -> None:
    with opener.open(f"{base}/login", timeout=30) as answer:
        form = answer.read().decode()
    found = re.search(r'name="csrf_token" value="([^"]+)"', form)
    if not found:
        fail("sign-in form", "no csrf_token field")
    body = urllib.parse.urlencode(
        {"email": email, "password": password, "next": "/", "csrf_token": found.group(1)}
    ).encode()
    with opener.open(f"{base}/login", data=body, timeout=30) as answer:
        landed = answer.geturl()
    if not landed.endswith("/dashboard"):
        fail("sign-in", f"landed on {landed}, not the dashboard")


def main() -> None:
    base, demo_output, pid = sys.argv[1].rstrip("/"), sys.argv[2], int(sys.argv[3])
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    ready = wait_healthy(opener, base, pid)
    print(f"smoke: /healthz answered after {ready:.1f} s of waiting")

    printed = Path(demo_output).read_text(encoding="utf-8")
    password = re.search(r"password for all: (\S+?)\)", printed)
    hr = re.search(r"^\s+hr\s+(\S+)\s+token (\S+)", printed, re.M)
    employee = re.search(r"^\s+employee\s+(\S+)\s+token (\S+)", printed, re.M)
    if not (password and hr and employee):
        fail("demo output", "no logins printed")
    sign_in(opener, base, hr.group(1), password.group(1))
    with opener.open(f"{base}/dashboard", timeout=30) as answer:
        page = answer.read().decode()
    if "<h1>Dashboard</h1>" not in page or "No schedule is published yet" in page:
        fail("dashboard", "not the dashboard of a published plan")
    print("smoke: signed in as HR, dashboard shown")

    ask = urllib.request.Request(
        f"{base}/api/v1/calendars/feed",
        headers={"Authorization": f"Bearer {employee.group(2)}"},
    )
    with opener.open(ask, timeout=30) as answer:
        url = re.search(r'"url":"([^"]+)"', answer.read().decode())
    if not url:
        fail("feed link", "no url in /api/v1/calendars/feed")
    with opener.open(url.group(1), timeout=30) as answer:
        feed = answer.read().decode()
    if not feed.startswith("BEGIN:VCALENDAR") or "BEGIN:VEVENT" not in feed:
        fail("feed", f"not a calendar with turns: {feed[:80]!r}")
    print(f"smoke: {employee.group(1)}'s feed has {feed.count('BEGIN:VEVENT')} events")


if __name__ == "__main__":
    main()
