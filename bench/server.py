"""Run the service for a benchmark: `rota serve` on a free loopback port, ready when healthy."""

import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

# The service refuses the default key: the benchmark's seeding and its server share this one.
os.environ.setdefault("ROTA_SECRET_KEY", secrets.token_urlsafe(48))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(
    url: str, port: int, workers: int, tmp: Path, warm_paths: tuple[str, ...] = ()
) -> Iterator[str]:
    """The service (web workers only; no solves run during a benchmark) at its base address,
    once every worker has answered (and polled `warm_paths`, outside what is measured)."""
    env = os.environ | {
        "ROTA_DATABASE_URL": url,
        "ROTA_QUEUE_PATH": str(tmp / "queue.db"),
        "ROTA_LOG_LEVEL": "warning",
        "ROTA_AUTO_MIGRATE": "false",
    }
    command = [sys.executable, "-m", "app.cli", "serve", "--no-worker", "--port", str(port)]
    server = subprocess.Popen([*command, "--workers", str(workers)], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        _warm(base, warm_paths)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def _warm(base: str, paths: tuple[str, ...], clients: int = 4, seconds: float = 3.0) -> None:
    """Until every worker has answered: the first answer comes from whichever worker booted
    first, and a worker still importing the app would count its boot in the first figures.
    A worker's first feeds also build the feed's statements, have the database driver prepare
    them (on their fifth use on a connection, and each worker holds several connections) and
    build its time zones, once for the process: polling feeds that are not measured keeps
    that out of the figures for feeds rendered for the first time. Each round opens a new
    connection: a kept-alive one stays with the worker that accepted it, and the other
    worker would never answer."""
    stop = time.monotonic() + seconds

    def poll() -> None:
        while time.monotonic() < stop:
            with httpx.Client(base_url=base, timeout=10) as client:
                client.get("/healthz")
                for path in paths:
                    client.get(path)

    threads = [threading.Thread(target=poll) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
