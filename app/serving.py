"""Running the service: the web server with its solve worker beside it, or a worker alone;
both stop cleanly on SIGTERM (a container stop) and SIGINT."""

import signal
import subprocess
import sys

import uvicorn

from app.config import get_settings
from app.db import get_engine
from app.migrate import ensure_schema
from app.schedules.tasks import huey, recover_now


def _stop_on_signal(signum: int, _frame: object) -> None:
    # uvicorn re-raises SIGTERM/SIGINT after its shutdown; landing here (instead of the
    # default action, which ends the process at once) lets `finally` stop the worker.
    raise SystemExit(128 + signum)


def serve(*, host: str, port: int, workers: int, with_worker: bool) -> int:
    settings = get_settings()
    settings.require_secret_key()
    ensure_schema(get_engine(), settings.database_url, auto_migrate=settings.should_auto_migrate)
    signal.signal(signal.SIGTERM, _stop_on_signal)
    signal.signal(signal.SIGINT, _stop_on_signal)
    # One command runs everything: a solve worker beside the web server unless asked not to
    # (with Redis, workers usually run on their own machines: `rota worker`).
    worker = subprocess.Popen([sys.executable, "-m", "app.cli", "worker"]) if with_worker else None
    try:
        uvicorn.run(
            "app.main:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level=settings.log_level,
            proxy_headers=True,
            forwarded_allow_ips=settings.forwarded_allow_ips,
        )
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
    return 0


def run_worker(*, threads: int) -> int:
    settings = get_settings()
    settings.require_secret_key()
    ensure_schema(get_engine(), settings.database_url, auto_migrate=settings.should_auto_migrate)
    recover_now()  # jobs a previous worker left behind
    consumer = huey.create_consumer(workers=threads, worker_type="thread", periodic=True)
    consumer.run()
    return 0
