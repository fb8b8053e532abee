"""A SCIM token, and the service on a loopback port for SCIM clients that speak real HTTP."""

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.auth import scim_tokens
from app.config import get_settings
from app.main import create_app


@pytest.fixture
def scim_token(session: Session) -> str:
    issued = scim_tokens.issue(session, "test directory", actor=None)
    session.commit()
    return issued.token


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def live_base(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The app served by uvicorn in a thread, its base URL set to where it listens."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    monkeypatch.setenv("ROTA_BASE_URL", base)
    get_settings.cache_clear()
    server = uvicorn.Server(
        uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    yield base
    server.should_exit = True
    thread.join(10)
    monkeypatch.delenv("ROTA_BASE_URL")
    get_settings.cache_clear()
